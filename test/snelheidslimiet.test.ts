import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sha256 } from '../apps/api/auth/auth.service.js';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { richtProefgemeenteIn } from './hulp/proefgemeente.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, startStack, type Teststack } from './hulp/stack.js';

// Rate limits on login (per IP and per account) and on intake (per
// signaalpartner), with low limits set through the environment. The stack has
// counters of its own, so other test files are not throttled. Gemeente 9822
// and a signaalpartner of this test alone, so counting its rows is exact.

const CODE = '9822';

interface Probleemantwoord {
  title: string;
  detail?: string;
  status: number;
}

describe('snelheidslimieten', () => {
  let stack: Teststack;
  let sleutel: string;
  let signaalpartnerId: string;
  const uniek = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    stack = await startStack({
      INLOG_LIMIET_PER_IP_PER_MINUUT: '10',
      INLOG_LIMIET_PER_ACCOUNT_PER_MINUUT: '3',
      INTAKE_LIMIET_PER_MINUUT: '5',
    });
    const gemeente = await richtProefgemeenteIn(stack, {
      code: CODE,
      naam: 'Snelheidstad',
      wijken: [{ code: `${CODE}01`, naam: 'Centrum', huisnummers: [1, 50] }],
    });
    const partner = await stack.prisma.signaalpartner.create({
      data: { naam: `Snelheidstest Wonen ${uniek}`, type: 'HUUR' },
    });
    signaalpartnerId = partner.id;
    await stack.prisma.koppeling.create({
      data: {
        signaalpartnerId,
        gemeenteId: gemeente.id,
        grondslag: 'Wgs art. 3 (test)',
        startdatum: new Date('2020-01-01'),
      },
    });
    sleutel = `vs_test_${randomBytes(16).toString('hex')}`;
    await stack.prisma.apiSleutel.create({
      data: { signaalpartnerId, omschrijving: 'snelheidstest', sleutelHash: sha256(sleutel) },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const logIn = (email: string, wachtwoord = 'fout-wachtwoord') =>
    http<Probleemantwoord>('POST', `${stack.basis}/sessies`, { body: { email, wachtwoord } });

  function verwachtTeVeel(antwoord: Awaited<ReturnType<typeof logIn>>, detail: string) {
    expect(antwoord.status).toBe(429);
    expect(antwoord.headers.get('content-type')).toContain('application/problem+json');
    expect(antwoord.body.title).toBe('Te veel verzoeken.');
    expect(antwoord.body.detail).toContain(detail);
    const naSeconden = Number(antwoord.headers.get('retry-after'));
    expect(naSeconden).toBeGreaterThanOrEqual(1);
    expect(naSeconden).toBeLessThanOrEqual(60);
    expect(antwoord.body.detail).toContain(`Probeer het over ${naSeconden} seconden opnieuw.`);
  }

  it('logins: per account after 3, per IP the 11th in a minute gets 429 with Retry-After', async () => {
    // Runs first: the login counters start empty with this stack.
    const account = `doelwit-${uniek}@snelheid.test`;
    for (let i = 0; i < 3; i++) expect((await logIn(account)).status).toBe(401);
    verwachtTeVeel(await logIn(account.toUpperCase()), 'Te veel inlogpogingen voor dit account.');

    // Four attempts from this IP so far; six more with other addresses pass.
    for (let i = 0; i < 6; i++)
      expect((await logIn(`ander-${i}-${uniek}@snelheid.test`)).status).toBe(401);
    const elfde = await logIn('behandelaar@zwolle.demo', DEMO_WACHTWOORD);
    verwachtTeVeel(elfde, 'Te veel inlogpogingen vanaf dit adres.');
    expect(elfde.body).not.toHaveProperty('token');
  });

  it('intake: a burst over the limit gets 429, and only the accepted signals are stored, once', async () => {
    const signalen = Array.from({ length: 8 }, (_, i) =>
      eenSignaal({
        referentie: `SNEL-${uniek}-${i}`,
        adres: { postcode: `${CODE}AA`, huisnummer: i + 1, woonplaats: 'Snelheidstad' },
      }),
    );
    const antwoorden = await Promise.all(
      signalen.map((body) =>
        http<Probleemantwoord>('POST', `${stack.basis}/signalen`, { apiSleutel: sleutel, body }),
      ),
    );
    const statussen = antwoorden.map((a) => a.status);
    expect(statussen.filter((s) => s === 201)).toHaveLength(5);
    expect(statussen.filter((s) => s === 429)).toHaveLength(3);
    for (const geweigerd of antwoorden.filter((a) => a.status === 429))
      verwachtTeVeel(
        geweigerd,
        'Uw organisatie mag hoogstens 5 aanleververzoeken per minuut doen.',
      );

    const opgeslagen = await stack.prisma.signaal.findMany({
      where: { signaalpartnerId },
      select: { referentie: true },
    });
    const aangenomen = signalen
      .filter((_, i) => antwoorden[i]!.status === 201)
      .map((s) => s.referentie)
      .sort();
    expect(opgeslagen.map((s) => s.referentie).sort()).toEqual(aangenomen);

    // The batch upload counts toward the same limit and stores nothing when refused.
    const batch = await http<Probleemantwoord>('POST', `${stack.basis}/aanleveringen`, {
      apiSleutel: sleutel,
      body: { signalen: [eenSignaal({ referentie: `SNEL-${uniek}-batch` })] },
    });
    verwachtTeVeel(batch, 'aanleververzoeken per minuut');
    expect(await stack.prisma.aanlevering.count({ where: { signaalpartnerId } })).toBe(0);
    expect(await stack.prisma.signaal.count({ where: { signaalpartnerId } })).toBe(5);

    // Another creditor has a limit of its own.
    const ander = await http('POST', `${stack.basis}/signalen`, {
      apiSleutel: DEMO_SIGNAALPARTNERS[0]!.apiSleutel,
      body: eenSignaal({ adres: { postcode: `${CODE}AA`, huisnummer: 20, woonplaats: 'X' } }),
    });
    expect(ander.status).toBe(201);
  });
});
