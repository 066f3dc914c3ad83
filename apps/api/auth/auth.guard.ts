import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { zetToegang } from '../../../prisma/toegang.js';
import { Probleem } from '../infra/probleem.js';
import {
  ALLEEN_GENOEMDE_ROLLEN,
  OPENBAAR,
  ROLLEN,
  type Rolnaam,
  ZONDER_TWEEDE_FACTOR,
  type VerzoekMetActor,
  toegangVoor,
} from './actor.js';
import { AuthService } from './auth.service.js';

/**
 * Every route is closed unless marked @Openbaar. The guard authenticates the
 * caller (bearer session or DDAS token, or X-Api-Key), checks @Rollen and fixes the
 * request's toegang, which the database client then applies to every query.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const doelen = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(OPENBAAR, doelen)) return true;
    const verzoek = context.switchToHttp().getRequest<VerzoekMetActor>();
    const autorisatie = verzoek.headers.authorization;
    const apiSleutel = verzoek.headers['x-api-key'];
    const actor =
      typeof autorisatie === 'string' && /^Bearer /i.test(autorisatie)
        ? await this.auth.actorVoorToken(autorisatie.slice(7).trim())
        : typeof apiSleutel === 'string'
          ? await this.auth.actorVoorApiSleutel(apiSleutel.trim())
          : null;
    if (!actor) {
      throw new Probleem(
        401,
        'Niet ingelogd.',
        'Log in en stuur het token mee als "Authorization: Bearer …", of gebruik een API-sleutel in de header X-Api-Key.',
        undefined,
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    if (
      actor.tweedeFactorOntbreekt &&
      !this.reflector.getAllAndOverride<boolean>(ZONDER_TWEEDE_FACTOR, doelen)
    ) {
      throw new Probleem(
        403,
        'Tweede factor vereist.',
        'Uw gemeente vereist een tweede factor. Stel die eerst in via POST /v1/sessies/huidige/totp (in de browser: "Tweede factor").',
        undefined,
        {},
        { tweedeFactorInstellen: true },
      );
    }
    verzoek.actor = actor;
    zetToegang(toegangVoor(actor));
    const rollen = this.reflector.getAllAndOverride<Rolnaam[] | undefined>(ROLLEN, doelen);
    const genoemd = rollen?.includes(actor.rol) ?? false;
    if ((rollen && !genoemd) || (!genoemd && ALLEEN_GENOEMDE_ROLLEN.includes(actor.rol))) {
      throw new Probleem(403, 'Geen toegang.', 'Uw rol mag deze handeling niet uitvoeren.');
    }
    return true;
  }
}
