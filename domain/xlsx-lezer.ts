import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { SaxesParser } from 'saxes';

// Reads the first worksheet of an .xlsx straight from the zip in memory,
// streaming the sheet itself: the shared strings and styles are read whole,
// rows one at a time. exceljs's streaming reader was used before; through
// unzipper it missed the zip's last entry in about one read in five on a busy
// machine, which refused valid files at random.

/** One entry of the zip's central directory. */
export interface Zipitem {
  naam: string;
  methode: number;
  gecomprimeerd: number;
  uitgepakt: number;
  lokaleKop: number;
}

export class ZipFout extends Error {}

/** The zip's table of contents, read from its central directory; throws ZipFout when it is damaged. */
export function zipInhoud(zip: Buffer): Map<string, Zipitem> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < Math.max(0, zip.length - 65_557) || eocd + 22 > zip.length)
    throw new ZipFout('geen centrale map');
  const items = new Map<string, Zipitem>();
  let positie = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
    if (positie + 46 > zip.length || zip.readUInt32LE(positie) !== 0x02014b50)
      throw new ZipFout('centrale map beschadigd');
    const naamLengte = zip.readUInt16LE(positie + 28);
    const naam = zip.toString('utf8', positie + 46, positie + 46 + naamLengte);
    items.set(naam, {
      naam,
      methode: zip.readUInt16LE(positie + 10),
      gecomprimeerd: zip.readUInt32LE(positie + 20),
      uitgepakt: zip.readUInt32LE(positie + 24),
      lokaleKop: zip.readUInt32LE(positie + 42),
    });
    positie += 46 + naamLengte + zip.readUInt16LE(positie + 30) + zip.readUInt16LE(positie + 32);
  }
  return items;
}

function ruweGegevens(zip: Buffer, item: Zipitem): Buffer {
  const kop = item.lokaleKop;
  if (kop + 30 > zip.length || zip.readUInt32LE(kop) !== 0x04034b50)
    throw new ZipFout(`${item.naam}: lokale kop beschadigd`);
  const begin = kop + 30 + zip.readUInt16LE(kop + 26) + zip.readUInt16LE(kop + 28);
  if (begin + item.gecomprimeerd > zip.length) throw new ZipFout(`${item.naam}: afgebroken`);
  return zip.subarray(begin, begin + item.gecomprimeerd);
}

function pakUit(zip: Buffer, item: Zipitem): Buffer {
  const ruw = ruweGegevens(zip, item);
  if (item.methode === 0) return ruw;
  if (item.methode !== 8) throw new ZipFout(`${item.naam}: onbekende compressie`);
  // The declared size bounds the output, so a lying header cannot inflate further.
  return inflateRawSync(ruw, { maxOutputLength: Math.max(item.uitgepakt, 1) });
}

function pakUitAlsStroom(zip: Buffer, item: Zipitem): Readable {
  const ruw = Readable.from([ruweGegevens(zip, item)]);
  if (item.methode === 0) return ruw;
  if (item.methode !== 8) throw new ZipFout(`${item.naam}: onbekende compressie`);
  let totaal = 0;
  const inflate = createInflateRaw();
  inflate.on('data', (deel: Buffer) => {
    totaal += deel.length;
    if (totaal > item.uitgepakt) inflate.destroy(new ZipFout(`${item.naam}: groter dan opgegeven`));
  });
  return ruw.pipe(inflate);
}

/** Runs a SAX parser over a whole part and returns what `verwerk` collected. */
function leesDeel(xml: string, verwerk: (parser: SaxesParser) => void): void {
  const parser = new SaxesParser();
  verwerk(parser);
  parser.write(xml).close();
}

/** The element's name without a namespace prefix (some producers write x:row). */
function lokaal(naam: string): string {
  return naam.slice(naam.indexOf(':') + 1);
}

/** OOXML escapes characters XML cannot carry as _xHHHH_. */
function ontsnap(tekst: string): string {
  return tekst.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

function gedeeldeTeksten(xml: string): string[] {
  const teksten: string[] = [];
  let huidig: string | null = null;
  let inTekst = false;
  let inFonetisch = false;
  leesDeel(xml, (p) => {
    p.on('opentag', (tag) => {
      if (lokaal(tag.name) === 'si') huidig = '';
      else if (lokaal(tag.name) === 'rPh') inFonetisch = true;
      else if (lokaal(tag.name) === 't' && !inFonetisch) inTekst = true;
    });
    p.on('text', (t) => {
      if (inTekst && huidig !== null) huidig += t;
    });
    p.on('closetag', (tag) => {
      if (lokaal(tag.name) === 't') inTekst = false;
      else if (lokaal(tag.name) === 'rPh') inFonetisch = false;
      else if (lokaal(tag.name) === 'si') {
        teksten.push(ontsnap(huidig ?? ''));
        huidig = null;
      }
    });
  });
  return teksten;
}

const DATUMFORMATEN = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** Per cell style index: whether its number format shows a date. */
function datumstijlen(xml: string): boolean[] {
  const eigen = new Map<number, string>();
  const stijlen: boolean[] = [];
  let inCelstijlen = false;
  leesDeel(xml, (p) => {
    p.on('opentag', (tag) => {
      const attr = tag.attributes;
      if (lokaal(tag.name) === 'numFmt')
        eigen.set(Number(attr.numFmtId), String(attr.formatCode ?? ''));
      else if (lokaal(tag.name) === 'cellXfs') inCelstijlen = true;
      else if (lokaal(tag.name) === 'xf' && inCelstijlen) {
        const id = Number(attr.numFmtId ?? 0);
        const code = eigen.get(id);
        // Quoted text and [colour]/[$-413] parts say nothing about dates.
        const kern = code?.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
        stijlen.push(code === undefined ? DATUMFORMATEN.has(id) : /[dmyhs]/i.test(kern ?? ''));
      }
    });
    p.on('closetag', (tag) => {
      if (lokaal(tag.name) === 'cellXfs') inCelstijlen = false;
    });
  });
  return stijlen;
}

/** The path of the workbook's first sheet, and whether dates count from 1904. */
function eersteBlad(zip: Buffer, items: Map<string, Zipitem>): { pad: string; is1904: boolean } {
  const werkmap = items.get('xl/workbook.xml');
  const relaties = items.get('xl/_rels/workbook.xml.rels');
  if (!werkmap || !relaties) throw new ZipFout('geen werkmap');
  let relatieId: string | undefined;
  let is1904 = false;
  leesDeel(pakUit(zip, werkmap).toString('utf8'), (p) => {
    p.on('opentag', (tag) => {
      const attr = tag.attributes;
      if (lokaal(tag.name) === 'workbookPr') is1904 = ['1', 'true'].includes(String(attr.date1904));
      if (lokaal(tag.name) === 'sheet' && relatieId === undefined) relatieId = String(attr['r:id']);
    });
  });
  let doel: string | undefined;
  leesDeel(pakUit(zip, relaties).toString('utf8'), (p) => {
    p.on('opentag', (tag) => {
      const attr = tag.attributes;
      if (lokaal(tag.name) === 'Relationship' && attr.Id === relatieId) doel = String(attr.Target);
    });
  });
  if (!doel) throw new ZipFout('geen werkblad');
  return { pad: doel.startsWith('/') ? doel.slice(1) : `xl/${doel}`, is1904 };
}

export type Xlsxwaarde = string | number | boolean | Date | null;

export interface Xlsxrij {
  /** The row number Excel shows. */
  nummer: number;
  cellen: Xlsxwaarde[];
}

function kolomnummer(verwijzing: string): number {
  let nummer = 0;
  for (const teken of verwijzing) {
    const code = teken.charCodeAt(0);
    if (code < 65 || code > 90) break;
    nummer = nummer * 26 + code - 64;
  }
  return nummer;
}

/** A date serial as Excel counts (from 1899-12-30, or 1904-01-01). */
function excelDatum(serial: number, is1904: boolean): Date {
  const dagen = serial + (is1904 ? 1462 : 0);
  return new Date(Math.round((dagen - 25_569) * 86_400_000));
}

/**
 * The rows of the first worksheet, in order. A formula counts by its computed
 * value; one without a stored result, or with an error, gives the error text
 * (`#DIV/0!`, or `#FOUT` when Excel stored none), never its formula.
 */
export async function* leesWerkblad(zip: Buffer): AsyncGenerator<Xlsxrij> {
  const items = zipInhoud(zip);
  const { pad, is1904 } = eersteBlad(zip, items);
  const blad = items.get(pad);
  if (!blad) throw new ZipFout(`${pad} ontbreekt`);
  const gedeeld = items.has('xl/sharedStrings.xml')
    ? gedeeldeTeksten(pakUit(zip, items.get('xl/sharedStrings.xml')!).toString('utf8'))
    : [];
  const datums = items.has('xl/styles.xml')
    ? datumstijlen(pakUit(zip, items.get('xl/styles.xml')!).toString('utf8'))
    : [];

  const klaar: Xlsxrij[] = [];
  let rij: Xlsxrij | null = null;
  let volgendeRij = 1;
  let cel: { kolom: number; type: string; stijl: number; formule: boolean } | null = null;
  let tekst: string | null = null;
  let waarde = '';
  let verzamel = false;
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const attr = tag.attributes;
    switch (lokaal(tag.name)) {
      case 'row':
        rij = { nummer: attr.r ? Number(attr.r) : volgendeRij, cellen: [] };
        volgendeRij = rij.nummer + 1;
        break;
      case 'c':
        cel = {
          kolom: attr.r ? kolomnummer(String(attr.r)) : (rij?.cellen.length ?? 0) + 1,
          type: String(attr.t ?? 'n'),
          stijl: Number(attr.s ?? 0),
          formule: false,
        };
        tekst = null;
        break;
      case 'f':
        if (cel) cel.formule = true;
        break;
      case 'v':
      case 't':
        waarde = '';
        verzamel = cel !== null;
        break;
    }
  });
  parser.on('text', (t) => {
    if (verzamel) waarde += t;
  });
  parser.on('closetag', (tag) => {
    switch (lokaal(tag.name)) {
      case 'v':
        verzamel = false;
        tekst = waarde;
        break;
      case 't':
        verzamel = false;
        tekst = (tekst ?? '') + waarde;
        break;
      case 'c':
        if (rij && cel) rij.cellen[cel.kolom - 1] = celwaarde(cel, tekst);
        cel = null;
        break;
      case 'row':
        if (rij) klaar.push(rij);
        rij = null;
        break;
    }
  });
  const celwaarde = (
    c: { type: string; stijl: number; formule: boolean },
    t: string | null,
  ): Xlsxwaarde => {
    if (t === null) return c.formule ? '#FOUT' : null;
    switch (c.type) {
      case 's':
        return gedeeld[Number(t)] ?? null;
      case 'inlineStr':
      case 'str':
        return ontsnap(t);
      case 'b':
        return t === '1' || t === 'true';
      case 'e':
        return t;
      default: {
        if (t.trim() === '') return null;
        const getal = Number(t);
        if (Number.isNaN(getal)) return t;
        return datums[c.stijl] ? excelDatum(getal, is1904) : getal;
      }
    }
  };

  const decoder = new StringDecoder('utf8');
  for await (const deel of pakUitAlsStroom(zip, blad) as AsyncIterable<Buffer>) {
    parser.write(decoder.write(deel));
    // Hand over the finished rows and let the caller's backpressure pace the inflate.
    yield* klaar.splice(0);
  }
  parser.write(decoder.end()).close();
  yield* klaar.splice(0);
}
