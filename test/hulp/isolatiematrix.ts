import { defaultPayloadConverter } from '@temporalio/common';
import { dataConverterVoor } from '../../apps/shared/payloadcodec.js';
import { randomBytes, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { DEMO_WACHTWOORD } from '../../prisma/demo/organisaties.js';
import type { Rol, SignaalpartnerType } from '../../prisma/database.js';
import { sha256 } from '../../apps/api/auth/auth.service.js';
import { wachtTot } from './omgeving.js';
import { type Proefgemeente, richtProefgemeenteIn } from './proefgemeente.js';
import { eenSignaal } from './signaal-bouwer.js';
import { http, logIn, type Teststack } from './stack.js';

// Tenant isolation as a matrix: tenant A (gemeente 9861) holds real data of
// every kind an endpoint can point at; every role of tenant B (gemeente 9862),
// creditor C (which also delivers to A) and A's own wijk-limited external user
// calls every operation of the OpenAPI document with A's ids filled in. What
// counts as a pass per operation is in DEKKING (test/tenantisolatie.test.ts).

export const CODE_A = '9861';
export const CODE_B = '9862';

/** A creditor of the test's own: its koppelingen decide which gemeenten it delivers to. */
export interface Proefpartner {
  id: string;
  naam: string;
  apiSleutel: string;
  /** E-mail of the creditor's own user (rol SIGNAALPARTNER). */
  gebruiker: string;
}

/** Tenant A's objects, as the ids and values the matrix fills in and must never see leak. */
export interface TenantA {
  gemeente: Proefgemeente;
  naam: string;
  /** The wijk the external user of A is limited to, and the other one. */
  w1: { id: string; code: string; naam: string };
  w2: { id: string; code: string; naam: string };
  kern: string;
  briefsjabloon: string;
  briefsjabloonOnderwerp: string;
  partnerA: Proefpartner;
  /** Another creditor that delivers to A as well. */
  partnerC: Proefpartner;
  /** meldingen: open in W1, in behandeling in W2 (letter, note), afgesloten in W1. */
  m1: string;
  m2: string;
  m3: string;
  signalen: string[];
  /** The referentie of creditor A's signal in m2. */
  referentie: string;
  /** The signal creditor C delivered to A (W1). */
  signaalC: string;
  aanlevering: string;
  brief: string;
  notitie: string;
  notitietekst: string;
  notificatie: string;
  bulkactie: string;
  rapportage: string;
  werkbak: string;
  werkbaknaam: string;
  uitgenodigde: string;
  ddasClient: { id: string; clientId: string; naam: string };
  /** A's own system key, webhook subscription and one delivery of it. */
  gemeentesleutel: string;
  /** The input of A's melding workflow as the Temporal UI sends it to the codec, and the namespace. */
  workflowpayload: { metadata: Record<string, string>; data: string };
  namespace: string;
  webhookabonnement: string;
  webhookaflevering: string;
  gebruikers: { id: string; email: string; naam: string; rol: Rol }[];
  /** A's own behandelaar: the control that A's values are really there to be found. */
  behandelaarToken: string;
  /** Per melding in W2: values only someone who may see that melding may see. */
  waardenW2: string[];
  /** Everything that identifies A's cases, users and objects. */
  waardenZaken: string[];
  /** A's name and areas: creditor C, which delivers to A, legitimately sees those on its own signal. */
  waardenGemeente: string[];
}

export interface TenantB {
  gemeente: Proefgemeente;
  partnerB: Proefpartner;
  partnerC: Proefpartner;
  ddasClient: { id: string; clientId: string; clientSecret: string };
}

/** Everything a role factory may use. */
export interface Matrixcontext {
  stack: Teststack;
  a: TenantA;
  b: TenantB;
}

/** One caller of the matrix: headers that authenticate it and what it must never see. */
export interface Aanroeper {
  rol: string;
  headers: Record<string, string>;
  /** Values of A this caller must never receive. */
  verboden: string[];
  /** Tenant B has no meldingen at all, so its counts must all be zero. */
  zonderMeldingen: boolean;
  /** For DELETE /v1/sessies/huidige: a throw-away session of the same user, so the shared one lives on. */
  nieuweSessie?: () => Promise<Record<string, string>>;
  /** A system names the caseworker who picks a melding up: a colleague in its own gemeente. */
  collegaId?: string;
  /** A user id whose rows (bulkacties) this caller may legitimately make in A. */
  gebruikerIdInA?: string;
}

/**
 * The callers, by name. To add a role (e.g. GEMEENTE_SYSTEEM with an
 * X-Api-Key of gemeente B): add a function here that creates it for tenant B
 * and returns its headers; every row of DEKKING is then called with it.
 */
export const ROLLEN: Record<string, (c: Matrixcontext) => Promise<Aanroeper>> = {
  'B GEMEENTEBEHEERDER': (c) => gemeenteGebruiker(c, 'GEMEENTEBEHEERDER'),
  'B TEAMLEIDER': (c) => gemeenteGebruiker(c, 'TEAMLEIDER'),
  'B BEHANDELAAR': (c) => gemeenteGebruiker(c, 'BEHANDELAAR'),
  'B EXTERN': (c) =>
    gemeenteGebruiker(c, 'EXTERN', {
      wijkIds: [c.b.gemeente.wijken[0]!.id],
      organisatie: 'Buurtteam B',
    }),
  'B SIGNAALPARTNER': (c) => partnergebruiker(c, c.b.partnerB, 'B SIGNAALPARTNER'),
  'B SIGNAALPARTNER_SYSTEEM': (c) =>
    Promise.resolve({
      rol: 'B SIGNAALPARTNER_SYSTEEM',
      headers: { 'x-api-key': c.b.partnerB.apiSleutel },
      verboden: alleWaarden(c.a),
      zonderMeldingen: true,
    }),
  'B DDAS_CLIENT': async (c) => ({
    rol: 'B DDAS_CLIENT',
    headers: { authorization: `Bearer ${await ddasToken(c.stack, c.b.ddasClient)}` },
    verboden: alleWaarden(c.a),
    zonderMeldingen: true,
  }),
  'B GEMEENTE_SYSTEEM': async (c) => {
    const beheerder = await c.b.gemeente.gebruiker(
      'gemeentebeheerder@scheidingsdorp.test',
      'GEMEENTEBEHEERDER',
      { naam: 'GEMEENTEBEHEERDER Scheidingsdorp' },
    );
    const { sleutel } = verwacht(
      await http<{ sleutel: string }>('POST', `${c.stack.basis}/apisleutels`, {
        token: beheerder,
        body: { omschrijving: 'Zaaksysteem Scheidingsdorp' },
      }),
      201,
      'API-sleutel van B',
    );
    await c.b.gemeente.gebruiker('behandelaar@scheidingsdorp.test', 'BEHANDELAAR', {
      naam: 'BEHANDELAAR Scheidingsdorp',
    });
    const collega = await c.stack.prisma.gebruiker.findUniqueOrThrow({
      where: { email: 'behandelaar@scheidingsdorp.test' },
    });
    return {
      rol: 'B GEMEENTE_SYSTEEM',
      headers: { 'x-api-key': sleutel },
      collegaId: collega.id,
      verboden: alleWaarden(c.a),
      zonderMeldingen: true,
    };
  },
  // Creditor C delivers to gemeente A too: it sees A's name and areas on its
  // own signal, never creditor A's deliveries, signals or the cases.
  'C SIGNAALPARTNER': (c) => partnergebruiker(c, c.b.partnerC, 'C SIGNAALPARTNER'),
  'C SIGNAALPARTNER_SYSTEEM': (c) =>
    Promise.resolve({
      rol: 'C SIGNAALPARTNER_SYSTEEM',
      headers: { 'x-api-key': c.b.partnerC.apiSleutel },
      verboden: c.a.waardenZaken,
      zonderMeldingen: false,
    }),
  // Within tenant A: an external user limited to W1 must not reach the melding in W2.
  'A EXTERN (W1)': async (c) => {
    const email = 'extern-w1@isolatiestad.test';
    const token = await c.a.gemeente.gebruiker(email, 'EXTERN', {
      naam: 'Extern Wijkbeperkt Isolatiestad',
      wijkIds: [c.a.w1.id],
      organisatie: 'Buurtteam W1',
    });
    const { id } = await c.stack.prisma.gebruiker.findUniqueOrThrow({ where: { email } });
    return {
      rol: 'A EXTERN (W1)',
      headers: { authorization: `Bearer ${token}` },
      verboden: c.a.waardenW2,
      zonderMeldingen: false,
      nieuweSessie: async () => ({
        authorization: `Bearer ${await logIn(c.stack.basis, email, DEMO_WACHTWOORD)}`,
      }),
      gebruikerIdInA: id,
    };
  },
};

async function gemeenteGebruiker(
  c: Matrixcontext,
  rol: Rol,
  extra: { wijkIds?: string[]; organisatie?: string } = {},
): Promise<Aanroeper> {
  const email = `${rol.toLowerCase()}@scheidingsdorp.test`;
  const token = await c.b.gemeente.gebruiker(email, rol, {
    naam: `${rol} Scheidingsdorp`,
    ...extra,
  });
  return {
    rol: `B ${rol}`,
    headers: { authorization: `Bearer ${token}` },
    verboden: alleWaarden(c.a),
    zonderMeldingen: true,
    nieuweSessie: async () => ({
      authorization: `Bearer ${await logIn(c.stack.basis, email, DEMO_WACHTWOORD)}`,
    }),
  };
}

async function partnergebruiker(
  c: Matrixcontext,
  partner: Proefpartner,
  rol: string,
): Promise<Aanroeper> {
  const token = await logIn(c.stack.basis, partner.gebruiker, DEMO_WACHTWOORD);
  return {
    rol,
    headers: { authorization: `Bearer ${token}` },
    verboden: partner === c.b.partnerC ? c.a.waardenZaken : alleWaarden(c.a),
    zonderMeldingen: partner !== c.b.partnerC,
    nieuweSessie: async () => ({
      authorization: `Bearer ${await logIn(c.stack.basis, partner.gebruiker, DEMO_WACHTWOORD)}`,
    }),
  };
}

const alleWaarden = (a: TenantA) => [...a.waardenZaken, ...a.waardenGemeente];

export async function ddasToken(
  stack: Teststack,
  client: { clientId: string; clientSecret: string },
): Promise<string> {
  const antwoord = await fetch(`${stack.basis}/ddas/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (antwoord.status !== 200) throw new Error(`DDAS-token: ${antwoord.status}`);
  return ((await antwoord.json()) as { access_token: string }).access_token;
}

async function proefpartner(
  stack: Teststack,
  naam: string,
  type: SignaalpartnerType,
  gemeenteIds: string[],
  email: string,
): Promise<Proefpartner> {
  const { prisma } = stack;
  const partner = await prisma.signaalpartner.upsert({
    where: { naam },
    create: { naam, type },
    update: {},
  });
  for (const gemeenteId of gemeenteIds)
    await prisma.koppeling.upsert({
      where: { signaalpartnerId_gemeenteId: { signaalpartnerId: partner.id, gemeenteId } },
      create: {
        signaalpartnerId: partner.id,
        gemeenteId,
        grondslag: 'Wgs art. 3 (isolatietest)',
        startdatum: new Date('2020-01-01'),
      },
      update: {},
    });
  const apiSleutel = `vs_${randomBytes(24).toString('base64url')}`;
  await prisma.apiSleutel.create({
    data: {
      signaalpartnerId: partner.id,
      omschrijving: 'isolatietest',
      sleutelHash: sha256(apiSleutel),
    },
  });
  const { wachtwoordHash } = await prisma.gebruiker.findUniqueOrThrow({
    where: { email: 'behandelaar@zwolle.demo' },
  });
  await prisma.gebruiker.upsert({
    where: { email },
    create: {
      email,
      naam: `Medewerker ${naam}`,
      rol: 'SIGNAALPARTNER',
      signaalpartnerId: partner.id,
      wachtwoordHash,
    },
    update: {},
  });
  return { id: partner.id, naam, apiSleutel, gebruiker: email };
}

function verwacht<T>(antwoord: { status: number; body: T }, status: number, wat: string): T {
  if (antwoord.status !== status)
    throw new Error(`${wat}: ${antwoord.status} ${JSON.stringify(antwoord.body)}`);
  return antwoord.body;
}

/**
 * Tenant A through the real intake and workflows: creditor A's signals and a
 * batch aanlevering, creditor C's signal, three meldingen in three states, a
 * letter, a note, a bulkactie, a report, a werkbak, a kern, a letter
 * template, an invited user and a DDAS client of its own.
 */
export async function richtTenantAIn(stack: Teststack, operator: string): Promise<TenantA> {
  const { prisma, basis } = stack;
  const uniek = randomUUID().slice(0, 8);
  const gemeente = await richtProefgemeenteIn(stack, {
    code: CODE_A,
    naam: 'Isolatiestad',
    wijken: [
      { code: `${CODE_A}01`, naam: 'Geheimwijk Noord', huisnummers: [1, 50] },
      { code: `${CODE_A}02`, naam: 'Geheimwijk Zuid', huisnummers: [51, 100] },
    ],
  });
  // The first letter is a month away: the outreach itself stays out of the test.
  await prisma.uitnodigingsreeks.create({
    data: {
      gemeenteId: gemeente.id,
      versie: 1 + (await prisma.uitnodigingsreeks.count({ where: { gemeenteId: gemeente.id } })),
      stappen: [{ na: '30 days', soort: 'BRIEF', sjabloon: 'uitnodiging' }],
    },
  });
  const partnerA = await proefpartner(
    stack,
    'Isolatie Zorgverzekeraar A',
    'ZORG',
    [gemeente.id],
    'partner@isolatie-a.test',
  );
  const partnerC = await proefpartner(
    stack,
    'Isolatie Energie C',
    'ENERGIE',
    [gemeente.id],
    'partner@isolatie-c.test',
  );

  const rollen: [Rol, string][] = [
    ['GEMEENTEBEHEERDER', 'beheerder'],
    ['TEAMLEIDER', 'teamleider'],
    ['BEHANDELAAR', 'behandelaar'],
  ];
  const tokens: Partial<Record<Rol, string>> = {};
  for (const [rol, wie] of rollen)
    tokens[rol] = await gemeente.gebruiker(`${wie}@isolatiestad.test`, rol, {
      naam: `Geheim ${wie} Isolatiestad`,
    });
  const beheerder = tokens.GEMEENTEBEHEERDER!;
  const teamleider = tokens.TEAMLEIDER!;
  const behandelaar = tokens.BEHANDELAAR!;

  const personen: { achternaam: string; bsn: string; straat: string }[] = [];
  async function signaal(
    partner: Proefpartner,
    huisnummer: number,
    i: number,
  ): Promise<{ id: string; meldingId: string; referentie: string }> {
    const persoon = {
      achternaam: `Verborgen${i}${uniek}`,
      bsn: elfproef(98610000 + i),
      straat: `Geheimstraat${i}${uniek}`,
    };
    personen.push(persoon);
    const invoer = eenSignaal({
      persoon: {
        voorletters: 'Q.',
        achternaam: persoon.achternaam,
        geboortedatum: '1975-02-03',
        bsn: persoon.bsn,
      },
      adres: {
        straat: persoon.straat,
        postcode: gemeente.postcode,
        huisnummer,
        woonplaats: 'Isolatiestad',
      },
      contact: { email: `inwoner${i}.${uniek}@example.org`, telefoonnummer: '06-98612345' },
    });
    const body = verwacht(
      await http<{ id: string }>('POST', `${basis}/signalen`, {
        apiSleutel: partner.apiSleutel,
        body: invoer,
      }),
      201,
      'signaal van A',
    );
    const { meldingId } = await wachtTot(
      () => prisma.signaal.findFirst({ where: { id: body.id, meldingId: { not: null } } }),
      { wat: `signaal ${i} in een melding`, timeoutMs: 60_000 },
    );
    return { id: body.id, meldingId: meldingId!, referentie: invoer.referentie };
  }
  const s1 = await signaal(partnerA, 5, 1);
  const s2 = await signaal(partnerA, 60, 2);
  const s3 = await signaal(partnerA, 7, 3);
  const sC = await signaal(partnerC, 20, 4);

  // A batch delivery of creditor A: one row accepted (W2), one refused.
  const goed = eenSignaal({
    persoon: {
      voorletters: 'Q.',
      achternaam: `Verborgen5${uniek}`,
      geboortedatum: '1970-01-01',
      bsn: elfproef(98610005),
    },
    adres: {
      straat: `Geheimstraat5${uniek}`,
      postcode: gemeente.postcode,
      huisnummer: 61,
      woonplaats: 'Isolatiestad',
    },
  });
  personen.push({
    achternaam: `Verborgen5${uniek}`,
    bsn: elfproef(98610005),
    straat: `Geheimstraat5${uniek}`,
  });
  const fout = { ...eenSignaal(), adres: { ...eenSignaal().adres, postcode: 'geen' } };
  const aanlevering = verwacht(
    await http<{ id: string }>('POST', `${basis}/aanleveringen`, {
      apiSleutel: partnerA.apiSleutel,
      body: { signalen: [goed, fout] },
    }),
    202,
    'aanlevering van A',
  ).id;
  await wachtTot(
    () => prisma.aanlevering.findFirst({ where: { id: aanlevering, status: 'VERWERKT' } }),
    { wat: 'aanlevering verwerkt', timeoutMs: 60_000 },
  );
  const s5 = await wachtTot(
    () =>
      prisma.signaal.findFirst({ where: { aanleveringId: aanlevering, meldingId: { not: null } } }),
    { wat: 'signaal uit de aanlevering in een melding', timeoutMs: 60_000 },
  );

  const actie = async (token: string, meldingId: string, pad: string, body: object = {}) =>
    verwacht(
      await http('POST', `${basis}/meldingen/${meldingId}/${pad}`, { token, body }),
      200,
      pad,
    );
  const notitietekst = `Geheime notitie ${uniek}`;
  await actie(behandelaar, s2.meldingId, 'oppakken');
  await actie(behandelaar, s2.meldingId, 'contactpogingen', {
    soort: 'TELEFOON',
    bereikt: false,
    datum: '2026-11-20',
    toelichting: `Geheime toelichting ${uniek}`,
  });
  await actie(behandelaar, s2.meldingId, 'notities', { tekst: notitietekst });
  await actie(behandelaar, s2.meldingId, 'correspondentie', {
    kanaal: 'BRIEF',
    sjabloon: 'uitnodiging',
  });
  await actie(behandelaar, s3.meldingId, 'oppakken');
  await actie(behandelaar, s3.meldingId, 'contactpogingen', {
    soort: 'HUISBEZOEK',
    bereikt: true,
    datum: '2026-11-21',
  });
  await actie(behandelaar, s3.meldingId, 'afsluiting', { resultaat: 'BUDGETADVIES_OF_QUICK_FIX' });
  const brief = await wachtTot(
    () =>
      prisma.correspondentie.findFirst({
        where: { meldingId: s2.meldingId, kanaal: 'BRIEF', pdf: { not: null } },
      }),
    { wat: 'brief van melding 2 als PDF', timeoutMs: 90_000 },
  );
  const notitie = await prisma.notitie.findFirstOrThrow({
    where: { meldingId: s2.meldingId, tekst: notitietekst },
  });

  const briefsjabloon = 'isolatiebrief';
  const briefsjabloonOnderwerp = `Geheim onderwerp ${uniek}`;
  verwacht(
    await http('POST', `${basis}/gemeenten/${CODE_A}/briefsjablonen/${briefsjabloon}`, {
      token: beheerder,
      body: { onderwerp: briefsjabloonOnderwerp, tekst: `{{aanhef}}, geheime tekst ${uniek}.` },
    }),
    201,
    'briefsjabloon',
  );
  const kern = `Geheimkern${uniek}`;
  const kernAntwoord = await http('PUT', `${basis}/kernen/${kern}`, {
    token: beheerder,
    body: { wijken: [`${CODE_A}01`] },
  });
  if (kernAntwoord.status >= 300) throw new Error(`kern: ${kernAntwoord.status}`);
  const uitgenodigd = verwacht(
    await http<{ gebruiker: { id: string } }>('POST', `${basis}/gebruikers`, {
      token: beheerder,
      body: {
        email: `uitgenodigd.${uniek}@isolatiestad.test`,
        naam: `Geheim Uitgenodigd ${uniek}`,
        rol: 'BEHANDELAAR',
      },
    }),
    201,
    'uitnodiging',
  ).gebruiker.id;
  const rapportage = verwacht(
    await http<{ id: string }>('POST', `${basis}/rapportages`, {
      token: beheerder,
      body: { maand: '2026-10' },
    }),
    202,
    'rapportage',
  ).id;
  const behandelaarId = (
    await prisma.gebruiker.findUniqueOrThrow({ where: { email: 'behandelaar@isolatiestad.test' } })
  ).id;
  const bulkactie = verwacht(
    await http<{ id: string }>('POST', `${basis}/bulkacties`, {
      token: teamleider,
      body: { meldingIds: [s1.meldingId], actie: { soort: 'oppakken', behandelaarId } },
    }),
    202,
    'bulkactie',
  ).id;
  const werkbaknaam = `Geheime bak ${uniek}`;
  const werkbak = verwacht(
    await http<{ id: string }>('POST', `${basis}/werkbakken`, {
      token: behandelaar,
      body: { naam: werkbaknaam, filter: 'status=OPEN' },
    }),
    201,
    'werkbak',
  ).id;
  // Notifications come from deadlines weeks away; the read model row is what the endpoints serve.
  const teamleiderId = (
    await prisma.gebruiker.findUniqueOrThrow({ where: { email: 'teamleider@isolatiestad.test' } })
  ).id;
  const notificatie = (
    await prisma.notificatie.create({
      data: {
        gebruikerId: teamleiderId,
        meldingId: s2.meldingId,
        soort: 'termijn_oppakken',
        sleutel: `isolatie/${uniek}`,
      },
    })
  ).id;
  const ddasNaam = `Geheime DDAS-client ${uniek}`;
  const ddas = verwacht(
    await http<{ id: string; clientId: string }>('POST', `${basis}/ddas/clients`, {
      token: operator,
      body: { naam: ddasNaam, gemeentecodes: [CODE_A] },
    }),
    201,
    'DDAS-client A',
  );
  await wachtTot(() => prisma.bulkactie.findFirst({ where: { id: bulkactie, status: 'KLAAR' } }), {
    wat: 'bulkactie van A klaar',
    timeoutMs: 60_000,
  });
  await wachtTot(
    () => prisma.rapportage.findFirst({ where: { id: rapportage, status: { not: 'BEZIG' } } }),
    { wat: 'rapportage van A klaar', timeoutMs: 90_000 },
  );

  const [versleuteld] = await dataConverterVoor(stack.config).payloadCodecs![0]!.encode([
    defaultPayloadConverter.toPayload({ signaalId: s2.id, meldingId: s2.meldingId }),
  ]);
  const workflowpayload = {
    metadata: Object.fromEntries(
      Object.entries(versleuteld!.metadata ?? {}).map(([k, v]) => [
        k,
        Buffer.from(v).toString('base64'),
      ]),
    ),
    data: Buffer.from(versleuteld!.data ?? new Uint8Array()).toString('base64'),
  };
  const gemeentesleutel = verwacht(
    await http<{ id: string }>('POST', `${basis}/apisleutels`, {
      token: beheerder,
      body: { omschrijving: `Zaaksysteem Isolatiestad ${uniek}` },
    }),
    201,
    'API-sleutel van A',
  ).id;
  const webhookabonnement = verwacht(
    await http<{ id: string }>('POST', `${basis}/webhookabonnementen`, {
      token: beheerder,
      body: {
        url: `https://zaaksysteem.isolatiestad.test/${uniek}`,
        gebeurtenistypen: ['melding.aangemaakt'],
      },
    }),
    201,
    'webhookabonnement van A',
  ).id;
  // A finished delivery, as the outbox would have written it: the meldingen
  // above were made before the subscription existed.
  const webhookaflevering = (
    await prisma.webhookaflevering.create({
      data: {
        abonnementId: webhookabonnement,
        gebeurtenistype: 'melding.aangemaakt',
        meldingId: s1.meldingId,
        meldingstatus: 'OPEN',
        gebeurtenissleutel: `${s1.meldingId}/aangemaakt`,
        status: 'AFGELEVERD',
        pogingen: 1,
        laatsteStatuscode: 204,
        afgerondOp: new Date(),
      },
    })
  ).id;

  const gebruikers = await prisma.gebruiker.findMany({
    where: { gemeenteId: gemeente.id, email: { not: 'extern-w1@isolatiestad.test' } },
    select: { id: true, email: true, naam: true, rol: true },
  });
  const [w1, w2] = gemeente.wijken;
  const signalenA = [s1.id, s2.id, s3.id, s5.id];
  const p2 = personen[1]!;
  const waardenW2 = [
    s2.meldingId,
    s2.id,
    s5.id,
    s5.meldingId!,
    p2.achternaam,
    p2.bsn,
    p2.straat,
    notitietekst,
    brief.id,
    notitie.id,
  ];
  const waardenZaken = [
    ...new Set([
      s1.meldingId,
      s2.meldingId,
      s3.meldingId,
      s5.meldingId!,
      ...signalenA,
      ...personen
        .filter((p) => !p.achternaam.startsWith('Verborgen4'))
        .flatMap((p) => [p.achternaam, p.bsn, p.straat]),
      s1.referentie,
      s2.referentie,
      aanlevering,
      brief.id,
      notitie.id,
      notitietekst,
      notificatie,
      bulkactie,
      rapportage,
      werkbak,
      werkbaknaam,
      uitgenodigd,
      briefsjabloonOnderwerp,
      ddas.id,
      ddas.clientId,
      gemeentesleutel,
      webhookabonnement,
      webhookaflevering,
      `zaaksysteem.isolatiestad.test/${uniek}`,
      ddasNaam,
      partnerA.id,
      partnerA.naam,
      ...gebruikers.flatMap((g) => [g.id, g.email, g.naam]),
    ]),
  ];
  return {
    gemeente,
    naam: 'Isolatiestad',
    w1: { id: w1!.id, code: w1!.code, naam: w1!.naam },
    w2: { id: w2!.id, code: w2!.code, naam: w2!.naam },
    kern,
    briefsjabloon,
    briefsjabloonOnderwerp,
    partnerA,
    m1: s1.meldingId,
    m2: s2.meldingId,
    m3: s3.meldingId,
    signalen: signalenA,
    referentie: s2.referentie,
    signaalC: sC.id,
    aanlevering,
    brief: brief.id,
    notitie: notitie.id,
    notitietekst,
    notificatie,
    bulkactie,
    rapportage,
    werkbak,
    werkbaknaam,
    uitgenodigde: uitgenodigd,
    ddasClient: { id: ddas.id, clientId: ddas.clientId, naam: ddasNaam },
    gemeentesleutel,
    workflowpayload,
    namespace: stack.config.TEMPORAL_NAMESPACE,
    webhookabonnement,
    webhookaflevering,
    gebruikers,
    behandelaarToken: behandelaar,
    waardenW2,
    waardenZaken,
    waardenGemeente: ['Isolatiestad', w1!.naam, w2!.naam, kern],
    partnerC,
  };
}

/** Tenant B: gemeente 9862 with no meldingen, its own creditor (user and key) and DDAS client. */
export async function richtTenantBIn(
  stack: Teststack,
  operator: string,
  partnerC: Proefpartner,
): Promise<TenantB> {
  const gemeente = await richtProefgemeenteIn(stack, {
    code: CODE_B,
    naam: 'Scheidingsdorp',
    wijken: [{ code: `${CODE_B}01`, naam: 'Dorpskern B', huisnummers: [1, 50] }],
  });
  const partnerB = await proefpartner(
    stack,
    'Isolatie Woningcorporatie B',
    'HUUR',
    [gemeente.id],
    'partner@isolatie-b.test',
  );
  const ddasClient = verwacht(
    await http<{ id: string; clientId: string; clientSecret: string }>(
      'POST',
      `${stack.basis}/ddas/clients`,
      {
        token: operator,
        body: {
          naam: `DDAS-client Scheidingsdorp ${randomUUID().slice(0, 8)}`,
          gemeentecodes: [CODE_B],
        },
      },
    ),
    201,
    'DDAS-client B',
  );
  return { gemeente, partnerB, partnerC, ddasClient };
}

/** A BSN that passes the elfproef, from a seed. */
function elfproef(zaad: number): string {
  for (let n = zaad * 10; ; n++) {
    const cijfers = String(n).padStart(8, '0').slice(-8).split('').map(Number);
    const controle = cijfers.reduce((s, c, i) => s + c * (9 - i), 0) % 11;
    if (controle < 10) return cijfers.join('') + String(controle);
  }
}

/** What a call answered, as text a leak check can search (xlsx read back cell by cell). */
export interface Uitkomst {
  status: number;
  headers: Headers;
  tekst: string;
  json: unknown;
}

export async function roep(
  basis: string,
  methode: string,
  pad: string,
  headers: Record<string, string>,
  verzoek: { body?: unknown; formulier?: Record<string, string>; query?: Record<string, string> },
): Promise<Uitkomst> {
  const url = new URL(`${basis.replace(/\/v1$/, '')}${pad}`);
  for (const [k, v] of Object.entries(verzoek.query ?? {})) url.searchParams.set(k, v);
  const h: Record<string, string> = { ...headers };
  let body: string | undefined;
  if (verzoek.formulier) {
    h['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(verzoek.formulier).toString();
  } else if (verzoek.body !== undefined) {
    h['content-type'] = 'application/json';
    body = JSON.stringify(verzoek.body);
  }
  let antwoord: Response;
  try {
    antwoord = await fetch(url, { method: methode, headers: h, body, redirect: 'manual' });
  } catch (fout) {
    // A kept-alive socket the server closed while the test waited: a GET is safe to send again.
    if (methode !== 'GET') throw fout;
    antwoord = await fetch(url, { method: methode, headers: h, body, redirect: 'manual' });
  }
  const soort = antwoord.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await antwoord.arrayBuffer());
  let tekst = bytes.toString('utf8');
  let json: unknown;
  if (soort.includes('json') && tekst) json = JSON.parse(tekst);
  if (soort.includes('spreadsheetml') && antwoord.status === 200) tekst = await xlsxTekst(bytes);
  return { status: antwoord.status, headers: antwoord.headers, tekst, json };
}

async function xlsxTekst(bytes: Buffer): Promise<string> {
  const boek = new ExcelJS.Workbook();
  await boek.xlsx.load(bytes as unknown as ArrayBuffer);
  const delen: string[] = [];
  boek.eachSheet((blad) => {
    delen.push(blad.name);
    blad.eachRow((rij) => rij.eachCell((cel) => delen.push(cel.text)));
  });
  return delen.join('\n');
}

/** Runs the tasks with at most `n` at a time, in order of the list. */
export async function metBeperking<T>(n: number, taken: (() => Promise<T>)[]): Promise<T[]> {
  const uit = new Array<T>(taken.length);
  let volgende = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (volgende < taken.length) {
        const i = volgende++;
        uit[i] = await taken[i]!();
      }
    }),
  );
  return uit;
}

/**
 * Tenant A's state that no call of another tenant may change: cases and
 * their history, signals, users, settings, areas, creditor A's deliveries,
 * bulkacties, reports, werkbakken, notifications, DDAS clients and keys.
 */
export async function toestandVanA(stack: Teststack, a: TenantA, uitgezonderd: string[]) {
  const { prisma } = stack;
  const gemeenteId = a.gemeente.id;
  const meldingIds = { in: [a.m1, a.m2, a.m3] };
  return {
    gemeente: await prisma.gemeente.findUniqueOrThrow({ where: { id: gemeenteId } }),
    meldingen: await prisma.melding.findMany({
      where: { gemeenteId },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        status: true,
        behandelaarId: true,
        matchtype: true,
        resultaat: true,
        wijkIds: true,
        _count: {
          select: {
            signalen: true,
            contactpogingen: true,
            notities: true,
            gebeurtenissen: true,
            correspondentie: true,
            taken: true,
          },
        },
      },
    }),
    signalen: await prisma.signaal.findMany({
      where: { OR: [{ gemeenteId }, { signaalpartnerId: a.partnerA.id }] },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        gemeenteId: true,
        meldingId: true,
        signaalstatus: true,
        ingetrokkenOp: true,
        routeringsstatus: true,
      },
    }),
    overdrachten: await prisma.signaaloverdracht.count({
      where: { OR: [{ vanGemeenteId: gemeenteId }, { naarGemeenteId: gemeenteId }] },
    }),
    gebruikers: await prisma.gebruiker.findMany({
      where: { gemeenteId },
      orderBy: { email: 'asc' },
      select: {
        id: true,
        email: true,
        naam: true,
        rol: true,
        actief: true,
        wijkIds: true,
        geblokkeerdTot: true,
        organisatie: true,
      },
    }),
    wijken: await prisma.wijk.findMany({
      where: { gemeenteId },
      orderBy: { code: 'asc' },
      select: { code: true, naam: true },
    }),
    buurten: await prisma.buurt.findMany({
      where: { wijk: { gemeenteId } },
      orderBy: { code: 'asc' },
      select: { code: true, naam: true },
    }),
    kernen: await prisma.kern.findMany({
      where: { gemeenteId },
      orderBy: { naam: 'asc' },
      select: { naam: true, _count: { select: { onderdelen: true } } },
    }),
    koppelingen: await prisma.koppeling.findMany({
      where: { gemeenteId },
      orderBy: { signaalpartnerId: 'asc' },
    }),
    reeksen: await prisma.uitnodigingsreeks.count({ where: { gemeenteId } }),
    briefsjablonen: await prisma.briefsjabloon.count({ where: { gemeenteId } }),
    bulkacties: await prisma.bulkactie.findMany({
      where: { gemeenteId, gebruikerId: { notIn: uitgezonderd } },
      orderBy: { id: 'asc' },
      select: { id: true, status: true },
    }),
    // Another tenant's bulkactie may name A's meldingen, but only as refused.
    nietGeweigerdeItemsVanAnderen: await prisma.bulkactieItem.count({
      where: {
        meldingId: meldingIds,
        bulkactie: { gemeenteId: { not: gemeenteId } },
        OR: [{ uitkomst: null }, { uitkomst: { in: ['GELUKT', 'MISLUKT'] } }],
      },
    }),
    rapportages: await prisma.rapportage.findMany({
      where: { gemeenteId },
      orderBy: { id: 'asc' },
      select: { id: true, maand: true, status: true },
    }),
    werkbakken: await prisma.werkbak.findMany({
      where: { gebruiker: { gemeenteId }, gebruikerId: { notIn: uitgezonderd } },
      orderBy: { id: 'asc' },
      select: { id: true, naam: true, filter: true },
    }),
    notificaties: await prisma.notificatie.findMany({
      where: { gebruiker: { gemeenteId } },
      orderBy: { id: 'asc' },
      select: { id: true, gelezenOp: true },
    }),
    aanleveringenA: await prisma.aanlevering.count({ where: { signaalpartnerId: a.partnerA.id } }),
    sleutelsA: await prisma.apiSleutel.findMany({
      where: { OR: [{ signaalpartnerId: a.partnerA.id }, { gemeenteId }] },
      orderBy: { id: 'asc' },
      select: { id: true, ingetrokkenOp: true },
    }),
    webhooks: await prisma.webhookabonnement.findMany({
      where: { gemeenteId },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        url: true,
        ingetrokkenOp: true,
        vervallenOp: true,
        afleveringen: { select: { id: true, status: true, ronde: true } },
      },
    }),
    ddasClient: await prisma.ddasClient.findUniqueOrThrow({ where: { id: a.ddasClient.id } }),
    actieveSessies: await prisma.sessie.count({
      where: { gebruiker: { gemeenteId, id: { notIn: uitgezonderd } }, beeindigdOp: null },
    }),
  };
}
