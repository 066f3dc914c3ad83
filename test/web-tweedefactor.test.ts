import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'puppeteer-core';
import { base32Decodeer, hotp, totpStap } from '../domain/totp.js';
import { DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { logIn, startBrowser, tekstOp, wachtOpTekst } from './hulp/browser.js';
import { richtProefgemeenteIn, type Proefgemeente } from './hulp/proefgemeente.js';
import { startStack, type Teststack } from './hulp/stack.js';

// The second factor in the browser: a caseworker sets it up, logs out, and
// logs in again with a code; an ended session returns to the login screen
// with a message, a logout without one. Gemeente 9825, users of its own.

const CODE = '9825';

describe('browser: tweede factor en verlopen sessie', () => {
  let stack: Teststack;
  let browser: Browser;
  let web: string;
  let gemeente: Proefgemeente;
  const email = `web-factor-${Math.random().toString(36).slice(2, 8)}@factor.test`;

  beforeAll(async () => {
    stack = await startStack();
    web = stack.basis.replace(/\/v1$/, '');
    browser = await startBrowser(stack.config.CHROMIUM_PAD);
    gemeente = await richtProefgemeenteIn(stack, { code: CODE, naam: 'Webfactorstad', wijken: [] });
    await gemeente.gebruiker(email, 'BEHANDELAAR');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('sets up a second factor and logs in with a code', async () => {
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    await pagina.goto(`${web}/`);
    await logIn(pagina, email, DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Uitloggen');

    await (await pagina.waitForSelector('::-p-text(Tweede factor)'))!.click();
    await (await pagina.waitForSelector('::-p-text(Tweede factor instellen)'))!.click();
    const geheimElement = await pagina.waitForSelector('#totp-geheim');
    const geheim = await geheimElement!.evaluate(
      (e) => (e as unknown as { innerText: string }).innerText,
    );
    expect(geheim).toMatch(/^[A-Z2-7]{32}$/);
    await wachtOpTekst(
      pagina,
      `otpauth://totp/Vroegsignaal:${encodeURIComponent(email)}?secret=${geheim}`,
    );
    const code = (verschuiving: number) =>
      hotp(base32Decodeer(geheim), totpStap(Date.now()) + verschuiving);
    await pagina.type('#totpCode', code(0));
    await pagina.click('button[type=submit]');
    await wachtOpTekst(pagina, 'De tweede factor staat aan.');
    expect(await tekstOp(pagina)).not.toContain(geheim);

    await (await pagina.waitForSelector('::-p-text(Uitloggen)'))!.click();
    await wachtOpTekst(pagina, 'Inloggen');
    expect(await tekstOp(pagina)).not.toContain('Uw sessie is verlopen');

    // The password alone: the form asks for the code instead of failing.
    await logIn(pagina, email, DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Code uit uw authenticator-app');
    expect(await tekstOp(pagina)).not.toContain('Inloggen mislukt');

    await pagina.type('#totpCode', code(0) === '000000' ? '111111' : '000000');
    await pagina.click('button[type=submit]');
    await wachtOpTekst(pagina, 'De code van de tweede factor klopt niet.');

    // The confirmation used the current step; the next one is fresh (drift of one step).
    await pagina.type('#totpCode', code(1));
    await pagina.click('button[type=submit]');
    await wachtOpTekst(pagina, 'Werkvoorraad');
    await wachtOpTekst(pagina, 'Uitloggen');
    await context.close();
  });

  it('an expired session returns to the login screen with "Uw sessie is verlopen"', async () => {
    const andere = `web-verlopen-${Math.random().toString(36).slice(2, 8)}@factor.test`;
    await gemeente.gebruiker(andere, 'BEHANDELAAR');
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    await pagina.goto(`${web}/`);
    await logIn(pagina, andere, DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Uitloggen');
    // Let the werkvoorraad finish loading, so the session ends between two actions.
    await pagina.waitForNetworkIdle({ idleTime: 300 });

    const { id } = await stack.prisma.gebruiker.findUniqueOrThrow({ where: { email: andere } });
    await stack.prisma.sessie.updateMany({
      where: { gebruikerId: id },
      data: { verlooptOp: new Date(Date.now() - 1000) },
    });
    // The next thing the user does meets the ended session.
    await (await pagina.waitForSelector('::-p-text(Overzicht)'))!.click();
    await wachtOpTekst(pagina, 'Uw sessie is verlopen. Log opnieuw in.');
    await pagina.waitForSelector('#wachtwoord');
    await context.close();
  });
});
