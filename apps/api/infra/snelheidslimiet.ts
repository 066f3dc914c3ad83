import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiResponse } from '@nestjs/swagger';
import type { Config } from '../../shared/config.js';
import { CONFIG } from '../../shared/tokens.js';
import type { VerzoekMetActor } from '../auth/actor.js';
import { Probleem } from './probleem.js';

// Rate limits, counted in memory per API process: a fixed window of one
// minute per key, starting at the key's first request.
//
// Why in memory and not in PostgreSQL: the limits shed load and slow down
// guessing; they are not the security boundary. The account lockout (5 failed
// logins, kept in the database) holds across all instances, and the intake's
// idempotency lives in unique constraints. Counting in the database would add
// a write to every intake request, the hot path of the platform. With N API
// instances behind a load balancer the effective limit is N times the
// configured one; configure it per instance accordingly.

const VENSTER_MS = 60_000;

export type Limietsoort = 'inlog' | 'intake';

interface Venster {
  start: number;
  aantal: number;
}

/** The counters of this process; one instance per API (tests get one per stack). */
@Injectable()
export class Snelheidsteller {
  private readonly vensters = new Map<string, Venster>();
  private laatsteOpruiming = 0;

  /** Counts one request; when over the limit, the seconds until the window ends. */
  tel(sleutel: string, limiet: number, nu = Date.now()): { opnieuwNaSeconden: number } | null {
    this.ruimOp(nu);
    let venster = this.vensters.get(sleutel);
    if (!venster || nu - venster.start >= VENSTER_MS) {
      venster = { start: nu, aantal: 0 };
      this.vensters.set(sleutel, venster);
    }
    if (venster.aantal >= limiet)
      return {
        opnieuwNaSeconden: Math.max(1, Math.ceil((venster.start + VENSTER_MS - nu) / 1000)),
      };
    venster.aantal++;
    return null;
  }

  /** Drops ended windows once a minute, so keys of past callers do not pile up. */
  private ruimOp(nu: number): void {
    if (nu - this.laatsteOpruiming < VENSTER_MS) return;
    this.laatsteOpruiming = nu;
    for (const [sleutel, venster] of this.vensters)
      if (nu - venster.start >= VENSTER_MS) this.vensters.delete(sleutel);
  }
}

const SNELHEIDSLIMIET = 'vroegsignaal:snelheidslimiet';

/**
 * Puts a route under a rate limit: one line on a new endpoint. 'inlog' counts
 * per client IP and per e-mail address in the body; 'intake' per signaalpartner
 * (all its API keys and users together), so extra keys do not raise the limit.
 */
export const Snelheidslimiet = (soort: Limietsoort) =>
  applyDecorators(
    SetMetadata(SNELHEIDSLIMIET, soort),
    UseGuards(SnelheidslimietGuard),
    ApiResponse({
      status: 429,
      description: 'Te veel verzoeken per minuut; de header Retry-After zegt na hoeveel seconden',
    }),
  );

@Injectable()
export class SnelheidslimietGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(Snelheidsteller) private readonly teller: Snelheidsteller,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const soort = this.reflector.get<Limietsoort | undefined>(
      SNELHEIDSLIMIET,
      context.getHandler(),
    );
    const verzoek = context.switchToHttp().getRequest<VerzoekMetActor & { body?: unknown }>();
    switch (soort) {
      case undefined:
        return true;
      case 'inlog': {
        const email = (verzoek.body as { email?: unknown } | undefined)?.email;
        this.controleer(
          `inlog-ip:${verzoek.ip ?? 'onbekend'}`,
          this.config.INLOG_LIMIET_PER_IP_PER_MINUUT,
          'Te veel inlogpogingen vanaf dit adres.',
        );
        if (typeof email === 'string')
          this.controleer(
            `inlog-account:${email.trim().toLowerCase()}`,
            this.config.INLOG_LIMIET_PER_ACCOUNT_PER_MINUUT,
            'Te veel inlogpogingen voor dit account.',
          );
        return true;
      }
      case 'intake': {
        // The global AuthGuard has already run, so the caller is known.
        const actor = verzoek.actor;
        const limiet = this.config.INTAKE_LIMIET_PER_MINUUT;
        this.controleer(
          `intake:${actor?.signaalpartnerId ?? actor?.id ?? verzoek.ip ?? 'onbekend'}`,
          limiet,
          `Uw organisatie mag hoogstens ${limiet} aanleververzoeken per minuut doen. Lever grote aantallen als één batch of bestand aan via POST /v1/aanleveringen.`,
        );
        return true;
      }
    }
  }

  private controleer(sleutel: string, limiet: number, detail: string): void {
    const over = this.teller.tel(sleutel, limiet);
    if (!over) return;
    throw new Probleem(
      429,
      'Te veel verzoeken.',
      `${detail} Probeer het over ${over.opnieuwNaSeconden} seconden opnieuw.`,
      undefined,
      { 'Retry-After': String(over.opnieuwNaSeconden) },
    );
  }
}
