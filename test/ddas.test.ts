import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import type { DdasUitwisselmodel } from '../domain/ddas-uitwisselmodel.js';
import { wachtTot } from './hulp/omgeving.js';
import { type Proefgemeente, richtProefgemeenteIn } from './hulp/proefgemeente.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// The national DDAS delivery end to end: meldingen driven through the real
// workflows into every state, fetched as CBS would with client credentials,
// and every page checked against VNG's own JSON Schema.

const SCHEMA = JSON.parse(
  readFileSync(
    new URL(
      '../docs/standaarden/ddas-vroegsignalering-v1.2/json_schema_Uitwisselmodel.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as object;
// ajv and ajv-formats are CommonJS with a `default` export; require keeps that plain.
const laad = createRequire(import.meta.url);
const { default: Ajv2020 } = laad('ajv/dist/2020') as typeof import('ajv/dist/2020.js');
const { default: addFormats } = laad('ajv-formats') as typeof import('ajv-formats');
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const valideer = ajv.compile(SCHEMA);

const ZORG = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'ZORG')!;
const ENERGIE = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'ENERGIE')!;
const NOVEMBER = {
  aanleverperiodeStartdatum: '2026-11-01',
  aanleverperiodeEinddatum: '2026-11-30',
};

/** A BSN that passes the elfproef, distinct per seed. */
function bsn(zaad: number): string {
  for (let n = zaad * 10; ; n++) {
    const cijfers = String(n).padStart(8, '0').slice(-8).split('').map(Number);
    const som = cijfers.reduce((s, c, i) => s + c * (9 - i), 0);
    const controle = som % 11;
    if (controle < 10) return cijfers.join('') + String(controle);
  }
}

interface Pagina {
  gegevens: DdasUitwisselmodel;
  paginering: { pageSize: number; currentPage: number; totalPages: number; totalRecords: number };
}

describe('DDAS v1.2 delivery to CBS', () => {
  let stack: Teststack;
  let a: Proefgemeente;
  let b: Proefgemeente;
  let c: Proefgemeente;
  let behandelaarA: string;
  let behandelaarC: string;
  let operator: string;
  const geldig: DdasUitwisselmodel[] = [];
  const ids: Record<string, string> = {};
  const meldingen: Record<string, string> = {};

  async function signaal(
    gemeente: Proefgemeente,
    sleutel: string,
    huisnummer: number,
    extra: Parameters<typeof eenSignaal>[0] = {},
    partner: { apiSleutel: string } = ZORG,
  ): Promise<void> {
    const basis = eenSignaal({
      signaaldatum: '2026-11-10',
      bedrag: '412,50',
      ...extra,
    });
    const { status, body } = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
      apiSleutel: partner.apiSleutel,
      body: {
        ...basis,
        persoon: { ...basis.persoon, ...extra.persoon },
        adres: {
          straat: 'Leveringsweg',
          postcode: gemeente.postcode,
          huisnummer,
          woonplaats: 'Proefstad',
          ...extra.adres,
        },
      },
    });
    expect(status).toBe(201);
    const gekoppeld = await wachtTot(
      () => stack.prisma.signaal.findFirst({ where: { id: body.id, meldingId: { not: null } } }),
      { wat: `signaal ${sleutel} in melding`, timeoutMs: 60_000 },
    );
    ids[sleutel] = body.id;
    meldingen[sleutel] = gekoppeld.meldingId!;
  }

  async function actie(token: string, meldingId: string, pad: string, body: object = {}) {
    const antwoord = await http('POST', `${stack.basis}/meldingen/${meldingId}/${pad}`, {
      token,
      body,
    });
    expect(antwoord.status).toBe(200);
  }

  async function token(clientId: string, secret: string): Promise<Response> {
    return fetch(`${stack.basis}/ddas/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&scope=read',
    });
  }

  async function bearer(client: { clientId: string; clientSecret: string }): Promise<string> {
    const antwoord = await token(client.clientId, client.clientSecret);
    expect(antwoord.status).toBe(200);
    return ((await antwoord.json()) as { access_token: string }).access_token;
  }

  /** One page, which must validate against the standard whenever it is a 200. */
  async function gegevens(tokenWaarde: string, body: object) {
    const antwoord = await http<Pagina & { detail?: string; title?: string }>(
      'POST',
      `${stack.basis}/ddas/gegevens`,
      { token: tokenWaarde, body },
    );
    if (antwoord.status === 200) {
      const ok = valideer(antwoord.body.gegevens);
      expect(valideer.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
      geldig.push(antwoord.body.gegevens);
    }
    return antwoord;
  }

  const levering = (pagina: Pagina, code: string) =>
    pagina.gegevens.leveringen?.find((l) => l.gemeentecode === code);
  const vroegsignaal = (pagina: Pagina, code: string, id: string) =>
    levering(pagina, code)?.vroegsignalen.find((s) => s.ID === id);
  const zaakVan = (pagina: Pagina, code: string, id: string) =>
    levering(pagina, code)?.vroegsignaalzaken.find((z) =>
      z.vroegsignalen?.some((s) => s.ID === id),
    );

  let alles: { clientId: string; clientSecret: string; id: string };
  let alleenA: { clientId: string; clientSecret: string; id: string };
  let tokenAlles: string;

  beforeAll(async () => {
    stack = await startStack();
    const wijk = (code: string) => [
      { code: `${code}01`, naam: `Wijk ${code}`, huisnummers: [1, 40] as [number, number] },
    ];
    a = await richtProefgemeenteIn(stack, { code: '9931', naam: 'Ddasstad', wijken: wijk('9931') });
    b = await richtProefgemeenteIn(stack, { code: '9932', naam: 'Ddasdorp', wijken: wijk('9932') });
    // Retention ends the moment a handled melding closes.
    c = await richtProefgemeenteIn(stack, {
      code: '9933',
      naam: 'Vergeetveen',
      wijken: wijk('9933'),
      instellingen: { bewaartermijnAfgehandeldMaanden: 0 },
    });
    // The first letter is a month away, so no outreach runs during the test.
    for (const g of [a, b, c]) {
      await stack.prisma.uitnodigingsreeks.create({
        data: {
          gemeenteId: g.id,
          versie: 1 + (await stack.prisma.uitnodigingsreeks.count({ where: { gemeenteId: g.id } })),
          stappen: [{ na: '30 days', soort: 'BRIEF', sjabloon: 'uitnodiging' }],
        },
      });
    }
    behandelaarA = await a.gebruiker('behandelaar@ddasstad.test', 'BEHANDELAAR');
    behandelaarC = await c.gebruiker('behandelaar@vergeetveen.test', 'BEHANDELAAR');
    operator = await logIn(stack.basis, 'operator@vroegsignaal.demo', DEMO_WACHTWOORD);

    // A: open, with BSN.
    await signaal(a, 'open', 1, { persoon: { ...eenSignaal().persoon, bsn: bsn(9931001) } });
    // A: picked up, no BSN: the client is the address, with house letter and addition.
    await signaal(a, 'opgepakt', 2, {
      persoon: { ...eenSignaal().persoon, bsn: null },
      adres: {
        straat: 'Leveringsweg',
        postcode: a.postcode,
        huisnummer: 2,
        huisletter: 'b',
        toevoeging: '3',
        woonplaats: 'Proefstad',
      },
      crisissignaal: true,
      bedrag: '99,49',
    });
    await actie(behandelaarA, meldingen.opgepakt!, 'oppakken');
    await actie(behandelaarA, meldingen.opgepakt!, 'contactpogingen', {
      soort: 'TELEFOON',
      bereikt: false,
      datum: '2026-11-20',
      dagdeel: 'OCHTEND',
    });
    // A: closed with a result.
    await signaal(a, 'gesloten', 3, { persoon: { ...eenSignaal().persoon, bsn: bsn(9931003) } });
    await actie(behandelaarA, meldingen.gesloten!, 'oppakken');
    await actie(behandelaarA, meldingen.gesloten!, 'contactpogingen', {
      soort: 'HUISBEZOEK',
      bereikt: true,
      datum: '2026-11-21',
    });
    await actie(behandelaarA, meldingen.gesloten!, 'afsluiting', {
      resultaat: 'VERVOLGHULP_OF_VERWIJZING_FINANCIEEL',
    });
    // A: transferred to B.
    await signaal(a, 'overgedragen', 4, {
      persoon: { ...eenSignaal().persoon, bsn: bsn(9931004) },
    });
    await actie(behandelaarA, meldingen.overgedragen!, 'overdracht', { gemeentecode: b.code });
    // A: one of two signals withdrawn (stays open), and both of two (closes itself).
    await signaal(a, 'half', 5, { persoon: { ...eenSignaal().persoon, bsn: bsn(9931005) } });
    await signaal(a, 'halfEnergie', 5, {}, ENERGIE);
    await signaal(a, 'heel', 6, { persoon: { ...eenSignaal().persoon, bsn: bsn(9931006) } });
    await signaal(a, 'heelEnergie', 6, {}, ENERGIE);
    for (const [sleutel, partner] of [
      ['half', ZORG],
      ['heel', ZORG],
      ['heelEnergie', ENERGIE],
    ] as const) {
      const { status } = await http('POST', `${stack.basis}/signalen/${ids[sleutel]}/intrekking`, {
        apiSleutel: partner.apiSleutel,
        body: { reden: 'Klant heeft betaald' },
      });
      expect(status).toBe(200);
    }
    await wachtTot(
      () =>
        stack.prisma.melding.findFirst({
          where: { id: meldingen.heel!, status: 'AFGESLOTEN' },
        }),
      { wat: 'melding sluit na intrekking', timeoutMs: 60_000 },
    );
    // A: a signal of October, outside the November delivery.
    await signaal(a, 'oktober', 7, {
      signaaldatum: '2026-10-20',
      persoon: { ...eenSignaal().persoon, bsn: bsn(9931007) },
    });

    // C: handled and closed, so its personal data is deleted at once.
    await signaal(c, 'vergeten', 1, { persoon: { ...eenSignaal().persoon, bsn: bsn(9933001) } });
    await actie(behandelaarC, meldingen.vergeten!, 'oppakken');
    await actie(behandelaarC, meldingen.vergeten!, 'afsluiting', {
      resultaat: 'BUDGETADVIES_OF_QUICK_FIX',
    });
    // C: picked up and transferred to B: C's retention ends, B keeps the signal.
    await signaal(c, 'verhuisd', 2, { persoon: { ...eenSignaal().persoon, bsn: bsn(9933002) } });
    await actie(behandelaarC, meldingen.verhuisd!, 'oppakken');
    await actie(behandelaarC, meldingen.verhuisd!, 'overdracht', { gemeentecode: b.code });
    // C: still open, kept.
    await signaal(c, 'blijft', 3, { persoon: { ...eenSignaal().persoon, bsn: bsn(9933003) } });
    for (const sleutel of ['vergeten', 'verhuisd']) {
      await wachtTot(
        () =>
          stack.prisma.melding.findFirst({
            where: { id: meldingen[sleutel]!, persoonsgegevensVerwijderdOp: { not: null } },
          }),
        { wat: `persoonsgegevens van ${sleutel} verwijderd`, timeoutMs: 60_000 },
      );
    }
    // Both transferred signals reached their melding in B.
    for (const sleutel of ['overgedragen', 'verhuisd']) {
      await wachtTot(
        () =>
          stack.prisma.signaal.findFirst({
            where: { id: ids[sleutel]!, gemeenteId: b.id, meldingId: { not: null } },
          }),
        { wat: `${sleutel} in een melding van B`, timeoutMs: 60_000 },
      );
    }

    const maak = async (naam: string, gemeentecodes: string[]) => {
      const { status, body } = await http<{ id: string; clientId: string; clientSecret: string }>(
        'POST',
        `${stack.basis}/ddas/clients`,
        { token: operator, body: { naam, gemeentecodes } },
      );
      expect(status).toBe(201);
      return body;
    };
    alles = await maak('CBS-test', [a.code, b.code, c.code]);
    alleenA = await maak('Leverancier Ddasstad', [a.code]);
    tokenAlles = await bearer(alles);
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('delivers every state of A as the standard spells it', async () => {
    const { status, body } = await gegevens(tokenAlles, { ...NOVEMBER, gemeentecodes: [a.code] });
    expect(status).toBe(200);
    expect(body.gegevens).toMatchObject({
      startdatumLevering: '2026-11-01',
      einddatumLevering: '2026-11-30',
      codeGegevensleverancier: 'VROEGSIGNAAL',
    });
    expect(body.gegevens.leveringen?.map((l) => [l.teller, l.gemeentecode])).toEqual([[1, a.code]]);
    expect(levering(body, a.code)!.aanleverendeOrganisatie).toEqual({ naam: 'Ddasstad' });

    const open = vroegsignaal(body, a.code, ids.open!)!;
    expect(open).toEqual({
      ID: ids.open!,
      crisissignaal: false,
      warmeOverdracht: false,
      bedrag: 413,
      ontstaansdatum: '2026-08-01',
      signaaldatum: '2026-11-10',
      status: 'Nog niet opgepakt',
      signaalpartner: { type: 'Zorg' },
      client: { burgerservicenummer: bsn(9931001) },
    });
    const openZaak = zaakVan(body, a.code, ids.open!)!;
    expect(openZaak).not.toHaveProperty('resultaat');
    expect(openZaak).not.toHaveProperty('datumOpgepakt');
    expect(openZaak).toMatchObject({
      startdatumMatchingperiode: '2026-05-01',
      einddatumMatchingperiode: '2026-11-30',
      vroegsignalen: [{ ID: ids.open }],
    });

    const opgepakt = vroegsignaal(body, a.code, ids.opgepakt!)!;
    expect(opgepakt).toMatchObject({
      status: 'Opgepakt',
      crisissignaal: true,
      bedrag: 99,
      client: { postcode: a.postcode, huisnummer: '2', huisnummertoevoeging: 'B 3' },
    });
    expect(opgepakt.client).not.toHaveProperty('burgerservicenummer');
    const opgepaktZaak = zaakVan(body, a.code, ids.opgepakt!)!;
    expect(opgepaktZaak.datumOpgepakt).toMatch(/^2026-\d\d-\d\d$/);
    expect(opgepaktZaak.contactpogingen).toEqual([
      { soort: 'Telefoon', bereikt: false, datum: '2026-11-20', dagdeel: 'Ochtend' },
    ]);

    const geslotenZaak = zaakVan(body, a.code, ids.gesloten!)!;
    expect(geslotenZaak).toMatchObject({
      resultaat: 'Vervolghulp en/of verwijzing financieel',
      contactpogingen: [{ soort: 'Huisbezoek', bereikt: true, datum: '2026-11-21' }],
    });

    // Transferred away: for A the person is no longer a resident, with A's own zaak.
    expect(vroegsignaal(body, a.code, ids.overgedragen!)!.status).toBe(
      'Persoon is geen inwoner (meer) in de gemeente',
    );
    expect(zaakVan(body, a.code, ids.overgedragen!)!.resultaat).toBe(
      'Persoon is geen inwoner (meer) in de gemeente',
    );

    // Withdrawn signals stay in the delivery; the zaak of the fully withdrawn one closed by itself.
    expect(zaakVan(body, a.code, ids.half!)!.vroegsignalen).toEqual(
      [ids.half!, ids.halfEnergie!].sort().map((ID) => ({ ID })),
    );
    expect(zaakVan(body, a.code, ids.heel!)!.resultaat).toBe(
      'Inwoner heeft zelf al betaald/betalingsregeling getroffen',
    );

    expect(vroegsignaal(body, a.code, ids.oktober!)).toBeUndefined();
    expect(levering(body, a.code)!.vroegsignalen).toHaveLength(8);
    expect(levering(body, a.code)!.vroegsignaalzaken).toHaveLength(6);
    expect(body.paginering).toEqual({
      pageSize: 25_000,
      currentPage: 1,
      totalPages: 1,
      totalRecords: 14,
    });

    const oktober = await gegevens(tokenAlles, {
      aanleverperiodeStartdatum: '2026-10-01',
      aanleverperiodeEinddatum: '2026-10-31',
      aanleverende_organisatie: 'Ddasstad',
    });
    expect(levering(oktober.body, a.code)!.vroegsignalen.map((s) => s.ID)).toEqual([ids.oktober]);
  });

  it('gives a transferred signal to the new gemeente as well, with its new status', async () => {
    const { body } = await gegevens(tokenAlles, { ...NOVEMBER, gemeentecodes: [b.code] });
    for (const [sleutel, zaad] of [
      ['overgedragen', 9931004],
      ['verhuisd', 9933002],
    ] as const) {
      expect(vroegsignaal(body, b.code, ids[sleutel]!)).toMatchObject({
        status: 'Nog niet opgepakt',
        client: { burgerservicenummer: bsn(zaad) },
      });
      expect(zaakVan(body, b.code, ids[sleutel]!)).toBeDefined();
    }
  });

  it('never brings back personal data deleted under retention', async () => {
    const { prisma } = stack;
    expect(
      await prisma.signaalPersoonsgegevens.count({ where: { signaalId: ids.vergeten! } }),
    ).toBe(0);
    const { body } = await gegevens(tokenAlles, { ...NOVEMBER, gemeentecodes: [c.code] });
    const tekst = JSON.stringify(body);
    // The handled melding is gone entirely: without a client the schema has no place for it.
    expect(tekst).not.toContain(ids.vergeten);
    expect(tekst).not.toContain(bsn(9933001));
    // C's retention also ended for what it passed on, though B still holds the person.
    expect(tekst).not.toContain(ids.verhuisd);
    expect(tekst).not.toContain(bsn(9933002));
    expect(levering(body, c.code)!.vroegsignalen.map((s) => s.ID)).toEqual([ids.blijft]);
    expect(levering(body, c.code)!.vroegsignaalzaken).toHaveLength(1);
    expect(body.paginering.totalRecords).toBe(2);
  });

  it('pages in a stable order: signals, then zaken, per gemeente', async () => {
    const vraag = { ...NOVEMBER, gemeentecodes: [a.code, b.code] };
    const heel = (await gegevens(tokenAlles, vraag)).body;
    const totaal = heel.paginering.totalRecords;
    expect(heel.gegevens.leveringen!.map((l) => [l.teller, l.gemeentecode])).toEqual([
      [1, a.code],
      [2, b.code],
    ]);
    const pageSize = 4;
    const paginas: Pagina[] = [];
    for (let page = 1; page <= Math.ceil(totaal / pageSize); page++) {
      const { status, body } = await gegevens(tokenAlles, { ...vraag, page, pageSize });
      expect(status).toBe(200);
      expect(body.paginering).toEqual({
        pageSize,
        currentPage: page,
        totalPages: Math.ceil(totaal / pageSize),
        totalRecords: totaal,
      });
      paginas.push(body);
    }
    const plat = (p: Pagina[]) =>
      p.flatMap((x) =>
        (x.gegevens.leveringen ?? []).flatMap((l) => [
          ...l.vroegsignalen.map((s) => `${l.gemeentecode}:S:${s.ID}`),
          ...l.vroegsignaalzaken.map((z) => `${l.gemeentecode}:Z:${JSON.stringify(z)}`),
        ]),
      );
    expect(plat(paginas)).toEqual(plat([heel]));
    expect(plat(paginas.slice(1, 2))).not.toEqual(plat(paginas.slice(0, 1)));
    const laatste = paginas.at(-1)!;
    expect(plat([laatste])).toHaveLength(totaal - (paginas.length - 1) * pageSize);

    const voorbij = await gegevens(tokenAlles, { ...vraag, page: paginas.length + 1, pageSize });
    expect(voorbij.status).toBe(400);
  });

  it('refuses invalid requests with the problem details of the DDAS API', async () => {
    const nul = await gegevens(tokenAlles, { ...NOVEMBER, page: 0 });
    expect(nul.status).toBe(400);
    expect(nul.headers.get('content-type')).toContain('application/problem+json');
    expect(nul.body).toMatchObject({
      title: 'Ongeldig request',
      status: 400,
      detail: 'De parameter page moet groter zijn dan of gelijk zijn aan 1.',
      instance: '/v1/ddas/gegevens',
    });
    for (const [body, detail] of [
      [
        { ...NOVEMBER, pageSize: 0 },
        'De parameter pageSize moet groter zijn dan of gelijk zijn aan 1.',
      ],
      [
        { ...NOVEMBER, pageSize: 25_001 },
        'De parameter pageSize moet kleiner zijn dan of gelijk zijn aan 25000.',
      ],
      [{ ...NOVEMBER, page: 1.5 }, 'De parameter page moet een geheel getal zijn.'],
      [
        { ...NOVEMBER, aanleverperiodeStartdatum: '2026-02-30' },
        'De parameter aanleverperiodeStartdatum moet een datum zijn in het formaat JJJJ-MM-DD.',
      ],
      [
        { ...NOVEMBER, aanleverperiodeEinddatum: '2026-10-31' },
        'De parameter aanleverperiodeEinddatum ligt niet vóór aanleverperiodeStartdatum.',
      ],
      [{ ...NOVEMBER, onbekend: 1 }, 'Onbekend veld: onbekend.'],
    ] as const) {
      const fout = await gegevens(tokenAlles, body);
      expect([fout.status, fout.body.detail]).toEqual([400, detail]);
    }
  });

  it('issues short-lived tokens to a client with the right secret only', async () => {
    const fout = await token(alles.clientId, `${alles.clientSecret}x`);
    expect(fout.status).toBe(401);
    expect(fout.headers.get('content-type')).toContain('application/problem+json');
    expect((await token('ddas-onbekend', alles.clientSecret)).status).toBe(401);

    // Credentials in the form body work as well as HTTP Basic.
    const viaBody = await fetch(`${stack.basis}/ddas/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: alleenA.clientId,
        client_secret: alleenA.clientSecret,
      }).toString(),
    });
    expect(viaBody.status).toBe(200);
    expect(viaBody.headers.get('cache-control')).toBe('no-store');
    expect(await viaBody.json()).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'read',
    });
    const andereGrant = await fetch(`${stack.basis}/ddas/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password',
    });
    expect(andereGrant.status).toBe(400);
  });

  it('lets a client read only its own gemeenten', async () => {
    const tokenA = await bearer(alleenA);
    expect((await gegevens(tokenA, { ...NOVEMBER, gemeentecodes: [a.code] })).status).toBe(200);
    const vreemd = await gegevens(tokenA, { ...NOVEMBER, gemeentecodes: [b.code] });
    expect(vreemd.status).toBe(403);
    expect(vreemd.body.detail).toContain(b.code);
    expect(
      (await gegevens(tokenA, { ...NOVEMBER, aanleverende_organisatie: 'Ddasdorp' })).status,
    ).toBe(403);
    // Without a choice it gets exactly its own gemeenten.
    const eigen = await gegevens(tokenA, NOVEMBER);
    expect(eigen.body.gegevens.leveringen!.map((l) => l.gemeentecode)).toEqual([a.code]);
  });

  it('keeps DDAS tokens and every other credential apart', async () => {
    // Users and creditor keys cannot read the delivery, not even the platform operator.
    for (const tokenWaarde of [behandelaarA, operator]) {
      expect((await gegevens(tokenWaarde, NOVEMBER)).status).toBe(403);
    }
    const metSleutel = await http('POST', `${stack.basis}/ddas/gegevens`, {
      apiSleutel: ZORG.apiSleutel,
      body: NOVEMBER,
    });
    expect(metSleutel.status).toBe(403);
    expect((await http('POST', `${stack.basis}/ddas/gegevens`, { body: NOVEMBER })).status).toBe(
      401,
    );
    expect((await gegevens('ddas_at_verzonnen', NOVEMBER)).status).toBe(401);
    // A DDAS token opens nothing else, also not the routes every user may call.
    for (const pad of ['meldingen', 'sessies/huidige', 'ddas/clients', 'signalen']) {
      const { status } = await http('GET', `${stack.basis}/${pad}`, { token: tokenAlles });
      expect([pad, status]).toEqual([pad, 403]);
    }
    // Only the platform operator manages clients.
    expect((await http('GET', `${stack.basis}/ddas/clients`, { token: behandelaarA })).status).toBe(
      403,
    );
    const { body: lijst } = await http<{
      clients: { clientId: string; gemeentecodes: string[] }[];
    }>('GET', `${stack.basis}/ddas/clients`, { token: operator });
    expect(lijst.clients.find((k) => k.clientId === alles.clientId)?.gemeentecodes).toEqual([
      a.code,
      b.code,
      c.code,
    ]);
    expect(JSON.stringify(lijst)).not.toContain(alles.clientSecret);
  });

  it('audit-logs every call without secrets or tokens', async () => {
    await gegevens(tokenAlles, { ...NOVEMBER, gemeentecodes: [c.code], page: 1 });
    const regels = await stack.prisma.auditLog.findMany({
      where: { actie: { startsWith: 'ddas_' } },
      orderBy: { id: 'asc' },
    });
    expect(regels).toContainEqual(
      expect.objectContaining({
        actorType: 'ddas-client',
        actorId: alles.id,
        actie: 'ddas_gegevens_ophalen',
        objectType: 'DdasLevering',
        objectId: `${c.code}:2026-11-01..2026-11-30:1`,
        resultaat: 'gelukt',
      }),
    );
    expect(regels).toContainEqual(
      expect.objectContaining({
        actie: 'ddas_gegevens_ophalen',
        objectId: `${b.code}:2026-11-01..2026-11-30:1`,
        resultaat: 'geweigerd',
      }),
    );
    expect(regels).toContainEqual(
      expect.objectContaining({
        actie: 'ddas_token_uitgeven',
        objectId: alles.clientId,
        resultaat: 'geweigerd',
      }),
    );
    const tekst = JSON.stringify(regels, (_k, v: unknown) => (typeof v === 'bigint' ? 0 : v));
    expect(tekst).not.toContain(alles.clientSecret);
    expect(tekst).not.toContain(tokenAlles);
    expect(tekst).not.toContain(bsn(9931001));
  });

  it('ends every token of a revoked client at once', async () => {
    const tokenA = await bearer(alleenA);
    expect(
      (await http('DELETE', `${stack.basis}/ddas/clients/${alleenA.id}`, { token: operator }))
        .status,
    ).toBe(204);
    expect((await gegevens(tokenA, NOVEMBER)).status).toBe(401);
    expect((await token(alleenA.clientId, alleenA.clientSecret)).status).toBe(401);
  });

  it('produced only schema-valid deliveries, and the schema does catch a wrong one', () => {
    expect(geldig.length).toBeGreaterThan(8);
    const fout = structuredClone(geldig[0]!);
    const eerste = fout.leveringen![0]!.vroegsignalen[0]!;
    eerste.client = { burgerservicenummer: '123', postcode: '9931AA' };
    expect(valideer(fout)).toBe(false);
  });
});
