import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// The audit log seen by the people who rely on it: the five reads of personal
// data the issue names each leave an entry that the gemeente's teamleider
// finds through GET /v1/auditregels; a gemeente never sees another's entries;
// and `npm run audit:verify` accepts the chain and names the entry an
// administrator changed or removed behind the application's back. Gemeenten
// 9811 and 9812 are this test's own.

const A = { code: '9811', naam: 'Auditstad' };
const B = { code: '9812', naam: 'Auditdorp' };

interface Auditregel {
  id: string;
  volgnummer: string;
  tijdstip: string;
  actor: { type: string; id: string | null; naam: string | null; email: string | null };
  organisatie: { type: string | null; id: string | null; naam: string | null };
  actie: string;
  object: { type: string; id: string | null };
  resultaat: string;
  herkomst: { ip: string | null; userAgent: string | null };
}
interface Zoekantwoord {
  auditregels: Auditregel[];
  totaal: number;
  _links: { next?: { href: string } };
  invalidParams?: { name: string; reason: string }[];
}

function verifieer(...args: string[]) {
  return spawnSync(process.execPath, ['scripts/audit-verify.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
    timeout: 120_000,
  });
}

describe('audit log: hash chain, verification and search per gemeente', () => {
  let stack: Teststack;
  let beheer: pg.Client;
  const token = {
    teamleiderA: '',
    beheerderA: '',
    behandelaarA: '',
    externA: '',
    teamleiderB: '',
    portaal: '',
    operator: '',
  };
  const gebruikerId = { teamleiderA: '', behandelaarA: '' };
  const id = { a: '', b: '', meldingA: '', meldingB: '', briefA: '' };
  /** The chain's length before this test wrote anything: verification starts after it. */
  let start = '';

  const zoek = (wie: keyof typeof token, query: Record<string, string> = {}) =>
    http<Zoekantwoord>(
      'GET',
      `${stack.basis}/auditregels?${new URLSearchParams(query).toString()}`,
      {
        token: token[wie],
      },
    );

  beforeAll(async () => {
    stack = await startStack();
    const { prisma } = stack;
    beheer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await beheer.connect();
    start = String(
      (await prisma.auditKetenkop.findUniqueOrThrow({ where: { id: 1 } })).volgnummer + 1n,
    );
    const { wachtwoordHash } = await prisma.gebruiker.findUniqueOrThrow({
      where: { email: 'behandelaar@zwolle.demo' },
    });
    const gemeente = async ({ code, naam }: typeof A) => {
      const g = await prisma.gemeente.upsert({
        where: { code },
        create: { code, naam },
        update: {},
      });
      const wijk = await prisma.wijk.upsert({
        where: { code: `${code}01` },
        create: { code: `${code}01`, naam: `${naam}-Noord`, gemeenteId: g.id },
        update: {},
      });
      return { id: g.id, wijk: wijk.id };
    };
    const ga = await gemeente(A);
    const gb = await gemeente(B);
    id.a = ga.id;
    id.b = gb.id;
    const gebruiker = async (email: string, rol: string, gemeenteId: string) => {
      const g = await prisma.gebruiker.upsert({
        where: { email },
        create: {
          email,
          naam: `Test ${email}`,
          rol: rol as 'BEHANDELAAR',
          gemeenteId,
          wachtwoordHash,
        },
        update: {},
      });
      return { id: g.id, token: await logIn(stack.basis, email, DEMO_WACHTWOORD) };
    };
    const tl = await gebruiker('teamleider@auditstad.test', 'TEAMLEIDER', ga.id);
    token.teamleiderA = tl.token;
    gebruikerId.teamleiderA = tl.id;
    token.beheerderA = (
      await gebruiker('beheerder@auditstad.test', 'GEMEENTEBEHEERDER', ga.id)
    ).token;
    const bh = await gebruiker('behandelaar@auditstad.test', 'BEHANDELAAR', ga.id);
    token.behandelaarA = bh.token;
    gebruikerId.behandelaarA = bh.id;
    token.externA = (await gebruiker('extern@auditstad.test', 'EXTERN', ga.id)).token;
    token.teamleiderB = (await gebruiker('teamleider@auditdorp.test', 'TEAMLEIDER', gb.id)).token;
    token.portaal = await logIn(stack.basis, 'portaal@thuisbaas.demo', DEMO_WACHTWOORD);
    token.operator = await logIn(stack.basis, 'operator@vroegsignaal.demo', DEMO_WACHTWOORD);

    const partner = (await prisma.signaalpartner.findFirstOrThrow({ where: { type: 'HUUR' } })).id;
    const melding = async (g: typeof ga, code: string) => {
      const m = await prisma.melding.create({
        data: {
          gemeenteId: g.id,
          adressleutel: `${code}AA|${randomUUID()}`,
          geopendOp: new Date('2026-11-10T10:00:00Z'),
        },
      });
      await prisma.signaal.create({
        data: {
          signaalpartnerId: partner,
          referentie: `AUDIT-${randomUUID()}`,
          signaaldatum: new Date('2026-11-10'),
          ontstaansdatum: new Date('2026-09-01'),
          bedragInCenten: 50_000,
          routeringsstatus: 'GEROUTEERD',
          gemeenteId: g.id,
          wijkId: g.wijk,
          meldingId: m.id,
          persoonsgegevens: {
            create: {
              voorletters: 'A.',
              achternaam: 'Auditmens',
              geboortedatum: new Date('1980-01-01'),
              straat: 'Logboekweg',
              postcode: `${code}AA`,
              huisnummer: 1,
              woonplaats: 'Auditstad',
              bsn: '123456782',
              adressleutel: m.adressleutel,
            },
          },
        },
      });
      return m.id;
    };
    id.meldingA = await melding(ga, A.code);
    id.meldingB = await melding(gb, B.code);
    id.briefA = (
      await prisma.correspondentie.create({
        data: {
          meldingId: id.meldingA,
          kanaal: 'BRIEF',
          sjabloon: 'uitnodiging',
          idempotentieSleutel: `audit-${randomUUID()}`,
          status: 'VERZONDEN',
          aangemaaktOp: new Date('2026-11-11T10:00:00Z'),
          verzondenOp: new Date('2026-11-11T10:00:00Z'),
          onderwerp: 'Wij willen u graag helpen',
          pdf: Buffer.from('%PDF-auditbrief'),
          tekst: 'Brieftekst',
          ontvanger: 'ontvanger@example.test',
        },
      })
    ).id;
  }, 180_000);
  afterAll(async () => {
    await beheer?.end();
    await stack?.stop();
  });

  it('logs opening a melding, a letter, both Excel exports and a DDAS page, and the teamleider finds each', async () => {
    const lees = async (pad: string, wie: keyof typeof token = 'teamleiderA') => {
      const antwoord = await fetch(`${stack.basis}${pad}`, {
        headers: { authorization: `Bearer ${token[wie]}` },
      });
      await antwoord.arrayBuffer();
      return antwoord.status;
    };
    expect(await lees(`/meldingen/${id.meldingA}`, 'behandelaarA')).toBe(200);
    expect(
      await lees(`/meldingen/${id.meldingA}/correspondentie/${id.briefA}`, 'behandelaarA'),
    ).toBe(200);
    expect(await lees('/meldingen/export')).toBe(200);
    expect(await lees('/exports/beheer.xlsx?van=2026-11-01&tot=2026-11-30')).toBe(200);
    // A DDAS client (CBS) of the platform fetches gemeente A's delivery.
    const client = await http<{ clientId: string; clientSecret: string }>(
      'POST',
      `${stack.basis}/ddas/clients`,
      {
        token: token.operator,
        body: { naam: `CBS-audit-${randomUUID()}`, gemeentecodes: [A.code] },
      },
    );
    expect(client.status).toBe(201);
    const tokenAntwoord = await fetch(`${stack.basis}/ddas/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${client.body.clientId}:${client.body.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&scope=read',
    });
    const { access_token } = (await tokenAntwoord.json()) as { access_token: string };
    const ddas = await http('POST', `${stack.basis}/ddas/gegevens`, {
      token: access_token,
      body: { aanleverperiodeStartdatum: '2026-11-01', aanleverperiodeEinddatum: '2026-11-30' },
    });
    expect(ddas.status).toBe(200);

    const gevonden = async (query: Record<string, string>) => {
      const { status, body } = await zoek('teamleiderA', query);
      expect(status).toBe(200);
      return body.auditregels;
    };
    expect(await gevonden({ actie: 'melding_inzien', objectId: id.meldingA })).toEqual([
      expect.objectContaining({
        actor: {
          type: 'gebruiker',
          id: gebruikerId.behandelaarA,
          naam: 'Test behandelaar@auditstad.test',
          email: 'behandelaar@auditstad.test',
        },
        organisatie: { type: 'gemeente', id: id.a, naam: A.naam },
        object: { type: 'Melding', id: id.meldingA },
        resultaat: 'gelukt',
        herkomst: expect.objectContaining({ ip: expect.any(String) }),
      }),
    ]);
    expect(await gevonden({ actie: 'brief_downloaden', objectId: id.briefA })).toHaveLength(1);
    expect(
      await gevonden({ actie: 'werkvoorraad_exporteren', actorId: gebruikerId.teamleiderA }),
    ).toHaveLength(1);
    expect(await gevonden({ actie: 'melding_in_export', objectId: id.meldingA })).toHaveLength(1);
    expect(await gevonden({ actie: 'beheerexport_xlsx' })).toHaveLength(1);
    // Made by the platform's DDAS client, about gemeente A's data: in A's log.
    expect(await gevonden({ actie: 'ddas_gegevens_ophalen' })).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ type: 'ddas-client' }),
        object: { type: 'DdasLevering', id: `${A.code}:2026-11-01..2026-11-30:1` },
        resultaat: 'gelukt',
      }),
    ]);
    // Searching the log is itself logged.
    const zoekacties = await gevonden({ actie: 'auditlog_inzien' });
    expect(zoekacties.length).toBeGreaterThan(0);
    expect(zoekacties[0]!.object.id).toContain('actie=ddas_gegevens_ophalen');
  });

  it('shows a gemeente only its own entries, newest first, filtered and paged', async () => {
    expect(
      (await http('GET', `${stack.basis}/meldingen/${id.meldingB}`, { token: token.teamleiderB }))
        .status,
    ).toBe(200);
    // B's reading of its melding is not in A's log, and A's not in B's.
    expect((await zoek('teamleiderA', { objectId: id.meldingB })).body.totaal).toBe(0);
    expect((await zoek('teamleiderB', { objectId: id.meldingB })).body.totaal).toBe(1);
    expect((await zoek('teamleiderB', { objectId: id.meldingA })).body.totaal).toBe(0);
    const { body: allesA } = await zoek('beheerderA', { paginagrootte: '100' });
    const bekend = new Set<string | null>([gebruikerId.teamleiderA, gebruikerId.behandelaarA]);
    for (const r of allesA.auditregels)
      if (r.actor.type === 'gebruiker') expect(r.organisatie.id).toBe(id.a);
    expect(allesA.auditregels.some((r) => bekend.has(r.actor.id))).toBe(true);
    const tijden = allesA.auditregels.map((r) => r.tijdstip);
    expect(tijden).toEqual([...tijden].sort().reverse());

    // Period, result and paging.
    const toekomst = await zoek('teamleiderA', { van: '2099-01-01T00:00:00+01:00' });
    expect(toekomst.body.totaal).toBe(0);
    const eenPagina = await zoek('teamleiderA', { actie: 'auditlog_inzien', paginagrootte: '1' });
    expect(eenPagina.body.auditregels).toHaveLength(1);
    expect(eenPagina.body._links.next?.href).toContain('actie=auditlog_inzien');
    expect(eenPagina.body._links.next?.href).toContain('pagina=2');
    const nietGevonden = await zoek('teamleiderA', { resultaat: 'niet_gevonden' });
    expect(nietGevonden.body.auditregels.every((r) => r.resultaat === 'niet_gevonden')).toBe(true);

    const fout = await zoek('teamleiderA', { van: 'gisteren' });
    expect(fout.status).toBe(400);
    expect(fout.body.invalidParams).toEqual([
      expect.objectContaining({
        name: 'van',
        reason: expect.stringContaining('van is een tijdstip met tijdzone') as unknown,
      }),
    ]);
    expect((await zoek('teamleiderA', { gemeenteId: id.b })).status).toBe(400);
  });

  it('refuses everyone but teamleiders and gemeentebeheerders', async () => {
    for (const wie of ['behandelaarA', 'externA', 'portaal', 'operator'] as const)
      expect([wie, (await zoek(wie)).status]).toEqual([wie, 403]);
    expect((await http('GET', `${stack.basis}/auditregels`)).status).toBe(401);
  });

  it('chains every insert path, and audit:verify names a changed or removed entry', async () => {
    // Both insert paths: createMany (opening a melding) and INSERT … SELECT (an export).
    expect(
      (await http('GET', `${stack.basis}/meldingen/${id.meldingA}`, { token: token.teamleiderA }))
        .status,
    ).toBe(200);
    expect(
      (
        await fetch(`${stack.basis}/meldingen/export`, {
          headers: { authorization: `Bearer ${token.teamleiderA}` },
        })
      ).status,
    ).toBe(200);
    const eigen = await stack.prisma.auditLog.findMany({
      where: { gemeenteId: id.a, volgnummer: { gte: BigInt(start) } },
      orderBy: { volgnummer: 'asc' },
    });
    expect(eigen.length).toBeGreaterThan(5);
    for (const r of eigen) {
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      // The very first entry of a fresh database starts the chain.
      if (r.volgnummer === 1n) {
        expect(r.vorigeHash).toBe('0'.repeat(64));
        continue;
      }
      const vorige = await stack.prisma.auditLog.findUniqueOrThrow({
        where: { volgnummer: r.volgnummer! - 1n },
      });
      expect(r.vorigeHash).toBe(vorige.hash);
    }
    // The application cannot change the log.
    await expect(
      stack.prisma.auditLog.update({ where: { id: eigen[0]!.id }, data: { actie: 'x' } }),
    ).rejects.toThrow(/alleen-toevoegen/);

    const goed = verifieer('--vanaf', start);
    expect(goed.stderr).toBe('');
    expect(goed.status).toBe(0);
    expect(goed.stdout).toMatch(/^\d+ regels, keten klopt\./);

    // An administrator with superuser rights bypasses the triggers, in this
    // session only (the other test files keep writing meanwhile).
    const doelwit = eigen[2]!;
    await beheer.query('SET session_replication_role = replica');
    try {
      await beheer.query(`UPDATE "AuditLog" SET actie = 'melding_in_lijst' WHERE id = $1`, [
        doelwit.id.toString(),
      ]);
      const gewijzigd = verifieer('--vanaf', start);
      expect(gewijzigd.status).toBe(1);
      expect(gewijzigd.stderr).toContain(
        `Regel id ${doelwit.id} (volgnummer ${doelwit.volgnummer}): hash klopt niet met de inhoud`,
      );
    } finally {
      await beheer.query('UPDATE "AuditLog" SET actie = $2 WHERE id = $1', [
        doelwit.id.toString(),
        doelwit.actie,
      ]);
    }
    expect(verifieer('--vanaf', start).status).toBe(0);

    const { rows } = await beheer.query('SELECT * FROM "AuditLog" WHERE id = $1', [
      doelwit.id.toString(),
    ]);
    const rij = rows[0] as Record<string, unknown>;
    try {
      await beheer.query('DELETE FROM "AuditLog" WHERE id = $1', [doelwit.id.toString()]);
      const verwijderd = verifieer('--vanaf', start);
      expect(verwijderd.status).toBe(1);
      expect(verwijderd.stderr).toContain(`volgnummer ${doelwit.volgnummer} ontbreekt`);
    } finally {
      const kolommen = Object.keys(rij);
      await beheer.query(
        `INSERT INTO "AuditLog" (${kolommen.map((k) => `"${k}"`).join(', ')})
         VALUES (${kolommen.map((_, i) => `$${i + 1}`).join(', ')})`,
        kolommen.map((k) => rij[k]),
      );
      await beheer.query('SET session_replication_role = origin');
    }
    expect(verifieer('--vanaf', start).status).toBe(0);
  });

  it('explains its use without DATABASE_URL', () => {
    const zonder = spawnSync(process.execPath, ['scripts/audit-verify.mjs'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(zonder.status).toBe(2);
    expect(zonder.stderr).toContain('DATABASE_URL ontbreekt');
    expect(zonder.stderr).toContain('npm run audit:verify');
  });
});
