import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import {
  meldingWorkflowId,
  type SignaalToegevoegd,
  signaalToegevoegdSignal,
} from '../workflows/contracts.js';
import type { meldingWorkflow } from '../workflows/melding.workflow.js';
import {
  logIn as logInBrowser,
  startBrowser,
  tekstOp,
  verwachtToegankelijk,
  wachtOpTekst,
} from './hulp/browser.js';
import { wachtTot } from './hulp/omgeving.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// Bulk actions end to end on the real stack: every melding gets the same
// workflow Update as a single action, so each is judged on its own state.
// Two gemeenten of its own keep other tests' meldingen out of the way.

const ZORG = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'ZORG')!;
const HIER = { code: '9971', naam: 'Bulkstad' };
const DAAR = { code: '9972', naam: 'Anderdorp' };
const POSTCODE = '9971AA';
const GROOT = 500;

interface Bulkactie {
  id: string;
  status: 'BEZIG' | 'KLAAR';
  actie: Record<string, string>;
  totaal: number;
  verwerkt: number;
  gelukt: number;
  geweigerd: number;
  mislukt: number;
  aangemaaktOp: string;
  klaarOp: string | null;
  items: { meldingId: string; uitkomst: string | null; toelichting: string | null }[];
}

interface Melding {
  id: string;
  status: string;
  behandelaar: { id: string; naam: string } | null;
  correspondentie: { id: string; kanaal: string; sjabloon: string }[];
  tijdlijn: { soort: string; door: { naam: string } | null }[];
}

interface Probleem {
  title: string;
  detail?: string;
  invalidParams?: { name: string; reason: string }[];
}

describe('bulk actions on meldingen', () => {
  let stack: Teststack;
  let hier: { id: string };
  let daar: { id: string };
  let behandelaar: string;
  let teamleider: string;
  let behandelaarDaar: string;
  let collegaId: string;

  async function gebruiker(email: string, rol: 'BEHANDELAAR' | 'TEAMLEIDER', gemeenteId: string) {
    const { wachtwoordHash } = await stack.prisma.gebruiker.findUniqueOrThrow({
      where: { email: 'behandelaar@zwolle.demo' },
    });
    const g = await stack.prisma.gebruiker.upsert({
      where: { email },
      create: { email, naam: email.split('@')[0]!, rol, gemeenteId, wachtwoordHash },
      update: {},
    });
    return { id: g.id, token: await logIn(stack.basis, email, DEMO_WACHTWOORD) };
  }

  beforeAll(async () => {
    stack = await startStack();
    const { prisma } = stack;
    const jaar = (await prisma.routeringstabel.findFirstOrThrow({ orderBy: { jaar: 'desc' } }))
      .jaar;
    const [a, b] = await Promise.all(
      [HIER, DAAR].map((g) =>
        prisma.gemeente.upsert({ where: { code: g.code }, create: g, update: {} }),
      ),
    );
    hier = a!;
    daar = b!;
    await prisma.routeringsadres.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({
        jaar,
        postcode: POSTCODE,
        huisnummer: i + 1,
        buurtcode: '99710101',
        wijkcode: '997101',
        gemeentecode: HIER.code,
      })),
      skipDuplicates: true,
    });
    const { id: zorgId } = await prisma.signaalpartner.findUniqueOrThrow({
      where: { naam: ZORG.naam },
    });
    await prisma.koppeling.upsert({
      where: { signaalpartnerId_gemeenteId: { signaalpartnerId: zorgId, gemeenteId: hier.id } },
      create: {
        signaalpartnerId: zorgId,
        gemeenteId: hier.id,
        grondslag: 'Wgs art. 3 (test)',
        startdatum: new Date('2020-01-01'),
      },
      update: {},
    });
    // No outreach: the only letters here are the ones the caseworker asks for.
    await prisma.uitnodigingsreeks.create({
      data: {
        gemeenteId: hier.id,
        versie: 1 + (await prisma.uitnodigingsreeks.count({ where: { gemeenteId: hier.id } })),
        stappen: [],
      },
    });
    behandelaar = (await gebruiker('behandelaar@bulkstad.test', 'BEHANDELAAR', hier.id)).token;
    const tl = await gebruiker('teamleider@bulkstad.test', 'TEAMLEIDER', hier.id);
    teamleider = tl.token;
    collegaId = (await gebruiker('collega@bulkstad.test', 'BEHANDELAAR', hier.id)).id;
    behandelaarDaar = (await gebruiker('behandelaar@anderdorp.test', 'BEHANDELAAR', daar.id)).token;
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  /** A melding with a real person and address, through intake. */
  async function meldingMetSignaal(huisnummer: number): Promise<string> {
    const { status, body } = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
      apiSleutel: ZORG.apiSleutel,
      body: eenSignaal({
        persoon: { voorletters: 'B.', achternaam: 'Bulktest', geboortedatum: '1970-03-04' },
        adres: { straat: 'Bulkweg', postcode: POSTCODE, huisnummer, woonplaats: 'Bulkstad' },
      }),
    });
    expect(status).toBe(201);
    const gekoppeld = await wachtTot(
      () => stack.prisma.signaal.findFirst({ where: { id: body.id, meldingId: { not: null } } }),
      { wat: 'signaal in melding', timeoutMs: 60_000 },
    );
    return gekoppeld.meldingId!;
  }

  /**
   * Many meldingen fast: rows in the database and their workflows started the
   * way intake starts them (signal-with-start), without routing each signal.
   */
  async function meldingen(aantal: number, gemeente: { id: string }, code: string) {
    const ids: string[] = Array.from({ length: aantal }, () => randomUUID());
    await stack.prisma.melding.createMany({
      data: ids.map((id) => ({
        id,
        gemeenteId: gemeente.id,
        adressleutel: `bulktest:${id}`,
        openSleutel: `${gemeente.id}|bulktest:${id}`,
      })),
    });
    for (let i = 0; i < ids.length; i += 25)
      await Promise.all(
        ids.slice(i, i + 25).map((meldingId) =>
          stack.temporal.workflow.signalWithStart<typeof meldingWorkflow, [SignaalToegevoegd]>(
            'meldingWorkflow',
            {
              taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
              workflowId: meldingWorkflowId(meldingId),
              args: [{ meldingId, gemeentecode: code }],
              signal: signaalToegevoegdSignal,
              signalArgs: [
                {
                  signaalId: randomUUID(),
                  matchtype: 'ENKELVOUDIG',
                  uitnodiging: 'ALLEEN_BEHANDELAAR',
                },
              ],
            },
          ),
        ),
      );
    return ids;
  }

  const start = (body: unknown, token = teamleider) =>
    http<{ id: string; status: string; totaal: number } & Probleem>(
      'POST',
      `${stack.basis}/bulkacties`,
      { body, token },
    );
  const bekijk = (id: string, token = teamleider) =>
    http<Bulkactie & Probleem>('GET', `${stack.basis}/bulkacties/${id}`, { token });
  const wachtTotKlaar = (id: string, timeoutMs = 60_000) =>
    wachtTot(
      async () => {
        const { body } = await bekijk(id);
        return body.status === 'KLAAR' && body;
      },
      { wat: 'bulkactie klaar', timeoutMs },
    );
  const melding = async (id: string) =>
    (await http<Melding>('GET', `${stack.basis}/meldingen/${id}`, { token: behandelaar })).body;

  it('assigns the open meldingen to a colleague and refuses the closed ones with the reason', async () => {
    const ids = await meldingen(6, hier, HIER.code);
    const gesloten = ids.slice(0, 2);
    for (const id of gesloten) {
      const { status } = await http('POST', `${stack.basis}/meldingen/${id}/niet-opgepakt`, {
        token: behandelaar,
        body: { reden: 'NIET_OPGEPAKT_HERHAALDE_MELDING' },
      });
      expect(status).toBe(200);
    }

    const antwoord = await start({
      meldingIds: ids,
      actie: { soort: 'oppakken', behandelaarId: collegaId },
    });
    expect(antwoord.status).toBe(202);
    expect(antwoord.body).toMatchObject({ status: 'BEZIG', totaal: 6 });
    expect(antwoord.headers.get('location')).toBe(`/v1/bulkacties/${antwoord.body.id}`);

    const klaar = await wachtTotKlaar(antwoord.body.id);
    expect(klaar).toMatchObject({ totaal: 6, verwerkt: 6, gelukt: 4, geweigerd: 2, mislukt: 0 });
    expect(klaar.klaarOp).not.toBeNull();
    for (const item of klaar.items)
      expect(item).toEqual(
        gesloten.includes(item.meldingId)
          ? {
              meldingId: item.meldingId,
              uitkomst: 'GEWEIGERD',
              toelichting:
                'Deze melding is afgesloten en kan niet meer worden opgepakt of toegewezen.',
            }
          : { meldingId: item.meldingId, uitkomst: 'GELUKT', toelichting: null },
      );
    for (const id of ids.slice(2))
      expect(await melding(id)).toMatchObject({
        status: 'IN_BEHANDELING',
        behandelaar: { id: collegaId },
      });
    for (const id of gesloten)
      expect(await melding(id)).toMatchObject({ status: 'AFGESLOTEN', behandelaar: null });

    // Logged per melding, as the single action logs it.
    const audit = await stack.prisma.auditLog.findMany({
      where: { actie: 'melding_oppakken', objectId: { in: ids } },
    });
    expect(audit.map((a) => [a.actorType, a.resultaat]).sort()).toEqual([
      ...Array.from({ length: 4 }, () => ['gebruiker', 'gelukt']),
      ...Array.from({ length: 2 }, () => ['gebruiker', 'geweigerd']),
    ]);
    // The gemeente's list shows it, newest first.
    const { body: lijst } = await http<{ bulkacties: Bulkactie[] }>(
      'GET',
      `${stack.basis}/bulkacties`,
      { token: behandelaar },
    );
    expect(lijst.bulkacties[0]).toMatchObject({ id: klaar.id, gelukt: 4, geweigerd: 2 });
  }, 120_000);

  it('lets a caseworker pick up meldingen only for themselves', async () => {
    const ids = await meldingen(1, hier, HIER.code);
    const { status, body } = await start(
      { meldingIds: ids, actie: { soort: 'oppakken', behandelaarId: collegaId } },
      behandelaar,
    );
    expect(status).toBe(403);
    expect(body.title).toBe('Geen toegang.');
  });

  it('sends a letter to every selected melding, on its timeline and in its correspondence', async () => {
    const ids = [await meldingMetSignaal(1), await meldingMetSignaal(2)];
    const { status, body } = await start(
      {
        meldingIds: ids,
        actie: { soort: 'brief_sturen', kanaal: 'BRIEF', sjabloon: 'herinnering' },
      },
      behandelaar,
    );
    expect(status).toBe(202);
    const klaar = await wachtTotKlaar(body.id, 90_000);
    expect(klaar).toMatchObject({ gelukt: 2, geweigerd: 0, mislukt: 0 });
    for (const id of ids) {
      const m = await melding(id);
      expect(m.correspondentie).toEqual([
        expect.objectContaining({ kanaal: 'BRIEF', sjabloon: 'herinnering' }),
      ]);
      expect(m.tijdlijn).toContainEqual(
        expect.objectContaining({
          soort: 'brief',
          door: expect.objectContaining({ naam: 'behandelaar' }),
        }),
      );
      // Still open: a letter is not picking the melding up.
      expect(m.status).toBe('OPEN');
    }

    // E-mail is off in this gemeente: each melding says so instead of sending.
    const email = await start(
      {
        meldingIds: ids,
        actie: { soort: 'brief_sturen', kanaal: 'EMAIL', sjabloon: 'uitnodiging' },
      },
      behandelaar,
    );
    const geweigerd = await wachtTotKlaar(email.body.id);
    expect(geweigerd.items.map((i) => [i.uitkomst, i.toelichting])).toEqual(
      ids.map(() => [
        'GEWEIGERD',
        'Uw gemeente verstuurt geen e-mail; dat kanaal staat uit in de instellingen.',
      ]),
    );
  }, 180_000);

  it('sends one letter from the melding itself, and none to a closed one', async () => {
    const id = await meldingMetSignaal(3);
    const verstuur = (token = behandelaar, meldingId = id) =>
      http<Melding & Probleem>('POST', `${stack.basis}/meldingen/${meldingId}/correspondentie`, {
        token,
        body: { kanaal: 'BRIEF', sjabloon: 'uitnodiging' },
      });
    const { status, body } = await verstuur();
    expect(status).toBe(200);
    expect(body.correspondentie).toEqual([
      expect.objectContaining({ kanaal: 'BRIEF', sjabloon: 'uitnodiging' }),
    ]);
    expect(body.tijdlijn.map((g) => g.soort)).toContain('brief');
    expect((await verstuur(behandelaarDaar)).status).toBe(404);

    const gesloten = (await meldingen(1, hier, HIER.code))[0]!;
    await http('POST', `${stack.basis}/meldingen/${gesloten}/niet-opgepakt`, {
      token: behandelaar,
      body: { reden: 'NIET_OPGEPAKT_ANDERE_REDEN' },
    });
    const geweigerd = await verstuur(behandelaar, gesloten);
    expect(geweigerd.status).toBe(409);
    expect(geweigerd.body.detail).toBe('Naar een afgesloten melding stuurt u geen brief meer.');
  }, 120_000);

  it('keeps to the gemeente: other ids are not found, other bulk actions are not there', async () => {
    const eigen = await meldingen(1, hier, HIER.code);
    const andere = await meldingen(2, daar, DAAR.code);
    const { body } = await start({
      meldingIds: [...eigen, ...andere, randomUUID()],
      actie: { soort: 'niet_oppakken', reden: 'NIET_OPGEPAKT_ONTERECHT_SIGNAAL' },
    });
    const klaar = await wachtTotKlaar(body.id);
    expect(klaar).toMatchObject({ totaal: 4, gelukt: 1, geweigerd: 3 });
    expect(klaar.items.filter((i) => i.uitkomst === 'GEWEIGERD')).toEqual(
      [...andere, expect.any(String)].map((meldingId) => ({
        meldingId,
        uitkomst: 'GEWEIGERD',
        toelichting: 'Melding niet gevonden.',
      })),
    );
    // The other gemeente's meldingen were not touched.
    for (const id of andere)
      expect((await stack.prisma.melding.findUniqueOrThrow({ where: { id } })).status).toBe('OPEN');

    expect((await bekijk(body.id, behandelaarDaar)).status).toBe(404);
    const { body: lijst } = await http<{ bulkacties: Bulkactie[] }>(
      'GET',
      `${stack.basis}/bulkacties`,
      { token: behandelaarDaar },
    );
    expect(lijst.bulkacties.map((b) => b.id)).not.toContain(body.id);
    const schuldeiser = await http('POST', `${stack.basis}/bulkacties`, {
      apiSleutel: ZORG.apiSleutel,
      body: { meldingIds: eigen, actie: { soort: 'oppakken' } },
    });
    expect(schuldeiser.status).toBe(403);
    expect(
      (await http('GET', `${stack.basis}/bulkacties/${body.id}`, { apiSleutel: ZORG.apiSleutel }))
        .status,
    ).toBe(403);
  }, 120_000);

  it('refuses invalid requests in Dutch, as problem+json', async () => {
    const fout = async (body: unknown) => {
      const antwoord = await start(body);
      expect(antwoord.status).toBe(400);
      expect(antwoord.headers.get('content-type')).toContain('application/problem+json');
      return antwoord.body.invalidParams!.map((p) => [p.name, p.reason]);
    };
    const actie = { soort: 'oppakken' };
    expect(await fout({ meldingIds: [], actie })).toEqual([
      ['meldingIds', 'Kies ten minste één melding.'],
    ]);
    expect(
      await fout({ meldingIds: Array.from({ length: 1001 }, () => randomUUID()), actie }),
    ).toEqual([
      [
        'meldingIds',
        'Een bulkactie gaat over hoogstens 1000 meldingen; verfijn het filter of splits de selectie.',
      ],
    ]);
    const id = randomUUID();
    expect(await fout({ meldingIds: [id, id], actie })).toEqual([
      ['meldingIds', 'Elke melding staat maar één keer in meldingIds.'],
    ]);
    expect(await fout({ meldingIds: [id], actie: { soort: 'verwijderen' } })).toEqual([
      ['actie.soort', 'actie.soort is oppakken, brief_sturen of niet_oppakken.'],
    ]);
    expect(
      await fout({
        meldingIds: [id],
        actie: { soort: 'brief_sturen', kanaal: 'BRIEF', sjabloon: 'bestaat-niet' },
      }),
    ).toEqual([
      ['actie.sjabloon', 'Het briefsjabloon "bestaat-niet" bestaat niet bij uw gemeente.'],
    ]);
    expect(
      await stack.prisma.bulkactie.count({ where: { gemeenteId: hier.id, totaal: 1001 } }),
    ).toBe(0);
  });

  it('shows the form, its errors, the progress and the outcome in the browser', async () => {
    const ids = await meldingen(3, hier, HIER.code);
    await http('POST', `${stack.basis}/meldingen/${ids[0]}/niet-opgepakt`, {
      token: behandelaar,
      body: { reden: 'NIET_OPGEPAKT_ANDERE_REDEN' },
    });
    const browser = await startBrowser(stack.config.CHROMIUM_PAD);
    try {
      const pagina = await browser.newPage();
      const paginafouten: string[] = [];
      pagina.on('pageerror', (fout) => paginafouten.push(String(fout)));
      pagina.on('console', (b) => b.type() === 'error' && paginafouten.push(b.text()));
      // Newest first, so the three just made are on the first page.
      await pagina.goto(stack.basis.replace(/\/v1$/, '/?sortering=-geopendOp'));
      await logInBrowser(pagina, 'teamleider@bulkstad.test', DEMO_WACHTWOORD);
      await wachtOpTekst(pagina, 'Werkvoorraad');
      await pagina.waitForSelector('table.vs-werkvoorraad[aria-busy="false"]');
      for (const id of ids)
        await pagina.click(`tr:has(a[href="/meldingen/${id}"]) input[type=checkbox]`);
      await wachtOpTekst(pagina, 'Bulkactie op 3 meldingen');

      // Nothing chosen: the error is announced, tied to the choice, and focus goes there.
      await pagina.click('.vs-bulk button[type=submit]');
      await wachtOpTekst(pagina, 'Kies wat u met de geselecteerde meldingen wilt doen.');
      expect(
        await pagina.evaluate(`({
          melding: document.getElementById('bulk-soort-fout')?.getAttribute('role'),
          beschreven: document.querySelector('fieldset')?.getAttribute('aria-describedby'),
          focus: document.activeElement?.id,
        })`),
      ).toEqual({ melding: 'alert', beschreven: 'bulk-soort-fout', focus: 'bulk-soort' });
      await verwachtToegankelijk(pagina, 'bulkactie met een fout');

      await pagina.click('label[for=bulk-soort-niet_oppakken]');
      await pagina.click('.vs-bulk button[type=submit]');
      await wachtOpTekst(pagina, 'Kies waarom de meldingen niet worden opgepakt.');
      expect(
        await pagina.evaluate(`({
          beschreven: document.getElementById('bulk-reden')?.getAttribute('aria-describedby'),
          focus: document.activeElement?.id,
        })`),
      ).toEqual({ beschreven: 'bulk-reden-fout', focus: 'bulk-reden' });
      await pagina.select('#bulk-reden', 'NIET_OPGEPAKT_HERHAALDE_MELDING');
      await pagina.click('.vs-bulk button[type=submit]');

      await wachtOpTekst(pagina, '3 van 3 verwerkt');
      await wachtOpTekst(pagina, '2 gelukt, 1 geweigerd');
      const scherm = await tekstOp(pagina);
      // The refused melding comes first, with the workflow's reason.
      expect(scherm.indexOf('Geweigerd')).toBeLessThan(scherm.indexOf('Gelukt'));
      expect(scherm).toContain('Deze melding is al afgesloten.');
      expect(
        await pagina.evaluate(`(() => {
          const balk = document.querySelector('progress');
          return {
            waarde: balk.value,
            max: balk.max,
            label: balk.labels[0]?.textContent,
            levend: document.querySelector('.vs-bulk [aria-live=polite]')?.textContent,
          };
        })()`),
      ).toEqual({
        waarde: 3,
        max: 3,
        label: 'Voortgang',
        levend: '3 van 3 verwerkt2 gelukt, 1 geweigerd',
      });
      await verwachtToegankelijk(pagina, 'bulkactie klaar');
      expect(paginafouten).toEqual([]);
      for (const id of ids.slice(1))
        expect(await melding(id)).toMatchObject({ status: 'AFGESLOTEN' });
      // The werkvoorraad reloaded when the action was done: the rows show the new state.
      const rij = `document.querySelector('table.vs-werkvoorraad tr:has(a[href="/meldingen/${ids[1]}"])')?.textContent`;
      await pagina
        .waitForFunction(`${rij}?.includes('Afgesloten')`, { timeout: 10_000 })
        .catch(async (fout: unknown) => {
          throw new Error(`rij: ${String(await pagina.evaluate(rij))}`, { cause: fout });
        });
    } finally {
      await browser.close();
    }
  }, 120_000);

  it(`runs ${GROOT} meldingen in the background while progress rises to the end`, async () => {
    const ids = await meldingen(GROOT, hier, HIER.code);
    const begin = Date.now();
    const { status, body } = await start({
      meldingIds: ids,
      actie: { soort: 'niet_oppakken', reden: 'NIET_OPGEPAKT_ANDERE_REDEN' },
    });
    // The request only stores and starts: it does not wait for 500 Updates.
    expect(status).toBe(202);
    expect(Date.now() - begin).toBeLessThan(5_000);
    const voortgang: number[] = [];
    const klaar = await wachtTot(
      async () => {
        const { body: b } = await bekijk(body.id);
        voortgang.push(b.verwerkt);
        return b.status === 'KLAAR' && b;
      },
      { wat: 'bulkactie van 500 klaar', timeoutMs: 170_000 },
    );
    expect(klaar).toMatchObject({ totaal: GROOT, verwerkt: GROOT, gelukt: GROOT });
    expect(klaar.items).toHaveLength(GROOT);
    expect(voortgang).toEqual([...voortgang].sort((a, b) => a - b));
    // It was seen on its way, not only at the end.
    expect(voortgang.some((v) => v > 0 && v < GROOT)).toBe(true);
    expect(
      await stack.prisma.melding.count({ where: { id: { in: ids }, status: 'AFGESLOTEN' } }),
    ).toBe(GROOT);
  }, 240_000);
});
