import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'puppeteer-core';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import {
  cspWeigeringen,
  logIn,
  startBrowser,
  tekstOp,
  verwachtToegankelijk,
  wachtOpTekst,
} from './hulp/browser.js';
import { wachtTot } from './hulp/omgeving.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, startStack, type Teststack } from './hulp/stack.js';

// A caseworker's day in the browser: find the household in the werkvoorraad,
// read its case, act on it, and find it as left after a reload.

const sleutel = (type: string) => DEMO_SIGNAALPARTNERS.find((p) => p.type === type)!.apiSleutel;
const SCHERMEN = new URL('../docs/schermen/', import.meta.url).pathname;

/**
 * Opens an action's form. The locator clicks only once the button stands
 * still: a plain click during a re-render lands where the layout was, which
 * on a busy CI machine opened no form at all.
 */
async function openActie(pagina: Page, knop: string, veld: string): Promise<void> {
  await pagina.locator(`::-p-text(${knop})`).click();
  try {
    await pagina.waitForSelector(veld, { timeout: 20_000 });
  } catch (fout) {
    throw new Error(`"${knop}" opende ${veld} niet; op de pagina: ${await tekstOp(pagina)}`, {
      cause: fout,
    });
  }
}

async function wachtTotKlaar(pagina: Page): Promise<void> {
  await pagina.waitForSelector('table.vs-werkvoorraad[aria-busy="false"]', { timeout: 20_000 });
}

describe('caseworker journeys in the browser', () => {
  let stack: Teststack;
  let browser: Browser;
  let web: string;
  // Own house numbers and surnames, new for every run: the tests share one database.
  const huisnummer = 951 + Math.floor(Math.random() * 40);
  const achternaam = `Meervoud${Math.random().toString(36).slice(2, 8)}`;
  let meldingId: string;
  let wijk: { code: string; naam: string };

  async function signaal(type: string, overschrijvingen: object): Promise<string> {
    const antwoord = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
      apiSleutel: sleutel(type),
      body: eenSignaal({
        persoon: { voorletters: 'M.', achternaam, geboortedatum: '1979-03-08' },
        adres: { straat: 'Testlaan', postcode: '8011AA', huisnummer, woonplaats: 'Zwolle' },
        ...overschrijvingen,
      }),
    });
    expect(antwoord.status).toBe(201);
    return antwoord.body.id;
  }

  beforeAll(async () => {
    stack = await startStack();
    web = stack.basis.replace(/\/v1$/, '');
    browser = await startBrowser(stack.config.CHROMIUM_PAD);
    mkdirSync(SCHERMEN, { recursive: true });
    const huur = await signaal('HUUR', { bedrag: '812,40' });
    meldingId = await wachtTot(
      async () => (await stack.prisma.signaal.findUnique({ where: { id: huur } }))?.meldingId,
      { wat: 'melding voor het huursignaal' },
    );
    await signaal('ENERGIE', { bedrag: '233,10' });
    // The first letter of the outreach sequence, rendered by the worker's Chromium.
    await wachtTot(
      async () => {
        const m = await stack.prisma.melding.findUnique({
          where: { id: meldingId },
          include: { correspondentie: true, signalen: { include: { wijk: true } } },
        });
        return m?.matchtype === 'MEERVOUDIG' &&
          m.correspondentie.some((c) => c.kanaal === 'BRIEF' && c.pdf !== null)
          ? m
          : undefined;
      },
      { wat: 'meervoudige melding met brief', timeoutMs: 90_000 },
    );
    const metWijk = await stack.prisma.signaal.findUniqueOrThrow({
      where: { id: huur },
      include: { wijk: true },
    });
    wijk = { code: metWijk.wijk!.code, naam: metWijk.wijk!.naam };
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('filters to meervoudig in one wijk, reads the case, registers contact, closes it, and finds it so after a reload', async () => {
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    const weigeringen = cspWeigeringen(pagina);
    await pagina.goto(`${web}/`);
    await verwachtToegankelijk(pagina, 'inloggen');
    await logIn(pagina, 'behandelaar@zwolle.demo', DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Werkvoorraad');
    await wachtTotKlaar(pagina);

    // The counts next to each option come from the server, with the other filters applied.
    await pagina.select('#filter-matchtype', 'MEERVOUDIG');
    await pagina.waitForFunction(`location.search.includes('matchtype=MEERVOUDIG')`);
    await pagina.waitForSelector(`#filter-wijk option[value="${wijk.code}"]`);
    await pagina.select('#filter-wijk', wijk.code);
    await pagina.select('#filter-sortering', '-geopendOp');
    await pagina.waitForFunction(
      `location.search.includes('wijk=${wijk.code}') && location.search.includes('sortering=-geopendOp')`,
    );
    await wachtTotKlaar(pagina);
    const wijkoptie = await pagina.evaluate(
      `document.querySelector('#filter-wijk option[value="${wijk.code}"]').textContent`,
    );
    expect(wijkoptie).toMatch(new RegExp(`^${wijk.naam} \\(\\d+\\)$`));
    const tabel = await tekstOp(pagina);
    expect(tabel).toContain(`M. ${achternaam}`);
    // Every row shown is meervoudig and in the wijk: the filter is applied on the server.
    const rijen = await pagina.$$eval('table.vs-werkvoorraad tbody tr', (trs) =>
      trs.map((tr) => (tr as unknown as { innerText: string }).innerText),
    );
    expect(rijen.length).toBeGreaterThan(0);
    for (const rij of rijen) {
      expect(rij).toContain('Meervoudig');
      expect(rij).toContain(wijk.naam);
    }
    await verwachtToegankelijk(pagina, 'werkvoorraad');
    await pagina.screenshot({ path: `${SCHERMEN}werkvoorraad.png` });

    await pagina.click(`::-p-text(M. ${achternaam})`);
    await pagina.waitForFunction(`location.pathname === '/meldingen/${meldingId}'`);
    await wachtOpTekst(pagina, 'Tijdlijn');
    let tekst = await tekstOp(pagina);
    expect(tekst).toContain('Match: Meervoudig');
    expect(tekst).toContain('Thuisbaas');
    expect(tekst).toContain('€ 812,40');
    expect(tekst).toContain('€ 233,10');
    expect(tekst).toMatch(/Signaal van .+ \(Energie\) toegevoegd, € 233,10/);
    expect(tekst).toMatch(/Brief gemaakt: .+ — Vroegsignaal/);

    // The letter as the household received it, fetched with the session token.
    await pagina.click('::-p-text(Bekijk brief \\(PDF\\))');
    const voorbeeld = await pagina.waitForSelector('.vs-briefvoorbeeld iframe');
    expect(await voorbeeld!.evaluate((f) => (f as unknown as { src: string }).src)).toMatch(
      /^blob:/,
    );
    const pdf = (await pagina.evaluate(
      `fetch(document.querySelector('.vs-briefvoorbeeld iframe').src).then(async (r) => [r.headers.get('content-type'), (await r.text()).slice(0, 5)])`,
    )) as string[];
    expect(pdf).toEqual(['application/pdf', '%PDF-']);
    await pagina.screenshot({ path: `${SCHERMEN}melding.png`, fullPage: true });
    await verwachtToegankelijk(pagina, 'melding');

    // Actions update the view without a reload: a marker on the page survives them.
    await pagina.evaluate('window.zonderHerladen = true');
    await pagina.click('::-p-text(Oppakken)');
    await wachtOpTekst(pagina, 'Status: In behandeling');
    await wachtOpTekst(pagina, 'U behandelt deze melding nu.');

    await openActie(pagina, 'Contactpoging vastleggen', '#actie-soort');
    // Sent without saying whether the person was reached: the form says so first.
    await pagina.click('form#actieformulier button[type=submit]');
    await wachtOpTekst(pagina, 'Geef aan of u de persoon hebt bereikt.');
    await pagina.select('#actie-soort', 'TELEFOON');
    await pagina.click('#actie-bereikt');
    await pagina.type('#actie-toelichting', 'Gebeld, afspraak gemaakt voor budgetgesprek.');
    await pagina.click('form#actieformulier button[type=submit]');
    await wachtOpTekst(pagina, 'De contactpoging is vastgelegd.');
    await wachtOpTekst(pagina, 'Contactpoging (Telefoon) op');
    expect(await tekstOp(pagina)).toContain(
      'bereikt — Gebeld, afspraak gemaakt voor budgetgesprek.',
    );

    await openActie(pagina, 'Resultaat vastleggen en afsluiten', '#actie-resultaat');
    await pagina.click('form#actieformulier button[type=submit]');
    await wachtOpTekst(pagina, 'Kies het resultaat.');
    // The error is announced and tied to its field.
    expect(
      await pagina.evaluate(
        `['aria-invalid', 'aria-describedby'].map((a) => document.querySelector('#actie-resultaat').getAttribute(a))`,
      ),
    ).toEqual(['true', 'actie-resultaat-fout']);
    expect(
      await pagina.$eval('[role=alert]', (e) => (e as unknown as { innerText: string }).innerText),
    ).toContain('Kies het resultaat.');
    await verwachtToegankelijk(pagina, 'melding met formulierfout');
    await pagina.select('#actie-resultaat', 'VERVOLGHULP_OF_VERWIJZING_FINANCIEEL');
    await pagina.click('form#actieformulier button[type=submit]');
    await wachtOpTekst(pagina, 'Status: Afgesloten');
    await wachtOpTekst(pagina, 'Afgesloten met resultaat: Vervolghulp en/of verwijzing financieel');
    expect(await pagina.evaluate('window.zonderHerladen')).toBe(true);

    await pagina.reload();
    await wachtOpTekst(pagina, 'Tijdlijn');
    tekst = await tekstOp(pagina);
    expect(tekst).toContain('Status: Afgesloten');
    expect(tekst).toContain('Resultaat: Vervolghulp en/of verwijzing financieel');
    expect(tekst).toContain('Deze melding is afgesloten.');
    const tijdlijn = tekst.slice(tekst.indexOf('Tijdlijn'));
    const volgorde = [
      'Melding geopend',
      'Signaal van',
      'Brief gemaakt',
      'Opgepakt',
      'Contactpoging (Telefoon)',
      'Afgesloten met resultaat',
    ].map((t) => tijdlijn.indexOf(t));
    expect(volgorde.every((plek) => plek >= 0)).toBe(true);
    expect([...volgorde].sort((a, b) => a - b)).toEqual(volgorde);
    const opgeslagen = await stack.prisma.melding.findUniqueOrThrow({ where: { id: meldingId } });
    expect(opgeslagen).toMatchObject({
      status: 'AFGESLOTEN',
      resultaat: 'VERVOLGHULP_OF_VERWIJZING_FINANCIEEL',
    });
    expect(weigeringen).toEqual([]);
    await context.close();
  }, 120_000);

  it("shows the workflow's refusal when a colleague closed the melding meanwhile", async () => {
    // A household of its own, so this case does not hang on how the one above ended.
    const id = await signaal('WATER', {
      bedrag: '95,00',
      persoon: { voorletters: 'M.', achternaam: `${achternaam}w`, geboortedatum: '1979-03-08' },
      adres: {
        straat: 'Testlaan',
        postcode: '8011AA',
        huisnummer: huisnummer + 40,
        woonplaats: 'Zwolle',
      },
    });
    const ander = await wachtTot(
      async () => (await stack.prisma.signaal.findUnique({ where: { id } }))?.meldingId,
      { wat: 'melding voor het watersignaal' },
    );
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    await pagina.goto(`${web}/meldingen/${ander}`);
    await logIn(pagina, 'behandelaar@zwolle.demo', DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Tijdlijn');

    // Meanwhile a colleague records that it is not picked up, which closes it.
    const sessie = await http<{ token: string }>('POST', `${stack.basis}/sessies`, {
      body: { email: 'teamleider@zwolle.demo', wachtwoord: DEMO_WACHTWOORD },
    });
    const gesloten = await http('POST', `${stack.basis}/meldingen/${ander}/niet-opgepakt`, {
      token: sessie.body.token,
      body: { reden: 'NIET_OPGEPAKT_HERHAALDE_MELDING' },
    });
    expect(gesloten.status).toBe(200);

    await openActie(pagina, 'Notitie toevoegen', '#actie-tekst');
    await pagina.type('#actie-tekst', 'Huisbezoek gepland.');
    await pagina.click('form#actieformulier button[type=submit]');
    await wachtOpTekst(pagina, 'Aan een afgesloten melding kunt u geen notitie meer toevoegen.');
    await context.close();
  }, 60_000);

  it('works with the keyboard alone, with visible focus', async () => {
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    await pagina.goto(`${web}/`);
    await pagina.waitForSelector('#email');
    await pagina.keyboard.press('Tab');
    await pagina.keyboard.type('behandelaar@zwolle.demo');
    await pagina.keyboard.press('Tab');
    await pagina.keyboard.type(DEMO_WACHTWOORD);
    await pagina.keyboard.press('Enter');
    await wachtOpTekst(pagina, 'Werkvoorraad');
    await wachtTotKlaar(pagina);

    // Tab to a melding's link and open it with Enter.
    let gevonden = false;
    for (let i = 0; i < 80 && !gevonden; i++) {
      await pagina.keyboard.press('Tab');
      gevonden = (await pagina.evaluate(
        `document.activeElement?.getAttribute('href')?.startsWith('/meldingen/') ?? false`,
      )) as boolean;
    }
    expect(gevonden).toBe(true);
    // Focus is visible: the focused element draws an outline.
    const omlijning = (await pagina.evaluate(
      `getComputedStyle(document.activeElement).outlineStyle`,
    )) as string;
    expect(omlijning).not.toBe('none');
    await pagina.keyboard.press('Enter');
    await wachtOpTekst(pagina, 'Tijdlijn');
    expect(await pagina.evaluate('location.pathname')).toMatch(/^\/meldingen\//);
    await context.close();
  }, 60_000);

  it("gives a supervisor 'Bekijk in Temporal', which opens the melding's workflow in the Temporal Web UI", async () => {
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    await pagina.goto(`${web}/meldingen/${meldingId}`);
    await logIn(pagina, 'teamleider@zwolle.demo', DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Tijdlijn');
    const link = await pagina.waitForSelector('::-p-text(Bekijk in Temporal)');
    const href = await link!.evaluate((a) => (a as unknown as { href: string }).href);
    expect(href).toBe(
      `${stack.config.TEMPORAL_UI_URL}/namespaces/default/workflows/melding-${meldingId}`,
    );
    const ui = await context.newPage();
    await ui.goto(href);
    await wachtOpTekst(ui, 'meldingWorkflow', 60_000);
    await wachtOpTekst(ui, `melding-${meldingId}`);
    await context.close();

    // A caseworker has no such link.
    const ander = await browser.createBrowserContext();
    const behandelaar = await ander.newPage();
    await behandelaar.goto(`${web}/meldingen/${meldingId}`);
    await logIn(behandelaar, 'behandelaar@zwolle.demo', DEMO_WACHTWOORD);
    await wachtOpTekst(behandelaar, 'Tijdlijn');
    expect(await tekstOp(behandelaar)).not.toContain('Bekijk in Temporal');
    await ander.close();
  }, 90_000);

  it('fits a 1280 and a 1920 wide screen and a tablet without sideways scrolling', async () => {
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    await pagina.goto(`${web}/`);
    await logIn(pagina, 'behandelaar@zwolle.demo', DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Werkvoorraad');
    for (const [breedte, hoogte] of [
      [1280, 900],
      [1920, 1080],
      [820, 1180],
    ] as const) {
      await pagina.setViewport({ width: breedte, height: hoogte });
      for (const pad of ['/', `/meldingen/${meldingId}`]) {
        await pagina.goto(`${web}${pad}`);
        await wachtOpTekst(pagina, pad === '/' ? 'meldingen' : 'Tijdlijn');
        const overloop = (await pagina.evaluate(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        )) as number;
        expect({ breedte, pad, overloop }).toEqual({ breedte, pad, overloop: 0 });
      }
    }
    await context.close();
  }, 90_000);

  it('shows each role only its own screens: no beheer for a caseworker, nothing of a gemeente for a creditor', async () => {
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    await pagina.goto(`${web}/beheer`);
    await logIn(pagina, 'behandelaar@zwolle.demo', DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Werkvoorraad');
    const menu = (await pagina.evaluate(
      `[...document.querySelectorAll('nav[aria-label=Hoofdmenu] a')].map((a) => a.textContent)`,
    )) as string[];
    expect(menu).toEqual(['Werkvoorraad', 'Overzicht']);
    expect(await tekstOp(pagina)).not.toContain('Gebruiker uitnodigen');
    await context.close();

    const portaal = await browser.createBrowserContext();
    const schuldeiser = await portaal.newPage();
    await schuldeiser.goto(`${web}/meldingen/${meldingId}`);
    await logIn(schuldeiser, 'portaal@thuisbaas.demo', DEMO_WACHTWOORD);
    await wachtOpTekst(schuldeiser, 'Aanleveren');
    const tekst = await tekstOp(schuldeiser);
    expect(tekst).not.toContain(achternaam);
    expect(tekst).not.toContain('Werkvoorraad');
    expect(tekst).not.toContain('Tijdlijn');
    await portaal.close();
  }, 60_000);
});
