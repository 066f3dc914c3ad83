import type { NextFunction, Request, Response } from 'express';
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

// Methods outside this list are labelled _OTHER (as OpenTelemetry's HTTP
// conventions do): a client must not be able to mint new time series.
const METHODEN = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function methodeLabel(methode: string): string {
  return METHODEN.has(methode) ? methode : '_OTHER';
}

/**
 * The route template a request matched (`/v1/meldingen/:id`), never the path
 * itself: ids would explode the number of series and a path that matched no
 * route may contain anything a client typed. Known once routing is done, so
 * read it when the response finishes.
 */
export function routeSjabloon(verzoek: Request): string {
  const route = (verzoek.route as { path?: unknown } | undefined)?.path;
  // Nest answers unknown paths from a catch-all route (`*path`).
  if (typeof route === 'string' && !route.includes('*')) return route;
  const pad = verzoek.path;
  return pad === '/v1' || pad.startsWith('/v1/') ? 'onbekend' : 'webapp';
}

/**
 * The API's request rate, latency and errors in Prometheus format, plus the
 * Node process metrics. Its own registry, so several apps in one process (the
 * tests) never collide on metric names.
 */
export class ApiMetrieken {
  readonly register = new Registry();
  private readonly duur = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duur van HTTP-verzoeken aan de API, per methode, routesjabloon en statuscode.',
    labelNames: ['method', 'route', 'status_code'] as const,
    // OpenTelemetry's advised boundaries for http.server.request.duration.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    registers: [this.register],
  });

  constructor() {
    collectDefaultMetrics({ register: this.register });
  }

  middleware() {
    return (verzoek: Request, response: Response, volgende: NextFunction) => {
      const stop = this.duur.startTimer();
      response.once('finish', () => {
        stop({
          method: methodeLabel(verzoek.method),
          route: routeSjabloon(verzoek),
          status_code: String(response.statusCode),
        });
      });
      volgende();
    };
  }

  /**
   * Serves GET /metrics on a listener of its own, not on the public API port:
   * traffic figures are operational detail, a scraper has no API key, and the
   * OpenAPI document stays about the product.
   */
  async luister(adres: string): Promise<Server> {
    const delen = /^\[?([^\]]+?)\]?:(\d+)$/.exec(adres.trim());
    if (!delen) throw new Error(`API_METRICS_ADRES "${adres}" is geen ip:poort`);
    const server = createServer((verzoek, response) => {
      if (verzoek.method !== 'GET' || verzoek.url?.split('?')[0] !== '/metrics') {
        response
          .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
          .end('Niet gevonden');
        return;
      }
      this.register.metrics().then(
        (tekst) => {
          response.writeHead(200, { 'Content-Type': this.register.contentType }).end(tekst);
        },
        (fout: unknown) => {
          response
            .writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
            .end(fout instanceof Error ? fout.message : 'Metrieken niet beschikbaar');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(Number(delen[2]), delen[1], () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server;
  }
}
