import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import type { Prisma } from '../prisma/database.js';
import { meldingWorkflowId } from '../workflows/contracts.js';
import { historieAlsTekst } from './hulp/historie.js';
import { wachtTot } from './hulp/omgeving.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// A melding's life beyond its letters, end to end on the real stack: the
// gemeente's filters, withdrawal, transfer to another gemeente, deadline
// escalation and the deletion of personal data when retention ends. Two
// gemeenten of its own keep other tests' meldingen out of the way.

const ZORG = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'ZORG')!;
const ENERGIE = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'ENERGIE')!;
const WATER = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'WATER')!;
const HIER = { code: '9994', naam: 'Termijnstad' };
const DAAR = { code: '9993', naam: 'Verhuisdorp' };
const POSTCODE = '9994AA';
const DAG = 86_400_000;

interface Melding {
  id: string;
  status: string;
  resultaat: string | null;
  crisis: boolean;
  teLaat: boolean;
  termijnen: { eersteContact: string; oppakken: string };
  signalen: { id: string; signaalstatus: string; uitnodiging: string }[];
  correspondentie: { id: string; kanaal: string }[];
  huishouden: { personen: unknown[]; adres: unknown };
  signaalpartnerTypes: string[];
  tijdlijn: { soort: string }[];
  persoonsgegevensVerwijderdOp: string | null;
}

describe('a melding from first signal to deletion', () => {
  let stack: Teststack;
  let hier: { id: string };
  let behandelaar: string;
  let teamleider: string;
  let behandelaarDaar: string;

  async function gebruiker(email: string, rol: 'BEHANDELAAR' | 'TEAMLEIDER', gemeenteId: string) {
    const { wachtwoordHash } = await stack.prisma.gebruiker.findUniqueOrThrow({
      where: { email: 'behandelaar@zwolle.demo' },
    });
    await stack.prisma.gebruiker.upsert({
      where: { email },
      create: { email, naam: email.split('@')[0]!, rol, gemeenteId, wachtwoordHash },
      update: {},
    });
    return logIn(stack.basis, email, DEMO_WACHTWOORD);
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
    await prisma.routeringsadres.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        jaar,
        postcode: POSTCODE,
        huisnummer: i + 1,
        buurtcode: '99940101',
        wijkcode: '999401',
        gemeentecode: HIER.code,
      })),
      skipDuplicates: true,
    });
    // Zorg may deliver in both gemeenten, Energie and Water only here.
    const koppelingen = [
      [ZORG, a!],
      [ZORG, b!],
      [ENERGIE, a!],
      [WATER, a!],
    ] as const;
    for (const [partner, gemeente] of koppelingen) {
      const { id } = await prisma.signaalpartner.findUniqueOrThrow({
        where: { naam: partner.naam },
      });
      await prisma.koppeling.upsert({
        where: { signaalpartnerId_gemeenteId: { signaalpartnerId: id, gemeenteId: gemeente.id } },
        create: {
          signaalpartnerId: id,
          gemeenteId: gemeente.id,
          grondslag: 'Wgs art. 3 (test)',
          startdatum: new Date('2020-01-01'),
        },
        update: {},
      });
    }
    // One letter at once is all the outreach these tests need.
    await prisma.uitnodigingsreeks.create({
      data: {
        gemeenteId: hier.id,
        versie: 1 + (await prisma.uitnodigingsreeks.count({ where: { gemeenteId: hier.id } })),
        stappen: [{ na: '0s', soort: 'BRIEF', sjabloon: 'uitnodiging' }],
      },
    });
    behandelaar = await gebruiker('behandelaar@termijnstad.test', 'BEHANDELAAR', hier.id);
    teamleider = await gebruiker('teamleider@termijnstad.test', 'TEAMLEIDER', hier.id);
    behandelaarDaar = await gebruiker('behandelaar@verhuisdorp.test', 'BEHANDELAAR', b!.id);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const instellingen = (data: Prisma.GemeenteUpdateInput) =>
    stack.prisma.gemeente.update({ where: { id: hier.id }, data });

  async function signaal(
    partner: { apiSleutel: string },
    huisnummer: number,
    extra: { bedrag?: string; crisissignaal?: boolean } = {},
  ): Promise<{ signaalId: string; meldingId: string }> {
    const { status, body } = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
      apiSleutel: partner.apiSleutel,
      body: eenSignaal({
        ...extra,
        persoon: { voorletters: 'K.', achternaam: 'Levensloop', geboortedatum: '1975-06-07' },
        adres: { straat: 'Termijnweg', postcode: POSTCODE, huisnummer, woonplaats: 'Termijnstad' },
      }),
    });
    expect(status).toBe(201);
    const gekoppeld = await wachtTot(
      () => stack.prisma.signaal.findFirst({ where: { id: body.id, meldingId: { not: null } } }),
      { wat: 'signaal in melding' },
    );
    return { signaalId: body.id, meldingId: gekoppeld.meldingId! };
  }

  const bekijk = async (id: string, token = behandelaar) =>
    (await http<Melding>('GET', `${stack.basis}/meldingen/${id}`, { token })).body;
  const wachtOpStatus = (id: string, status: string) =>
    wachtTot(
      async () => {
        const m = await bekijk(id);
        return m.status === status && m;
      },
      { wat: `melding ${status}`, timeoutMs: 60_000 },
    );

  it('closes a signal below the minimum as not picked up, and tells the creditor only that', async () => {
    await instellingen({ minimumBedragInCenten: 7500, alleenBehandelaarTypen: ['WATER'] });
    try {
      const onder = await signaal(ZORG, 1, { bedrag: '50,00' });
      const gesloten = await wachtOpStatus(onder.meldingId, 'AFGESLOTEN');
      expect(gesloten.resultaat).toBe('Niet opgepakt: andere reden');
      expect(gesloten.signalen[0]).toMatchObject({
        signaalstatus: 'Niet opgepakt: andere reden',
        uitnodiging: 'Onder het minimumbedrag van de gemeente',
      });
      expect(gesloten.correspondentie).toEqual([]);
      const { body: terugkoppeling } = await http<{ signaalstatus: string }>(
        'GET',
        `${stack.basis}/signalen/${onder.signaalId}`,
        { apiSleutel: ZORG.apiSleutel },
      );
      expect(terugkoppeling.signaalstatus).toBe('Niet opgepakt');
      expect(JSON.stringify(terugkoppeling)).not.toContain('andere reden');

      // A crisis signal passes the minimum, gets its letter and a deadline of working days.
      const crisis = await signaal(ZORG, 2, { bedrag: '50,00', crisissignaal: true });
      await wachtTot(
        () => stack.prisma.correspondentie.count({ where: { meldingId: crisis.meldingId } }),
        { wat: 'brief bij crisissignaal', timeoutMs: 60_000 },
      );
      const m = await bekijk(crisis.meldingId);
      expect(m).toMatchObject({ status: 'OPEN', crisis: true });
      expect(Date.parse(m.termijnen.eersteContact) - Date.now()).toBeLessThan(6 * DAG);

      // Water is left to the caseworkers: the melding waits for them, without letters.
      const water = await signaal(WATER, 3, { bedrag: '300,00' });
      await new Promise((r) => setTimeout(r, 3000));
      const stil = await bekijk(water.meldingId);
      expect(stil.status).toBe('OPEN');
      expect(stil.signalen[0]!.uitnodiging).toBe(
        'Alleen voor behandelaars (geen automatische uitnodiging)',
      );
      expect(stil.correspondentie).toEqual([]);
      expect(Date.parse(stil.termijnen.oppakken) - Date.now()).toBeGreaterThan(27 * DAG);

      // The werkvoorraad puts the crisis on top.
      const { body: lijst } = await http<{ meldingen: { id: string }[] }>(
        'GET',
        `${stack.basis}/meldingen?status=OPEN`,
        { token: behandelaar },
      );
      expect(lijst.meldingen[0]!.id).toBe(crisis.meldingId);
      expect(lijst.meldingen.map((x) => x.id)).toContain(water.meldingId);
      const { body: gefilterd } = await http<{ meldingen: { id: string }[] }>(
        'GET',
        `${stack.basis}/meldingen?bedragVan=20000&bedragTot=40000`,
        { token: behandelaar },
      );
      expect(gefilterd.meldingen.map((x) => x.id)).toEqual([water.meldingId]);
      const lijstMet = async (query: string) =>
        (
          await http<{ meldingen: { id: string }[] }>('GET', `${stack.basis}/meldingen?${query}`, {
            token: behandelaar,
          })
        ).body.meldingen.map((x) => x.id);
      expect(await lijstMet('crisis=true')).toEqual([crisis.meldingId]);
      // Age counts from opening; this melding is made to look three weeks old.
      await stack.prisma.melding.update({
        where: { id: water.meldingId },
        data: { geopendOp: new Date(Date.now() - 21 * DAG) },
      });
      expect(await lijstMet('ouderDanDagen=20')).toEqual([water.meldingId]);
      expect(await lijstMet('ouderDanDagen=22')).toEqual([]);
      const fout = await http<{ invalidParams: { reason: string }[] }>(
        'GET',
        `${stack.basis}/meldingen?bedragVan=veel&sortering=alfabet`,
        { token: behandelaar },
      );
      expect(fout.status).toBe(400);
      expect(fout.body.invalidParams.map((p) => p.reason)).toEqual([
        'bedragVan is een bedrag in centen.',
        'sortering is een van: urgentie, geopendOp, -geopendOp, termijn.',
      ]);
    } finally {
      await instellingen({ minimumBedragInCenten: 0, alleenBehandelaarTypen: [] });
    }
  }, 120_000);

  it('closes by itself as "zelf betaald" when every creditor withdraws before contact', async () => {
    const eerste = await signaal(ZORG, 4);
    const tweede = await signaal(ENERGIE, 4);
    expect(tweede.meldingId).toBe(eerste.meldingId);
    const trekIn = (s: { signaalId: string }, partner: { apiSleutel: string }) =>
      http('POST', `${stack.basis}/signalen/${s.signaalId}/intrekking`, {
        apiSleutel: partner.apiSleutel,
        body: { reden: 'Klant heeft betaald' },
      });
    expect((await trekIn(eerste, ZORG)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2000));
    const half = await bekijk(eerste.meldingId);
    expect(half.status).toBe('OPEN');
    // The withdrawn creditor's type no longer shows, nor does the filter find it by that type.
    expect(half.signaalpartnerTypes).toEqual(['Energie']);
    const perType = async (type: string) =>
      (
        await http<{ meldingen: { id: string }[] }>(
          'GET',
          `${stack.basis}/meldingen?signaalpartnerType=${type}&paginagrootte=100`,
          { token: behandelaar },
        )
      ).body.meldingen.map((m) => m.id);
    expect(await perType('ZORG')).not.toContain(eerste.meldingId);
    expect(await perType('ENERGIE')).toContain(eerste.meldingId);
    expect((await trekIn(tweede, ENERGIE)).status).toBe(200);
    const gesloten = await wachtOpStatus(eerste.meldingId, 'AFGESLOTEN');
    expect(gesloten.resultaat).toBe('Inwoner heeft zelf al betaald/betalingsregeling getroffen');
    expect(gesloten.tijdlijn.map((g) => g.soort)).toEqual(
      expect.arrayContaining(['signaal_ingetrokken', 'automatisch_sluiten']),
    );
  }, 120_000);

  it('transfers a melding to the gemeente where the person lives now', async () => {
    const zorg = await signaal(ZORG, 5);
    const energie = await signaal(ENERGIE, 5);
    const { meldingId } = zorg;
    expect(energie.meldingId).toBe(meldingId);
    const draagOver = (gemeentecode: string) =>
      http<{ detail: string; invalidParams?: { reason: string }[] }>(
        'POST',
        `${stack.basis}/meldingen/${meldingId}/overdracht`,
        { token: behandelaar, body: { gemeentecode } },
      );

    for (const [code, reden] of [
      ['12', 'Een gemeentecode bestaat uit vier cijfers, bijvoorbeeld 0344.'],
      [HIER.code, 'Een melding overdragen kan alleen aan een andere gemeente.'],
      ['0001', 'Gemeente 0001 is niet aangesloten bij Vroegsignaal.'],
    ] as const) {
      const fout = await draagOver(code);
      expect(fout.status).toBe(400);
      expect(fout.body.invalidParams?.map((p) => p.reason)).toEqual([reden]);
    }
    // The other gemeente cannot act on this melding at all.
    const vreemd = await http('POST', `${stack.basis}/meldingen/${meldingId}/overdracht`, {
      token: behandelaarDaar,
      body: { gemeentecode: HIER.code },
    });
    expect(vreemd.status).toBe(404);

    const { status, body } = await draagOver(DAAR.code);
    expect(status).toBe(200);
    const oud = body as unknown as Melding;
    expect(oud.status).toBe('AFGESLOTEN');
    expect(oud.resultaat).toBe('Persoon is geen inwoner (meer) in de gemeente');
    // Energie may not deliver there: its signal stays, answered with "geen inwoner".
    expect(oud.signalen.map((s) => [s.id, s.signaalstatus])).toEqual([
      [energie.signaalId, 'Persoon is geen inwoner (meer) in de gemeente'],
    ]);

    const nieuw = await wachtTot(
      async () => {
        const { body: lijst } = await http<{ meldingen: { id: string; aantalSignalen: number }[] }>(
          'GET',
          `${stack.basis}/meldingen`,
          { token: behandelaarDaar },
        );
        const ids = await Promise.all(
          lijst.meldingen.map(async (m) => (await bekijk(m.id, behandelaarDaar)).signalen),
        );
        return lijst.meldingen.find((_, i) => ids[i]!.some((s) => s.id === zorg.signaalId));
      },
      { wat: 'melding bij de nieuwe gemeente', timeoutMs: 60_000 },
    );
    expect(nieuw.id).not.toBe(meldingId);
    expect((await bekijk(nieuw.id, behandelaarDaar)).status).toBe('OPEN');

    const { body: voorSchuldeiser } = await http<{
      routering: { gemeente: { code: string } };
      terugkoppelingen: { gemeente: string; signaalstatus: string }[];
    }>('GET', `${stack.basis}/signalen/${zorg.signaalId}`, { apiSleutel: ZORG.apiSleutel });
    expect(voorSchuldeiser.routering.gemeente.code).toBe(DAAR.code);
    expect(voorSchuldeiser.terugkoppelingen).toMatchObject([
      { gemeente: HIER.naam, signaalstatus: 'Persoon is geen inwoner (meer) in de gemeente' },
      { gemeente: DAAR.naam, signaalstatus: 'Nog niet opgepakt' },
    ]);
    // The first gemeente no longer sees the signal that moved away.
    expect(
      (await http('GET', `${stack.basis}/signalen/${zorg.signaalId}`, { token: behandelaar }))
        .status,
    ).toBe(404);

    const nogmaals = await draagOver(DAAR.code);
    expect(nogmaals.status).toBe(409);
    expect(nogmaals.body.detail).toBe(
      'Deze melding is afgesloten en kan niet meer worden overgedragen.',
    );
  }, 120_000);

  it('escalates a passed deadline to the supervisors and flags the melding as overdue', async () => {
    // A deadline of zero days has passed the moment the melding opens.
    await instellingen({ termijnEersteContactDagen: 0 });
    try {
      const { meldingId } = await signaal(ZORG, 6);
      const notificatie = await wachtTot(
        async () => {
          const { body } = await http<{
            notificaties: { omschrijving: string; _links: { melding: { href: string } } }[];
          }>('GET', `${stack.basis}/notificaties?ongelezen=true`, { token: teamleider });
          return body.notificaties.find((n) => n._links.melding.href.endsWith(meldingId));
        },
        { wat: 'notificatie voor de teamleider', timeoutMs: 60_000 },
      );
      expect(notificatie.omschrijving).toBe('Termijn voor het eerste contact verstreken');
      const melding = await bekijk(meldingId);
      expect(melding.teLaat).toBe(true);
      expect(melding.tijdlijn.map((g) => g.soort)).toContain('termijn_overschreden');
      const { body: teLaat } = await http<{ meldingen: { id: string }[] }>(
        'GET',
        `${stack.basis}/meldingen?teLaat=true`,
        { token: behandelaar },
      );
      expect(teLaat.meldingen.map((m) => m.id)).toContain(meldingId);
      const { body: opTijd } = await http<{ meldingen: { id: string }[] }>(
        'GET',
        `${stack.basis}/meldingen?teLaat=false`,
        { token: behandelaar },
      );
      expect(opTijd.meldingen.map((m) => m.id)).not.toContain(meldingId);
      // Caseworkers and other gemeenten are not notified.
      for (const token of [behandelaar, behandelaarDaar]) {
        const { body } = await http<{ notificaties: unknown[] }>(
          'GET',
          `${stack.basis}/notificaties`,
          { token },
        );
        expect(JSON.stringify(body.notificaties)).not.toContain(meldingId);
      }
      // Exactly one notification, however often the escalation activity ran.
      expect(await stack.prisma.notificatie.count({ where: { meldingId } })).toBe(1);
    } finally {
      await instellingen({ termijnEersteContactDagen: 14 });
    }
  }, 120_000);

  it('deletes the personal data of a handled melding when its retention period ends', async () => {
    // Zero months: retention ends the moment the melding closes.
    await instellingen({ bewaartermijnAfgehandeldMaanden: 0 });
    try {
      const { signaalId, meldingId } = await signaal(ZORG, 7);
      await wachtTot(() => stack.prisma.correspondentie.count({ where: { meldingId } }), {
        wat: 'brief',
        timeoutMs: 60_000,
      });
      const actie = async (pad: string, body: object = {}) => {
        const antwoord = await http('POST', `${stack.basis}/meldingen/${meldingId}/${pad}`, {
          token: behandelaar,
          body,
        });
        expect(antwoord.status).toBe(200);
      };
      await actie('oppakken');
      await actie('notities', { tekst: 'Mevrouw Levensloop belt terug over de huur.' });
      await actie('contactpogingen', {
        soort: 'TELEFOON',
        bereikt: true,
        datum: new Date().toISOString().slice(0, 10),
        toelichting: 'Gesproken met K. Levensloop.',
      });
      await actie('afsluiting', { resultaat: 'BUDGETADVIES_OF_QUICK_FIX' });

      const melding = await wachtTot(
        async () => {
          const m = await bekijk(meldingId);
          return m.persoonsgegevensVerwijderdOp ? m : undefined;
        },
        { wat: 'persoonsgegevens verwijderd', timeoutMs: 60_000 },
      );
      expect(melding.huishouden).toEqual({ adres: null, personen: [] });
      expect(melding.resultaat).toBe('(Budget)advies en/of quick fix');
      expect(JSON.stringify(melding)).not.toContain('Levensloop');
      const { prisma } = stack;
      expect(await prisma.signaalPersoonsgegevens.count({ where: { signaalId } })).toBe(0);
      expect(await prisma.notitie.count({ where: { meldingId } })).toBe(0);
      const brieven = await prisma.correspondentie.findMany({ where: { meldingId } });
      expect(brieven.map((b) => [b.pdf, b.tekst, b.ontvanger])).toEqual([[null, null, null]]);
      // What the reports need stays: codes, dates, amounts, the result.
      const rest = await prisma.melding.findUniqueOrThrow({
        where: { id: meldingId },
        include: { contactpogingen: true, signalen: true },
      });
      expect(rest.adressleutel).toBe(`verwijderd:${meldingId}`);
      expect(rest.contactpogingen.map((c) => [c.soort, c.bereikt])).toEqual([
        ['BRIEF', false],
        ['TELEFOON', true],
      ]);
      expect(rest.signalen.map((s) => s.bedragInCenten)).toEqual([41250]);
      const audit = await prisma.auditLog.findMany({
        where: { objectId: meldingId, actie: 'persoonsgegevens_verwijderen' },
      });
      expect(audit).toHaveLength(1);
      expect(
        JSON.stringify(audit, (_k, v: unknown) => (typeof v === 'bigint' ? 0 : v)),
      ).not.toContain('Levensloop');
      const brief = await http(
        'GET',
        `${stack.basis}/meldingen/${meldingId}/correspondentie/${brieven[0]!.id}`,
        {
          token: behandelaar,
        },
      );
      expect(brief.status).toBe(404);
      // Its workflow has ended: nothing of the melding waits in Temporal any more.
      const { status } = await stack.temporal.workflow
        .getHandle(meldingWorkflowId(meldingId))
        .describe();
      expect(status.name).toBe('COMPLETED');
      // Its history, as an operator exports it, never held the person, the
      // address or the note: there was nothing to delete in Temporal.
      const historie = historieAlsTekst(meldingWorkflowId(meldingId));
      expect(historie).toContain(meldingId);
      for (const persoonlijk of [
        'Levensloop',
        'Termijnweg',
        '9994AA',
        'belt terug',
        '412,50',
        'bedrag',
      ])
        expect(historie).not.toContain(persoonlijk);
    } finally {
      await instellingen({ bewaartermijnAfgehandeldMaanden: 18 });
    }
  }, 120_000);

  it('deletes and closes a melding nobody picked up when its retention period ends', async () => {
    await instellingen({ bewaartermijnNietOpgepaktMaanden: 0 });
    try {
      const { signaalId, meldingId } = await signaal(WATER, 8);
      const melding = await wachtTot(
        async () => {
          const m = await bekijk(meldingId);
          return m.persoonsgegevensVerwijderdOp ? m : undefined;
        },
        { wat: 'persoonsgegevens verwijderd', timeoutMs: 60_000 },
      );
      expect(melding.status).toBe('AFGESLOTEN');
      expect(melding.resultaat).toBe('Niet opgepakt: andere reden');
      expect(await stack.prisma.signaalPersoonsgegevens.count({ where: { signaalId } })).toBe(0);
    } finally {
      await instellingen({ bewaartermijnNietOpgepaktMaanden: 6 });
    }
  }, 120_000);
});
