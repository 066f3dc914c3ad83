import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { MATCHTYPES_NL, STATUSSEN_NL } from './werkvoorraadfilter.js';
import { meldingInLijst } from './melding.weergave.js';
import type { MeldingInLijst } from './meldingen.service.js';

// The werkvoorraad as an Excel download: every melding that matches the
// filter, streamed row by row so a gemeente's whole caseload does not sit in
// memory, and with nothing a spreadsheet would run as a formula.

const KOPSTIJL: Partial<ExcelJS.Style> = {
  font: { bold: true, color: { argb: 'FFFFFFFF' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF154273' } },
};

const KOLOMMEN: { header: string; key: string; width: number; style?: Partial<ExcelJS.Style> }[] = [
  { header: 'Naam', key: 'naam', width: 28 },
  { header: 'Adres', key: 'adres', width: 32 },
  { header: 'Postcode', key: 'postcode', width: 10 },
  { header: 'Woonplaats', key: 'woonplaats', width: 18 },
  { header: 'Wijk', key: 'wijk', width: 22 },
  { header: 'Kern', key: 'kern', width: 18 },
  { header: 'Status', key: 'status', width: 16 },
  { header: 'Match', key: 'matchtype', width: 14 },
  { header: 'Signalen', key: 'signalen', width: 10 },
  {
    header: 'Totaalbedrag',
    key: 'bedrag',
    width: 14,
    style: { numFmt: '"€" #,##0.00' },
  },
  { header: 'Geopend op', key: 'geopendOp', width: 12, style: { numFmt: 'dd-mm-yyyy' } },
  { header: 'Behandelaar', key: 'behandelaar', width: 22 },
  { header: 'Crisis', key: 'crisis', width: 8 },
  { header: 'Te laat', key: 'teLaat', width: 8 },
];

/**
 * Text a spreadsheet would read as a formula (or as the start of one, after a
 * tab or carriage return) gets a leading apostrophe, so it shows as typed.
 */
export function alsTekst(waarde: string): string {
  return /^[=+\-@\t\r]/.test(waarde) ? `'${waarde}` : waarde;
}

/** The date in Amsterdam as a date-only cell value: Excel has no time zones. */
function datumcel(iso: string): Date {
  const dag = new Date(iso).toLocaleDateString('en-CA', { timeZone: 'Europe/Amsterdam' });
  return new Date(`${dag}T00:00:00Z`);
}

function rij(melding: MeldingInLijst) {
  const m = meldingInLijst(melding);
  const a = m.huishouden.adres;
  const p = melding.signalen.find((s) => s.persoonsgegevens)?.persoonsgegevens;
  const nummer = a
    ? `${a.huisnummer}${a.huisletter ?? ''}${a.toevoeging ? `-${a.toevoeging}` : ''}`
    : '';
  const tekst = (w: string | null | undefined) => alsTekst(w ?? '');
  return {
    naam: tekst(p ? [p.voorletters, p.tussenvoegsel, p.achternaam].filter(Boolean).join(' ') : ''),
    adres: tekst(a ? [a.straat, nummer].filter(Boolean).join(' ') : ''),
    postcode: tekst(a?.postcode),
    woonplaats: tekst(a?.woonplaats),
    wijk: tekst(m.wijk?.naam),
    kern: tekst(m.kern),
    status: STATUSSEN_NL[m.status],
    matchtype: MATCHTYPES_NL[m.matchtype],
    signalen: m.aantalSignalen,
    bedrag: m.totaalBedragInCenten / 100,
    geopendOp: datumcel(m.geopendOp),
    behandelaar: tekst(m.behandelaar?.naam),
    crisis: m.crisis ? 'Ja' : 'Nee',
    teLaat: m.teLaat ? 'Ja' : 'Nee',
  };
}

/**
 * Streams the workbook: `batches` yields the meldingen a batch at a time, and
 * each row is committed (written out) as soon as it is added.
 */
export function werkvoorraadExcel(batches: AsyncIterable<MeldingInLijst[]>): PassThrough {
  const uit = new PassThrough();
  const werkmap = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: uit,
    useStyles: true,
    useSharedStrings: false,
  });
  werkmap.creator = 'Vroegsignaal';
  const blad = werkmap.addWorksheet('Werkvoorraad', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  blad.columns = KOLOMMEN;
  const kop = blad.getRow(1);
  kop.eachCell((cel) => Object.assign(cel, { style: KOPSTIJL }));
  kop.commit();
  void (async () => {
    for await (const batch of batches) {
      for (const m of batch) blad.addRow(rij(m)).commit();
      // A slow download holds the next batch back instead of buffering it all.
      if (uit.writableNeedDrain) await once(uit, 'drain');
    }
    blad.commit();
    await werkmap.commit();
  })().catch((fout: unknown) =>
    uit.destroy(fout instanceof Error ? fout : new Error(String(fout))),
  );
  return uit;
}
