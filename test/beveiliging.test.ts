import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { DEMO_SIGNAALPARTNERS } from '../prisma/demo/organisaties.js';
import { wachtTot } from './hulp/omgeving.js';
import { richtProefgemeenteIn } from './hulp/proefgemeente.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, startStack, type Teststack } from './hulp/stack.js';

// HTTP hardening as a browser and a proxy see it: security headers on every
// kind of answer, a CORS allowlist, and bodies refused by size before they are read.

const TOEGESTAAN = 'https://zaaksysteem.proefhard.nl';
const VREEMD = 'https://kwaadwillend.example';
const HUUR = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!.apiSleutel;

interface Probleem {
  title: string;
  status: number;
  detail: string;
}

function verwachtBeveiligingsheaders(headers: Headers, csp: RegExp): void {
  expect(headers.get('content-security-policy')).toMatch(csp);
  expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
}

describe('HTTP hardening', () => {
  let stack: Teststack;
  let behandelaar: string;
  let meldingId: string;

  beforeAll(async () => {
    stack = await startStack({ CORS_ORIGINS: `${TOEGESTAAN}, https://tweede.proefhard.nl` });
    const gemeente = await richtProefgemeenteIn(stack, {
      code: '9851',
      naam: 'Proefhard',
      wijken: [{ code: '985101', naam: 'Centrum', huisnummers: [1, 20] }],
    });
    behandelaar = await gemeente.gebruiker('behandelaar@proefhard.test', 'BEHANDELAAR');
    const { status, body } = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
      apiSleutel: HUUR,
      body: eenSignaal({
        adres: { straat: 'Hardweg', postcode: gemeente.postcode, huisnummer: 3, woonplaats: 'X' },
      }),
    });
    expect(status).toBe(201);
    const signaal = await wachtTot(
      () => stack.prisma.signaal.findFirst({ where: { id: body.id, meldingId: { not: null } } }),
      { wat: 'signaal in melding' },
    );
    meldingId = signaal.meldingId!;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('security headers', () => {
    it('are on a response with personal data, which no cache may keep', async () => {
      const antwoord = await http<{ id: string }>('GET', `${stack.basis}/meldingen/${meldingId}`, {
        token: behandelaar,
      });
      expect(antwoord.status).toBe(200);
      expect(antwoord.body.id).toBe(meldingId);
      verwachtBeveiligingsheaders(antwoord.headers, /^default-src 'none'/);
      expect(antwoord.headers.get('cache-control')).toBe('no-store');
    });

    it('are on problem+json errors: 401 without a token and 404 for an unknown path', async () => {
      const zonder = await http<Probleem>('GET', `${stack.basis}/meldingen/${meldingId}`);
      expect(zonder.status).toBe(401);
      expect(zonder.headers.get('content-type')).toContain('application/problem+json');
      verwachtBeveiligingsheaders(zonder.headers, /^default-src 'none'/);
      expect(zonder.headers.get('cache-control')).toBe('no-store');

      const onbekend = await http<Probleem>('GET', `${stack.basis}/bestaat-niet`, {
        token: behandelaar,
      });
      expect(onbekend.status).toBe(404);
      expect(onbekend.headers.get('content-type')).toContain('application/problem+json');
      verwachtBeveiligingsheaders(onbekend.headers, /^default-src 'none'/);
      expect(onbekend.headers.get('cache-control')).toBe('no-store');
    });

    it("are on the web app's index.html, with the app's own CSP", async () => {
      const antwoord = await fetch(`${stack.basis.replace(/\/v1$/, '')}/werkvoorraad`);
      expect(antwoord.status).toBe(200);
      expect(await antwoord.text()).toContain('<title>Vroegsignaal</title>');
      verwachtBeveiligingsheaders(antwoord.headers, /^default-src 'self'; script-src 'self'/);
      expect(antwoord.headers.get('cache-control')).toBe('no-cache');
    });

    it('let the public OpenAPI document be cached, revalidated each time', async () => {
      const antwoord = await fetch(`${stack.basis}/openapi.json`);
      expect(antwoord.status).toBe(200);
      expect(antwoord.headers.get('cache-control')).toBe('no-cache');
      expect(antwoord.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('CORS allowlist (CORS_ORIGINS)', () => {
    it('lets an allowed origin read the answer, and says it varies by origin', async () => {
      const antwoord = await fetch(`${stack.basis}/meldingen/${meldingId}`, {
        headers: { origin: TOEGESTAAN, authorization: `Bearer ${behandelaar}` },
      });
      expect(antwoord.status).toBe(200);
      expect(antwoord.headers.get('access-control-allow-origin')).toBe(TOEGESTAAN);
      expect(antwoord.headers.get('vary')).toContain('Origin');
      expect(antwoord.headers.get('access-control-expose-headers')).toContain('API-Version');
    });

    it('answers an allowed preflight with 204, the methods and the headers', async () => {
      const antwoord = await fetch(`${stack.basis}/signalen`, {
        method: 'OPTIONS',
        headers: {
          origin: TOEGESTAAN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, x-api-key',
        },
      });
      expect(antwoord.status).toBe(204);
      expect(antwoord.headers.get('access-control-allow-origin')).toBe(TOEGESTAAN);
      expect(antwoord.headers.get('access-control-allow-methods')).toContain('POST');
      expect(antwoord.headers.get('access-control-allow-headers')).toBe(
        'Authorization, Content-Type, X-Api-Key',
      );
    });

    it('gives another origin no CORS headers, and refuses its preflight with a 403', async () => {
      const gewoon = await fetch(`${stack.basis}/health`, { headers: { origin: VREEMD } });
      expect(gewoon.headers.get('access-control-allow-origin')).toBeNull();

      const vooraf = await fetch(`${stack.basis}/meldingen/${meldingId}`, {
        method: 'OPTIONS',
        headers: {
          origin: VREEMD,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(vooraf.status).toBe(403);
      expect(vooraf.headers.get('access-control-allow-origin')).toBeNull();
      expect(vooraf.headers.get('content-type')).toContain('application/problem+json');
      const probleem = (await vooraf.json()) as Probleem;
      expect(probleem.detail).toContain('CORS_ORIGINS');
    });
  });

  describe('request size limits', () => {
    // The upload limit (50 MB, 413 "Het verzoek is te groot.") is tested in
    // aanleverbestand.test.ts ("an oversized upload").
    it('refuses a JSON body over 16 MB with a 413 that names the limit', async () => {
      const groot = JSON.stringify({ ...eenSignaal(), opmerking: 'x'.repeat(17 * 1024 * 1024) });
      const antwoord = await http<Probleem>('POST', `${stack.basis}/signalen`, {
        apiSleutel: HUUR,
        ruw: groot,
      });
      expect(antwoord.status).toBe(413);
      expect(antwoord.headers.get('content-type')).toContain('application/problem+json');
      expect(antwoord.body.title).toBe('Het verzoek is te groot.');
      expect(antwoord.body.detail).toBe('Een JSON-body mag hoogstens 16mb zijn.');
    });

    it('refuses a body declared larger than any route takes before reading any of it', async () => {
      // The client announces 200 MB and sends nothing: only a server that
      // checks Content-Length up front can answer.
      const { status, body } = await new Promise<{ status: number; body: string }>(
        (klaar, mislukt) => {
          const verzoek = httpRequest(
            `${stack.basis}/aanleveringen`,
            {
              method: 'POST',
              headers: {
                'content-type': 'multipart/form-data; boundary=x',
                'content-length': String(200 * 1024 * 1024),
                'x-api-key': HUUR,
              },
            },
            (antwoord) => {
              let tekst = '';
              antwoord.setEncoding('utf8');
              antwoord.on('data', (deel: string) => (tekst += deel));
              antwoord.on('end', () => klaar({ status: antwoord.statusCode ?? 0, body: tekst }));
            },
          );
          verzoek.on('error', mislukt);
          verzoek.flushHeaders();
        },
      );
      expect(status).toBe(413);
      expect((JSON.parse(body) as Probleem).detail).toContain('hoogstens 51 MB');
    });
  });
});
