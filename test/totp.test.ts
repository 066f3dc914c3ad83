import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { base32Decodeer, hotp, totpStap } from '../domain/totp.js';
import { DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { richtProefgemeenteIn, type Proefgemeente } from './hulp/proefgemeente.js';
import { http, startStack, type Teststack } from './hulp/stack.js';

// The TOTP second factor through the API: set up, confirm, log in with a
// code, refuse a reused or wrong code (counting toward the lockout), turn it
// off. Gemeente 9824 and users of this test alone.

const CODE = '9824';

interface Probleemantwoord {
  title: string;
  detail?: string;
  tweedeFactorVereist?: boolean;
  invalidParams?: { name: string; reason: string }[];
}

describe('tweede factor (TOTP)', () => {
  let stack: Teststack;
  let gemeente: Proefgemeente;
  const uniek = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    stack = await startStack();
    gemeente = await richtProefgemeenteIn(stack, { code: CODE, naam: 'Factorstad', wijken: [] });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const url = (pad: string) => `${stack.basis}${pad}`;
  const codeVoor = (geheim: string, verschuiving = 0) =>
    hotp(base32Decodeer(geheim), totpStap(Date.now()) + verschuiving);
  const logIn = (email: string, totpCode?: string, wachtwoord = DEMO_WACHTWOORD) =>
    http<Probleemantwoord & { token?: string }>('POST', url('/sessies'), {
      body: { email, wachtwoord, ...(totpCode === undefined ? {} : { totpCode }) },
    });

  async function metTweedeFactor(naam: string) {
    const email = `${naam}-${uniek}@factor.test`;
    const token = await gemeente.gebruiker(email, 'BEHANDELAAR');
    const begin = await http<{ geheim: string; otpauthUri: string }>(
      'POST',
      url('/sessies/huidige/totp'),
      {
        token,
      },
    );
    expect(begin.status).toBe(201);
    const bevestiging = await http('POST', url('/sessies/huidige/totp/bevestiging'), {
      token,
      body: { code: codeVoor(begin.body.geheim) },
    });
    expect(bevestiging.status).toBe(204);
    const gebruiker = await stack.prisma.gebruiker.findUniqueOrThrow({ where: { email } });
    return { email, token, geheim: begin.body.geheim, id: gebruiker.id };
  }

  it('setup shows the secret once, stores it encrypted, and only a confirmed factor counts', async () => {
    const email = `instellen-${uniek}@factor.test`;
    const token = await gemeente.gebruiker(email, 'BEHANDELAAR');
    const begin = await http<{ geheim: string; otpauthUri: string }>(
      'POST',
      url('/sessies/huidige/totp'),
      { token },
    );
    expect(begin.status).toBe(201);
    expect(begin.body.geheim).toMatch(/^[A-Z2-7]{32}$/);
    expect(begin.body.otpauthUri).toBe(
      `otpauth://totp/Vroegsignaal:${encodeURIComponent(email)}?secret=${begin.body.geheim}&issuer=Vroegsignaal&algorithm=SHA1&digits=6&period=30`,
    );
    const opgeslagen = await stack.prisma.gebruiker.findUniqueOrThrow({ where: { email } });
    expect(opgeslagen.totpActief).toBe(false);
    expect(opgeslagen.totpGeheim).toMatch(/^v1\.test\./);
    expect(opgeslagen.totpGeheim).not.toContain(begin.body.geheim);

    // Not confirmed yet: the password alone still logs in.
    expect((await logIn(email)).status).toBe(201);

    const fout = await http<Probleemantwoord>('POST', url('/sessies/huidige/totp/bevestiging'), {
      token,
      body: { code: '000000' === codeVoor(begin.body.geheim) ? '111111' : '000000' },
    });
    expect(fout.status).toBe(400);
    expect(fout.body.title).toBe('De code klopt niet.');
    expect(fout.body.invalidParams?.[0]?.name).toBe('code');

    const goed = await http('POST', url('/sessies/huidige/totp/bevestiging'), {
      token,
      body: { code: codeVoor(begin.body.geheim) },
    });
    expect(goed.status).toBe(204);
    expect((await stack.prisma.gebruiker.findUniqueOrThrow({ where: { email } })).totpActief).toBe(
      true,
    );

    // The secret is never handed out again, and not part of the user's own data.
    const nogmaals = await http<Probleemantwoord>('POST', url('/sessies/huidige/totp'), { token });
    expect(nogmaals.status).toBe(409);
    expect(JSON.stringify(nogmaals.body)).not.toContain(begin.body.geheim);
    const huidige = await http('GET', url('/sessies/huidige'), { token });
    expect(JSON.stringify(huidige.body)).not.toContain(begin.body.geheim);

    const audit = await stack.prisma.auditLog.findMany({
      where: { objectId: opgeslagen.id, actie: { startsWith: 'tweede_factor' } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((r) => [r.actie, r.resultaat])).toEqual([
      ['tweede_factor_instellen', 'gelukt'],
      ['tweede_factor_aanzetten', 'geweigerd'],
      ['tweede_factor_aanzetten', 'gelukt'],
      ['tweede_factor_instellen', 'geweigerd'],
    ]);
  });

  it('login asks for the code, accepts one step of drift, and refuses a code used before', async () => {
    const { email, geheim } = await metTweedeFactor('inloggen');

    const zonder = await logIn(email);
    expect(zonder.status).toBe(401);
    expect(zonder.body.title).toBe('Tweede factor vereist.');
    expect(zonder.body.tweedeFactorVereist).toBe(true);
    expect(zonder.body.token).toBeUndefined();

    // The confirmation used the current step; the next one (clock drift) is still fresh.
    const code = codeVoor(geheim, 1);
    const met = await logIn(email, code);
    expect(met.status).toBe(201);
    expect(typeof met.body.token).toBe('string');

    const opnieuw = await logIn(email, code);
    expect(opnieuw.status).toBe(401);
    expect(opnieuw.body.title).toBe('De code van de tweede factor klopt niet.');
    expect(opnieuw.body.tweedeFactorVereist).toBe(true);

    // A wrong password with a good code is still a wrong password.
    const foutWachtwoord = await logIn(email, codeVoor(geheim, 1), 'fout');
    expect(foutWachtwoord.status).toBe(401);
    expect(foutWachtwoord.body.title).toBe('Inloggen mislukt.');
  });

  it('missing and wrong codes count toward the lockout', async () => {
    const { email, geheim, id } = await metTweedeFactor('blokkade');
    expect((await logIn(email)).status).toBe(401);
    for (let i = 0; i < 4; i++) expect((await logIn(email, '12345x')).status).toBe(401);
    const geblokkeerd = await logIn(email, codeVoor(geheim, 1));
    expect(geblokkeerd.status).toBe(429);
    expect(geblokkeerd.body.title).toBe('Account tijdelijk geblokkeerd.');
    const audit = await stack.prisma.auditLog.count({
      where: { actie: 'inloggen', objectId: id, resultaat: 'geweigerd' },
    });
    expect(audit).toBe(6);
  });

  it('turning the factor off takes a valid code; a gemeente can require it', async () => {
    const { email, token, geheim, id } = await metTweedeFactor('uitzetten');
    const zonderCode = await http<Probleemantwoord>('DELETE', url('/sessies/huidige/totp'), {
      token,
      body: { code: '' },
    });
    expect(zonderCode.status).toBe(400);

    await stack.prisma.gemeente.update({ where: { code: CODE }, data: { totpVerplicht: true } });
    try {
      const verplicht = await http<Probleemantwoord>('DELETE', url('/sessies/huidige/totp'), {
        token,
        body: { code: codeVoor(geheim, 1) },
      });
      expect(verplicht.status).toBe(409);
      expect(verplicht.body.title).toBe('Uw gemeente vereist een tweede factor.');
    } finally {
      await stack.prisma.gemeente.update({ where: { code: CODE }, data: { totpVerplicht: false } });
    }

    const uit = await http('DELETE', url('/sessies/huidige/totp'), {
      token,
      body: { code: codeVoor(geheim, 1) },
    });
    expect(uit.status).toBe(204);
    const gebruiker = await stack.prisma.gebruiker.findUniqueOrThrow({ where: { id } });
    expect(gebruiker.totpActief).toBe(false);
    expect(gebruiker.totpGeheim).toBeNull();
    expect((await logIn(email)).status).toBe(201);
  });

  it('a gemeente that requires TOTP lets a user without one do nothing but set it up', async () => {
    const verplicht = await richtProefgemeenteIn(stack, {
      code: '9826',
      naam: 'Verplichtstad',
      wijken: [],
      instellingen: { totpVerplicht: true },
    });
    const token = await verplicht.gebruiker(`verplicht-${uniek}@factor.test`, 'BEHANDELAAR');
    const geweigerd = await http<Probleemantwoord & { tweedeFactorInstellen?: boolean }>(
      'GET',
      url('/meldingen'),
      { token },
    );
    expect(geweigerd.status).toBe(403);
    expect(geweigerd.body.title).toBe('Tweede factor vereist.');
    expect(geweigerd.body.tweedeFactorInstellen).toBe(true);
    const ik = await http<{ tweedeFactor: unknown }>('GET', url('/sessies/huidige'), { token });
    expect(ik.body.tweedeFactor).toEqual({ actief: false, verplicht: true });

    const begin = await http<{ geheim: string }>('POST', url('/sessies/huidige/totp'), { token });
    expect(begin.status).toBe(201);
    const bevestiging = await http('POST', url('/sessies/huidige/totp/bevestiging'), {
      token,
      body: { code: codeVoor(begin.body.geheim) },
    });
    expect(bevestiging.status).toBe(204);
    expect((await http('GET', url('/meldingen'), { token })).status).toBe(200);
  });

  it('an API key cannot set up a second factor', async () => {
    const antwoord = await http<Probleemantwoord>('POST', url('/sessies/huidige/totp'), {
      apiSleutel: 'vs_demo_thuisbaas_4f9c2a7e1b3d',
    });
    expect(antwoord.status).toBe(403);
  });
});
