import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { type Celwaarde, KOLOMMEN } from './kolommen.js';
import { leesWerkblad, ZipFout, zipInhoud } from './xlsx-lezer.js';

// Reading the files creditors upload: .xlsx (the sheet streamed from the zip) and .csv
// (`;` or `,`, UTF-8 with or without BOM, or Windows-1252 as Excel writes it).
// Computation on bytes only; storing and routing happen elsewhere.

export type Bestandssoort = 'xlsx' | 'csv';

/** A problem with the file as a whole: it is refused before anything is stored. */
export class BestandFout extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly titel: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** Unpacked, a real 100,000-row sheet is well under this; a zip bomb is far over it. */
export const MAXIMAAL_UITGEPAKT = 512 * 1024 * 1024;
export const MAXIMAAL_KOLOMMEN = 200;
/** Excel's own limit per cell: anything longer was not made in Excel. */
export const MAXIMAAL_TEKENS_PER_CEL = 32_767;

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// Compound File Binary: the container of old .xls files and of password-protected .xlsx files.
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Decides how to read a file, refusing what we cannot or will not read, with a message a creditor understands. */
export function bepaalSoort(bestandsnaam: string, inhoud: Buffer): Bestandssoort {
  const extensie = /\.([a-z0-9]+)$/i.exec(bestandsnaam)?.[1]?.toLowerCase() ?? '';
  if (inhoud.length === 0)
    throw new BestandFout(400, 'Het bestand is leeg.', `${bestandsnaam} bevat geen gegevens.`);
  if (extensie === 'xlsm' || extensie === 'xltm') {
    throw new BestandFout(
      415,
      'Bestanden met macro’s worden niet geaccepteerd.',
      'Sla het bestand op als gewone Excel-werkmap (.xlsx) en lever het opnieuw aan.',
    );
  }
  if (inhoud.subarray(0, CFB.length).equals(CFB)) {
    throw new BestandFout(
      415,
      'Dit bestand kan niet worden gelezen.',
      'Het is beveiligd met een wachtwoord of het is een oud Excel-bestand (.xls). Sla het op als .xlsx zonder wachtwoord en lever het opnieuw aan.',
    );
  }
  if (extensie === 'xlsx') {
    if (!inhoud.subarray(0, ZIP.length).equals(ZIP))
      throw new BestandFout(
        415,
        'Dit is geen geldig Excel-bestand.',
        `${bestandsnaam} heeft de extensie .xlsx, maar is geen Excel-werkmap.`,
      );
    controleerZip(inhoud);
    return 'xlsx';
  }
  if (extensie === 'csv' || extensie === 'txt') {
    // Excel's "Unicode-tekst" and some exports write UTF-16, which has a BOM.
    if (
      inhoud.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) ||
      inhoud.subarray(0, 2).equals(Buffer.from([0xfe, 0xff]))
    )
      throw new BestandFout(
        415,
        'Deze tekenset wordt niet ondersteund.',
        `${bestandsnaam} is opgeslagen als Unicode-tekst (UTF-16). Sla het in Excel op als "CSV UTF-8" of "CSV (puntkomma gescheiden)" en lever het opnieuw aan.`,
      );
    if (inhoud.subarray(0, 8192).includes(0))
      throw new BestandFout(
        415,
        'Dit is geen CSV-bestand.',
        `${bestandsnaam} bevat binaire gegevens in plaats van tekst.`,
      );
    return 'csv';
  }
  throw new BestandFout(
    415,
    'Dit bestandstype wordt niet geaccepteerd.',
    'Lever een Excel-werkmap (.xlsx) of een CSV-bestand (.csv) aan. Gebruik eventueel het sjabloon.',
  );
}

/**
 * Reads the zip's central directory before unpacking anything: refuses a zip
 * bomb by its declared unpacked size, and a workbook carrying macros.
 */
function controleerZip(inhoud: Buffer): void {
  let items;
  try {
    items = zipInhoud(inhoud);
  } catch (fout) {
    if (!(fout instanceof ZipFout)) throw fout;
    throw new BestandFout(
      415,
      'Dit is geen geldig Excel-bestand.',
      'Het bestand is beschadigd of onvolledig. Sla het opnieuw op als .xlsx.',
    );
  }
  let uitgepakt = 0;
  for (const item of items.values()) {
    if (/vbaProject\.bin$/i.test(item.naam))
      throw new BestandFout(
        415,
        'Bestanden met macro’s worden niet geaccepteerd.',
        'Sla het bestand op als gewone Excel-werkmap (.xlsx) zonder macro’s en lever het opnieuw aan.',
      );
    uitgepakt += item.uitgepakt;
  }
  if (uitgepakt > MAXIMAAL_UITGEPAKT) {
    throw new BestandFout(
      413,
      'Het bestand is uitgepakt te groot.',
      `Uitgepakt zou het ${Math.round(uitgepakt / 1024 / 1024)} MB zijn; de grens is ${MAXIMAAL_UITGEPAKT / 1024 / 1024} MB. Splits het bestand.`,
    );
  }
}

export interface Bestandsrij {
  /** The line or row number in the creditor's own file, for messages. */
  bronregel: number;
  cellen: Celwaarde[];
}

/** Yields the header row first, then every non-empty data row, streaming. */
export async function* leesRijen(
  inhoud: Buffer,
  soort: Bestandssoort,
): AsyncGenerator<Bestandsrij> {
  const rijen = soort === 'xlsx' ? leesXlsx(inhoud) : leesCsv(inhoud);
  for await (const rij of rijen) {
    if (rij.cellen.length > MAXIMAAL_KOLOMMEN) {
      throw new BestandFout(
        400,
        'Het bestand heeft te veel kolommen.',
        `Regel ${rij.bronregel} heeft ${rij.cellen.length} kolommen; het sjabloon heeft er ${KOLOMMEN.length}. Gebruik het sjabloon.`,
      );
    }
    const groot = rij.cellen.findIndex(
      (c) => typeof c === 'string' && c.length > MAXIMAAL_TEKENS_PER_CEL,
    );
    if (groot >= 0) {
      throw new BestandFout(
        400,
        'Een cel in het bestand is te groot.',
        `Regel ${rij.bronregel}, kolom ${groot + 1} bevat ${(rij.cellen[groot] as string).length.toLocaleString('nl-NL')} tekens; een cel mag er hoogstens ${MAXIMAAL_TEKENS_PER_CEL.toLocaleString('nl-NL')} bevatten.`,
      );
    }
    if (rij.cellen.every((c) => c === null || c === '')) continue;
    yield rij;
  }
}

async function* leesXlsx(inhoud: Buffer): AsyncGenerator<Bestandsrij> {
  try {
    for await (const rij of leesWerkblad(inhoud))
      // An empty text cell is an empty cell, as in a CSV; gaps in the row are too.
      yield {
        bronregel: rij.nummer,
        cellen: Array.from(rij.cellen, (c) => (c === '' || c === undefined ? null : c)),
      };
  } catch (fout) {
    if (fout instanceof BestandFout) throw fout;
    throw new BestandFout(
      415,
      'Dit Excel-bestand kan niet worden gelezen.',
      'Het bestand is beschadigd. Sla het opnieuw op als .xlsx en lever het opnieuw aan.',
    );
  }
}

/** Excel's "CSV" is Windows-1252 unless saved as "CSV UTF-8", which adds a BOM. */
function decodeer(inhoud: Buffer): string {
  if (inhoud.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])))
    return inhoud.toString('utf8', 3);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(inhoud);
  } catch {
    return iconv.decode(inhoud, 'win1252');
  }
}

async function* leesCsv(inhoud: Buffer): AsyncGenerator<Bestandsrij> {
  const tekst = decodeer(inhoud);
  const eersteRegel = tekst.slice(0, tekst.search(/\r?\n|$/));
  const scheiding =
    (eersteRegel.match(/,/g)?.length ?? 0) > (eersteRegel.match(/;/g)?.length ?? 0) ? ',' : ';';
  const lezer = Readable.from([tekst]).pipe(
    parse({ delimiter: scheiding, relax_column_count: true, relax_quotes: true, info: true }),
  );
  try {
    for await (const { record, info } of lezer as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      yield {
        bronregel: info.lines,
        // PostgreSQL cannot store NUL in text: the API only looks for binary
        // content at the start, so a NUL further down becomes U+FFFD here and
        // validation refuses that one row (domain/signaal.ts).
        cellen: record.map((c) => (c.trim() === '' ? null : c.replaceAll('\u0000', '\uFFFD'))),
      };
    }
  } catch (fout) {
    throw new BestandFout(
      400,
      'Het CSV-bestand kan niet worden gelezen.',
      fout instanceof Error ? `Fout in het bestand: ${fout.message}` : 'Fout in het bestand.',
    );
  }
}
