import type { NextFunction, Request, RequestHandler, Response } from 'express';

// Security headers for every response, API and web app alike, set before any
// route runs so errors (401, 404, 413 from the body parser) carry them too.

/** The API only ever answers with JSON, files and problem+json: nothing may load or frame it. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const WEBAPP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "frame-src 'self' blob:",
  // blob: for the letters fetched with the token; Chromium's PDF viewer in
  // the preview frame counts as an object.
  "connect-src 'self' blob:",
  "object-src 'self' blob:",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The Temporal UI (another origin) calls the payload codec endpoint with its
 * own CORS rules bound to TEMPORAL_UI_URL; the generic CORS allowlist and the
 * same-origin resource policy stay off that path.
 */
const EIGEN_CORS = '/v1/temporal-codec';

function isApi(pad: string): boolean {
  return pad === '/v1' || pad.startsWith('/v1/');
}

function heeftEigenCors(pad: string): boolean {
  return pad === EIGEN_CORS || pad.startsWith(`${EIGEN_CORS}/`);
}

export function beveiligingsheaders(): RequestHandler {
  return (verzoek: Request, response: Response, volgende: NextFunction) => {
    const api = isApi(verzoek.path);
    response.setHeader('Content-Security-Policy', api ? API_CSP : WEBAPP_CSP);
    // Browsers ignore HSTS over plain http, so this is harmless behind no TLS
    // and right behind the TLS-terminating proxy of a real deployment.
    response.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Frame-Options', 'DENY');
    if (!heeftEigenCors(verzoek.path)) {
      response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    }
    // API answers carry personal data or depend on who asks: no browser or
    // proxy may keep them. A route that may be cached sets its own header.
    if (api) response.setHeader('Cache-Control', 'no-store');
    volgende();
  };
}

const TOEGESTANE_METHODEN = 'GET, POST, PUT, PATCH, DELETE';
const TOEGESTANE_HEADERS = 'Authorization, Content-Type, X-Api-Key';
const ZICHTBARE_HEADERS = 'API-Version, Location, Content-Disposition, Retry-After, Link';

/**
 * CORS for the origins in CORS_ORIGINS only. The web app is served by the API
 * itself, so by default no other origin gets in. A request from an origin not
 * on the list gets no Access-Control headers (the browser then withholds the
 * answer); its preflight is refused with a 403.
 */
export function corsToegestaan(origins: readonly string[]): RequestHandler {
  const toegestaan = new Set(origins);
  return (verzoek: Request, response: Response, volgende: NextFunction) => {
    const origin = verzoek.headers.origin;
    if (!origin || !isApi(verzoek.path) || heeftEigenCors(verzoek.path)) return volgende();
    response.vary('Origin');
    const voorafVerzoek =
      verzoek.method === 'OPTIONS' &&
      verzoek.headers['access-control-request-method'] !== undefined;
    if (!toegestaan.has(origin)) {
      if (!voorafVerzoek) return volgende();
      const body = {
        type: 'about:blank',
        title: 'Geen toegang.',
        status: 403,
        detail: `De herkomst ${origin} staat niet in CORS_ORIGINS; alleen toegestane herkomsten mogen de API vanuit een browser aanroepen.`,
        instance: verzoek.path,
      };
      response.status(403).type('application/problem+json').send(JSON.stringify(body));
      return;
    }
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Access-Control-Expose-Headers', ZICHTBARE_HEADERS);
    if (!voorafVerzoek) return volgende();
    response.setHeader('Access-Control-Allow-Methods', TOEGESTANE_METHODEN);
    response.setHeader('Access-Control-Allow-Headers', TOEGESTANE_HEADERS);
    response.setHeader('Access-Control-Max-Age', '600');
    response.status(204).end();
  };
}

/**
 * Refuses a request whose declared Content-Length is over the largest body any
 * route accepts, before a byte of it is read: the parsers' own limits (JSON,
 * multer's file size) only stop once they have buffered up to that limit.
 */
export function maximaleOmvang(bytes: number, leesbaar: string): RequestHandler {
  return (verzoek: Request, response: Response, volgende: NextFunction) => {
    const lengte = Number(verzoek.headers['content-length'] ?? 0);
    if (!(lengte > bytes)) return volgende();
    const body = {
      type: 'about:blank',
      title: 'Het verzoek is te groot.',
      status: 413,
      detail: `Een verzoek mag hoogstens ${leesbaar} zijn (bestanden hoogstens 50 MB, JSON hoogstens 16 MB).`,
      instance: verzoek.path,
    };
    // The client may still be sending; closing the connection stops the upload.
    response.setHeader('Connection', 'close');
    response.status(413).type('application/problem+json').send(JSON.stringify(body));
  };
}
