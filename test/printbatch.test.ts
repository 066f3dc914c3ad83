import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ChromiumDrukker } from '../apps/worker/infra/chromium-drukker.js';
import { briefHtml } from '../domain/uitnodiging.js';
import { DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// The print room's daily batch: real letters rendered by Debian's Chromium,
// stored as the outreach stores them, merged by the API and read back page by
// page. Two gemeenten of this test's own keep other tests' letters out.

const EIGEN = { code: '9996', naam: 'Drukwaarde' };
const ANDER = { code: '9995', naam: 'Persdorp' };
// The day clocks go forward in the Netherlands: 23 hours, from 23:00 UTC the
// day before to 22:00 UTC, so a window in UTC would give the wrong letters.
const DATUM = '2026-03-29';

interface Brief {
  achternaam: string;
  gemeente: typeof EIGEN;
  verzondenOp: string;
  /** Deleted after the retention period. */
  zonderPdf?: boolean;
}

const BRIEVEN: Brief[] = [
  // 23:30 on 28 March in the Netherlands: the day before.
  { achternaam: 'Gisteren', gemeente: EIGEN, verzondenOp: '2026-03-28T22:30:00Z' },
  // 00:30 on 29 March, still winter time.
  { achternaam: 'Vroeg', gemeente: EIGEN, verzondenOp: '2026-03-28T23:30:00Z' },
  { achternaam: 'Middag', gemeente: EIGEN, verzondenOp: '2026-03-29T11:00:00Z' },
  { achternaam: 'Tegelijk', gemeente: EIGEN, verzondenOp: '2026-03-29T11:00:00Z' },
  {
    achternaam: 'Verwijderd',
    gemeente: EIGEN,
    verzondenOp: '2026-03-29T12:00:00Z',
    zonderPdf: true,
  },
  // 23:59 on 29 March, summer time.
  { achternaam: 'Laat', gemeente: EIGEN, verzondenOp: '2026-03-29T21:59:00Z' },
  // 00:00 on 30 March.
  { achternaam: 'Morgen', gemeente: EIGEN, verzondenOp: '2026-03-29T22:00:00Z' },
  { achternaam: 'Buurgemeente', gemeente: ANDER, verzondenOp: '2026-03-29T10:00:00Z' },
];

/** Per page the text, as the print room would read it. */
async function paginateksten(pdf: Buffer): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
  const teksten: string[] = [];
  for (let nummer = 1; nummer <= document.numPages; nummer++) {
    const { items } = await (await document.getPage(nummer)).getTextContent();
    // Pieces joined as they stand: the spaces are in the pieces themselves.
    teksten.push(
      items
        .map((item) => ('str' in item ? item.str : ''))
        .join('')
        .replace(/\s+/g, ' '),
    );
  }
  await document.destroy();
  return teksten;
}

async function haalOp(basis: string, pad: string, token: string) {
  const antwoord = await fetch(`${basis}${pad}`, { headers: { authorization: `Bearer ${token}` } });
  return { antwoord, inhoud: Buffer.from(await antwoord.arrayBuffer()) };
}

describe('GET /v1/correspondentie/printbatch: the day’s letters as one PDF', () => {
  let stack: Teststack;
  let eigen: string;
  let ander: string;
  let eigenGebruikerId: string;
  /** Pages per letter, by achternaam. */
  const paginas = new Map<string, number>();
  const ids = new Map<string, string>();

  beforeAll(async () => {
    stack = await startStack();
    const { prisma } = stack;
    const hash = (
      await prisma.gebruiker.findUniqueOrThrow({ where: { email: 'behandelaar@zwolle.demo' } })
    ).wachtwoordHash;
    const gemeenten = new Map<string, string>();
    for (const g of [EIGEN, ANDER]) {
      const gemeente = await prisma.gemeente.upsert({
        where: { code: g.code },
        create: { ...g, telefoon: '14 0999', postadres: `Postbus 1, ${g.naam}` },
        update: {},
      });
      gemeenten.set(g.code, gemeente.id);
      const gebruiker = await prisma.gebruiker.upsert({
        where: { email: `behandelaar@${g.code}.printbatch.test` },
        create: {
          email: `behandelaar@${g.code}.printbatch.test`,
          naam: `Behandelaar ${g.naam}`,
          rol: 'BEHANDELAAR',
          gemeenteId: gemeente.id,
          wachtwoordHash: hash,
        },
        update: {},
      });
      if (g === EIGEN) eigenGebruikerId = gebruiker.id;
    }
    // A rerun on the same database starts from this test's letters only.
    await prisma.correspondentie.deleteMany({
      where: { melding: { gemeenteId: { in: [...gemeenten.values()] } } },
    });

    const drukker = new ChromiumDrukker(stack.config.CHROMIUM_PAD);
    try {
      for (const [i, brief] of BRIEVEN.entries()) {
        const gemeenteId = gemeenten.get(brief.gemeente.code)!;
        const adres = {
          straat: 'Drukkerslaan',
          huisnummer: i + 1,
          huisletter: null,
          toevoeging: null,
          postcode: `${brief.gemeente.code}AA`,
          woonplaats: brief.gemeente.naam,
        };
        const { onderwerp, html } = briefHtml('uitnodiging', {
          gemeente: {
            naam: brief.gemeente.naam,
            telefoon: '14 0999',
            email: null,
            website: null,
            postadres: null,
            logoSvg: null,
          },
          personen: [
            {
              voorletters: 'P.',
              tussenvoegsel: null,
              achternaam: brief.achternaam,
              geslacht: null,
            },
          ],
          adres,
          datum: brief.verzondenOp.slice(0, 10),
        });
        const pdf = await drukker.drukAf(html);
        paginas.set(brief.achternaam, (await paginateksten(pdf)).length);
        const melding = await prisma.melding.create({
          data: { gemeenteId, adressleutel: `${adres.postcode}|${adres.huisnummer}|` },
        });
        const correspondentie = await prisma.correspondentie.create({
          data: {
            meldingId: melding.id,
            kanaal: 'BRIEF',
            sjabloon: 'uitnodiging',
            idempotentieSleutel: `printbatch-test-${randomUUID()}`,
            status: 'VERZONDEN',
            verzondenOp: new Date(brief.verzondenOp),
            onderwerp,
            pdf: brief.zonderPdf ? null : new Uint8Array(pdf),
          },
        });
        ids.set(brief.achternaam, correspondentie.id);
      }
    } finally {
      await drukker.onModuleDestroy();
    }
    eigen = await logIn(stack.basis, `behandelaar@${EIGEN.code}.printbatch.test`, DEMO_WACHTWOORD);
    ander = await logIn(stack.basis, `behandelaar@${ANDER.code}.printbatch.test`, DEMO_WACHTWOORD);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('merges the day’s letters of the own gemeente in print order, without deleted ones', async () => {
    const sindsdien = new Date();
    const { antwoord, inhoud } = await haalOp(
      stack.basis,
      `/correspondentie/printbatch?datum=${DATUM}`,
      eigen,
    );
    expect(antwoord.status).toBe(200);
    expect(antwoord.headers.get('content-type')).toBe('application/pdf');
    expect(antwoord.headers.get('content-disposition')).toBe(
      `attachment; filename="printbatch-${DATUM}.pdf"`,
    );
    expect(antwoord.headers.get('x-aantal-brieven')).toBe('4');

    // Same moment: the id decides, so every download prints in the same order.
    const tegelijk = ['Middag', 'Tegelijk'].sort((a, b) => (ids.get(a)! < ids.get(b)! ? -1 : 1));
    const volgorde = ['Vroeg', ...tegelijk, 'Laat'];
    const teksten = await paginateksten(inhoud);
    expect(teksten.length).toBe(volgorde.reduce((som, naam) => som + paginas.get(naam)!, 0));
    const eerstePaginas = volgorde.reduce<number[]>(
      (begin, naam, i) => [...begin, i === 0 ? 0 : begin[i - 1]! + paginas.get(volgorde[i - 1]!)!],
      [],
    );
    volgorde.forEach((naam, i) => expect(teksten[eerstePaginas[i]!]).toContain(`P. ${naam}`));
    const alles = teksten.join('\n');
    for (const afwezig of ['Gisteren', 'Morgen', 'Verwijderd', 'Buurgemeente'])
      expect(alles).not.toContain(`P. ${afwezig}`);

    // Audited: the batch and each letter in it, by id only.
    const regels = await stack.prisma.auditLog.findMany({
      where: { actie: 'printbatch_lezen', actorId: eigenGebruikerId, tijdstip: { gte: sindsdien } },
      orderBy: { id: 'asc' },
    });
    expect(regels.map((r) => [r.objectType, r.objectId, r.resultaat])).toEqual([
      ['Printbatch', DATUM, 'gelukt'],
      ...volgorde.map((naam) => ['Correspondentie', ids.get(naam), 'gelukt']),
    ]);
  });

  it('gives a user of another gemeente only that gemeente’s letters', async () => {
    const { antwoord, inhoud } = await haalOp(
      stack.basis,
      `/correspondentie/printbatch?datum=${DATUM}`,
      ander,
    );
    expect(antwoord.status).toBe(200);
    expect(antwoord.headers.get('x-aantal-brieven')).toBe('1');
    const alles = (await paginateksten(inhoud)).join('\n');
    expect(alles).toContain('P. Buurgemeente');
    for (const naam of ['Vroeg', 'Middag', 'Tegelijk', 'Laat'])
      expect(alles).not.toContain(`P. ${naam}`);
  });

  it('answers 404 for a day without letters, and audits the attempt', async () => {
    const sindsdien = new Date();
    const antwoord = await http<{ title: string; detail: string; status: number }>(
      'GET',
      `${stack.basis}/correspondentie/printbatch?datum=2026-03-27`,
      { token: eigen },
    );
    expect(antwoord.status).toBe(404);
    expect(antwoord.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(antwoord.body.detail).toContain('Geen brieven op 2026-03-27');
    const regel = await stack.prisma.auditLog.findFirstOrThrow({
      where: { actie: 'printbatch_lezen', actorId: eigenGebruikerId, tijdstip: { gte: sindsdien } },
    });
    expect([regel.objectType, regel.objectId, regel.resultaat]).toEqual([
      'Printbatch',
      '2026-03-27',
      'niet_gevonden',
    ]);
  });

  it('refuses a missing, malformed or impossible date with a Dutch message', async () => {
    for (const [query, code, melding] of [
      ['', 'verplicht', 'datum is verplicht'],
      ['?datum=29-03-2026', 'ongeldig', 'JJJJ-MM-DD'],
      ['?datum=2026-02-30', 'ongeldig', 'bestaande dag'],
      ['?datum=gisteren', 'ongeldig', 'JJJJ-MM-DD'],
    ] as const) {
      const antwoord = await http<{
        invalidParams: { name: string; code: string; reason: string }[];
      }>('GET', `${stack.basis}/correspondentie/printbatch${query}`, { token: eigen });
      expect(antwoord.status).toBe(400);
      expect(antwoord.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(antwoord.body.invalidParams).toEqual([
        { name: 'datum', code, reason: expect.stringContaining(melding) },
      ]);
    }
  });

  it('refuses a signaalpartner', async () => {
    const portaal = await logIn(stack.basis, 'portaal@thuisbaas.demo', DEMO_WACHTWOORD);
    const antwoord = await http<{ title: string }>(
      'GET',
      `${stack.basis}/correspondentie/printbatch?datum=${DATUM}`,
      { token: portaal },
    );
    expect(antwoord.status).toBe(403);
    expect(antwoord.body.title).toBe('Geen toegang.');
  });
});
