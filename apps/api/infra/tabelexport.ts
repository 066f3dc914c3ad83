import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { veiligeCeltekst } from '../../../domain/celtekst.js';

// The one way the API writes a table for a spreadsheet, as .xlsx or .csv:
// rows arrive a batch at a time and leave at once, written with backpressure
// from the HTTP response, so an export of a whole gemeente never sits in
// memory; every text cell goes through veiligeCeltekst, so nothing in it runs
// as a formula.

/**
 * What a column holds, which decides how each format writes it:
 * - `tekst`: text, neutralised against formulas; an .xlsx column formatted as text;
 * - `getal`: a number;
 * - `bedrag`: euro cents, written as euros (an .xlsx number with a € format, in
 *   a .csv with a decimal comma as Dutch Excel reads it);
 * - `datum`: a calendar date (a PostgreSQL date, midnight UTC);
 * - `tijdstip`: a moment, shown as the wall-clock time in Amsterdam;
 * - `janee`: Ja or Nee.
 */
export type Kolomsoort = 'tekst' | 'getal' | 'bedrag' | 'datum' | 'tijdstip' | 'janee';

export type Celwaarde = string | number | boolean | Date | null | undefined;

export interface Kolom<R> {
  kop: string;
  soort: Kolomsoort;
  /** Width in characters in the .xlsx. */
  breedte: number;
  waarde: (rij: R) => Celwaarde;
}

export interface Tabel<R> {
  /** The sheet's name in the .xlsx (at most 31 characters). */
  naam: string;
  kolommen: Kolom<R>[];
  /** The rows in batches; called once, when the table's turn comes. */
  rijen: () => AsyncIterable<R[]>;
}

export interface Tabelexport {
  stroom: PassThrough;
  /** The rows written per table, once the last byte is out; rejects when the export broke off. */
  klaar: Promise<number[]>;
}

const KOPSTIJL: Partial<ExcelJS.Style> = {
  font: { bold: true, color: { argb: 'FFFFFFFF' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF154273' } },
};

const XLSX_STIJL: Record<Kolomsoort, Partial<ExcelJS.Style> | undefined> = {
  // "@" is Excel's Text format: what is typed into the cell later stays text too.
  tekst: { numFmt: '@' },
  getal: undefined,
  bedrag: { numFmt: '"€" #,##0.00' },
  datum: { numFmt: 'dd-mm-yyyy' },
  tijdstip: { numFmt: 'dd-mm-yyyy hh:mm' },
  janee: undefined,
};

const UUR = 3_600_000;
const zomertijden = new Map<number, [begin: number, eind: number]>();

/** 01:00 UTC on the last Sunday of the month (0-based), when EU clocks change. */
function laatsteZondag(jaar: number, maand: number): number {
  const laatste = new Date(Date.UTC(jaar, maand + 1, 0));
  return Date.UTC(jaar, maand, laatste.getUTCDate() - laatste.getUTCDay(), 1);
}

/**
 * The Amsterdam wall-clock time of a moment, as milliseconds read as UTC.
 * Computed from the EU summer-time rule (in force since 1996) instead of
 * Intl, which costs tens of microseconds a call: an export formats several
 * moments on each of 100,000 rows.
 */
export function amsterdamseKlok(moment: Date): number {
  const ms = moment.getTime();
  const jaar = moment.getUTCFullYear();
  let zomer = zomertijden.get(jaar);
  if (!zomer) {
    zomer = [laatsteZondag(jaar, 2), laatsteZondag(jaar, 9)];
    zomertijden.set(jaar, zomer);
  }
  return ms + (ms >= zomer[0] && ms < zomer[1] ? 2 : 1) * UUR;
}

/** The wall-clock time in Amsterdam as "JJJJ-MM-DD UU:MM:SS". */
export function amsterdamseTijd(moment: Date): string {
  return new Date(amsterdamseKlok(moment)).toISOString().slice(0, 19).replace('T', ' ');
}

function xlsxWaarde(soort: Kolomsoort, waarde: Celwaarde): ExcelJS.CellValue {
  if (waarde === null || waarde === undefined) return null;
  switch (soort) {
    case 'tekst':
      return veiligeCeltekst(String(waarde));
    case 'getal':
      return Number(waarde);
    case 'bedrag':
      return Number(waarde) / 100;
    case 'datum':
      return waarde instanceof Date ? waarde : new Date(`${String(waarde)}T00:00:00Z`);
    case 'tijdstip':
      // Excel has no time zones: the cell holds the Amsterdam wall-clock time.
      return new Date(amsterdamseKlok(new Date(waarde as Date)));
    case 'janee':
      return waarde ? 'Ja' : 'Nee';
  }
}

function csvTekst(soort: Kolomsoort, waarde: Celwaarde): string {
  if (waarde === null || waarde === undefined) return '';
  switch (soort) {
    case 'tekst':
      return veiligeCeltekst(String(waarde));
    case 'getal':
      return String(waarde);
    case 'bedrag': {
      const centen = Number(waarde);
      const teken = centen < 0 ? '-' : '';
      const abs = Math.abs(centen);
      return `${teken}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
    }
    case 'datum':
      return waarde instanceof Date ? waarde.toISOString().slice(0, 10) : String(waarde);
    case 'tijdstip':
      return amsterdamseTijd(new Date(waarde as Date));
    case 'janee':
      return waarde ? 'Ja' : 'Nee';
  }
}

/** A field of a `;`-separated line (RFC 4180 quoting). */
function csvVeld(tekst: string): string {
  return /[";\r\n]/.test(tekst) ? `"${tekst.replaceAll('"', '""')}"` : tekst;
}

/**
 * Waits until `doel` has taken what was written so far. A download the
 * client broke off (`uit` closes) rejects, so the reading stops instead of
 * waiting forever.
 */
async function ruimte(doel: Writable, uit: Writable = doel): Promise<void> {
  if (uit.destroyed) throw new Error('Download afgebroken');
  if (!doel.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const klaar = () => {
      uit.off('close', dicht);
      resolve();
    };
    const dicht = () => {
      doel.off('drain', klaar);
      reject(new Error('Download afgebroken'));
    };
    doel.once('drain', klaar);
    uit.once('close', dicht);
  });
}

/**
 * exceljs writes a sheet into the zip's deflate stream without heeding that
 * stream's backpressure (its StreamBuf ignores what write() returns), so rows
 * produced faster than they are compressed or downloaded would pile up in
 * memory there. This waits for that stream too, and until the zip has
 * picked the sheet up at all.
 */
async function zipRuimte(blad: ExcelJS.Worksheet, uit: Writable): Promise<void> {
  const stroom = (blad as unknown as { stream?: { pipes?: Writable[] } }).stream;
  if (!stroom?.pipes) return;
  while (!stroom.pipes.length) {
    if (uit.destroyed) throw new Error('Download afgebroken');
    await new Promise((r) => setTimeout(r, 5));
  }
  await ruimte(stroom.pipes[0]!, uit);
}

function metAfloop(uit: PassThrough, werk: Promise<number[]>): Tabelexport {
  const klaar = werk.catch((fout: unknown) => {
    const reden = fout instanceof Error ? fout : new Error(String(fout));
    uit.destroy(reden);
    throw reden;
  });
  // The caller may not wait for it; a broken export is reported through the stream.
  klaar.catch(() => undefined);
  return { stroom: uit, klaar };
}

/** The tables as sheets of one workbook, each with a frozen header row. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each table has its own row type
export function xlsxExport(tabellen: Tabel<any>[]): Tabelexport {
  const uit = new PassThrough();
  const werkmap = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: uit,
    useStyles: true,
    // Shared strings would keep every distinct text in memory until the end.
    useSharedStrings: false,
  });
  werkmap.creator = 'Vroegsignaal';
  const werk = (async () => {
    const aantallen: number[] = [];
    // One sheet after the other: the zip takes its entries in order, so a
    // sheet opened early would buffer until the ones before it are done.
    for (const tabel of tabellen) {
      const blad = werkmap.addWorksheet(tabel.naam, { views: [{ state: 'frozen', ySplit: 1 }] });
      blad.columns = tabel.kolommen.map((k, i) => ({
        header: k.kop,
        key: String(i),
        width: k.breedte,
        ...(XLSX_STIJL[k.soort] ? { style: XLSX_STIJL[k.soort] } : {}),
      }));
      const kop = blad.getRow(1);
      kop.eachCell((cel) => Object.assign(cel, { style: KOPSTIJL }));
      kop.commit();
      let aantal = 0;
      for await (const batch of tabel.rijen()) {
        for (const rij of batch)
          blad.addRow(tabel.kolommen.map((k) => xlsxWaarde(k.soort, k.waarde(rij)))).commit();
        aantal += batch.length;
        await zipRuimte(blad, uit);
        await ruimte(uit);
      }
      blad.commit();
      aantallen.push(aantal);
    }
    await werkmap.commit();
    return aantallen;
  })();
  return metAfloop(uit, werk);
}

/**
 * One table as CSV the way Dutch Excel opens it by double-click: UTF-8 with
 * a byte order mark, `;` between fields, CRLF line ends.
 */
export function csvExport<R>(tabel: Tabel<R>): Tabelexport {
  const uit = new PassThrough();
  const regel = (velden: string[]) => `${velden.map(csvVeld).join(';')}\r\n`;
  const werk = (async () => {
    uit.write(`\uFEFF${regel(tabel.kolommen.map((k) => veiligeCeltekst(k.kop)))}`);
    let aantal = 0;
    for await (const batch of tabel.rijen()) {
      uit.write(
        batch
          .map((rij) => regel(tabel.kolommen.map((k) => csvTekst(k.soort, k.waarde(rij)))))
          .join(''),
      );
      aantal += batch.length;
      await ruimte(uit);
    }
    uit.end();
    return [aantal];
  })();
  return metAfloop(uit, werk);
}
