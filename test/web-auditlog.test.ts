import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'puppeteer-core';
import { DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import {
  logIn,
  startBrowser,
  tekstOp,
  verwachtToegankelijk,
  wachtOpTekst,
} from './hulp/browser.js';
import { http, logIn as logInApi, startStack, type Teststack } from './hulp/stack.js';

// A teamleider looks up in the browser who opened a melding; a behandelaar
// is not offered the audit log at all. Gemeente 9813 is this test's own.

const CODE = '9813';

describe('browser: the audit log', () => {
  let stack: Teststack;
  let browser: Browser;
  let web: string;
  let meldingId = '';

  beforeAll(async () => {
    stack = await startStack();
    web = stack.basis.replace(/\/v1$/, '');
    browser = await startBrowser(stack.config.CHROMIUM_PAD);
    const { prisma } = stack;
    const gemeente = await prisma.gemeente.upsert({
      where: { code: CODE },
      create: { code: CODE, naam: 'Logboekstad' },
      update: {},
    });
    const { wachtwoordHash } = await prisma.gebruiker.findUniqueOrThrow({
      where: { email: 'behandelaar@zwolle.demo' },
    });
    for (const [email, naam, rol] of [
      ['teamleider@logboekstad.test', 'Tineke Teamleider', 'TEAMLEIDER'],
      ['behandelaar@logboekstad.test', 'Bram Behandelaar', 'BEHANDELAAR'],
    ] as const)
      await prisma.gebruiker.upsert({
        where: { email },
        create: { email, naam, rol, gemeenteId: gemeente.id, wachtwoordHash },
        update: {},
      });
    meldingId = (
      await prisma.melding.create({
        data: { gemeenteId: gemeente.id, adressleutel: `${CODE}AA|${randomUUID()}` },
      })
    ).id;
    // The behandelaar opens the melding: the entry the teamleider will look for.
    const behandelaar = await logInApi(
      stack.basis,
      'behandelaar@logboekstad.test',
      DEMO_WACHTWOORD,
    );
    expect(
      (await http('GET', `${stack.basis}/meldingen/${meldingId}`, { token: behandelaar })).status,
    ).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a teamleider filters the audit log on an action and sees who opened the melding', async () => {
    const pagina = await browser.newPage();
    await pagina.goto(`${web}/`);
    await logIn(pagina, 'teamleider@logboekstad.test', DEMO_WACHTWOORD);
    await pagina.waitForSelector('::-p-xpath(//nav//a[normalize-space(.)="Auditlog"])');
    await pagina.click('::-p-xpath(//nav//a[normalize-space(.)="Auditlog"])');
    await wachtOpTekst(pagina, 'Auditregels, nieuwste eerst');
    expect(await pagina.title()).toBe('Auditlog — Vroegsignaal');
    // The teamleider's own login is in the log too.
    await wachtOpTekst(pagina, 'inloggen');
    await verwachtToegankelijk(pagina, 'auditlog');

    await pagina.type('#audit-actie', 'melding_inzien');
    await pagina.click('::-p-xpath(//button[normalize-space(.)="Zoeken"])');
    await wachtOpTekst(pagina, '1 regels');
    const tekst = await tekstOp(pagina);
    expect(tekst).toContain('Bram Behandelaar (behandelaar@logboekstad.test)');
    expect(tekst).toContain(`Melding ${meldingId}`);
    expect(tekst).toContain('Logboekstad');
    expect(tekst).toContain('Gelukt');
    expect(tekst).not.toContain('inloggen\t');
    await verwachtToegankelijk(pagina, 'auditlog gefilterd');
    await pagina.close();
  });

  it('a behandelaar is not offered the audit log', async () => {
    const pagina = await browser.newPage();
    await pagina.goto(`${web}/`);
    await logIn(pagina, 'behandelaar@logboekstad.test', DEMO_WACHTWOORD);
    await pagina.waitForSelector('::-p-xpath(//nav//a[normalize-space(.)="Werkvoorraad"])');
    const menu = (await pagina.evaluate(
      `document.querySelector('nav[aria-label="Hoofdmenu"]').innerText`,
    )) as string;
    expect(menu).toContain('Werkvoorraad');
    expect(menu).not.toContain('Auditlog');
    // Typing the address does not open it either.
    await pagina.goto(`${web}/auditlog`);
    await pagina.waitForSelector('::-p-xpath(//nav//a[normalize-space(.)="Werkvoorraad"])');
    expect(await tekstOp(pagina)).not.toContain('Auditregels');
    await pagina.close();
  });
});
