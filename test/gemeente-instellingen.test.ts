import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { wachtTot } from './hulp/omgeving.js';
import { pdfTekst, startPostbus } from './hulp/post-en-pdf.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// What a gemeente's beheerder configures, seen from the outside: settings
// through the API, letters read back from the PDF Chromium printed, e-mails
// from a real SMTP server. A gemeente of its own (9997), so no other test's
// letters or sequence change under it.

const ZORG = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'ZORG')!;
const GEMEENTE = { code: '9997', naam: 'Sjabloonstad' };
const POSTCODE = '9997AA';

interface Probleemantwoord {
  title: string;
  detail?: string;
  invalidParams?: { name: string; code: string; reason: string }[];
}

describe('gemeentebeheer: settings, outreach sequence and letter templates', () => {
  let stack: Teststack;
  let postbus: Awaited<ReturnType<typeof startPostbus>>;
  const post = () => postbus.post;
  const token: Record<
    'beheerder' | 'behandelaar' | 'beheerderElders' | 'operator' | 'portaal',
    string
  > = { beheerder: '', behandelaar: '', beheerderElders: '', operator: '', portaal: '' };
  const url = (pad: string) => `${stack.basis}/gemeenten/${GEMEENTE.code}${pad}`;

  beforeAll(async () => {
    postbus = await startPostbus();
    stack = await startStack({ SMTP_URL: postbus.url });

    const { prisma } = stack;
    const jaar = (await prisma.routeringstabel.findFirstOrThrow({ orderBy: { jaar: 'desc' } }))
      .jaar;
    const gemeente = await prisma.gemeente.upsert({
      where: { code: GEMEENTE.code },
      create: { ...GEMEENTE },
      update: {},
    });
    await prisma.routeringsadres.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({
        jaar,
        postcode: POSTCODE,
        huisnummer: i + 1,
        buurtcode: '99970101',
        wijkcode: '999701',
        gemeentecode: GEMEENTE.code,
      })),
      skipDuplicates: true,
    });
    const partner = await prisma.signaalpartner.findFirstOrThrow({ where: { type: 'ZORG' } });
    await prisma.koppeling.upsert({
      where: {
        signaalpartnerId_gemeenteId: { signaalpartnerId: partner.id, gemeenteId: gemeente.id },
      },
      create: {
        signaalpartnerId: partner.id,
        gemeenteId: gemeente.id,
        grondslag: 'Wgs art. 3 (test)',
        startdatum: new Date('2020-01-01'),
      },
      update: {},
    });
    const { wachtwoordHash } = await prisma.gebruiker.findUniqueOrThrow({
      where: { email: 'behandelaar@zwolle.demo' },
    });
    for (const [rol, email] of [
      ['GEMEENTEBEHEERDER', 'beheerder@sjabloonstad.test'],
      ['BEHANDELAAR', 'behandelaar@sjabloonstad.test'],
    ] as const)
      await prisma.gebruiker.upsert({
        where: { email },
        create: {
          email,
          naam: `${rol} Sjabloonstad`,
          rol,
          gemeenteId: gemeente.id,
          wachtwoordHash,
        },
        update: {},
      });
    token.beheerder = await logIn(stack.basis, 'beheerder@sjabloonstad.test', DEMO_WACHTWOORD);
    token.behandelaar = await logIn(stack.basis, 'behandelaar@sjabloonstad.test', DEMO_WACHTWOORD);
    token.beheerderElders = await logIn(stack.basis, 'beheerder@utrecht.demo', DEMO_WACHTWOORD);
    token.operator = await logIn(stack.basis, 'operator@vroegsignaal.demo', DEMO_WACHTWOORD);
    token.portaal = await logIn(stack.basis, 'portaal@thuisbaas.demo', DEMO_WACHTWOORD);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await postbus?.stop();
  });

  it('shows changed settings after a PATCH, to every role of the gemeente', async () => {
    const wijziging = {
      minimumBedragInCenten: 2_500,
      alleenBehandelaarTypen: ['ENERGIE', 'ENERGIE'],
      termijnEersteContactDagen: 10,
      termijnCrisisWerkdagen: 2,
      bewaartermijnNietOpgepaktMaanden: 4,
      bewaartermijnAfgehandeldMaanden: 12,
      emailIngeschakeld: true,
      telefoon: '14 0997',
      email: 'geldzorgen@sjabloonstad.nl',
      website: 'www.sjabloonstad.nl/geldzorgen',
      postadres: 'Postbus 7, 9997 AA Sjabloonstad',
    };
    const antwoord = await http('PATCH', url('/instellingen'), {
      token: token.beheerder,
      body: wijziging,
    });
    expect(antwoord.status).toBe(200);

    const verwacht = {
      code: '9997',
      naam: 'Sjabloonstad',
      ...wijziging,
      alleenBehandelaarTypen: ['ENERGIE'],
      termijnOppakkenDagen: 28,
      logoSvg: null,
      huisstijlKleur: null,
      rapportageOntvangers: [],
    };
    for (const wie of ['beheerder', 'behandelaar', 'operator'] as const) {
      const { status, body } = await http('GET', url('/instellingen'), { token: token[wie] });
      expect(status).toBe(200);
      expect(body).toEqual(verwacht);
    }
    // Clearing a contact detail, and a logo that stays inside the letter.
    const logo =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';
    const { body } = await http('PATCH', url('/instellingen'), {
      token: token.beheerder,
      body: { website: '', logoSvg: logo },
    });
    expect(body).toMatchObject({ website: null, logoSvg: logo, telefoon: '14 0997' });
    await http('PATCH', url('/instellingen'), {
      token: token.beheerder,
      body: { website: 'www.sjabloonstad.nl/geldzorgen', logoSvg: null },
    });
  });

  it('refuses invalid settings with a Dutch message per field, and changes nothing', async () => {
    const antwoord = await http<Probleemantwoord>('PATCH', url('/instellingen'), {
      token: token.beheerder,
      body: {
        minimumBedragInCenten: 100_001,
        alleenBehandelaarTypen: ['GAS'],
        termijnEersteContactDagen: 0,
        termijnOppakkenDagen: 400,
        termijnCrisisWerkdagen: 11,
        bewaartermijnNietOpgepaktMaanden: 7,
        bewaartermijnAfgehandeldMaanden: 24,
        email: 'geen-adres',
        logoSvg: '<svg><script>alert(1)</script></svg>',
      },
    });
    expect(antwoord.status).toBe(400);
    expect(antwoord.headers.get('content-type')).toContain('application/problem+json');
    const redenen = Object.fromEntries(antwoord.body.invalidParams!.map((p) => [p.name, p.reason]));
    expect(redenen).toEqual({
      minimumBedragInCenten:
        'minimumBedragInCenten is een heel aantal centen van 0 tot en met 100000 (€ 1.000,00).',
      'alleenBehandelaarTypen.0': expect.stringContaining(
        'alleenBehandelaarTypen bevat signaalpartnertypen uit DDAS: BELASTINGDIENST',
      ) as unknown,
      termijnEersteContactDagen:
        'termijnEersteContactDagen is een aantal dagen van 1 tot en met 365.',
      termijnOppakkenDagen: 'termijnOppakkenDagen is een aantal dagen van 1 tot en met 365.',
      termijnCrisisWerkdagen: 'termijnCrisisWerkdagen is een aantal werkdagen van 1 tot en met 10.',
      bewaartermijnNietOpgepaktMaanden:
        'bewaartermijnNietOpgepaktMaanden is een aantal maanden van 1 tot en met 6: korter bewaren mag, langer dan 6 maanden niet.',
      bewaartermijnAfgehandeldMaanden:
        'bewaartermijnAfgehandeldMaanden is een aantal maanden van 1 tot en met 18: korter bewaren mag, langer dan 18 maanden niet.',
      email: 'email is een e-mailadres, bijvoorbeeld geldzorgen@gemeente.nl.',
      logoSvg: expect.stringContaining('zonder scripts') as unknown,
    });
    const { body } = await http('GET', url('/instellingen'), { token: token.beheerder });
    expect(body).toMatchObject({
      minimumBedragInCenten: 2_500,
      bewaartermijnAfgehandeldMaanden: 12,
      email: 'geldzorgen@sjabloonstad.nl',
    });
    const naam = await http<Probleemantwoord>('PATCH', url('/instellingen'), {
      token: token.beheerder,
      body: { naam: 'Andere naam' },
    });
    expect(naam.status).toBe(400);
    expect(naam.body.invalidParams).toEqual([
      { name: '(body)', code: 'onbekend_veld', reason: 'Onbekend veld: naam.' },
    ]);
  });

  it('keeps other gemeenten out: 404 for another gemeente, 403 for a role that may not', async () => {
    const elders = { token: token.beheerderElders };
    for (const pad of ['/instellingen', '/uitnodigingsreeks', '/briefsjablonen'])
      expect((await http('GET', url(pad), elders)).status).toBe(404);
    const patch = await http<Probleemantwoord>('PATCH', url('/instellingen'), {
      ...elders,
      body: { termijnOppakkenDagen: 5 },
    });
    expect(patch.status).toBe(404);
    expect(patch.body.title).toBe('Gemeente niet gevonden.');
    // Exactly as for a code that does not exist: no hint that 9997 is there.
    const bestaatNiet = await http<Probleemantwoord>(
      'GET',
      `${stack.basis}/gemeenten/9111/instellingen`,
      { token: token.operator },
    );
    expect(bestaatNiet.status).toBe(404);
    expect(bestaatNiet.body).toEqual({
      ...patch.body,
      instance: '/v1/gemeenten/9111/instellingen',
    });

    const behandelaar = { token: token.behandelaar };
    expect((await http('GET', url('/uitnodigingsreeks'), behandelaar)).status).toBe(200);
    for (const [methode, pad, body] of [
      ['PATCH', '/instellingen', { termijnOppakkenDagen: 5 }],
      ['PUT', '/uitnodigingsreeks', { stappen: [] }],
      ['POST', '/briefsjablonen/uitnodiging', { onderwerp: 'Hallo', tekst: 'Hallo' }],
    ] as const)
      expect((await http(methode, url(pad), { ...behandelaar, body })).status).toBe(403);
    expect((await http('GET', url('/instellingen'), { token: token.portaal })).status).toBe(403);
    expect((await http('GET', url('/instellingen'), { apiSleutel: ZORG.apiSleutel })).status).toBe(
      403,
    );
    expect((await http('GET', url('/instellingen'))).status).toBe(401);
    const { body } = await http('GET', url('/instellingen'), { token: token.beheerder });
    expect(body).toMatchObject({ termijnOppakkenDagen: 28 });
  });

  it('refuses a template whose subject gives debts away, or that uses an unknown placeholder', async () => {
    const schuld = await http<Probleemantwoord>('POST', url('/briefsjablonen/uitnodiging'), {
      token: token.beheerder,
      body: { onderwerp: 'Hulp bij uw Schulden', tekst: '{{aanhef}},\n\nWij helpen u.' },
    });
    expect(schuld.status).toBe(400);
    expect(schuld.headers.get('content-type')).toContain('application/problem+json');
    expect(schuld.body.invalidParams).toEqual([
      {
        name: 'onderwerp',
        code: 'verraadt_schulden',
        reason: expect.stringContaining(
          'Het onderwerp mag het woord "schuld" niet bevatten',
        ) as unknown,
      },
    ]);

    const onbekend = await http<Probleemantwoord>('POST', url('/briefsjablonen/uitnodiging'), {
      token: token.beheerder,
      body: { onderwerp: 'Hallo', tekst: 'U moet {{bedrag}} betalen.' },
    });
    expect(onbekend.status).toBe(400);
    expect(onbekend.body.invalidParams![0]!.reason).toContain('Onbekende plaatshouder {{bedrag}}.');

    const leeg = await http<Probleemantwoord>('POST', url('/briefsjablonen/uitnodiging'), {
      token: token.beheerder,
      body: { onderwerp: 'Hallo', tekst: '  ' },
    });
    expect(leeg.body.invalidParams).toEqual([
      { name: 'tekst', code: 'leeg', reason: 'De tekst is leeg.' },
    ]);
    // Nothing was stored: the built-in text still applies.
    const { body } = await http<{ versies: unknown[]; ingebouwd: { onderwerp: string } }>(
      'GET',
      url('/briefsjablonen/uitnodiging'),
      { token: token.behandelaar },
    );
    expect(body.versies).toEqual([]);
    expect(body.ingebouwd.onderwerp).toBe('Wij willen graag met u praten');
  });

  it('refuses a sequence step that is out of order or names a template the gemeente lacks', async () => {
    const antwoord = await http<Probleemantwoord>('PUT', url('/uitnodigingsreeks'), {
      token: token.beheerder,
      body: {
        stappen: [
          { na: '14 days', soort: 'BRIEF', sjabloon: 'herinnering' },
          { na: '2 days', soort: 'BRIEF', sjabloon: 'aanmaning' },
          { na: 'straks', soort: 'SMS', sjabloon: 'uitnodiging' },
          { na: '21 days', soort: 'TAAK', sjabloon: 'bellen-of-bezoeken' },
        ],
      },
    });
    expect(antwoord.status).toBe(400);
    expect(Object.fromEntries(antwoord.body.invalidParams!.map((p) => [p.name, p.reason]))).toEqual(
      {
        'stappen.2.na':
          'na is een tijdsduur zoals "0 days", "14 days" of "2 hours", niet "straks".',
        'stappen.2.soort': 'soort is BRIEF, EMAIL of TAAK.',
      },
    );
    const inhoud = await http<Probleemantwoord>('PUT', url('/uitnodigingsreeks'), {
      token: token.beheerder,
      body: {
        stappen: [
          { na: '14 days', soort: 'BRIEF', sjabloon: 'herinnering' },
          { na: '2 days', soort: 'BRIEF', sjabloon: 'aanmaning' },
          { na: '21 days', soort: 'TAAK', sjabloon: 'bellen-of-bezoeken' },
        ],
      },
    });
    expect(Object.fromEntries(inhoud.body.invalidParams!.map((p) => [p.name, p.reason]))).toEqual({
      'stappen.1.na':
        'De stappen staan op volgorde van tijd: stap 2 (2 days) komt eerder dan stap 1.',
      'stappen.1.sjabloon':
        'Onbekend briefsjabloon "aanmaning". Kies uit: herinnering, uitnodiging.',
      'stappen.2.termijnDagen':
        'Een taak heeft een termijn: termijnDagen is verplicht bij soort TAAK.',
    });
    const { body } = await http<{ huidig: { versie: number; standaard: boolean } }>(
      'GET',
      url('/uitnodigingsreeks'),
      { token: token.behandelaar },
    );
    expect(body.huidig).toMatchObject({ versie: 0, standaard: true });
  });

  it('prints the next letter from a new template version, and a running melding keeps its sequence', async () => {
    const { prisma } = stack;
    const brieven = (meldingId: string) =>
      prisma.correspondentie.findMany({
        where: { meldingId, kanaal: 'BRIEF' },
        orderBy: { aangemaaktOp: 'asc' },
      });
    async function melding(huisnummer: number, email: string): Promise<string> {
      const { body } = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
        apiSleutel: ZORG.apiSleutel,
        body: eenSignaal({
          bedrag: '412,50',
          persoon: {
            voorletters: 'S.',
            achternaam: 'Smit',
            geboortedatum: '1975-04-05',
            geslacht: 'MAN',
          },
          adres: {
            straat: 'Sjabloonlaan',
            postcode: POSTCODE,
            huisnummer,
            woonplaats: 'Sjabloonstad',
          },
          contact: { email },
        }),
      });
      const signaal = await wachtTot(
        () => prisma.signaal.findFirst({ where: { id: body.id, meldingId: { not: null } } }),
        { wat: 'melding gevormd' },
      );
      return signaal.meldingId!;
    }
    const leg = (stappen: unknown[]) =>
      http<{ versie: number }>('PUT', url('/uitnodigingsreeks'), {
        token: token.beheerder,
        body: { stappen },
      });

    // Version 1: a letter and an e-mail at once, a reminder after 20 seconds (room for a slow first print).
    const v1 = await leg([
      { na: '0 days', soort: 'BRIEF', sjabloon: 'uitnodiging' },
      { na: '0s', soort: 'EMAIL', sjabloon: 'uitnodiging' },
      { na: '20s', soort: 'BRIEF', sjabloon: 'herinnering' },
    ]);
    expect(v1.status).toBe(200);
    const eerste = await melding(1, 's.smit@example.org');
    const [uitnodigingA] = await wachtTot(
      async () => {
        const b = await brieven(eerste);
        return b.length >= 1 && b;
      },
      { wat: 'eerste brief', timeoutMs: 60_000 },
    );
    expect(uitnodigingA!.sjabloonversie).toBeNull();
    expect(uitnodigingA!.idempotentieSleutel).toBe(`${eerste}/reeks-${v1.body.versie}/stap-0`);
    const tekstA = await pdfTekst(uitnodigingA!.pdf!);
    expect(tekstA).toContain('Wij willen graag met u praten');
    expect(tekstA).not.toContain('412');

    // The gemeente writes its own texts; {{achterstanden}} names what is owed, on paper only.
    const herinnering = await http<{ versie: number }>('POST', url('/briefsjablonen/herinnering'), {
      token: token.beheerder,
      body: {
        onderwerp: 'Nog een brief van {{gemeente.naam}}',
        tekst:
          '{{aanhef}},\n\nDit is de eigen herinnering van Sjabloonstad.\n\nHet gaat om:\n{{achterstanden}}',
      },
    });
    expect(herinnering.status).toBe(201);
    const uitnodiging = await http<{ versie: number }>('POST', url('/briefsjablonen/uitnodiging'), {
      token: token.beheerder,
      body: {
        onderwerp: 'Een uitnodiging van {{gemeente.naam}}',
        tekst:
          '{{aanhef}},\n\nDit is de eigen uitnodiging van Sjabloonstad.\n\nHet gaat om deze rekeningen:\n{{achterstanden}}\n\nBel ons gerust op {{gemeente.telefoon}}.',
      },
    });
    expect(uitnodiging.status).toBe(201);

    // Version 2, while the first melding is still waiting for its reminder.
    const v2 = await leg([
      { na: '0s', soort: 'BRIEF', sjabloon: 'uitnodiging' },
      { na: '0s', soort: 'EMAIL', sjabloon: 'uitnodiging' },
      { na: '2s', soort: 'TAAK', sjabloon: 'bellen-of-bezoeken', termijnDagen: 5 },
    ]);
    expect(v2.body.versie).toBe(v1.body.versie + 1);
    expect((await brieven(eerste)).length).toBe(1);
    const tweede = await melding(2, 'fam.smit@example.org');

    // The second melding follows version 2 with the new template, in letter and e-mail.
    const [uitnodigingB] = await wachtTot(
      async () => {
        const b = await brieven(tweede);
        return b.length >= 1 && b;
      },
      { wat: 'brief van de tweede melding', timeoutMs: 60_000 },
    );
    expect(uitnodigingB!.idempotentieSleutel).toBe(`${tweede}/reeks-${v2.body.versie}/stap-0`);
    expect(uitnodigingB!.sjabloonversie).toBe(uitnodiging.body.versie);
    expect(uitnodigingB!.onderwerp).toBe('Een uitnodiging van Sjabloonstad');
    const tekstB = await pdfTekst(uitnodigingB!.pdf!);
    expect(tekstB).toContain('Beste meneer Smit,');
    expect(tekstB).toContain('Dit is de eigen uitnodiging van Sjabloonstad.');
    expect(tekstB).toContain('Zorg: € 412,50');
    expect(tekstB).toContain('Bel ons gerust op 14 0997.');
    const mail = await wachtTot(
      () => Promise.resolve(post().find((m) => m.messageId?.startsWith(`<${tweede}.`))),
      { wat: 'e-mail van de tweede melding' },
    );
    expect(mail.subject).toBe('Een uitnodiging van Sjabloonstad - gemeente Sjabloonstad');
    expect(mail.text).toContain('Dit is de eigen uitnodiging van Sjabloonstad.');
    expect(mail.text).not.toMatch(/412|Zorg|€|rekeningen/);
    const taak = await wachtTot(() => prisma.taak.findFirst({ where: { meldingId: tweede } }), {
      wat: 'taak van de tweede melding',
      timeoutMs: 60_000,
    });
    expect(taak.soort).toBe('bellen-of-bezoeken');
    expect(taak.sleutel).toContain(`reeks-${v2.body.versie}`);

    // The first melding still follows version 1: its reminder, from the newest template.
    const [, herinneringA] = await wachtTot(
      async () => {
        const b = await brieven(eerste);
        return b.length >= 2 && b;
      },
      { wat: 'herinnering van de eerste melding', timeoutMs: 60_000 },
    );
    expect(herinneringA!.idempotentieSleutel).toBe(`${eerste}/reeks-${v1.body.versie}/stap-2`);
    expect(herinneringA!.sjabloonversie).toBe(herinnering.body.versie);
    expect(herinneringA!.onderwerp).toBe('Nog een brief van Sjabloonstad');
    const tekstHerinnering = await pdfTekst(herinneringA!.pdf!);
    expect(tekstHerinnering).toContain('Dit is de eigen herinnering van Sjabloonstad.');
    expect(tekstHerinnering).toContain('Zorg: € 412,50');
    const alles = await prisma.correspondentie.findMany({ where: { meldingId: eerste } });
    expect(alles.map((c) => c.idempotentieSleutel).sort()).toEqual(
      [0, 1, 2].map((stap) => `${eerste}/reeks-${v1.body.versie}/stap-${stap}`),
    );
    expect(await prisma.taak.count({ where: { meldingId: eerste } })).toBe(0);
    expect((await brieven(tweede)).length).toBe(1);

    // What the beheerder sees afterwards.
    const reeks = await http<{ huidig: { versie: number }; versies: { versie: number }[] }>(
      'GET',
      url('/uitnodigingsreeks'),
      { token: token.beheerder },
    );
    expect(reeks.body.huidig.versie).toBe(v2.body.versie);
    expect(reeks.body.versies.map((v) => v.versie)).toEqual([v2.body.versie, v1.body.versie]);
    const lijst = await http<{
      briefsjablonen: { naam: string; versie: number; ingebouwd: boolean }[];
    }>('GET', url('/briefsjablonen'), { token: token.behandelaar });
    expect(lijst.body.briefsjablonen.map((s) => [s.naam, s.versie, s.ingebouwd])).toEqual([
      ['herinnering', herinnering.body.versie, false],
      ['uitnodiging', uitnodiging.body.versie, false],
    ]);
  });

  it('keeps every template version, newest first, and names it in the audit log', async () => {
    const nieuw = await http<{ versie: number }>('POST', url('/briefsjablonen/uitnodiging'), {
      token: token.operator,
      body: { onderwerp: 'Welkom bij {{gemeente.naam}}', tekst: '{{aanhef}},\n\nVersie drie.' },
    });
    expect(nieuw.status).toBe(201);
    const { body } = await http<{ versies: { versie: number; onderwerp: string }[] }>(
      'GET',
      url('/briefsjablonen/uitnodiging'),
      { token: token.beheerder },
    );
    expect(body.versies.map((v) => v.onderwerp)).toEqual([
      'Welkom bij {{gemeente.naam}}',
      'Een uitnodiging van {{gemeente.naam}}',
    ]);
    expect(body.versies[0]!.versie).toBe(nieuw.body.versie);
    expect(
      (await http('GET', url('/briefsjablonen/bestaat-niet'), { token: token.beheerder })).status,
    ).toBe(404);

    const audit = await stack.prisma.auditLog.findMany({
      where: {
        objectType: { in: ['Gemeente', 'Uitnodigingsreeks', 'Briefsjabloon'] },
        objectId: { startsWith: '9997' },
      },
      select: { actie: true, objectType: true, objectId: true, resultaat: true, actorId: true },
    });
    expect(new Set(audit.map((a) => a.actie))).toEqual(
      new Set([
        'gemeente_instellingen_wijzigen',
        'uitnodigingsreeks_vastleggen',
        'briefsjabloon_vastleggen',
      ]),
    );
    // Who and what, never the contact details or texts themselves.
    expect(JSON.stringify(audit)).not.toMatch(/geldzorgen|Sjabloonstad|14 0997/);
  });
});
