import { describe, expect, it } from '@jest/globals';
import { csvWindows1252, xlsx } from '../test/hulp/bestanden.js';
import { BestandFout, bepaalSoort, leesRijen } from './aanleverbestand.js';

async function alleRijen(inhoud: Buffer, naam: string) {
  const rijen = [];
  for await (const rij of leesRijen(inhoud, bepaalSoort(naam, inhoud))) rijen.push(rij);
  return rijen;
}

function fout(werk: () => unknown): BestandFout {
  try {
    werk();
  } catch (e) {
    if (e instanceof BestandFout) return e;
    throw e;
  }
  throw new Error('verwachtte een BestandFout');
}

/** Positions and names of the entries in a zip's central directory, which a hostile file would rewrite. */
function centraleMap(zip: Buffer): { positie: number; naam: string }[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const items = [];
  let positie = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
    const lengte = zip.readUInt16LE(positie + 28);
    items.push({ positie, naam: zip.toString('utf8', positie + 46, positie + 46 + lengte) });
    positie += 46 + lengte + zip.readUInt16LE(positie + 30) + zip.readUInt16LE(positie + 32);
  }
  return items;
}

describe('reading delivered files', () => {
  it('reads CSV with ; or , and both encodings Excel writes', async () => {
    const utf8 = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('Naam,Bedrag\r\n"Ëmans, J.","1,5"\r\n'),
    ]);
    expect((await alleRijen(utf8, 'a.csv')).map((r) => r.cellen)).toEqual([
      ['Naam', 'Bedrag'],
      ['Ëmans, J.', '1,5'],
    ]);
    const cp1252 = csvWindows1252([
      ['Naam', 'Bedrag'],
      ['Hélène', '€ 5'],
    ]);
    expect((await alleRijen(cp1252, 'b.csv'))[1]).toEqual({
      bronregel: 2,
      cellen: ['Hélène', '€ 5'],
    });
  });

  it('keeps the creditor’s line numbers and skips empty lines', async () => {
    const inhoud = await xlsx(['A'], [['een'], [], ['drie']]);
    expect((await alleRijen(inhoud, 'x.xlsx')).map((r) => r.bronregel)).toEqual([1, 2, 4]);
  });

  it('refuses password-protected and old Excel files', () => {
    const cfb = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    expect(fout(() => bepaalSoort('beveiligd.xlsx', cfb)).message).toContain(
      'beveiligd met een wachtwoord',
    );
  });

  it('refuses a zip bomb before unpacking it', async () => {
    const bom = await xlsx(['A'], [['x']]);
    // The declared unpacked size of one entry becomes 4 GB.
    bom.writeUInt32LE(0xfffffff0, centraleMap(bom)[0]!.positie + 24);
    const f = fout(() => bepaalSoort('bom.xlsx', bom));
    expect(f.status).toBe(413);
    expect(f.titel).toBe('Het bestand is uitgepakt te groot.');
  });

  it('refuses a workbook that carries macros, whatever its extension', async () => {
    const werkmap = await xlsx(['A'], [['x']]);
    const naam = 'xl/vbaProject.bin';
    const item = centraleMap(werkmap).find((i) => i.naam.length === naam.length)!;
    werkmap.write(naam, item.positie + 46, 'utf8');
    expect(fout(() => bepaalSoort('gewoon.xlsx', werkmap)).titel).toBe(
      'Bestanden met macro’s worden niet geaccepteerd.',
    );
  });

  it('refuses a corrupt zip and a binary CSV', () => {
    expect(
      fout(() => bepaalSoort('kapot.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).titel,
    ).toBe('Dit is geen geldig Excel-bestand.');
    expect(fout(() => bepaalSoort('binair.csv', Buffer.from([0x41, 0x00, 0x42]))).titel).toBe(
      'Dit is geen CSV-bestand.',
    );
  });

  it('refuses a sheet with an absurd number of columns', async () => {
    const breed = csvWindows1252([Array.from({ length: 1_000 }, (_, i) => `K${i}`)]);
    await expect(alleRijen(breed, 'breed.csv')).rejects.toThrow('Regel 1 heeft 1000 kolommen');
  });
});
