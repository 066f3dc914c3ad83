import { type ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Rol } from '../../../prisma/database.js';
import type { Toegang } from '../../../prisma/toegang.js';

/** A creditor's own system, authenticated with an API key instead of a login. */
export const SIGNAALPARTNER_SYSTEEM = 'SIGNAALPARTNER_SYSTEEM';
/**
 * A gemeente's own software (case system, KCC), with an API key of that
 * gemeente: reads its meldingen and posts caseworker actions, nothing else.
 */
export const GEMEENTE_SYSTEEM = 'GEMEENTE_SYSTEEM';
/** A system fetching the DDAS delivery for CBS, with a client-credentials token. */
export const DDAS_CLIENT = 'DDAS_CLIENT';
export type Rolnaam =
  Rol | typeof SIGNAALPARTNER_SYSTEEM | typeof GEMEENTE_SYSTEEM | typeof DDAS_CLIENT;

/**
 * Roles that may only call routes whose @Rollen names them: a DDAS token reads
 * the CBS delivery and nothing else, not even the routes open to every caller;
 * a gemeente system likewise only reaches the routes that name it, so a new
 * route is closed to it until someone decides otherwise.
 */
export const ALLEEN_GENOEMDE_ROLLEN: readonly Rolnaam[] = [DDAS_CLIENT, GEMEENTE_SYSTEEM];

/** Who is calling: a logged-in user, a creditor or gemeente system, or a DDAS client. */
export interface Actor {
  soort: 'gebruiker' | 'api-sleutel' | 'ddas-client';
  id: string;
  rol: Rolnaam;
  gemeenteId: string | null;
  signaalpartnerId: string | null;
  /** An external user limited to these wijken; empty: the whole gemeente. */
  wijkIds: string[];
}

export function toegangVoor(actor: Actor): Toegang {
  if (actor.rol === 'PLATFORMBEHEERDER') return { soort: 'platform' };
  if (actor.gemeenteId)
    return { soort: 'gemeente', gemeenteId: actor.gemeenteId, wijkIds: actor.wijkIds };
  if (actor.signaalpartnerId)
    return { soort: 'signaalpartner', signaalpartnerId: actor.signaalpartnerId };
  // An account bound to no organisation sees nothing rather than everything.
  return { soort: 'gemeente', gemeenteId: '00000000-0000-0000-0000-000000000000' };
}

/** Who works on a gemeente's meldingen; an external user only within its wijken. */
export const MELDINGROLLEN = ['GEMEENTEBEHEERDER', 'TEAMLEIDER', 'BEHANDELAAR', 'EXTERN'] as const;
/** The meldingen routes a gemeente system may use too: reading and caseworker actions. */
export const MELDINGROLLEN_EN_SYSTEEM = [...MELDINGROLLEN, GEMEENTE_SYSTEEM] as const;

export const OPENBAAR = 'vroegsignaal:openbaar';
/** The route needs no authentication (health, OpenAPI, login). */
export const Openbaar = () => SetMetadata(OPENBAAR, true);

export const ROLLEN = 'vroegsignaal:rollen';
/** Only these roles may call the route; every other caller gets 403. */
export const Rollen = (...rollen: Rolnaam[]) => SetMetadata(ROLLEN, rollen);

export interface VerzoekMetActor {
  actor?: Actor;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

export const HuidigeActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<VerzoekMetActor>().actor;
  if (!actor) throw new Error('HuidigeActor op een openbare route');
  return actor;
});
