import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sha256 } from '../apps/api/auth/auth.service.js';
import { controleerHandtekening } from '../domain/webhookhandtekening.js';
import { DEMO_SIGNAALPARTNERS } from '../prisma/demo/organisaties.js';
import { wachtTot } from './hulp/omgeving.js';
import { type Proefgemeente, richtProefgemeenteIn } from './hulp/proefgemeente.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, startStack, type Teststack } from './hulp/stack.js';

// Coupling a gemeente's own software: an API key of the gemeente that reads
// its meldingen and acts on them like a caseworker, and signed webhooks per
// melding event, delivered by a workflow with retries, on the real stack.

const HUUR = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!.apiSleutel;

interface Bericht {
  id: string;
  type: string;
  melding: { id: string; status: string };
}

interface Ontvangen {
  ruw: string;
  headers: Record<string, string | string[] | undefined>;
  antwoord: number;
}

/**
 * A receiver that answers 500 to the first `mislukken` attempts of each
 * message, then 200; `vast` overrides that with one status for everything.
 */
async function ontvanger(mislukken: number) {
  const berichten: Ontvangen[] = [];
  const stand: { vast: number | null } = { vast: null };
  const pogingen = new Map<string, number>();
  const server: Server = createServer((verzoek, antwoord) => {
    const stukken: Buffer[] = [];
    verzoek.on('data', (s: Buffer) => stukken.push(s));
    verzoek.on('end', () => {
      const id = String(verzoek.headers['vroegsignaal-webhook-id']);
      const n = (pogingen.get(id) ?? 0) + 1;
      pogingen.set(id, n);
      const status = stand.vast ?? (n <= mislukken ? 500 : 200);
      berichten.push({
        ruw: Buffer.concat(stukken).toString('utf8'),
        headers: verzoek.headers,
        antwoord: status,
      });
      antwoord.writeHead(status).end();
    });
  });
  await new Promise<void>((klaar) => server.listen(0, '127.0.0.1', klaar));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vroegsignaal`;
  return {
    url,
    berichten,
    stand,
    /** Accepted messages about one melding. */
    geaccepteerd: (meldingId: string) =>
      berichten
        .filter((b) => b.antwoord === 200)
        .map((b) => ({ ...b, body: JSON.parse(b.ruw) as Bericht }))
        .filter((b) => b.body.melding.id === meldingId),
    sluit: () => new Promise<void>((klaar) => server.close(() => klaar())),
  };
}

/** wachtTot for a condition that needs no I/O. */
const wachtOp = <T>(
  voorwaarde: () => T | undefined | null | false,
  opties?: Parameters<typeof wachtTot>[1],
) => wachtTot(() => Promise.resolve(voorwaarde()), opties);

describe('gemeente systems and webhooks', () => {
  let stack: Teststack;
  let a: Proefgemeente;
  let b: Proefgemeente;
  let beheerA: string;
  let beheerB: string;
  let behandelaarA: string;
  let behandelaarAId: string;
  let huisnummer = 1;
  const ontvangers: { sluit(): Promise<void> }[] = [];
  let voorbeeld: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    stack = await startStack({
      WEBHOOK_LOCALHOST_TOESTAAN: 'true',
      WEBHOOK_EERSTE_INTERVAL_SECONDEN: '1',
      WEBHOOK_MAXIMUM_INTERVAL_SECONDEN: '2',
      WEBHOOK_OPGEVEN_NA_SECONDEN: '8',
      WEBHOOK_TIMEOUT_SECONDEN: '5',
    });
    a = await richtProefgemeenteIn(stack, {
      code: '9841',
      naam: 'Koppelstad',
      wijken: [{ code: '984101', naam: 'Koppel-Oost', huisnummers: [1, 999] }],
    });
    b = await richtProefgemeenteIn(stack, {
      code: '9842',
      naam: 'Anderkoppel',
      wijken: [{ code: '984201', naam: 'Ander-West', huisnummers: [1, 999] }],
    });
    // No letters: these tests are about the coupling, not the outreach.
    for (const g of [a, b])
      await stack.prisma.uitnodigingsreeks.create({
        data: {
          gemeenteId: g.id,
          versie: 1 + (await stack.prisma.uitnodigingsreeks.count({ where: { gemeenteId: g.id } })),
          stappen: [],
        },
      });
    beheerA = await a.gebruiker('beheer@koppelstad.test', 'GEMEENTEBEHEERDER');
    beheerB = await b.gebruiker('beheer@anderkoppel.test', 'GEMEENTEBEHEERDER');
    behandelaarA = await a.gebruiker('behandelaar@koppelstad.test', 'BEHANDELAAR');
    behandelaarAId = (
      await stack.prisma.gebruiker.findUniqueOrThrow({
        where: { email: 'behandelaar@koppelstad.test' },
      })
    ).id;
    // Every run starts with fresh house numbers: tests share one database.
    huisnummer = 1 + (await stack.prisma.melding.count({ where: { gemeenteId: a.id } }));
  }, 120_000);

  afterAll(async () => {
    voorbeeld?.kill();
    for (const o of ontvangers) await o.sluit();
    // Subscriptions of a previous run must not receive the next run's events.
    await stack?.prisma.webhookabonnement.updateMany({
      where: { gemeenteId: { in: [a.id, b.id] }, ingetrokkenOp: null },
      data: { ingetrokkenOp: new Date() },
    });
    await stack?.stop();
  });

  /** A new melding in the gemeente, through intake; returns its id and the signal sent. */
  async function nieuweMelding(gemeente: Proefgemeente) {
    const signaal = eenSignaal({
      persoon: {
        voorletters: 'K.',
        achternaam: 'Koppeltestpersoon',
        geboortedatum: '1969-02-03',
        bsn: '123456782',
      },
      adres: {
        straat: 'Webhookstraat',
        postcode: gemeente.postcode,
        huisnummer: (huisnummer++ % 999) + 1,
        woonplaats: 'Koppelstad',
      },
    });
    const { status, body } = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
      apiSleutel: HUUR,
      body: signaal,
    });
    expect(status).toBe(201);
    const gekoppeld = await wachtTot(
      () => stack.prisma.signaal.findFirst({ where: { id: body.id, meldingId: { not: null } } }),
      { wat: 'signaal in melding', timeoutMs: 60_000 },
    );
    return { meldingId: gekoppeld.meldingId!, signaal };
  }

  async function maakSleutel(token: string, omschrijving: string) {
    const antwoord = await http<{ id: string; sleutel: string }>(
      'POST',
      `${stack.basis}/apisleutels`,
      { token, body: { omschrijving } },
    );
    expect(antwoord.status).toBe(201);
    return antwoord.body;
  }

  async function abonneer(token: string, url: string, gebeurtenistypen: string[]) {
    const antwoord = await http<{ id: string; geheim: string }>(
      'POST',
      `${stack.basis}/webhookabonnementen`,
      { token, body: { url, gebeurtenistypen } },
    );
    expect(antwoord.status).toBe(201);
    return antwoord.body;
  }

  it('shows a gemeente key once, stores only its hash, and keeps it from other gemeenten', async () => {
    const gemaakt = await maakSleutel(beheerA, 'Zaaksysteem lijst');
    expect(gemaakt.sleutel).toMatch(/^vs_[A-Za-z0-9_-]{43}$/);
    const rij = await stack.prisma.apiSleutel.findUniqueOrThrow({ where: { id: gemaakt.id } });
    expect(rij).toMatchObject({ gemeenteId: a.id, signaalpartnerId: null });
    expect(rij.sleutelHash).toBe(sha256(gemaakt.sleutel));

    const lijst = await http<{ apisleutels: Record<string, unknown>[] }>(
      'GET',
      `${stack.basis}/apisleutels`,
      { token: beheerA },
    );
    expect(lijst.status).toBe(200);
    expect(lijst.body.apisleutels.find((s) => s.id === gemaakt.id)).toMatchObject({
      omschrijving: 'Zaaksysteem lijst',
      status: 'ACTIEF',
      ingetrokkenOp: null,
    });
    const tekst = JSON.stringify(lijst.body);
    expect(tekst).not.toContain(gemaakt.sleutel);
    expect(tekst).not.toContain(rij.sleutelHash);
    expect(tekst).not.toContain('"sleutel"');

    // Another gemeente's admin neither sees nor revokes it.
    const anders = await http<{ apisleutels: { id: string }[] }>(
      'GET',
      `${stack.basis}/apisleutels`,
      { token: beheerB },
    );
    expect(anders.body.apisleutels.map((s) => s.id)).not.toContain(gemaakt.id);
    expect(
      (await http('DELETE', `${stack.basis}/apisleutels/${gemaakt.id}`, { token: beheerB })).status,
    ).toBe(404);
    // A caseworker does not manage keys.
    expect((await http('GET', `${stack.basis}/apisleutels`, { token: behandelaarA })).status).toBe(
      403,
    );
  });

  it('lets the gemeente system read and act on its own meldingen only, audit-logged, and refuses admin routes', async () => {
    const { id: sleutelId, sleutel } = await maakSleutel(beheerA, 'Zaaksysteem Koppelstad');
    const { meldingId } = await nieuweMelding(a);
    const { meldingId: vanB } = await nieuweMelding(b);

    const lijst = await http<{ meldingen: { id: string }[] }>(
      'GET',
      `${stack.basis}/meldingen?paginagrootte=100`,
      { apiSleutel: sleutel },
    );
    expect(lijst.status).toBe(200);
    expect(lijst.body.meldingen.map((m) => m.id)).toContain(meldingId);
    expect(lijst.body.meldingen.map((m) => m.id)).not.toContain(vanB);

    const detail = await http<{ id: string; status: string }>(
      'GET',
      `${stack.basis}/meldingen/${meldingId}`,
      { apiSleutel: sleutel },
    );
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: meldingId, status: 'OPEN' });
    const audit = await stack.prisma.auditLog.findFirst({
      where: { actie: 'melding_inzien', objectId: meldingId, actorId: sleutelId },
    });
    expect(audit).toMatchObject({
      actorType: 'api-sleutel',
      organisatieType: 'gemeente',
      organisatieId: a.id,
      resultaat: 'gelukt',
    });
    expect(
      (await http('GET', `${stack.basis}/meldingen/${vanB}`, { apiSleutel: sleutel })).status,
    ).toBe(404);

    // Picking up: a system names the caseworker; then a note, as the UI would.
    const zonder = await http<{ invalidParams: { name: string }[] }>(
      'POST',
      `${stack.basis}/meldingen/${meldingId}/oppakken`,
      { apiSleutel: sleutel, body: {} },
    );
    expect(zonder.status).toBe(400);
    expect(zonder.body.invalidParams[0]!.name).toBe('behandelaarId');
    const opgepakt = await http<{ status: string; behandelaar: { id: string } }>(
      'POST',
      `${stack.basis}/meldingen/${meldingId}/oppakken`,
      { apiSleutel: sleutel, body: { behandelaarId: behandelaarAId } },
    );
    expect(opgepakt.status).toBe(200);
    expect(opgepakt.body).toMatchObject({
      status: 'IN_BEHANDELING',
      behandelaar: { id: behandelaarAId },
    });
    const notitie = await http<{
      tijdlijn: { soort: string; door: { naam: string } | null }[];
      notities: { tekst: string; door: { naam: string } }[];
    }>('POST', `${stack.basis}/meldingen/${meldingId}/notities`, {
      apiSleutel: sleutel,
      body: { tekst: 'Overgenomen in het zaaksysteem.' },
    });
    expect(notitie.status).toBe(200);
    expect(
      notitie.body.tijdlijn
        .filter((g) => g.soort === 'oppakken' || g.soort === 'notitie')
        .map((g) => [g.soort, g.door?.naam]),
    ).toEqual([
      ['oppakken', 'Systeem: Zaaksysteem Koppelstad'],
      ['notitie', 'Systeem: Zaaksysteem Koppelstad'],
    ]);
    expect(notitie.body.notities.at(-1)).toMatchObject({
      tekst: 'Overgenomen in het zaaksysteem.',
      door: { naam: 'Systeem: Zaaksysteem Koppelstad' },
    });
    // The same workflow validation as in the UI: closing an open-then-picked-up melding needs a result.
    const fout = await http('POST', `${stack.basis}/meldingen/${meldingId}/niet-opgepakt`, {
      apiSleutel: sleutel,
      body: { reden: 'NIET_OPGEPAKT_ANDERE_REDEN' },
    });
    expect(fout.status).toBe(409);
    // Acting on another gemeente's melding: not found.
    expect(
      (
        await http('POST', `${stack.basis}/meldingen/${vanB}/notities`, {
          apiSleutel: sleutel,
          body: { tekst: 'x' },
        })
      ).status,
    ).toBe(404);

    // No user management, exports, reports, DDAS, werkbakken or key management.
    for (const [methode, pad] of [
      ['GET', '/gebruikers'],
      ['GET', '/meldingen/export'],
      ['GET', '/exports/beheer.xlsx'],
      ['GET', '/rapportages'],
      ['GET', '/ddas/clients'],
      ['GET', '/werkbakken'],
      ['GET', '/apisleutels'],
      ['GET', '/webhookabonnementen'],
      ['GET', '/gebieden'],
    ] as const)
      expect([
        pad,
        (await http(methode, `${stack.basis}${pad}`, { apiSleutel: sleutel })).status,
      ]).toEqual([pad, 403]);

    // Revoked: refused at once.
    expect(
      (await http('DELETE', `${stack.basis}/apisleutels/${sleutelId}`, { token: beheerA })).status,
    ).toBe(204);
    expect(
      (await http('GET', `${stack.basis}/meldingen/${meldingId}`, { apiSleutel: sleutel })).status,
    ).toBe(401);
  });

  it('delivers signed, id-only webhooks exactly once after retries, per gemeente, with a delivery log', async () => {
    const hier = await ontvanger(2);
    const daar = await ontvanger(0);
    ontvangers.push(hier, daar);
    const abonnement = await abonneer(beheerA, hier.url, [
      'melding.aangemaakt',
      'melding.status_gewijzigd',
      'melding.afgesloten',
    ]);
    expect(abonnement.geheim).toMatch(/^whsec_/);
    await abonneer(beheerB, daar.url, ['melding.aangemaakt', 'melding.status_gewijzigd']);
    // The secret is shown once.
    const lijst = await http('GET', `${stack.basis}/webhookabonnementen`, { token: beheerA });
    expect(JSON.stringify(lijst.body)).not.toContain(abonnement.geheim);
    // Another gemeente's admin cannot see its log or end it.
    expect(
      (
        await http('GET', `${stack.basis}/webhookabonnementen/${abonnement.id}/afleveringen`, {
          token: beheerB,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await http('DELETE', `${stack.basis}/webhookabonnementen/${abonnement.id}`, {
          token: beheerB,
        })
      ).status,
    ).toBe(404);

    const { meldingId, signaal } = await nieuweMelding(a);
    const [aangemaakt] = await wachtOp(
      () => hier.geaccepteerd(meldingId).length > 0 && hier.geaccepteerd(meldingId),
      {
        wat: 'melding.aangemaakt afgeleverd',
        timeoutMs: 30_000,
      },
    );
    const log = await wachtTot(
      async () => {
        const { body } = await http<{
          afleveringen: {
            id: string;
            melding: { id: string };
            status: string;
            pogingen: number;
            laatsteStatuscode: number;
            gebeurtenistype: string;
          }[];
        }>('GET', `${stack.basis}/webhookabonnementen/${abonnement.id}/afleveringen`, {
          token: beheerA,
        });
        const rij = body.afleveringen.find((r) => r.melding.id === meldingId);
        return rij?.status === 'AFGELEVERD' && rij;
      },
      { wat: 'afleverlog AFGELEVERD' },
    );
    expect(log).toMatchObject({
      gebeurtenistype: 'melding.aangemaakt',
      status: 'AFGELEVERD',
      pogingen: 3,
      laatsteStatuscode: 200,
    });
    expect(aangemaakt!.body).toEqual({
      id: log.id,
      type: 'melding.aangemaakt',
      tijdstip: expect.any(String),
      gemeente: '9841',
      melding: { id: meldingId, status: 'OPEN' },
      _links: { melding: { href: `/v1/meldingen/${meldingId}` } },
    });
    expect(aangemaakt!.headers['vroegsignaal-webhook-id']).toBe(log.id);
    expect(
      controleerHandtekening(
        abonnement.geheim,
        aangemaakt!.headers['vroegsignaal-signature'] as string,
        aangemaakt!.ruw,
        Math.floor(Date.now() / 1000),
      ),
    ).toEqual({ geldig: true });
    // Three attempts of the same message, the same body each time.
    const pogingen = hier.berichten.filter((b) => b.headers['vroegsignaal-webhook-id'] === log.id);
    expect(pogingen.map((p) => p.antwoord)).toEqual([500, 500, 200]);
    expect(new Set(pogingen.map((p) => p.ruw)).size).toBe(1);
    // No personal data in what leaves the building.
    for (const waarde of [
      signaal.persoon.achternaam,
      signaal.adres.straat!,
      signaal.persoon.bsn!,
      signaal.adres.postcode,
      signaal.contact!.email!,
    ])
      expect(aangemaakt!.ruw).not.toContain(waarde);

    // Picking up is a status change; closing is its own event.
    expect(
      (
        await http('POST', `${stack.basis}/meldingen/${meldingId}/oppakken`, {
          token: behandelaarA,
          body: {},
        })
      ).status,
    ).toBe(200);
    await wachtOp(() => hier.geaccepteerd(meldingId).length === 2, {
      wat: 'melding.status_gewijzigd afgeleverd',
    });
    expect(
      (
        await http('POST', `${stack.basis}/meldingen/${meldingId}/afsluiting`, {
          token: behandelaarA,
          body: { resultaat: 'INWONER_REGELT_HET_ZELF' },
        })
      ).status,
    ).toBe(200);
    await wachtOp(() => hier.geaccepteerd(meldingId).length === 3, {
      wat: 'melding.afgesloten afgeleverd',
    });
    expect(hier.geaccepteerd(meldingId).map((b) => [b.body.type, b.body.melding.status])).toEqual([
      ['melding.aangemaakt', 'OPEN'],
      ['melding.status_gewijzigd', 'IN_BEHANDELING'],
      ['melding.afgesloten', 'AFGESLOTEN'],
    ]);
    // Gemeente B's subscription heard nothing of A.
    expect(daar.berichten.filter((b) => b.ruw.includes(meldingId))).toEqual([]);
    expect(daar.berichten.filter((b) => b.ruw.includes('"gemeente":"9841"'))).toEqual([]);
  }, 90_000);

  it('runs the README example receiver against the real API', async () => {
    const { sleutel } = await maakSleutel(beheerA, 'Voorbeeldontvanger');
    const pad = fileURLToPath(new URL('../docs/voorbeelden/webhookontvanger.mjs', import.meta.url));
    // The URL is known once the receiver listens, the secret once it is
    // subscribed: start it on a free port, subscribe, restart it on that port
    // with the secret.
    let uitvoer = '';
    const start = (geheim: string, poort: number) => {
      voorbeeld = spawn(process.execPath, [pad], {
        env: {
          PATH: process.env.PATH,
          VROEGSIGNAAL_WEBHOOK_GEHEIM: geheim,
          VROEGSIGNAAL_API_SLEUTEL: sleutel,
          VROEGSIGNAAL_API_URL: stack.basis.replace(/\/v1$/, ''),
          POORT: String(poort),
        },
      });
      voorbeeld.stdout.on('data', (d: Buffer) => (uitvoer += d.toString()));
      voorbeeld.stderr.on('data', (d: Buffer) => (uitvoer += d.toString()));
    };
    start('nog-onbekend', 0);
    const poort = Number(
      (
        await wachtOp(() => /127\.0\.0\.1:(\d+)/.exec(uitvoer), {
          wat: 'voorbeeld luistert',
        })
      )[1],
    );
    const abonnement = await abonneer(beheerA, `http://127.0.0.1:${poort}/`, [
      'melding.aangemaakt',
    ]);
    voorbeeld!.kill();
    await new Promise((r) => voorbeeld!.once('exit', r));
    uitvoer = '';
    start(abonnement.geheim, poort);
    await wachtOp(() => uitvoer.includes('luistert op'), { wat: 'voorbeeld herstart' });

    const { meldingId } = await nieuweMelding(a);
    await wachtOp(
      () =>
        uitvoer.includes(
          `melding.aangemaakt melding=${meldingId} status=OPEN gemeente=9841 signalen=1`,
        ),
      {
        wat: 'voorbeeldontvanger meldt de melding',
        timeoutMs: 30_000,
      },
    );
    // A forged message is refused without touching the API.
    const vals = await fetch(`http://127.0.0.1:${poort}/`, {
      method: 'POST',
      headers: {
        'vroegsignaal-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
      },
      body: JSON.stringify({ id: 'x', melding: { id: meldingId } }),
    });
    expect(vals.status).toBe(401);
    await wachtOp(() => uitvoer.includes('GEWEIGERD: handtekening klopt niet'), {
      wat: 'weigering',
    });
    await http('DELETE', `${stack.basis}/webhookabonnementen/${abonnement.id}`, { token: beheerA });
  }, 90_000);

  it('gives up on a receiver that stays down and says so in the log', async () => {
    // A port nobody listens on.
    const weg = await ontvanger(0);
    await weg.sluit();
    const abonnement = await abonneer(beheerA, weg.url, ['melding.aangemaakt']);
    const { meldingId } = await nieuweMelding(a);
    const rij = await wachtTot(
      async () => {
        const { body } = await http<{
          afleveringen: {
            melding: { id: string };
            status: string;
            pogingen: number;
            laatsteFout: string | null;
            laatsteStatuscode: number | null;
          }[];
        }>('GET', `${stack.basis}/webhookabonnementen/${abonnement.id}/afleveringen`, {
          token: beheerA,
        });
        const r = body.afleveringen.find((x) => x.melding.id === meldingId);
        return r?.status === 'MISLUKT' && r;
      },
      { wat: 'aflevering MISLUKT', timeoutMs: 40_000 },
    );
    expect(rij.pogingen).toBeGreaterThanOrEqual(2);
    expect(rij.laatsteStatuscode).toBeNull();
    expect(rij.laatsteFout).toMatch(/^verbinding mislukt/);
    await http('DELETE', `${stack.basis}/webhookabonnementen/${abonnement.id}`, { token: beheerA });
  }, 60_000);

  it('sends a failed message again on request, and ends a subscription the receiver says is gone (410)', async () => {
    const wisselend = await ontvanger(0);
    ontvangers.push(wisselend);
    wisselend.stand.vast = 503;
    const abonnement = await abonneer(beheerA, wisselend.url, ['melding.aangemaakt']);
    const log = `${stack.basis}/webhookabonnementen/${abonnement.id}/afleveringen`;
    type Rij = { id: string; melding: { id: string }; status: string; laatsteStatuscode: number };
    const rijVan = async (meldingId: string) =>
      (await http<{ afleveringen: Rij[] }>('GET', log, { token: beheerA })).body.afleveringen.find(
        (r) => r.melding.id === meldingId,
      );
    const { meldingId } = await nieuweMelding(a);
    const mislukt = await wachtTot(
      async () => {
        const r = await rijVan(meldingId);
        return r?.status === 'MISLUKT' && r;
      },
      { wat: 'MISLUKT na 503', timeoutMs: 40_000 },
    );
    expect(mislukt.laatsteStatuscode).toBe(503);

    wisselend.stand.vast = null;
    const opnieuw = await http('POST', `${log}/${mislukt.id}/opnieuw-versturen`, {
      token: beheerA,
    });
    expect(opnieuw.status).toBe(202);
    await wachtTot(async () => (await rijVan(meldingId))?.status === 'AFGELEVERD', {
      wat: 'opnieuw verstuurd en afgeleverd',
    });
    expect(wisselend.geaccepteerd(meldingId).map((b) => b.body.id)).toEqual([mislukt.id]);
    // Another gemeente's admin cannot trigger it.
    expect(
      (await http('POST', `${log}/${mislukt.id}/opnieuw-versturen`, { token: beheerB })).status,
    ).toBe(404);

    // 410 Gone: the delivery stops at once and the subscription ends.
    wisselend.stand.vast = 410;
    const tweede = await nieuweMelding(a);
    await wachtTot(async () => (await rijVan(tweede.meldingId))?.status === 'MISLUKT', {
      wat: 'MISLUKT na 410',
    });
    const na = await http<{ status: string }>(
      'GET',
      `${stack.basis}/webhookabonnementen/${abonnement.id}`,
      { token: beheerA },
    );
    expect(na.body.status).toBe('VERVALLEN');
    expect(
      wisselend.berichten.filter((b) => b.ruw.includes(tweede.meldingId)).map((b) => b.antwoord),
    ).toEqual([410]);
  }, 90_000);

  it('refuses a webhook URL without https and unknown event types', async () => {
    const antwoord = await http<{ invalidParams: { name: string; reason: string }[] }>(
      'POST',
      `${stack.basis}/webhookabonnementen`,
      {
        token: beheerA,
        body: { url: 'http://zaaksysteem.example.nl/x', gebeurtenistypen: ['melding.verdwenen'] },
      },
    );
    expect(antwoord.status).toBe(400);
    expect(antwoord.body.invalidParams.map((p) => p.name).sort()).toEqual([
      'gebeurtenistypen.0',
      'url',
    ]);
    expect(
      (await http('GET', `${stack.basis}/webhookabonnementen`, { token: behandelaarA })).status,
    ).toBe(403);
  });
});
