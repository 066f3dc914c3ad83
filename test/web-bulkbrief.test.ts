import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'puppeteer-core';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import {
  logIn,
  startBrowser,
  tekstOp,
  verwachtToegankelijk,
  wachtOpTekst,
} from './hulp/browser.js';
import { wachtTot } from './hulp/omgeving.js';
import { richtProefgemeenteIn, type Proefgemeente } from './hulp/proefgemeente.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, startStack, type Teststack } from './hulp/stack.js';

// A caseworker sends twenty new households in one wijk their first letter in
// one go. The gemeente leaves housing signals to its caseworkers, so no
// letter goes out by itself: every letter in the end is the bulk action's.

const HUUR = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!.apiSleutel;
const AANTAL = 20;

describe('a bulk letter from the werkvoorraad', () => {
  let stack: Teststack;
  let browser: Browser;
  let gemeente: Proefgemeente;
  let token: string;
  const inNoord: string[] = [];
  const inZuid: string[] = [];

  async function melding(huisnummer: number): Promise<string> {
    const antwoord = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
      apiSleutel: HUUR,
      body: eenSignaal({
        persoon: {
          voorletters: 'B.',
          achternaam: `Brief${huisnummer}`,
          geboortedatum: '1970-01-01',
        },
        adres: {
          straat: 'Postweg',
          postcode: gemeente.postcode,
          huisnummer,
          woonplaats: 'Briefstad',
        },
      }),
    });
    expect(antwoord.status).toBe(201);
    return wachtTot(
      async () =>
        (await stack.prisma.signaal.findUnique({ where: { id: antwoord.body.id } }))?.meldingId,
      { wat: `melding voor huisnummer ${huisnummer}`, timeoutMs: 60_000 },
    );
  }

  beforeAll(async () => {
    stack = await startStack();
    browser = await startBrowser(stack.config.CHROMIUM_PAD);
    gemeente = await richtProefgemeenteIn(stack, {
      code: '9961',
      naam: 'Briefstad',
      wijken: [
        { code: '996101', naam: 'Noord', huisnummers: [1, 30] },
        { code: '996102', naam: 'Zuid', huisnummers: [31, 40] },
      ],
      instellingen: { alleenBehandelaarTypen: ['HUUR'] },
    });
    token = await gemeente.gebruiker('behandelaar@briefstad.test', 'BEHANDELAAR');
    for (let i = 1; i <= AANTAL; i++) inNoord.push(await melding(i));
    for (let i = 31; i <= 33; i++) inZuid.push(await melding(i));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('selects the 20 new meldingen of one wijk and sends each its first letter, on every timeline', async () => {
    const pagina = await (await browser.createBrowserContext()).newPage();
    await pagina.goto(stack.basis.replace(/\/v1$/, '/'));
    await logIn(pagina, 'behandelaar@briefstad.test', DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Werkvoorraad');
    await pagina.select('#filter-status', 'OPEN');
    await pagina.waitForSelector('#filter-wijk option[value="996101"]');
    await pagina.select('#filter-wijk', '996101');
    await pagina.waitForFunction(`location.search.includes('wijk=996101')`);
    await pagina.waitForSelector('table.vs-werkvoorraad[aria-busy="false"]');
    await wachtOpTekst(pagina, `${AANTAL} meldingen`);
    expect(await tekstOp(pagina)).not.toContain('Brief31');

    await pagina.click('#selecteer-pagina');
    await wachtOpTekst(pagina, `Bulkactie op ${AANTAL} meldingen`);
    await pagina.click('label[for=bulk-soort-brief_sturen]');
    await pagina.waitForSelector('#bulk-sjabloon option[value=uitnodiging]');
    await pagina.select('#bulk-kanaal', 'BRIEF');
    await pagina.select('#bulk-sjabloon', 'uitnodiging');
    await verwachtToegankelijk(pagina, 'werkvoorraad met bulkactie');
    await pagina.click('.vs-bulk button[type=submit]');

    await wachtOpTekst(pagina, `${AANTAL} van ${AANTAL} verwerkt`, 120_000);
    await wachtOpTekst(pagina, `${AANTAL} gelukt, 0 geweigerd`);
    await verwachtToegankelijk(pagina, 'bulkactie klaar');

    // Every one of them shows its letter; the other wijk got none.
    for (const id of inNoord) {
      const { body } = await http<{
        correspondentie: { kanaal: string; status: string }[];
        tijdlijn: { soort: string }[];
      }>('GET', `${stack.basis}/meldingen/${id}`, { token });
      expect(body.correspondentie.filter((c) => c.kanaal === 'BRIEF')).toHaveLength(1);
      expect(body.tijdlijn.map((g) => g.soort)).toContain('brief');
    }
    for (const id of inZuid)
      expect(await stack.prisma.correspondentie.count({ where: { meldingId: id } })).toBe(0);

    // And the caseworker sees it there too.
    await pagina.goto(stack.basis.replace(/\/v1$/, `/meldingen/${inNoord[7]}`));
    await wachtOpTekst(pagina, 'Tijdlijn');
    await wachtOpTekst(pagina, 'Brief gemaakt');
    expect(await tekstOp(pagina)).toContain('Bekijk brief (PDF)');
  }, 240_000);
});
