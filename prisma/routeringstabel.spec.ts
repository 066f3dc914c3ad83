import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testOmgeving } from '../test/hulp/omgeving.js';
import { maakPrismaClient, type PrismaClient } from './database.js';
import { importeerRouteringstabel } from './routeringstabel.js';

// An old edition (2019), so routing in other tests keeps using the newest one.
const JAAR = 2019;
const KOP = `PC6;Huisnummer;Buurt${JAAR};Wijk${JAAR};Gemeente${JAAR}`;

describe('importing the CBS postcode-huisnummer table', () => {
  let prisma: PrismaClient;
  const map = mkdtempSync(path.join(tmpdir(), 'vs-cbs-'));
  const bestand = (naam: string, regels: string[]) => {
    const pad = path.join(map, naam);
    writeFileSync(pad, `\uFEFF${[KOP, ...regels].join('\r\n')}\r\n`);
    return [naam, createReadStream(pad)] as const;
  };
  const rijen = () =>
    prisma.routeringsadres.findMany({
      where: { jaar: JAAR },
      orderBy: [{ postcode: 'asc' }, { huisnummer: 'asc' }],
    });

  beforeAll(() => {
    prisma = maakPrismaClient(testOmgeving().databaseUrl);
  });
  afterAll(async () => {
    await prisma.routeringsadres.deleteMany({ where: { jaar: JAAR } });
    await prisma.routeringstabel.deleteMany({ where: { jaar: JAAR } });
    await prisma.$disconnect();
  });

  it('imports an edition, including alphanumeric buurtcodes, and replaces it on re-import', async () => {
    const { databaseUrl } = testOmgeving();
    expect(
      await importeerRouteringstabel(
        databaseUrl,
        ...bestand('a.csv', [
          '1012AB;1;0363AF01;0363AF;0363',
          '1012AB;2;0363AF01;0363AF;0363',
          '3531AB;7;03440101;034401;0344',
        ]),
      ),
    ).toEqual({ jaar: JAAR, aantal: 3 });
    expect((await rijen()).map((r) => `${r.postcode}-${r.huisnummer}-${r.buurtcode}`)).toEqual([
      '1012AB-1-0363AF01',
      '1012AB-2-0363AF01',
      '3531AB-7-03440101',
    ]);

    await importeerRouteringstabel(
      databaseUrl,
      ...bestand('b.csv', ['9999ZZ;1;19000101;190001;1900']),
    );
    expect((await rijen()).map((r) => r.postcode)).toEqual(['9999ZZ']);
    expect(await prisma.routeringstabel.findUnique({ where: { jaar: JAAR } })).toMatchObject({
      bron: 'b.csv',
      aantalAdressen: 1,
    });
  });

  it('refuses a file with bad lines, naming them, and keeps the previous edition whole', async () => {
    const { databaseUrl } = testOmgeving();
    await expect(
      importeerRouteringstabel(
        databaseUrl,
        ...bestand('c.csv', [
          '1111AA;1;01930101;019301;0193',
          '1111 AA;2;01930101;019301;0193',
          '1111AA;3;01930101;019301',
        ]),
      ),
    ).rejects.toThrow(
      'c.csv niet geïmporteerd:\n  regel 3: ongeldige postcode "1111 AA"\n  regel 4: verwacht 5 velden gescheiden door ;',
    );
    await expect(
      importeerRouteringstabel(
        databaseUrl,
        ...bestand('d.csv', ['1111AA;1;01930101;019301;0193', '1111AA;1;01930101;019301;0193']),
      ),
    ).rejects.toThrow('staat er dubbel in');
    expect((await rijen()).map((r) => r.postcode)).toEqual(['9999ZZ']);
  });
});
