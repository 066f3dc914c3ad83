import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Browser } from 'puppeteer-core';
import { DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import {
  logIn as logInBrowser,
  startBrowser,
  tekstOp,
  verwachtToegankelijk,
  wachtOpTekst,
} from './hulp/browser.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// The werkvoorraad's extras seen from outside: facet counts that agree with
// the list, ids for "select all", werkbakken, the Excel download and the
// monthly overview. A gemeente of its own (9951), filled straight into the
// read model, so every figure here is known and no other test changes it.

const GEMEENTE = { code: '9951', naam: 'Telstad' };
const MAAND = '2026-10';

type Aantallen = {
  totaal: number;
  status: Record<string, number>;
  matchtype: Record<string, number>;
  signaalpartnerType: Record<string, number>;
  wijk: { code: string; naam: string; aantal: number }[];
  kern: { naam: string; aantal: number }[];
  behandelaar: { id: string; naam: string; aantal: number }[];
  crisis: { ja: number; nee: number };
  teLaat: { ja: number; nee: number };
};

describe('werkvoorraad: counts, ids, werkbakken, export and overview', () => {
  let stack: Teststack;
  let browser: Browser;
  const token = { behandelaar: '', collega: '', extern: '', elders: '', portaal: '' };
  const ids: Record<string, string> = {};
  let behandelaarId = '';
  let gemeenteId = '';
  const wijkIds: Record<'noord' | 'zuid', string> = { noord: '', zuid: '' };
  const nu = Date.now();
  const dag = 86_400_000;
  const lijst = (q: string, wie: keyof typeof token = 'behandelaar') =>
    http<{ totaal: number; meldingen: { id: string }[] }>('GET', `${stack.basis}/meldingen?${q}`, {
      token: token[wie],
    });
  const aantallen = (q: string, wie: keyof typeof token = 'behandelaar') =>
    http<Aantallen>('GET', `${stack.basis}/meldingen/aantallen?${q}`, { token: token[wie] });

  beforeAll(async () => {
    stack = await startStack();
    browser = await startBrowser(stack.config.CHROMIUM_PAD);
    const { prisma } = stack;
    const gemeente = await prisma.gemeente.upsert({
      where: { code: GEMEENTE.code },
      create: GEMEENTE,
      update: {},
    });
    gemeenteId = gemeente.id;
    for (const [sleutel, code, naam] of [
      ['noord', '995101', 'Telstad-Noord'],
      ['zuid', '995102', 'Telstad-Zuid'],
    ] as const)
      wijkIds[sleutel] = (
        await prisma.wijk.upsert({
          where: { code },
          create: { code, naam, gemeenteId },
          update: {},
        })
      ).id;
    const kern = await prisma.kern.upsert({
      where: { gemeenteId_naam: { gemeenteId, naam: 'Telkerk' } },
      create: { gemeenteId, naam: 'Telkerk' },
      update: {},
    });
    const { wachtwoordHash } = await prisma.gebruiker.findUniqueOrThrow({
      where: { email: 'behandelaar@zwolle.demo' },
    });
    const gebruiker = (email: string, rol: 'BEHANDELAAR' | 'EXTERN', wijken: string[] = []) =>
      prisma.gebruiker.upsert({
        where: { email },
        create: { email, naam: `Test ${email}`, rol, gemeenteId, wachtwoordHash, wijkIds: wijken },
        update: {},
      });
    behandelaarId = (await gebruiker('behandelaar@telstad.test', 'BEHANDELAAR')).id;
    await gebruiker('collega@telstad.test', 'BEHANDELAAR');
    await gebruiker('extern@telstad.test', 'EXTERN', [wijkIds.zuid]);
    token.behandelaar = await logIn(stack.basis, 'behandelaar@telstad.test', DEMO_WACHTWOORD);
    token.collega = await logIn(stack.basis, 'collega@telstad.test', DEMO_WACHTWOORD);
    token.extern = await logIn(stack.basis, 'extern@telstad.test', DEMO_WACHTWOORD);
    token.elders = await logIn(stack.basis, 'behandelaar@zwolle.demo', DEMO_WACHTWOORD);
    token.portaal = await logIn(stack.basis, 'portaal@thuisbaas.demo', DEMO_WACHTWOORD);

    const partner = async (type: 'HUUR' | 'ENERGIE') =>
      (await prisma.signaalpartner.findFirstOrThrow({ where: { type } })).id;
    const huur = await partner('HUUR');
    const energie = await partner('ENERGIE');
    // Five households; "=" in a surname is what a formula injection looks like.
    const meldingen = [
      {
        sleutel: 'crisis',
        status: 'OPEN',
        matchtype: 'MEERVOUDIG',
        crisis: true,
        geopendOp: '2026-10-03T10:00:00Z',
        termijnOppakken: new Date(nu - dag),
        achternaam: '=HYPERLINK("http://kwaad.example","klik")',
        signalen: [
          { partner: huur, wijk: wijkIds.noord, kern: null, bedrag: 41_250, datum: '2026-10-01' },
          {
            partner: energie,
            wijk: wijkIds.noord,
            kern: null,
            bedrag: 10_000,
            datum: '2026-10-02',
          },
        ],
      },
      {
        sleutel: 'open',
        status: 'OPEN',
        matchtype: 'ENKELVOUDIG',
        crisis: false,
        geopendOp: '2026-10-10T10:00:00Z',
        termijnOppakken: new Date(nu + 10 * dag),
        achternaam: 'Telling',
        signalen: [
          { partner: huur, wijk: wijkIds.zuid, kern: null, bedrag: 5_000, datum: '2026-10-09' },
        ],
      },
      {
        sleutel: 'behandeling',
        status: 'IN_BEHANDELING',
        matchtype: 'OPEENVOLGEND',
        crisis: false,
        geopendOp: '2026-10-20T10:00:00Z',
        termijnOppakken: null,
        behandelaarId,
        achternaam: 'Behandeld',
        signalen: [
          {
            partner: energie,
            wijk: wijkIds.zuid,
            kern: kern.id,
            bedrag: 20_000,
            datum: '2026-10-19',
          },
        ],
      },
      {
        sleutel: 'afgesloten',
        status: 'AFGESLOTEN',
        matchtype: 'ENKELVOUDIG',
        crisis: false,
        geopendOp: '2026-09-05T10:00:00Z',
        termijnOppakken: null,
        achternaam: 'Gesloten',
        signalen: [
          { partner: huur, wijk: wijkIds.noord, kern: null, bedrag: 7_500, datum: '2026-09-04' },
        ],
      },
      {
        sleutel: 'tweewijken',
        status: 'OPEN',
        matchtype: 'MEERVOUDIG',
        crisis: false,
        geopendOp: '2026-10-31T23:30:00Z', // 1 November in Amsterdam
        termijnOppakken: new Date(nu + 10 * dag),
        achternaam: 'Verspreid',
        signalen: [
          { partner: huur, wijk: wijkIds.zuid, kern: null, bedrag: 30_000, datum: '2026-10-30' },
          { partner: energie, wijk: wijkIds.noord, kern: null, bedrag: 1_000, datum: '2026-10-31' },
        ],
      },
    ] as const;
    for (const [i, m] of meldingen.entries()) {
      const adressleutel = `9951AA|${i + 1}`;
      const melding = await prisma.melding.create({
        data: {
          gemeenteId,
          adressleutel,
          status: m.status,
          matchtype: m.matchtype,
          crisis: m.crisis,
          geopendOp: new Date(m.geopendOp),
          termijnOppakken: m.termijnOppakken,
          behandelaarId: 'behandelaarId' in m ? m.behandelaarId : null,
        },
      });
      ids[m.sleutel] = melding.id;
      for (const s of m.signalen)
        await prisma.signaal.create({
          data: {
            signaalpartnerId: s.partner,
            referentie: `TEL-${randomUUID()}`,
            signaaldatum: new Date(s.datum),
            ontstaansdatum: new Date('2026-06-01'),
            bedragInCenten: s.bedrag,
            crisissignaal: m.crisis,
            routeringsstatus: 'GEROUTEERD',
            gemeenteId,
            wijkId: s.wijk,
            kernId: s.kern,
            meldingId: melding.id,
            persoonsgegevens: {
              create: {
                // Without initials, so the name cell starts with the surname.
                voorletters: m.sleutel === 'crisis' ? null : 'T.',
                achternaam: m.achternaam,
                geboortedatum: new Date('1975-03-04'),
                straat: 'Telweg',
                postcode: '9951AA',
                huisnummer: i + 1,
                woonplaats: 'Telstad',
                adressleutel,
              },
            },
          },
        });
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('counts per facet value agree with what the list returns for that value', async () => {
    for (const basis of ['', 'status=OPEN', 'signaalpartnerType=ENERGIE&crisis=false']) {
      const { status, body } = await aantallen(basis);
      expect(status).toBe(200);
      expect(body.totaal).toBe((await lijst(basis)).body.totaal);
      const zonder = (facet: string) => {
        const q = new URLSearchParams(basis);
        q.delete(facet);
        return q;
      };
      const controleer = async (facet: string, waarde: string, verwacht: number) => {
        const q = zonder(facet);
        q.set(facet, waarde);
        expect({ basis, facet, waarde, aantal: (await lijst(q.toString())).body.totaal }).toEqual({
          basis,
          facet,
          waarde,
          aantal: verwacht,
        });
      };
      for (const [w, n] of Object.entries(body.status)) await controleer('status', w, n);
      for (const [w, n] of Object.entries(body.matchtype)) await controleer('matchtype', w, n);
      for (const w of body.wijk) await controleer('wijk', w.code, w.aantal);
      for (const k of body.kern) await controleer('kern', k.naam, k.aantal);
      for (const [w, n] of Object.entries(body.signaalpartnerType))
        await controleer('signaalpartnerType', w, n);
      for (const b of body.behandelaar) await controleer('behandelaar', b.id, b.aantal);
      await controleer('crisis', 'true', body.crisis.ja);
      await controleer('crisis', 'false', body.crisis.nee);
      await controleer('teLaat', 'true', body.teLaat.ja);
      await controleer('teLaat', 'false', body.teLaat.nee);
    }
    // The figures themselves, as a caseworker would count them on screen.
    const { body } = await aantallen('status=OPEN');
    expect(body.totaal).toBe(3);
    expect(body.status).toEqual({ OPEN: 3, IN_BEHANDELING: 1, AFGESLOTEN: 1 });
    expect(body.matchtype).toEqual({ ENKELVOUDIG: 1, MEERVOUDIG: 2, OPEENVOLGEND: 0 });
    expect(body.wijk).toEqual([
      { code: '995101', naam: 'Telstad-Noord', aantal: 2 },
      { code: '995102', naam: 'Telstad-Zuid', aantal: 2 },
    ]);
    expect(body.signaalpartnerType).toMatchObject({ HUUR: 3, ENERGIE: 2, ZORG: 0 });
    expect(body.crisis).toEqual({ ja: 1, nee: 2 });
    expect(body.teLaat).toEqual({ ja: 1, nee: 2 });
    const alles = (await aantallen('')).body;
    expect(alles.behandelaar).toEqual([
      { id: behandelaarId, naam: 'Test behandelaar@telstad.test', aantal: 1 },
    ]);
    expect(alles.kern).toEqual([{ naam: 'Telkerk', aantal: 1 }]);
    // No personal data in the counts.
    expect(JSON.stringify(alles)).not.toMatch(/Telling|Telweg|9951AA/);
    expect((await aantallen('status=DICHT')).status).toBe(400);
    expect((await aantallen('behandelaar=iemand')).status).toBe(400);
  });

  it('an external user counts only the wijken she is admitted to', async () => {
    const { body } = await aantallen('', 'extern');
    // Zuid: "open", "behandeling" and "tweewijken" have a signal there.
    expect(body.totaal).toBe(3);
    expect(body.wijk.map((w) => w.code)).toEqual(['995102']);
    expect((await lijst('', 'extern')).body.totaal).toBe(3);
  });

  it('gives the ids of everything that matches, in the list order', async () => {
    const { status, body } = await http<{ ids: string[]; totaal: number }>(
      'GET',
      `${stack.basis}/meldingen/ids?status=OPEN`,
      { token: token.behandelaar },
    );
    expect(status).toBe(200);
    expect(body.totaal).toBe(3);
    // Urgency: crisis first, then the nearest pick-up deadline, then the oldest.
    expect(body.ids).toEqual([ids.crisis, ids.open, ids.tweewijken]);
    const pagina = await lijst('status=OPEN&paginagrootte=25');
    expect(pagina.body.meldingen.map((m) => m.id)).toEqual(body.ids);
  });

  it('werkbakken: built-in counts, saving and deleting one of your own', async () => {
    const werkbakken = async (wie: keyof typeof token) =>
      (
        await http<{
          werkbakken: {
            id: string;
            naam: string;
            filter: string;
            aantal: number;
            eigen: boolean;
          }[];
        }>('GET', `${stack.basis}/werkbakken`, { token: token[wie] })
      ).body.werkbakken;
    const vast = await werkbakken('behandelaar');
    expect(vast.map((b) => b.naam)).toEqual([
      'Nieuw – meervoudig',
      'Mijn meldingen',
      'Te laat',
      'Crisis',
      'Nieuw',
    ]);
    for (const bak of vast)
      expect({ bak: bak.id, aantal: bak.aantal }).toEqual({
        bak: bak.id,
        aantal: (await lijst(bak.filter.replace('behandelaar=ik', `behandelaar=${behandelaarId}`)))
          .body.totaal,
      });
    expect(vast.find((b) => b.id === 'crisis')!.aantal).toBe(1);
    expect(vast.find((b) => b.id === 'mijn-meldingen')!.aantal).toBe(1);
    expect(vast.find((b) => b.id === 'nieuw-meervoudig')!.aantal).toBe(2);

    const fout = await http<{ invalidParams: { name: string; reason: string }[] }>(
      'POST',
      `${stack.basis}/werkbakken`,
      { token: token.behandelaar, body: { naam: 'Kapot', filter: 'status=DICHT' } },
    );
    expect(fout.status).toBe(400);
    expect(fout.body.invalidParams[0]).toMatchObject({
      name: 'filter.status',
      reason: 'status is OPEN, IN_BEHANDELING of AFGESLOTEN.',
    });
    const nieuw = await http<{ id: string; aantal: number; eigen: boolean }>(
      'POST',
      `${stack.basis}/werkbakken`,
      { token: token.behandelaar, body: { naam: 'Zuid open', filter: 'status=OPEN&wijk=995102' } },
    );
    expect(nieuw.status).toBe(201);
    expect(nieuw.body).toMatchObject({ aantal: 2, eigen: true });
    const dubbel = await http('POST', `${stack.basis}/werkbakken`, {
      token: token.behandelaar,
      body: { naam: 'Zuid open', filter: 'status=OPEN' },
    });
    expect(dubbel.status).toBe(409);
    expect((await werkbakken('behandelaar')).find((b) => b.eigen)).toMatchObject({
      naam: 'Zuid open',
      aantal: 2,
    });
    // A colleague neither sees it nor can delete it.
    expect((await werkbakken('collega')).some((b) => b.eigen)).toBe(false);
    const pad = `${stack.basis}/werkbakken/${nieuw.body.id}`;
    expect((await http('DELETE', pad, { token: token.collega })).status).toBe(404);
    expect((await http('DELETE', pad, { token: token.elders })).status).toBe(404);
    expect((await http('DELETE', pad, { token: token.behandelaar })).status).toBe(204);
    expect((await werkbakken('behandelaar')).some((b) => b.eigen)).toBe(false);
  });

  it('downloads the filtered werkvoorraad as Excel, safe to open, and logs it', async () => {
    const antwoord = await fetch(`${stack.basis}/meldingen/export?status=OPEN`, {
      headers: { authorization: `Bearer ${token.behandelaar}` },
    });
    expect(antwoord.status).toBe(200);
    expect(antwoord.headers.get('cache-control')).toBe('no-store');
    expect(antwoord.headers.get('content-disposition')).toMatch(
      /^attachment; filename="werkvoorraad-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    );
    const werkmap = new ExcelJS.Workbook();
    await werkmap.xlsx.load(Buffer.from(await antwoord.arrayBuffer()) as never);
    const blad = werkmap.worksheets[0]!;
    expect(blad.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(blad.getRow(1).values).toEqual([
      undefined,
      'Naam',
      'Adres',
      'Postcode',
      'Woonplaats',
      'Wijk',
      'Kern',
      'Status',
      'Match',
      'Signalen',
      'Totaalbedrag',
      'Geopend op',
      'Behandelaar',
      'Crisis',
      'Te laat',
    ]);
    expect(blad.rowCount).toBe(4);
    const crisis = blad.getRow(2);
    // The formula arrives as text, not as a formula Excel would run.
    expect(crisis.getCell(1).value).toBe('\'=HYPERLINK("http://kwaad.example","klik")');
    expect(crisis.getCell(1).formula).toBeUndefined();
    expect(crisis.getCell(2).value).toBe('Telweg 1');
    expect(crisis.getCell(5).value).toBe('Telstad-Noord');
    expect(crisis.getCell(7).value).toBe('Open');
    expect(crisis.getCell(8).value).toBe('Meervoudig');
    expect(crisis.getCell(9).value).toBe(2);
    expect(crisis.getCell(10).value).toBe(512.5);
    expect(crisis.getCell(10).numFmt).toContain('€');
    expect(crisis.getCell(11).value).toEqual(new Date('2026-10-03T00:00:00Z'));
    expect(crisis.getCell(13).value).toBe('Ja');
    expect(crisis.getCell(14).value).toBe('Ja');

    const audit = await stack.prisma.auditLog.findMany({
      where: {
        actie: { in: ['werkvoorraad_exporteren', 'melding_in_export'] },
        organisatieId: gemeenteId,
      },
    });
    expect(audit.filter((a) => a.actie === 'werkvoorraad_exporteren')).toHaveLength(1);
    expect(
      audit
        .filter((a) => a.actie === 'melding_in_export')
        .map((a) => a.objectId)
        .sort(),
    ).toEqual([ids.crisis, ids.open, ids.tweewijken].sort());
  });

  it('the overview of a month agrees with an independent count in SQL', async () => {
    const { status, body } = await http<{
      maand: string;
      perWijk: { code: string | null; naam: string; signalen: number; meldingen: number }[];
      perKern: { naam: string; signalen: number; meldingen: number }[];
      totaal: Record<string, number>;
      trend: { maand: string; signalen: number; meldingen: number }[];
    }>('GET', `${stack.basis}/overzicht?maand=${MAAND}`, { token: token.behandelaar });
    expect(status).toBe(200);
    const signalen = await stack.prisma.$queryRaw<{ code: string; n: number }[]>`
      SELECT w."code", count(*)::int AS n FROM "Signaal" s JOIN "Wijk" w ON w."id" = s."wijkId"
      WHERE s."gemeenteId" = ${gemeenteId}::uuid
        AND s."signaaldatum" BETWEEN '2026-10-01' AND '2026-10-31' GROUP BY 1`;
    for (const { code, n } of signalen)
      expect(body.perWijk.find((w) => w.code === code)!.signalen).toBe(n);
    // Meldingen opened in October in Amsterdam: not the one at 00:30 on 1 November.
    expect(body.totaal).toEqual({
      signalen: 6,
      meldingen: 3,
      enkelvoudig: 1,
      meervoudig: 1,
      opeenvolgend: 1,
    });
    expect(body.perWijk.map((w) => [w.naam, w.signalen, w.meldingen])).toEqual([
      ['Telstad-Noord', 3, 1],
      ['Telstad-Zuid', 3, 2],
    ]);
    expect(body.perKern).toContainEqual(
      expect.objectContaining({ naam: 'Telkerk', signalen: 1, meldingen: 1 }),
    );
    expect(body.trend).toHaveLength(12);
    expect(body.trend[0]!.maand).toBe('2025-11');
    expect(body.trend.slice(-2)).toEqual([
      { maand: '2026-09', signalen: 1, meldingen: 1 },
      { maand: '2026-10', signalen: 6, meldingen: 3 },
    ]);
    expect(
      (await http('GET', `${stack.basis}/overzicht?maand=2026-13`, { token: token.behandelaar }))
        .status,
    ).toBe(400);
  });

  it('another gemeente sees none of it, and a creditor is refused', async () => {
    const elders = await http<{ ids: string[] }>('GET', `${stack.basis}/meldingen/ids`, {
      token: token.elders,
    });
    expect(elders.status).toBe(200);
    expect(elders.body.ids.some((id) => Object.values(ids).includes(id))).toBe(false);
    const eldersAantallen = (await aantallen('', 'elders')).body;
    expect(eldersAantallen.wijk.some((w) => w.code.startsWith('9951'))).toBe(false);
    const overzicht = await http<{ perWijk: { code: string | null }[] }>(
      'GET',
      `${stack.basis}/overzicht?maand=${MAAND}`,
      { token: token.elders },
    );
    expect(overzicht.body.perWijk.some((w) => w.code?.startsWith('9951'))).toBe(false);
    const export_ = await fetch(`${stack.basis}/meldingen/export?wijk=995101`, {
      headers: { authorization: `Bearer ${token.elders}` },
    });
    const werkmap = new ExcelJS.Workbook();
    await werkmap.xlsx.load(Buffer.from(await export_.arrayBuffer()) as never);
    expect(werkmap.worksheets[0]!.rowCount).toBe(1);

    for (const pad of [
      '/meldingen/aantallen',
      '/meldingen/ids',
      '/meldingen/export',
      '/werkbakken',
      '/overzicht',
    ])
      expect({
        pad,
        status: (await http('GET', `${stack.basis}${pad}`, { token: token.portaal })).status,
      }).toEqual({
        pad,
        status: 403,
      });
    expect(
      (
        await http('POST', `${stack.basis}/werkbakken`, {
          token: token.portaal,
          body: { naam: 'x', filter: '' },
        })
      ).status,
    ).toBe(403);
  });

  it('the overview screen shows the month in a table and a chart, accessibly', async () => {
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    const web = stack.basis.replace(/\/v1$/, '');
    await pagina.goto(`${web}/overzicht`);
    await logInBrowser(pagina, 'behandelaar@telstad.test', DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Per wijk');
    await pagina.select('#overzicht-maand', MAAND);
    await wachtOpTekst(pagina, 'In oktober 2026: 6 signalen en 3 nieuwe meldingen.');
    const rij = await pagina.$eval(
      '::-p-xpath(//table[caption[contains(., "per wijk")]]//tr[th[contains(., "Telstad-Zuid")]])',
      (e) => (e as unknown as { innerText: string }).innerText,
    );
    expect(rij.split('\t').map((c) => c.trim())).toEqual(['Telstad-Zuid', '3', '2', '1', '0', '1']);
    const grafieken = (await pagina.evaluate(
      `[...document.querySelectorAll('svg[role="img"]')].map((s) => s.querySelector('title')?.textContent ?? '')`,
    )) as string[];
    expect(grafieken).toHaveLength(2);
    expect(grafieken[0]).toContain('de meeste signalen in Telstad-Noord (3)');
    expect(await tekstOp(pagina)).toContain('september 2026');
    await verwachtToegankelijk(pagina, 'overzicht');
    await pagina.screenshot({
      path: new URL('../docs/schermen/overzicht.png', import.meta.url).pathname,
      fullPage: true,
    });
    await context.close();
  });
});
