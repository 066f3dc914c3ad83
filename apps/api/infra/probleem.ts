import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { Prisma } from '../../../prisma/database.js';
import type { Veldfout } from '../../../domain/veldfout.js';
import { logger } from '../../shared/log.js';

/** One invalid field, in the NL API Design Rules' `invalidParams` shape. */
export interface OngeldigeParameter {
  name: string;
  code: string;
  reason: string;
}

/**
 * An error the client can act on, rendered as RFC 9457 problem+json with a
 * Dutch title and detail. Throw this instead of Nest's HttpExceptions so every
 * error looks the same.
 */
export class Probleem extends Error {
  constructor(
    readonly status: number,
    readonly titel: string,
    readonly detail?: string,
    readonly ongeldigeParameters?: OngeldigeParameter[],
    readonly headers: Record<string, string> = {},
    /** Extension members (RFC 9457 §3.2), for a client to act on without parsing text. */
    readonly uitbreidingen: Record<string, unknown> = {},
  ) {
    super(detail ?? titel);
  }

  static ongeldigeInvoer(fouten: Veldfout[]): Probleem {
    return new Probleem(
      400,
      'De invoer is ongeldig.',
      `${fouten.length} ${fouten.length === 1 ? 'veld klopt' : 'velden kloppen'} niet; zie invalidParams.`,
      fouten.map((f) => ({ name: f.veld, code: f.code, reason: f.melding })),
    );
  }

  static nietGevonden(wat: string): Probleem {
    return new Probleem(
      404,
      `${wat} niet gevonden.`,
      `${wat} bestaat niet of u heeft er geen toegang toe.`,
    );
  }
}

const STANDAARD_TITELS: Record<number, string> = {
  400: 'Het verzoek is ongeldig.',
  401: 'Niet ingelogd.',
  403: 'Geen toegang.',
  404: 'Niet gevonden.',
  405: 'Methode niet toegestaan.',
  409: 'Conflict met de huidige toestand.',
  413: 'Het verzoek is te groot.',
  415: 'Mediatype niet ondersteund.',
  429: 'Te veel verzoeken.',
  500: 'Er ging iets mis bij Vroegsignaal.',
  503: 'Vroegsignaal is tijdelijk niet beschikbaar.',
};

/** Renders every error as problem+json, and never leaks internals on a 500. */
@Catch()
export class ProbleemFilter implements ExceptionFilter {
  private readonly log = logger('fout');

  catch(fout: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<{
      originalUrl?: string;
      method?: string;
      route?: { path?: unknown };
    }>();
    const probleem = this.naarProbleem(fout);
    if (probleem.status >= 500) {
      // The whole error, stack included, for whoever has to fix it; the
      // logger scrubs what looks like personal data from message and stack.
      this.log.error(
        {
          err: fout,
          status: probleem.status,
          methode: request.method,
          route:
            typeof request.route?.path === 'string'
              ? request.route.path
              : request.originalUrl?.split('?')[0],
        },
        `${probleem.status}: ${fout instanceof Error ? fout.name : 'fout'}`,
      );
    }
    const body: Record<string, unknown> = {
      type: 'about:blank',
      title: probleem.titel,
      status: probleem.status,
      ...(probleem.detail ? { detail: probleem.detail } : {}),
      ...(request.originalUrl ? { instance: request.originalUrl.split('?')[0] } : {}),
      ...(probleem.ongeldigeParameters ? { invalidParams: probleem.ongeldigeParameters } : {}),
      ...probleem.uitbreidingen,
    };
    for (const [naam, waarde] of Object.entries(probleem.headers)) response.setHeader(naam, waarde);
    response.status(probleem.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private naarProbleem(fout: unknown): Probleem {
    if (fout instanceof Probleem) return fout;
    if (fout instanceof Prisma.PrismaClientKnownRequestError) {
      if (fout.code === 'P2002')
        return new Probleem(
          409,
          'Dit bestaat al.',
          'Een gegeven dat uniek moet zijn, is al in gebruik.',
        );
      if (fout.code === 'P2025') return Probleem.nietGevonden('Het gevraagde object');
    }
    if (isDatabaseOnbereikbaar(fout)) {
      return new Probleem(
        503,
        STANDAARD_TITELS[503]!,
        'De database is tijdelijk niet bereikbaar. Probeer het later opnieuw.',
        undefined,
        { 'Retry-After': '30' },
      );
    }
    if (fout instanceof HttpException) {
      const status = fout.getStatus();
      const detail =
        status === 404
          ? 'Deze URL bestaat niet in de Vroegsignaal-API.'
          : status === 413
            ? 'Het bestand of verzoek is groter dan toegestaan: bestanden hoogstens 50 MB, JSON hoogstens 16 MB.'
            : undefined;
      return new Probleem(status, STANDAARD_TITELS[status] ?? 'Fout.', detail);
    }
    return new Probleem(
      500,
      STANDAARD_TITELS[500]!,
      'Probeer het later opnieuw. Blijft het misgaan, neem dan contact op met de beheerder.',
    );
  }
}

// Prisma's own codes for "cannot reach / lost the connection / timed out"
// (P1001, P1002, P1008, P1017), the socket errors node-postgres throws, and
// PostgreSQL's SQLSTATEs of a server that is shutting down or starting up
// (57P01-57P03) or of a broken connection (class 08).
const ONBEREIKBAAR_CODES = new Set([
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
]);
const ONBEREIKBAAR_SOORTEN = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']);
// node-postgres reports a connection the server closed, or one it could not
// open in time, as a plain Error without a code: the message is all there is.
const ONBEREIKBAAR_MELDING =
  /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Client has encountered a connection error/i;

/** Whether an error means PostgreSQL is away (down, restarting, unreachable), not that a query was wrong. */
export function isDatabaseOnbereikbaar(fout: unknown, diepte = 0): boolean {
  if (fout === null || typeof fout !== 'object' || diepte > 4) return false;
  if (fout instanceof Prisma.PrismaClientInitializationError) return true;
  const f = fout as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
  };
  if (typeof f.code === 'string' && (ONBEREIKBAAR_CODES.has(f.code) || f.code.startsWith('08')))
    return true;
  const adapter = f.meta?.driverAdapterError?.cause;
  if (typeof adapter?.kind === 'string' && ONBEREIKBAAR_SOORTEN.has(adapter.kind)) return true;
  const sqlstate = adapter?.originalCode;
  if (
    typeof sqlstate === 'string' &&
    (ONBEREIKBAAR_CODES.has(sqlstate) || sqlstate.startsWith('08'))
  )
    return true;
  if (typeof f.message === 'string' && ONBEREIKBAAR_MELDING.test(f.message)) return true;
  return isDatabaseOnbereikbaar(f.cause, diepte + 1);
}
