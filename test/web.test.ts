import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'puppeteer-core';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { logIn, startBrowser, tekstOp, wachtOpTekst } from './hulp/browser.js';
import { wachtTot } from './hulp/omgeving.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, startStack, type Teststack } from './hulp/stack.js';

// The browser app as a caseworker uses it, in real Chromium against the real
// stack: what counts is the text on the screen, not the API's answers.

const HUUR = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!.apiSleutel;

describe('browser application', () => {
  let stack: Teststack;
  let browser: Browser;
  let web: string;
  // Own house numbers, new for every run: the tests share one database.
  const huisnummer = 900 + Math.floor(Math.random() * 51);
  const achternaam = `Webtest${Math.random().toString(36).slice(2, 8)}`;
  let meldingId: string;

  beforeAll(async () => {
    stack = await startStack();
    web = stack.basis.replace(/\/v1$/, '');
    browser = await startBrowser(stack.config.CHROMIUM_PAD);
    const signaal = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
      apiSleutel: HUUR,
      body: eenSignaal({
        crisissignaal: true,
        persoon: { voorletters: 'W.', achternaam, geboortedatum: '1981-04-12' },
        adres: { postcode: '8011AA', huisnummer, woonplaats: 'Zwolle' },
      }),
    });
    expect(signaal.status).toBe(201);
    meldingId = await wachtTot(
      async () =>
        (await stack.prisma.signaal.findUnique({ where: { id: signaal.body.id } }))?.meldingId,
      { wat: 'melding voor het signaal' },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a caseworker logs in, finds the melding in the werkvoorraad and opens it', async () => {
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    await pagina.goto(`${web}/`);
    await wachtOpTekst(pagina, 'Inloggen');

    await logIn(pagina, 'onbekend@zwolle.demo', 'fout-wachtwoord');
    await wachtOpTekst(pagina, 'De combinatie van e-mailadres en wachtwoord klopt niet.');

    await logIn(pagina, 'behandelaar@zwolle.demo', DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Werkvoorraad');
    await wachtOpTekst(pagina, 'Uitloggen');

    // Filter on crisis: the choice shows in the URL as a code.
    await pagina.select('#filter-crisis', 'true');
    await pagina.waitForFunction(`location.search.includes('crisis=true')`);
    await wachtOpTekst(pagina, 'meldingen');

    // Other tests add crisis meldingen too: page on until ours shows.
    for (let i = 0; i < 40; i++) {
      await pagina.waitForSelector('table.vs-werkvoorraad[aria-busy="false"]');
      if ((await tekstOp(pagina)).includes(achternaam)) break;
      const volgende = await pagina.$('::-p-text(Volgende)');
      if (!volgende) break;
      await volgende.click();
    }
    const rij = await pagina.waitForSelector(
      `::-p-xpath(//tr[.//a[contains(., '${achternaam}')]])`,
    );
    const rijtekst = await rij!.evaluate((e) => (e as unknown as { innerText: string }).innerText);
    expect(rijtekst).toContain('Crisis');
    expect(rijtekst).toContain('Enkelvoudig');
    expect(rijtekst).toContain(`${huisnummer}, 8011AA`);

    await pagina.click(`::-p-text(W. ${achternaam})`);
    await pagina.waitForFunction(`location.pathname === '/meldingen/${meldingId}'`);
    await wachtOpTekst(pagina, 'Tijdlijn');
    const tekst = await tekstOp(pagina);
    expect(tekst).toContain('Match: Enkelvoudig');
    expect(tekst).toContain('Crisis');
    expect(tekst).toContain(`W. ${achternaam}, geboren 12-4-1981`);
    expect(tekst).toContain('€ 412,50');
    expect(tekst).toContain('Melding geopend');
    expect(tekst).toContain('Signaal van Woonstichting Thuisbaas (Huur) toegevoegd, € 412,50');

    // Nothing personal outside the page itself.
    expect(await pagina.title()).toBe('Melding — Vroegsignaal');
    expect(pagina.url()).not.toContain(achternaam);
    const opslag = await pagina.evaluate(
      `({ sessie: Object.keys(sessionStorage), lokaal: Object.keys(localStorage) })`,
    );
    expect(opslag).toEqual({ sessie: ['vroegsignaal.sessie'], lokaal: [] });

    await pagina.click('::-p-text(Uitloggen)');
    await wachtOpTekst(pagina, 'Inloggen');
    expect(await pagina.evaluate(`Object.keys(sessionStorage)`)).toEqual([]);
    await context.close();
  });

  it("a caseworker of another gemeente sees 'niet gevonden', not the melding", async () => {
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    await pagina.goto(`${web}/meldingen/${meldingId}`);
    await logIn(pagina, 'behandelaar@utrecht.demo', DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Deze melding is niet gevonden.');
    const tekst = await tekstOp(pagina);
    expect(tekst).not.toContain(achternaam);
    expect(tekst).not.toContain('8011AA');
    await context.close();
  });

  it('returns to the login screen when the session has ended', async () => {
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    await pagina.goto(`${web}/`);
    await logIn(pagina, 'behandelaar@zwolle.demo', DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Uitloggen');
    // Ended on the server, as when it expires: the app hears 401 on its next request.
    const { token } = JSON.parse(
      (await pagina.evaluate(`sessionStorage.getItem('vroegsignaal.sessie')`)) as string,
    ) as { token: string };
    expect((await http('DELETE', `${stack.basis}/sessies/huidige`, { token })).status).toBe(204);
    await pagina.select('#filter-status', 'OPEN');
    await wachtOpTekst(pagina, 'E-mailadres');
    expect(await pagina.evaluate(`Object.keys(sessionStorage)`)).toEqual([]);
    await context.close();
  });

  it('leaves the API alone: unknown /v1 paths stay problem+json', async () => {
    const antwoord = await fetch(`${stack.basis}/bestaat-niet`);
    expect(antwoord.status).toBe(404);
    expect(antwoord.headers.get('content-type')).toContain('application/problem+json');
    const app = await fetch(`${web}/meldingen/iets`);
    expect(app.status).toBe(200);
    expect(app.headers.get('content-type')).toContain('text/html');
    // Only the app's own code runs, and nobody can frame it.
    const csp = app.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
