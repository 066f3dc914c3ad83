import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sha256 } from '../apps/api/auth/auth.service.js';
import { DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { richtProefgemeenteIn, type Proefgemeente } from './hulp/proefgemeente.js';
import { http, startStack, type Teststack } from './hulp/stack.js';

// Sessions end: at their absolute expiry, after 30 minutes without use, and
// at logout. An account is locked after 5 failed logins, and every refusal is
// in the audit log. Gemeente 9823 and users of this test alone.

const CODE = '9823';

interface Probleemantwoord {
  title: string;
  detail?: string;
}

describe('sessies en blokkade', () => {
  let stack: Teststack;
  let gemeente: Proefgemeente;
  const uniek = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    stack = await startStack();
    gemeente = await richtProefgemeenteIn(stack, { code: CODE, naam: 'Sessiestad', wijken: [] });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const ik = (token: string) =>
    http<Probleemantwoord & { naam?: string }>('GET', `${stack.basis}/sessies/huidige`, { token });
  const sessieVan = (token: string) =>
    stack.prisma.sessie.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });

  it('a session past its expiry gives 401', async () => {
    const token = await gemeente.gebruiker(`verloopt-${uniek}@sessie.test`, 'BEHANDELAAR');
    expect((await ik(token)).status).toBe(200);
    await stack.prisma.sessie.update({
      where: { tokenHash: sha256(token) },
      data: { verlooptOp: new Date(Date.now() - 1000) },
    });
    const antwoord = await ik(token);
    expect(antwoord.status).toBe(401);
    expect(antwoord.headers.get('www-authenticate')).toBe('Bearer');
    expect(antwoord.body.title).toBe('Niet ingelogd.');
  });

  it('a session unused for 30 minutes ends; use keeps it alive', async () => {
    const token = await gemeente.gebruiker(`inactief-${uniek}@sessie.test`, 'BEHANDELAAR');
    // Used 29 minutes ago: still valid, and the use moves the idle clock.
    const eerder = new Date(Date.now() - 29 * 60_000);
    await stack.prisma.sessie.update({
      where: { tokenHash: sha256(token) },
      data: { laatstGebruiktOp: eerder },
    });
    expect((await ik(token)).status).toBe(200);
    const bijgewerkt = (await sessieVan(token)).laatstGebruiktOp;
    expect(bijgewerkt.getTime()).toBeGreaterThan(Date.now() - 10_000);

    await stack.prisma.sessie.update({
      where: { tokenHash: sha256(token) },
      data: { laatstGebruiktOp: new Date(Date.now() - 31 * 60_000) },
    });
    expect((await ik(token)).status).toBe(401);
  });

  it('logout ends the session at once', async () => {
    const token = await gemeente.gebruiker(`uitlog-${uniek}@sessie.test`, 'BEHANDELAAR');
    expect((await ik(token)).status).toBe(200);
    expect((await http('DELETE', `${stack.basis}/sessies/huidige`, { token })).status).toBe(204);
    expect((await sessieVan(token)).beeindigdOp).not.toBeNull();
    expect((await ik(token)).status).toBe(401);
  });

  it('5 wrong passwords lock the account, even for the right one, and each refusal is audited', async () => {
    const email = `blokkade-${uniek}@sessie.test`;
    await gemeente.gebruiker(email, 'BEHANDELAAR');
    const { id } = await stack.prisma.gebruiker.findUniqueOrThrow({ where: { email } });
    const logIn = (wachtwoord: string) =>
      http<Probleemantwoord & { token?: string }>('POST', `${stack.basis}/sessies`, {
        body: { email, wachtwoord },
      });

    for (let i = 0; i < 5; i++) {
      const fout = await logIn(`fout-${i}`);
      expect(fout.status).toBe(401);
      expect(fout.body.detail).toBe('De combinatie van e-mailadres en wachtwoord klopt niet.');
    }
    const geblokkeerd = await logIn(DEMO_WACHTWOORD);
    expect(geblokkeerd.status).toBe(429);
    expect(geblokkeerd.body.title).toBe('Account tijdelijk geblokkeerd.');
    expect(geblokkeerd.body.detail).toContain('Probeer het over 15 minuten opnieuw.');
    expect(Number(geblokkeerd.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(geblokkeerd.body.token).toBeUndefined();

    const audit = await stack.prisma.auditLog.findMany({
      where: { actie: 'inloggen', objectType: 'Gebruiker', objectId: id },
    });
    expect(audit.map((r) => r.resultaat)).toEqual(Array(6).fill('geweigerd'));
    expect(audit.every((r) => r.actorType === 'anoniem' && r.ip)).toBe(true);

    // Once the block has run out, the right password works again.
    await stack.prisma.gebruiker.update({
      where: { id },
      data: { geblokkeerdTot: new Date(Date.now() - 1000) },
    });
    const weer = await logIn(DEMO_WACHTWOORD);
    expect(weer.status).toBe(201);
    expect(typeof weer.body.token).toBe('string');
  });
});
