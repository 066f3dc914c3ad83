import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'puppeteer-core';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { meldingIn, richtGemeenteIn } from './hulp/beheerstad.js';
import { eersteBlad, xlsx } from './hulp/bestanden.js';
import {
  logIn,
  startBrowser,
  tekstOp,
  verwachtToegankelijk,
  wachtOpTekst,
} from './hulp/browser.js';
import { wachtTot } from './hulp/omgeving.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, startStack, type Teststack } from './hulp/stack.js';

// Two journeys in real Chromium: a creditor delivering a file through the
// portal, and a gemeente admin inviting an external user who then sees only
// the wijk the admin chose. What counts is what the user sees and downloads.

const CODE = '9982';
const KOPPEN = [
  'Referentie',
  'Signaaldatum',
  'Ontstaansdatum',
  'Bedrag achterstand',
  'Achternaam',
  'Geboortedatum',
  'Postcode',
  'Huisnummer',
  'Woonplaats',
];

/** Waits until Chromium has finished writing one new file into the folder. */
function gedownload(map: string, naam: RegExp): Promise<Buffer> {
  return wachtTot(
    () => {
      const bestand = readdirSync(map).find((f) => naam.test(f) && !f.endsWith('.crdownload'));
      return Promise.resolve(bestand ? readFileSync(path.join(map, bestand)) : null);
    },
    { wat: `download ${naam}` },
  );
}

async function tabOpenen(pagina: Page, naam: string, kenmerk: string): Promise<void> {
  await pagina.click(`::-p-xpath(//nav//button[normalize-space(.)='${naam}'])`);
  await pagina.waitForFunction(
    `document.getElementById('beheer-onderdeel')?.innerText === ${JSON.stringify(naam)}`,
  );
  await wachtOpTekst(pagina, kenmerk);
}

describe('browser: portal and beheer', () => {
  let stack: Teststack;
  let browser: Browser;
  let web: string;
  let omgeving: Awaited<ReturnType<typeof richtGemeenteIn>>;

  beforeAll(async () => {
    stack = await startStack();
    web = stack.basis.replace(/\/v1$/, '');
    browser = await startBrowser(stack.config.CHROMIUM_PAD);
    omgeving = await richtGemeenteIn(stack, CODE, 'Wijkstad');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('A: a creditor downloads the template, uploads a file, watches it finish and gets the row report', async () => {
    const map = mkdtempSync(path.join(tmpdir(), 'vs-portaal-'));
    const pagina = await browser.newPage();
    const cdp = await pagina.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: map });

    await pagina.goto(`${web}/`);
    await logIn(pagina, 'portaal@thuisbaas.demo', DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Eerdere aanleveringen');
    await verwachtToegankelijk(pagina, 'portaal: aanleveren');

    await pagina.click('::-p-text(Sjabloon downloaden)');
    const sjabloon = await eersteBlad(await gedownload(map, /sjabloon.*\.xlsx$/));
    expect(sjabloon[0]).toEqual(expect.arrayContaining(['Referentie', 'Signaaldatum']));

    const uniek = Math.random().toString(36).slice(2, 8);
    const goed = (n: number) => [
      `PORTAAL-${uniek}-${n}`,
      '02-11-2026',
      '01-08-2026',
      '99,95',
      `Portaal${uniek}`,
      '17-05-1980',
      '8011AA',
      String(800 + n),
      'Zwolle',
    ];
    const fout = [...goed(99)];
    fout[0] = `PORTAAL-${uniek}-FOUT`;
    fout[6] = 'ABCDEF';
    const bestand = path.join(map, `aanlevering-${uniek}.xlsx`);
    writeFileSync(
      bestand,
      await xlsx(KOPPEN, [...Array.from({ length: 10 }, (_, i) => goed(i + 1)), fout]),
    );
    const invoer = await pagina.waitForSelector('#aanleverbestand');
    await (invoer as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(bestand);
    await pagina.click('::-p-xpath(//button[normalize-space(.)="Aanleveren"])');

    // The bar follows the rows until every one is done.
    await pagina.waitForSelector('progress#voortgang');
    expect(
      await pagina.evaluate(`document.querySelector('progress#voortgang').labels[0].textContent`),
    ).toBe('Voortgang');
    await wachtOpTekst(pagina, '11 van 11 rijen verwerkt. Klaar.', 60_000);
    expect(
      await pagina.evaluate(
        `(p => [p.value, p.max])(document.querySelector('progress#voortgang'))`,
      ),
    ).toEqual([11, 11]);
    const samenvatting = await tekstOp(pagina);
    expect(samenvatting).toMatch(/Geaccepteerd\s+10/);
    expect(samenvatting).toMatch(/Afgewezen\s+1/);
    await wachtOpTekst(pagina, `PORTAAL-${uniek}-FOUT`);
    expect(await tekstOp(pagina)).toMatch(/postcode/i);
    await verwachtToegankelijk(pagina, 'portaal: na de verwerking');
    mkdirSync(path.resolve('docs/schermen'), { recursive: true });
    await pagina.screenshot({ path: path.resolve('docs/schermen/upload.png'), fullPage: true });

    await pagina.click('::-p-text(Foutenrapport downloaden)');
    const rapport = await eersteBlad(await gedownload(map, /^foutenrapport-.*\.xlsx$/));
    expect(rapport).toHaveLength(2);
    expect(rapport[1]).toEqual(expect.arrayContaining([`PORTAAL-${uniek}-FOUT`, 'ABCDEF']));

    // The delivery is in the list, and its detail shows the rejected row again.
    await pagina.click(
      `::-p-xpath(//tr[.//td[normalize-space(.)='aanlevering-${uniek}.xlsx']]//a)`,
    );
    await wachtOpTekst(pagina, 'Aanlevering van');
    await wachtOpTekst(pagina, `PORTAAL-${uniek}-FOUT`);
    await verwachtToegankelijk(pagina, 'portaal: aanlevering');

    await pagina.click('::-p-text(Terugkoppeling per signaal)');
    await wachtOpTekst(pagina, 'Terugkoppeling per signaal');
    await pagina.waitForSelector('table');
    await verwachtToegankelijk(pagina, 'portaal: terugkoppeling');
    await pagina.close();
  }, 120_000);

  it('B: an admin invites an external user for one wijk, who accepts and sees only that wijk', async () => {
    const [inA, inB] = await Promise.all([
      meldingIn(stack, CODE, 'A'),
      meldingIn(stack, CODE, 'B'),
    ]);
    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    await pagina.goto(`${web}/`);
    await logIn(pagina, omgeving.beheerder, DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Uitloggen');
    await pagina.click('::-p-xpath(//nav[@aria-label="Hoofdmenu"]//a[.="Beheer"])');
    await wachtOpTekst(pagina, 'Gebruiker uitnodigen');
    await wachtOpTekst(pagina, `behandelaar@wijkstad.test`);
    await verwachtToegankelijk(pagina, 'beheer: gebruikers');

    const email = `extern-${Math.random().toString(36).slice(2, 8)}@schuldhulp.test`;
    await pagina.type('#uitnodiging-email', email);
    await pagina.type('#uitnodiging-naam', 'Esther Extern');
    await pagina.select('#uitnodiging-rol', 'EXTERN');
    await pagina.waitForSelector(`#uitnodiging-wijk-${omgeving.wijkA.code}`);
    await pagina.click(`#uitnodiging-wijk-${omgeving.wijkA.code}`);
    // Without the organisation the API refuses; the message stands at the field.
    await pagina.click('::-p-xpath(//button[.="Uitnodigen"])');
    await wachtOpTekst(pagina, 'Vul de organisatie in van een externe gebruiker.');
    expect(
      await pagina.evaluate(`(e => [
        e.getAttribute('aria-invalid'),
        document.getElementById(e.getAttribute('aria-describedby')).textContent,
      ])(document.getElementById('uitnodiging-organisatie'))`),
    ).toEqual(['true', 'Vul de organisatie in van een externe gebruiker.']);
    expect(await pagina.evaluate(`document.querySelector('[role=alert]').textContent`)).toContain(
      'De invoer is ongeldig.',
    );
    await verwachtToegankelijk(pagina, 'beheer: uitnodiging met fout');

    await pagina.type('#uitnodiging-organisatie', 'Stichting Schuldhulp');
    await pagina.click('::-p-xpath(//button[.="Uitnodigen"])');
    await pagina.waitForSelector('#uitnodigingslink');
    const link = await pagina.$eval(
      '#uitnodigingslink',
      (e) => (e as unknown as { value: string }).value,
    );
    expect(link).toMatch(new RegExp(`^${web}/uitnodiging#[A-Za-z0-9_-]{40,}$`));
    await pagina.waitForSelector(`::-p-xpath(//tr[td[.='${email}']])`);
    const rij = await pagina.$eval(
      `::-p-xpath(//tr[td[.='${email}']])`,
      (e) => (e as unknown as { innerText: string }).innerText,
    );
    expect(rij).toContain('Stichting Schuldhulp — Noorderwijk');
    expect(rij).toContain('Uitgenodigd');

    // Every other tab passes axe too.
    await tabOpenen(pagina, 'Wijken en kernen', 'Noorderwijk');
    await verwachtToegankelijk(pagina, 'beheer: wijken en kernen');
    await tabOpenen(pagina, 'Uitnodigingsreeks en brieven', 'Briefsjablonen');
    await pagina.waitForSelector('::-p-xpath(//button[starts-with(., "Bewerken")])');
    await pagina.click('::-p-xpath(//button[starts-with(., "Bewerken")])');
    await pagina.waitForSelector('#sjabloon-tekst');
    await pagina.click('::-p-text(Voorbeeld tonen)');
    await pagina.waitForSelector('iframe[title="Voorbeeld van de brief"]');
    expect(
      await pagina.evaluate(`(e => [e.getAttribute('sandbox'), e.srcdoc.includes('Voorbeeldstraat 1')])(
        document.querySelector('iframe[title="Voorbeeld van de brief"]'))`),
    ).toEqual(['', true]);
    await verwachtToegankelijk(pagina, 'beheer: uitnodigingsreeks en brieven');
    await tabOpenen(pagina, 'Instellingen', 'Huisstijlkleur');
    await pagina.click('#instelling-huisstijlKleur', { count: 3 });
    await pagina.type('#instelling-huisstijlKleur', '#ffee00');
    await pagina.click('::-p-text(Instellingen opslaan)');
    await wachtOpTekst(pagina, 'De kleur #ffee00 is te licht');
    await verwachtToegankelijk(pagina, 'beheer: instellingen');
    await context.close();

    // The external user opens the link in a fresh browser.
    const extern = await browser.createBrowserContext();
    const scherm = await extern.newPage();
    await scherm.goto(link);
    await wachtOpTekst(scherm, 'Uitnodiging aanvaarden');
    // The token leaves the address bar at once.
    expect(new URL(scherm.url()).hash).toBe('');
    await verwachtToegankelijk(scherm, 'uitnodiging aanvaarden');
    const wachtwoord = 'Extern-wachtwoord-2026';
    await scherm.type('#wachtwoord-nieuw', 'te-kort');
    await scherm.type('#wachtwoord-herhaling', 'te-kort');
    await scherm.click('::-p-text(Wachtwoord instellen)');
    await wachtOpTekst(scherm, 'Kies een wachtwoord van minstens 12 tekens.');
    await scherm.click('#wachtwoord-nieuw', { count: 3 });
    await scherm.type('#wachtwoord-nieuw', wachtwoord);
    await scherm.click('#wachtwoord-herhaling', { count: 3 });
    await scherm.type('#wachtwoord-herhaling', wachtwoord);
    await scherm.click('::-p-text(Wachtwoord instellen)');
    await wachtOpTekst(scherm, 'Uw wachtwoord is ingesteld. U kunt nu inloggen.');
    await scherm.click('::-p-text(Naar inloggen)');
    await logIn(scherm, email, wachtwoord);
    await wachtOpTekst(scherm, 'Werkvoorraad');
    await wachtOpTekst(scherm, `${inA.huisnummer}, ${CODE}AA`);
    const werkvoorraad = await tekstOp(scherm);
    expect(werkvoorraad).toContain(inA.achternaam);
    expect(werkvoorraad).not.toContain(inB.achternaam);
    expect(werkvoorraad).not.toContain(`${CODE}AB`);

    await scherm.goto(`${web}/meldingen/${inB.id}`);
    await wachtOpTekst(scherm, 'Deze melding is niet gevonden.');
    expect(await tekstOp(scherm)).not.toContain(inB.achternaam);
    await extern.close();
  }, 120_000);

  it('C: the operator manages creditors, sees the routing table and assigns a held signal', async () => {
    const huisnummer = 1 + Math.floor(Math.random() * 9000);
    const vastgehouden = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
      apiSleutel: DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!.apiSleutel,
      body: eenSignaal({ adres: { postcode: '9989ZY', huisnummer, woonplaats: 'Nergens' } }),
    });
    expect(vastgehouden.status).toBe(201);
    await wachtTot(
      async () =>
        (await stack.prisma.signaal.findUnique({ where: { id: vastgehouden.body.id } }))
          ?.routeringsstatus === 'ONBEKEND_ADRES',
      { wat: 'signaal vastgehouden' },
    );

    const context = await browser.createBrowserContext();
    const pagina = await context.newPage();
    await pagina.goto(`${web}/`);
    await logIn(pagina, 'operator@vroegsignaal.demo', DEMO_WACHTWOORD);
    await wachtOpTekst(pagina, 'Woonstichting Thuisbaas');
    await verwachtToegankelijk(pagina, 'platformbeheer: signaalpartners');

    const naam = `Browserpartner ${Math.random().toString(36).slice(2, 8)}`;
    await pagina.type('#partner-naam', naam);
    await pagina.select('#partner-type', 'ENERGIE');
    await pagina.click('::-p-xpath(//button[.="Aanmaken"])');
    await wachtOpTekst(pagina, `Signaalpartner ${naam} is aangemaakt.`);
    const partner = await stack.prisma.signaalpartner.findUniqueOrThrow({ where: { naam } });
    await pagina.waitForSelector(`#koppeling-partner option[value="${partner.id}"]`);
    await pagina.select('#koppeling-partner', partner.id);
    await pagina.type('#koppeling-gemeente', CODE);
    await pagina.type('#koppeling-grondslag', 'Wgs art. 3');
    // Without a start date the API says what is missing, next to the field.
    await pagina.click('::-p-text(Koppeling opslaan)');
    await wachtOpTekst(pagina, 'Startdatum is een datum als JJJJ-MM-DD.');
    expect(
      await pagina.evaluate(
        `document.getElementById('koppeling-start').getAttribute('aria-describedby')`,
      ),
    ).toBe('koppeling-start-fout');
    await verwachtToegankelijk(pagina, 'platformbeheer: koppeling met fout');
    // Focus lands on the date field's first part; 01-01 reads the same in either order.
    await pagina.focus('#koppeling-start');
    await pagina.keyboard.type('01012026');
    await pagina.click('::-p-text(Koppeling opslaan)');
    await wachtOpTekst(pagina, 'De koppeling is vastgelegd.');
    await wachtOpTekst(pagina, 'Wijkstad (Wgs art. 3, vanaf 1-1-2026)');

    await tabOpenen(pagina, 'Routeringstabel', 'Geïmporteerde edities');
    const jaar = (
      await stack.prisma.routeringstabel.findFirstOrThrow({ orderBy: { jaar: 'desc' } })
    ).jaar;
    await wachtOpTekst(pagina, String(jaar));
    await verwachtToegankelijk(pagina, 'platformbeheer: routeringstabel');

    await tabOpenen(pagina, 'Vastgehouden signalen', 'Wacht sinds');
    await wachtOpTekst(pagina, `9989ZY ${huisnummer}`);
    await verwachtToegankelijk(pagina, 'platformbeheer: vastgehouden signalen');
    await pagina.type(`#toewijzen-${vastgehouden.body.id}`, CODE);
    await pagina.click(
      `::-p-xpath(//tr[.//input[@id='toewijzen-${vastgehouden.body.id}']]//button)`,
    );
    await wachtOpTekst(pagina, `is toegewezen aan gemeente ${CODE}.`);
    await pagina.waitForFunction(
      `!document.body.innerText.includes(${JSON.stringify(`9989ZY ${huisnummer}`)})`,
    );
    const signaal = await stack.prisma.signaal.findUniqueOrThrow({
      where: { id: vastgehouden.body.id },
      include: { gemeente: true },
    });
    expect([signaal.routeringsstatus, signaal.gemeente?.code]).toEqual(['GEROUTEERD', CODE]);
    await context.close();
  }, 120_000);
});
