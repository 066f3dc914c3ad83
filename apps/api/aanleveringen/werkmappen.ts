import ExcelJS from 'exceljs';
import { KOLOMMEN } from '../../../domain/kolommen.js';

// The spreadsheets the API hands to creditors: the template to fill in and the
// error report of a delivery.

const KOPSTIJL: Partial<ExcelJS.Style> = {
  font: { bold: true, color: { argb: 'FFFFFFFF' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF154273' } },
};

function zetKop(blad: ExcelJS.Worksheet, koppen: string[], breedtes: number[]): void {
  blad.columns = koppen.map((kop, i) => ({ header: kop, width: breedtes[i] ?? 18 }));
  blad.getRow(1).eachCell((cel) => Object.assign(cel, { style: KOPSTIJL }));
  blad.views = [{ state: 'frozen', ySplit: 1 }];
}

const DATUMKOLOMMEN = new Set(['signaaldatum', 'ontstaansdatum', 'geboortedatum']);
const JA_NEE = new Set(['crisissignaal', 'warmeOverdracht', 'eindeLevering']);
const SJABLOONRIJEN = 10_000;

/**
 * exceljs can validate a whole range at once (one rule in the file instead of
 * one per cell), but its typings do not declare it.
 */
function bereikvalidaties(blad: ExcelJS.Worksheet): {
  add(bereik: string, validatie: ExcelJS.DataValidation): void;
} {
  return (
    blad as unknown as {
      dataValidations: { add(bereik: string, validatie: ExcelJS.DataValidation): void };
    }
  ).dataValidations;
}

/** One sheet to fill in, with Excel's own checks where they help, and one that explains every column. */
export async function sjabloon(): Promise<Buffer> {
  const werkmap = new ExcelJS.Workbook();
  werkmap.creator = 'Vroegsignaal';
  const signalen = werkmap.addWorksheet('Signalen');
  zetKop(
    signalen,
    KOLOMMEN.map((k) => k.kop),
    KOLOMMEN.map((k) => Math.max(14, k.kop.length + 4)),
  );
  KOLOMMEN.forEach((kolom, i) => {
    const letter = signalen.getColumn(i + 1).letter;
    const bereik = `${letter}2:${letter}${SJABLOONRIJEN + 1}`;
    const validatie: ExcelJS.DataValidation | undefined = DATUMKOLOMMEN.has(kolom.veld)
      ? {
          type: 'date',
          operator: 'between',
          formulae: [new Date('1900-01-01'), new Date('2100-12-31')],
          showErrorMessage: true,
          errorTitle: 'Geen datum',
          error: 'Vul een datum in, bijvoorbeeld 02-11-2026.',
        }
      : JA_NEE.has(kolom.veld)
        ? {
            type: 'list',
            formulae: ['"Ja,Nee"'],
            allowBlank: true,
            showErrorMessage: true,
            errorTitle: 'Ja of Nee',
            error: 'Kies Ja of Nee.',
          }
        : kolom.veld === 'bedrag'
          ? {
              type: 'decimal',
              operator: 'between',
              formulae: [0.01, 1_000_000],
              showErrorMessage: true,
              errorTitle: 'Geen bedrag',
              error: 'Vul het bedrag in euro in, groter dan 0.',
            }
          : kolom.veld === 'geslacht'
            ? {
                type: 'list',
                formulae: ['"M,V,O"'],
                allowBlank: true,
                showErrorMessage: true,
                errorTitle: 'Geslacht',
                error: 'Kies M, V of O.',
              }
            : kolom.veld === 'postcode'
              ? {
                  type: 'textLength',
                  operator: 'between',
                  formulae: [6, 7],
                  showErrorMessage: true,
                  errorTitle: 'Postcode',
                  error: 'Vier cijfers en twee letters, bijvoorbeeld 1234 AB.',
                }
              : undefined;
    if (validatie) bereikvalidaties(signalen).add(bereik, validatie);
    if (DATUMKOLOMMEN.has(kolom.veld)) signalen.getColumn(i + 1).numFmt = 'dd-mm-yyyy';
    if (kolom.veld === 'bedrag') signalen.getColumn(i + 1).numFmt = '#,##0.00';
    // Text, so Excel keeps leading zeros of a BSN and does not turn "12-2" into a date.
    if (['bsn', 'huisnummer', 'toevoeging', 'telefoonnummer', 'postcode'].includes(kolom.veld))
      signalen.getColumn(i + 1).numFmt = '@';
  });

  const uitleg = werkmap.addWorksheet('Uitleg');
  zetKop(uitleg, ['Kolom', 'Verplicht', 'Uitleg', 'Ook herkend als'], [22, 10, 70, 50]);
  for (const kolom of KOLOMMEN)
    uitleg.addRow([
      kolom.kop,
      kolom.verplicht ? 'Ja' : 'Nee',
      kolom.uitleg,
      kolom.synoniemen.join(', '),
    ]);
  uitleg.addRow([]);
  uitleg.addRow([
    'Tip',
    '',
    'Lever het bestand aan als .xlsx of als .csv (puntkomma of komma gescheiden). Elke rij is één signaal; een rij met fouten houdt de andere rijen niet tegen.',
  ]);
  return Buffer.from(await werkmap.xlsx.writeBuffer());
}

export interface Foutrij {
  regel: number | null;
  origineel: Record<string, string | null>;
  fouten: { veld: string; melding: string }[];
}

/** The rejected rows with their original values and what is wrong, ready to fix and upload again. */
export async function foutenrapport(koppen: string[], rijen: Foutrij[]): Promise<Buffer> {
  const werkmap = new ExcelJS.Workbook();
  werkmap.creator = 'Vroegsignaal';
  const blad = werkmap.addWorksheet('Afgewezen rijen');
  zetKop(
    blad,
    ['Regel', ...koppen, 'Fouten'],
    [8, ...koppen.map((k) => Math.max(14, k.length + 4)), 80],
  );
  for (const rij of rijen) {
    // Values go in as text, never as formulas, whatever they start with.
    const toegevoegd = blad.addRow([
      rij.regel,
      ...koppen.map((k) => rij.origineel[k] ?? null),
      rij.fouten.map((f) => f.melding).join(' '),
    ]);
    toegevoegd.getCell(koppen.length + 2).alignment = { wrapText: true, vertical: 'top' };
  }
  return Buffer.from(await werkmap.xlsx.writeBuffer());
}
