import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { binnenVerzoek } from '../../prisma/toegang.js';
import type { Config } from '../shared/config.js';
import { logger, NestLogger, zetLogniveau } from '../shared/log.js';
import { AppModule } from './app.module.js';
import {
  beveiligingsheaders,
  corsToegestaan,
  maximaleOmvang,
} from './infra/beveiligingsheaders.js';
import { volgensNlApiDesignRules } from './infra/openapi.js';
import type { ApiMetrieken } from './infra/metriek.js';
import { tracering } from './infra/tracering.js';
import { actieveTelemetrie } from '../shared/telemetrie.js';

/** The API's own semantic version, sent in every response (NL API Design Rules, API-57). */
export const API_VERSIE = '1.0.0';
/** The major version in every URL (NL API Design Rules, API-20). */
const API_PREFIX = 'v1';
// A batch of 10,000 signals is about 5 MB of JSON.
const MAXIMALE_JSON_BODY = '16mb';
const MAXIMALE_BODY = 51 * 1024 * 1024;

/**
 * Builds the HTTP application; `main.ts` listens, tests use it in-process.
 * Request metrics are counted when `metrieken` is given; a request span is
 * made when this process installed tracing (apps/shared/telemetrie.ts).
 */
export async function maakApi(
  config: Config,
  { metrieken }: { metrieken?: ApiMetrieken } = {},
): Promise<NestExpressApplication> {
  zetLogniveau(config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.met(config), {
    bodyParser: false,
    logger: new NestLogger(),
  });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.setGlobalPrefix(API_PREFIX);
  // First, so span and timing cover every later middleware.
  if (actieveTelemetrie()) app.use(tracering());
  if (metrieken) app.use(metrieken.middleware());
  app.use(verzoeklog());
  app.use((_verzoek: Request, response: Response, volgende: NextFunction) => {
    response.setHeader('API-Version', API_VERSIE);
    binnenVerzoek(volgende);
  });
  app.use(beveiligingsheaders());
  app.use(corsToegestaan(config.CORS_ORIGINS));
  // The largest body of any route: a 50 MB upload plus its multipart framing.
  app.use(maximaleOmvang(MAXIMALE_BODY, '51 MB'));
  app.use(
    express.json({ limit: MAXIMALE_JSON_BODY, type: ['application/json', 'application/*+json'] }),
  );
  // OAuth 2.0 token requests are form-encoded (RFC 6749 §4.4.2); nothing else is.
  app.use('/v1/ddas/token', express.urlencoded({ extended: false, limit: '8kb' }));
  app.use(bodyFouten);
  webapp(app);

  const openapi = openapiDocument(app);
  const adapter = app.getHttpAdapter();
  adapter.get('/v1/openapi.json', (_verzoek: unknown, response: unknown) => {
    // Public and the same for everyone; revalidated so a new release shows at once.
    (response as Response).setHeader('Cache-Control', 'no-cache');
    adapter.reply(response, openapi, 200);
  });
  return app;
}

export function openapiDocument(app: NestExpressApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Vroegsignaal API')
    .setDescription(
      'API voor vroegsignalering van schulden: signaalpartners leveren signalen aan, gemeenten behandelen meldingen. Fouten volgen RFC 9457 (application/problem+json).',
    )
    .setVersion(API_VERSIE)
    .setContact('Vroegsignaal', 'https://vroegsignaal.nl', 'beheer@vroegsignaal.nl')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Token uit POST /v1/sessies' })
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Api-Key',
        description: 'API-sleutel van een signaalpartner',
      },
      'apiSleutel',
    )
    .build();
  return volgensNlApiDesignRules(SwaggerModule.createDocument(app, builder), API_PREFIX);
}

/**
 * The browser app (apps/web, built by Vite into dist/web) at `/`. Any GET outside
 * /v1 that is not a file gets index.html, so the app's own paths survive a reload;
 * /v1 is left alone, unknown API paths keep their problem+json 404.
 */
function webapp(app: NestExpressApplication): void {
  // From source (apps/api) and compiled (dist/apps/api) alike.
  const map = ['../../dist/web', '../../web']
    .map((relatief) => fileURLToPath(new URL(relatief, import.meta.url)))
    .find((kandidaat) => existsSync(path.join(kandidaat, 'index.html')));
  if (!map) return;
  const bestanden = express.static(map, { index: false });
  app.use((verzoek: Request, response: Response, volgende: NextFunction) => {
    if (verzoek.path === '/v1' || verzoek.path.startsWith('/v1/')) return volgende();
    if (verzoek.method !== 'GET' && verzoek.method !== 'HEAD') return volgende();
    bestanden(verzoek, response, () => {
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(path.join(map, 'index.html'));
    });
  });
}

/**
 * One line per request: method, route template (`/v1/meldingen/:id`, not the
 * id), status and duration, with a request id the client can quote. Never the
 * query string, headers or body; a path that matched no route is logged
 * scrubbed, since a client may have put anything in it.
 */
function verzoeklog() {
  const log = logger('http');
  return (verzoek: Request, response: Response, volgende: NextFunction) => {
    const begin = performance.now();
    const gegeven = verzoek.headers['x-request-id'];
    const verzoekId =
      typeof gegeven === 'string' && /^[\w-]{8,64}$/.test(gegeven) ? gegeven : randomUUID();
    response.setHeader('X-Request-Id', verzoekId);
    response.on('finish', () => {
      const route = (verzoek.route as { path?: unknown } | undefined)?.path;
      const velden = {
        verzoekId,
        methode: verzoek.method,
        // Nest answers unknown paths from a catch-all route (`*path`).
        route:
          typeof route === 'string' && !route.includes('*')
            ? route
            : verzoek.originalUrl.split('?')[0],
        status: response.statusCode,
        duurMs: Math.round(performance.now() - begin),
      };
      if (response.statusCode >= 500) log.warn(velden, 'HTTP-verzoek mislukt');
      else log.info(velden, 'HTTP-verzoek');
    });
    volgende();
  };
}

/** Body parsing happens before Nest's filters, so its errors get problem+json here. */
function bodyFouten(
  fout: { status?: number; type?: string } | undefined,
  _verzoek: Request,
  response: Response,
  volgende: NextFunction,
): void {
  if (!fout) return volgende();
  const [status, title, detail] =
    fout.type === 'entity.too.large'
      ? [413, 'Het verzoek is te groot.', `Een JSON-body mag hoogstens ${MAXIMALE_JSON_BODY} zijn.`]
      : fout.type === 'entity.parse.failed'
        ? [400, 'De body is geen geldige JSON.', 'Controleer de opmaak van de JSON in het verzoek.']
        : [fout.status ?? 400, 'Het verzoek is ongeldig.', 'De body kon niet worden gelezen.'];
  response
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status, detail }));
}
