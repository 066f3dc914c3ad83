import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { OIDC_FOUTEN } from '../domain/oidc.js';
import { DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { startBrowser, tekstOp, verwachtToegankelijk, wachtOpTekst } from './hulp/browser.js';
import { vrijePoort } from './hulp/poorten.js';
import { type Proefgemeente, richtProefgemeenteIn } from './hulp/proefgemeente.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// Login through a gemeente's own identity provider, against a real OpenID
// Connect provider (oidc-provider) in this process, with its development
// login form: the test posts it like a browser would, following every
// redirect by hand and keeping cookies per host.

const A = { code: '9831', naam: 'Oidcstad' };
const B = { code: '9832', naam: 'Oidcdorp' };
const CLIENT_ID = 'vroegsignaal-9831';
const CLIENT_SECRET = `geheim-${randomBytes(12).toString('hex')}`;
const MEDEWERKER_A = 'medewerker@oidcstad.test';
const COLLEGA_B = 'collega@oidcdorp.test';

/** One browser: its own cookies per host, so each flow starts without an IdP session. */
function browser() {
  const koekjes = new Map<string, Map<string, string>>();
  return async (url: string, init: RequestInit = {}): Promise<Response> => {
    const doel = new URL(url);
    const eigen = koekjes.get(doel.host) ?? new Map<string, string>();
    koekjes.set(doel.host, eigen);
    const headers = new Headers(init.headers);
    if (eigen.size > 0) headers.set('cookie', [...eigen].map(([k, v]) => `${k}=${v}`).join('; '));
    const antwoord = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const regel of antwoord.headers.getSetCookie()) {
      const [paar] = regel.split(';');
      const [naam, ...waarde] = paar!.split('=');
      if (/expires=Thu, 01 Jan 1970/i.test(regel) || waarde.join('=') === '')
        eigen.delete(naam!.trim());
      else eigen.set(naam!.trim(), waarde.join('='));
    }
    return antwoord;
  };
}

type Browser = ReturnType<typeof browser>;

describe('inloggen via de eigen identity provider (OIDC)', () => {
  let stack: Teststack;
  let idp: Server;
  let issuer: string;
  let origin: string;
  let gemeenteA: Proefgemeente;
  let gemeenteB: Proefgemeente;
  const token = { beheerderA: '', behandelaarA: '', beheerderB: '', operator: '' };

  beforeAll(async () => {
    stack = await startStack({ OIDC_GEHEIM_SLEUTEL: randomBytes(32).toString('hex') });
    origin = new URL(stack.basis).origin;
    gemeenteA = await richtProefgemeenteIn(stack, { ...A, wijken: [] });
    gemeenteB = await richtProefgemeenteIn(stack, { ...B, wijken: [] });
    token.beheerderA = await gemeenteA.gebruiker('beheerder@oidcstad.test', 'GEMEENTEBEHEERDER');
    token.behandelaarA = await gemeenteA.gebruiker(MEDEWERKER_A, 'BEHANDELAAR');
    token.beheerderB = await gemeenteB.gebruiker('beheerder@oidcdorp.test', 'GEMEENTEBEHEERDER');
    await gemeenteB.gebruiker(COLLEGA_B, 'BEHANDELAAR');
    token.operator = await logIn(stack.basis, 'operator@vroegsignaal.demo', DEMO_WACHTWOORD);

    const poort = await vrijePoort();
    issuer = `http://127.0.0.1:${poort}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${origin}/v1/sessies/oidc/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      // The development login form accepts any login; it becomes the account
      // id, and the account's e-mail address is that login.
      findAccount: (_ctx, sub) => ({
        accountId: sub,
        claims: () => ({ sub, email: sub, email_verified: true }),
      }),
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      // A first-party client: no consent screen, as at a gemeente's own IdP.
      loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
        const bestaand = ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
        if (bestaand) return ctx.oidc.provider.Grant.find(bestaand);
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client!.clientId,
          accountId: ctx.oidc.session!.accountId!,
        });
        grant.addOIDCScope('openid email');
        await grant.save();
        return grant;
      },
      pkce: { required: () => true },
      cookies: { keys: [randomBytes(16).toString('hex')] },
    });
    idp = provider.listen(poort);
  });

  afterAll(async () => {
    // Other tests share the database: their login screens need not offer a dead IdP.
    await stack?.prisma.oidcConfiguratie.updateMany({
      where: { gemeenteId: gemeenteA?.id },
      data: { ingeschakeld: false },
    });
    await new Promise((klaar) => idp?.close(klaar));
    await stack?.stop();
  });

  const configUrl = (code: string) => `${stack.basis}/gemeenten/${code}/oidc`;

  /**
   * One login from "Inloggen via uw gemeente" to the web app's address: the
   * IdP's login form is filled in with `login`; `bijTerugkeer` may change the
   * callback URL before the browser follows it.
   */
  async function doorloop(
    login: string,
    {
      b = browser(),
      bijTerugkeer,
      afbreken = false,
    }: { b?: Browser; bijTerugkeer?: (url: URL) => void; afbreken?: boolean } = {},
  ): Promise<{ terug: URL; callback?: URL }> {
    let url = `${stack.basis}/sessies/oidc/${A.code}/start`;
    let init: RequestInit = {};
    let callback: URL | undefined;
    for (let stap = 0; stap < 20; stap++) {
      const antwoord = await b(url, init);
      init = {};
      if (antwoord.status >= 300 && antwoord.status < 400) {
        const volgende = new URL(antwoord.headers.get('location')!, url);
        if (volgende.origin === origin && volgende.hash.startsWith('#oidc-'))
          return { terug: volgende, callback };
        if (volgende.pathname === '/v1/sessies/oidc/callback') {
          bijTerugkeer?.(volgende);
          callback = volgende;
        }
        url = volgende.href;
        continue;
      }
      const tekst = await antwoord.text();
      if (antwoord.status === 200 && new URL(url).pathname.startsWith('/interaction/')) {
        expect(tekst).toContain('name="login"');
        if (afbreken) {
          url = `${url}/abort`;
          continue;
        }
        init = {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ prompt: 'login', login, password: 'willekeurig' }).toString(),
        };
        continue;
      }
      throw new Error(`Onverwacht ${antwoord.status} op ${url}: ${tekst.slice(0, 300)}`);
    }
    throw new Error('Te veel redirects');
  }

  const auditregels = (na: Date) =>
    stack.prisma.auditLog.findMany({
      where: { actie: 'inloggen_oidc', tijdstip: { gte: na } },
      orderBy: { id: 'asc' },
    });

  it('a gemeente admin sets up the IdP; the secret is write-only and stored encrypted', async () => {
    const ongeldig = await http<{ invalidParams: { name: string; reason: string }[] }>(
      'PUT',
      configUrl(A.code),
      {
        token: token.beheerderA,
        body: { issuer: 'http://idp.voorbeeld.nl', clientId: '', ingeschakeld: true },
      },
    );
    expect(ongeldig.status).toBe(400);
    expect(ongeldig.body.invalidParams.map((p) => p.name).sort()).toEqual(['clientId', 'issuer']);
    expect(ongeldig.body.invalidParams.find((p) => p.name === 'issuer')!.reason).toContain('https');

    const gezet = await http('PUT', configUrl(A.code), {
      token: token.beheerderA,
      body: { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ingeschakeld: false },
    });
    expect(gezet.status).toBe(200);
    expect(gezet.body).toMatchObject({
      gemeentecode: A.code,
      issuer,
      clientId: CLIENT_ID,
      clientSecretIngesteld: true,
      claim: 'email',
      ingeschakeld: false,
      redirectUri: `${origin}/v1/sessies/oidc/callback`,
    });
    expect(JSON.stringify(gezet.body)).not.toContain(CLIENT_SECRET);

    const gelezen = await http('GET', configUrl(A.code), { token: token.beheerderA });
    expect(gelezen.status).toBe(200);
    expect(gelezen.body).not.toHaveProperty('clientSecret');
    expect(JSON.stringify(gelezen.body)).not.toContain(CLIENT_SECRET);
    expect((await http('GET', configUrl(A.code), { token: token.operator })).status).toBe(200);

    const rij = await stack.prisma.oidcConfiguratie.findUniqueOrThrow({
      where: { gemeenteId: gemeenteA.id },
    });
    expect(rij.clientSecretVersleuteld).toMatch(/^v1\./);
    expect(rij.clientSecretVersleuteld).not.toContain(CLIENT_SECRET);
  });

  it("another gemeente's admin can neither read nor change it; a caseworker may not", async () => {
    expect((await http('GET', configUrl(A.code), { token: token.beheerderB })).status).toBe(404);
    const wijzig = await http('PUT', configUrl(A.code), {
      token: token.beheerderB,
      body: { issuer: 'https://kwaad.voorbeeld.nl', clientId: 'x', ingeschakeld: true },
    });
    expect(wijzig.status).toBe(404);
    expect((await http('GET', configUrl(A.code), { token: token.behandelaarA })).status).toBe(403);
    const rij = await stack.prisma.oidcConfiguratie.findUniqueOrThrow({
      where: { gemeenteId: gemeenteA.id },
    });
    expect(rij.issuer).toBe(issuer);
  });

  it('while switched off, the gemeente is not offered and a start is refused', async () => {
    const lijst = await http<{ gemeenten: { code: string }[] }>(
      'GET',
      `${stack.basis}/sessies/oidc/gemeenten`,
    );
    expect(lijst.body.gemeenten.map((g) => g.code)).not.toContain(A.code);
    const { terug } = await doorloop(MEDEWERKER_A);
    expect(terug.hash).toBe('#oidc-fout=niet-beschikbaar');
  });

  it('switched on (the secret kept), a user of the gemeente logs in and gets a normal session', async () => {
    const aan = await http('PUT', configUrl(A.code), {
      token: token.beheerderA,
      body: { issuer, clientId: CLIENT_ID, ingeschakeld: true },
    });
    expect(aan.status).toBe(200);
    expect(aan.body.clientSecretIngesteld).toBe(true);
    const lijst = await http<{ gemeenten: Record<string, unknown>[] }>(
      'GET',
      `${stack.basis}/sessies/oidc/gemeenten`,
    );
    expect(lijst.body.gemeenten).toContainEqual({ code: A.code, naam: A.naam });
    expect(lijst.body.gemeenten.map((g) => g.code)).not.toContain(B.code);

    const begin = new Date();
    const { terug, callback } = await doorloop(MEDEWERKER_A);
    expect(terug.origin + terug.pathname).toBe(`${origin}/`);
    expect(terug.search).toBe('');
    const code = /^#oidc-code=([A-Za-z0-9_-]+)$/.exec(terug.hash)?.[1];
    expect(code).toBeDefined();
    // The IdP's redirect carried a code and state, never a token of ours.
    expect(callback!.searchParams.get('state')).toBeTruthy();

    const sessie = await http<{ token: string; rol: string }>(
      'POST',
      `${stack.basis}/sessies/oidc/inwisseling`,
      { body: { code } },
    );
    expect(sessie.status).toBe(201);
    expect(sessie.body.rol).toBe('BEHANDELAAR');
    const ik = await http<{ email: string; gemeente: { code: string } }>(
      'GET',
      `${stack.basis}/sessies/huidige`,
      { token: sessie.body.token },
    );
    expect(ik.status).toBe(200);
    expect(ik.body.email).toBe(MEDEWERKER_A);
    expect(ik.body.gemeente.code).toBe(A.code);

    // The one-time code works once.
    const nogmaals = await http('POST', `${stack.basis}/sessies/oidc/inwisseling`, {
      body: { code },
    });
    expect(nogmaals.status).toBe(401);

    const gebruiker = await stack.prisma.gebruiker.findUniqueOrThrow({
      where: { email: MEDEWERKER_A },
    });
    const regels = await auditregels(begin);
    expect(regels[0]).toMatchObject({
      actorId: gebruiker.id,
      organisatieId: gemeenteA.id,
      objectId: A.code,
      resultaat: 'gelukt',
    });
  });

  it("a user of another gemeente is not let in through gemeente A's IdP", async () => {
    const begin = new Date();
    const { terug } = await doorloop(COLLEGA_B);
    expect(terug.hash).toBe('#oidc-fout=onbekende-gebruiker');
    expect(await auditregels(begin)).toEqual([
      expect.objectContaining({ objectId: A.code, resultaat: 'geweigerd', actorId: null }),
    ]);
  });

  it('an e-mail address without an account is refused and audited', async () => {
    const begin = new Date();
    const { terug } = await doorloop('onbekend@oidcstad.test');
    expect(terug.hash).toBe('#oidc-fout=onbekende-gebruiker');
    expect(OIDC_FOUTEN['onbekende-gebruiker']).toContain('geen actief Vroegsignaal-account');
    expect(await auditregels(begin)).toEqual([
      expect.objectContaining({ objectId: A.code, resultaat: 'geweigerd' }),
    ]);
    expect(await stack.prisma.gebruiker.count({ where: { email: 'onbekend@oidcstad.test' } })).toBe(
      0,
    );
  });

  it('a tampered state, a replayed callback or another browser is refused', async () => {
    const begin = new Date();
    const gewijzigd = await doorloop(MEDEWERKER_A, {
      bijTerugkeer: (url) => url.searchParams.set('state', `${url.searchParams.get('state')}x`),
    });
    expect(gewijzigd.terug.hash).toBe('#oidc-fout=poging-ongeldig');
    expect(OIDC_FOUTEN['poging-ongeldig']).toMatch(/verlopen/);

    // The same callback again, in the same browser: the attempt was used.
    const b = browser();
    const geslaagd = await doorloop(MEDEWERKER_A, { b });
    expect(geslaagd.terug.hash).toMatch(/^#oidc-code=/);
    const herhaald = await b(geslaagd.callback!.href);
    expect(herhaald.status).toBe(302);
    expect(new URL(herhaald.headers.get('location')!).hash).toBe('#oidc-fout=poging-ongeldig');

    // A callback URL opened in a browser that did not start the login
    // (login CSRF): the attempt is bound to the starting browser's cookie.
    let gestolen: URL | undefined;
    await doorloop(MEDEWERKER_A, {
      bijTerugkeer: (url) => {
        gestolen = new URL(url);
        // Break this browser's own callback so the attempt stays unused.
        url.searchParams.delete('state');
      },
    });
    const ander = await browser()(gestolen!.href);
    expect(new URL(ander.headers.get('location')!).hash).toBe('#oidc-fout=poging-ongeldig');

    const regels = await auditregels(begin);
    expect(regels.filter((r) => r.resultaat === 'geweigerd')).toHaveLength(4);
  });

  it('a refusal at the IdP brings the user back with a message', async () => {
    const { terug } = await doorloop(MEDEWERKER_A, { afbreken: true });
    expect(terug.hash).toBe('#oidc-fout=idp-weigert');
  });

  it('in Chromium: "Inloggen via uw gemeente" through the IdP login page into the werkvoorraad', async () => {
    const chromium = await startBrowser(stack.config.CHROMIUM_PAD);
    try {
      const viaIdp = async (login: string) => {
        const pagina = await (await chromium.createBrowserContext()).newPage();
        await pagina.goto(`${origin}/`);
        await wachtOpTekst(pagina, 'Inloggen via uw gemeente');
        await pagina.select('#oidc-gemeente', A.code);
        await Promise.all([
          pagina.waitForNavigation(),
          pagina.click('section[aria-labelledby="oidc-kop"] button[type=submit]'),
        ]);
        // The IdP's own login page.
        await pagina.waitForSelector('input[name=login]');
        expect(new URL(pagina.url()).origin).toBe(issuer);
        await pagina.type('input[name=login]', login);
        await pagina.type('input[name=password]', 'willekeurig');
        await Promise.all([pagina.waitForNavigation(), pagina.click('button[type=submit]')]);
        return pagina;
      };

      const onbekend = await viaIdp('niemand@oidcstad.test');
      await wachtOpTekst(onbekend, OIDC_FOUTEN['onbekende-gebruiker']);
      expect(await onbekend.evaluate('location.hash')).toBe('');
      await verwachtToegankelijk(onbekend, 'inloggen met een OIDC-fout');

      const pagina = await viaIdp(MEDEWERKER_A);
      await wachtOpTekst(pagina, 'Uitloggen');
      await wachtOpTekst(pagina, `Gemeente ${A.naam}`);
      expect(await tekstOp(pagina)).toContain('Werkvoorraad');
      // The one-time code is gone from the address bar; the token is in the tab's storage only.
      expect(await pagina.evaluate('location.href')).toBe(`${origin}/`);
      const bewaard = (await pagina.evaluate(
        'sessionStorage.getItem("vroegsignaal.sessie")',
      )) as string;
      expect(JSON.parse(bewaard)).toMatchObject({ rol: 'BEHANDELAAR' });
    } finally {
      await chromium.close();
    }
  });
});
