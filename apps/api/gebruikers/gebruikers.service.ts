import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient, type Rol } from '../../../prisma/database.js';
import type { Actor } from '../auth/actor.js';
import { hashWachtwoord, sha256 } from '../auth/auth.service.js';
import { Probleem } from '../infra/probleem.js';

/** How long an invitation link works. */
export const UITNODIGING_DAGEN = 7;

export type Gemeenterol = Extract<
  Rol,
  'GEMEENTEBEHEERDER' | 'TEAMLEIDER' | 'BEHANDELAAR' | 'EXTERN'
>;

export interface NieuweGebruiker {
  email: string;
  naam: string;
  rol: Gemeenterol;
  organisatie?: string | undefined;
  wijken?: string[] | undefined;
}

export interface Gebruikerwijziging {
  naam?: string | undefined;
  rol?: Gemeenterol | undefined;
  actief?: boolean | undefined;
  wijken?: string[] | undefined;
}

const VELDEN = {
  id: true,
  naam: true,
  email: true,
  rol: true,
  actief: true,
  organisatie: true,
  wijkIds: true,
  wachtwoordHash: true,
  uitnodigingHash: true,
  aangemaaktOp: true,
} as const;

/**
 * The users of one gemeente. Gebruiker is not a tenant model of the scoped
 * client (login must find any account), so every query here names the
 * caller's gemeente itself.
 */
@Injectable()
export class GebruikersService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async lijst(actor: Actor) {
    const gemeenteId = eigenGemeente(actor);
    const [gebruikers, wijken] = await Promise.all([
      this.prisma.gebruiker.findMany({
        where: { gemeenteId },
        orderBy: [{ naam: 'asc' }, { id: 'asc' }],
        select: VELDEN,
      }),
      this.wijkenVan(gemeenteId),
    ]);
    return gebruikers.map((g) =>
      actor.rol === 'GEMEENTEBEHEERDER'
        ? volledig(g, wijken)
        : { id: g.id, naam: g.naam, rol: g.rol, actief: g.actief },
    );
  }

  /** Creates the account without a password, and returns the one-time invitation token. */
  async nodigUit(actor: Actor, nieuw: NieuweGebruiker) {
    const gemeenteId = eigenGemeente(actor);
    const wijken = await this.wijkenVan(gemeenteId);
    const wijkIds = wijkIdsVoor(nieuw.wijken ?? [], wijken);
    const email = nieuw.email.trim().toLowerCase();
    if (await this.prisma.gebruiker.findUnique({ where: { email }, select: { id: true } }))
      throw new Probleem(
        409,
        'Dit e-mailadres heeft al een account.',
        'Er bestaat al een gebruiker met dit e-mailadres, bij uw gemeente of elders.',
      );
    const token = randomBytes(32).toString('base64url');
    const gebruiker = await this.prisma.gebruiker.create({
      data: {
        email,
        naam: nieuw.naam,
        rol: nieuw.rol,
        gemeenteId,
        organisatie: nieuw.rol === 'EXTERN' ? (nieuw.organisatie ?? null) : null,
        wijkIds: nieuw.rol === 'EXTERN' ? wijkIds : [],
        wachtwoordHash: null,
        uitnodigingHash: sha256(token),
        uitnodigingVerlooptOp: new Date(Date.now() + UITNODIGING_DAGEN * 86_400_000),
      },
      select: VELDEN,
    });
    return { gebruiker: volledig(gebruiker, wijken), token };
  }

  async wijzig(actor: Actor, id: string, wijziging: Gebruikerwijziging) {
    const gemeenteId = eigenGemeente(actor);
    const bestaand = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.prisma.gebruiker.findFirst({ where: { id, gemeenteId }, select: VELDEN })
      : null;
    if (!bestaand) throw Probleem.nietGevonden('Gebruiker');
    if (
      id === actor.id &&
      (wijziging.actief === false || (wijziging.rol && wijziging.rol !== bestaand.rol))
    )
      throw new Probleem(
        409,
        'U kunt uzelf niet deactiveren of een andere rol geven.',
        'Zo blijft er altijd een beheerder over. Laat een andere beheerder dit doen.',
      );
    const rol = wijziging.rol ?? bestaand.rol;
    const wijken = await this.wijkenVan(gemeenteId);
    if (wijziging.wijken && rol !== 'EXTERN')
      throw Probleem.ongeldigeInvoer([
        {
          veld: 'wijken',
          code: 'ongeldig',
          melding: 'Alleen een externe gebruiker wordt beperkt tot wijken.',
        },
      ]);
    const gebruiker = await this.prisma.$transaction(async (tx) => {
      const bijgewerkt = await tx.gebruiker.update({
        where: { id },
        data: {
          ...(wijziging.naam !== undefined ? { naam: wijziging.naam } : {}),
          ...(wijziging.rol !== undefined ? { rol: wijziging.rol } : {}),
          ...(wijziging.actief !== undefined ? { actief: wijziging.actief } : {}),
          ...(wijziging.wijken !== undefined
            ? { wijkIds: wijkIdsVoor(wijziging.wijken, wijken) }
            : {}),
          // Leaving EXTERN also lifts the wijk limit and the organisation.
          ...(rol !== 'EXTERN' ? { wijkIds: [], organisatie: null } : {}),
        },
        select: VELDEN,
      });
      // A deactivated user is logged out at once, not when the session expires.
      if (wijziging.actief === false)
        await tx.sessie.updateMany({
          where: { gebruikerId: id, beeindigdOp: null },
          data: { beeindigdOp: new Date() },
        });
      return bijgewerkt;
    });
    return volledig(gebruiker, wijken);
  }

  /** Sets the password of an invited user; the token works once. */
  async aanvaard(token: string, wachtwoord: string): Promise<string> {
    const gebruiker = await this.prisma.gebruiker.findUnique({
      where: { uitnodigingHash: sha256(token) },
      select: { id: true, uitnodigingVerlooptOp: true, actief: true },
    });
    if (!gebruiker || !gebruiker.actief)
      throw new Probleem(
        400,
        'Deze uitnodiging is ongeldig.',
        'De link is onjuist of al gebruikt. Vraag de beheerder van uw gemeente om een nieuwe uitnodiging.',
      );
    if (!gebruiker.uitnodigingVerlooptOp || gebruiker.uitnodigingVerlooptOp <= new Date())
      throw new Probleem(
        410,
        'Deze uitnodiging is verlopen.',
        `Een uitnodiging is ${UITNODIGING_DAGEN} dagen geldig. Vraag de beheerder van uw gemeente om een nieuwe uitnodiging.`,
      );
    await this.prisma.gebruiker.update({
      where: { id: gebruiker.id },
      data: {
        wachtwoordHash: await hashWachtwoord(wachtwoord),
        uitnodigingHash: null,
        uitnodigingVerlooptOp: null,
      },
    });
    return gebruiker.id;
  }

  private wijkenVan(gemeenteId: string) {
    return this.prisma.wijk.findMany({
      where: { gemeenteId },
      orderBy: { code: 'asc' },
      select: { id: true, code: true, naam: true },
    });
  }
}

function eigenGemeente(actor: Actor): string {
  // MELDINGROLLEN always belong to a gemeente; this guards against a mistake in @Rollen.
  if (!actor.gemeenteId) throw new Probleem(403, 'Geen toegang.', 'U hoort niet bij een gemeente.');
  return actor.gemeenteId;
}

function wijkIdsVoor(codes: string[], wijken: { id: string; code: string }[]): string[] {
  const onbekend = codes.filter((c) => !wijken.some((w) => w.code === c));
  if (onbekend.length > 0)
    throw Probleem.ongeldigeInvoer([
      {
        veld: 'wijken',
        code: 'ongeldig',
        melding: `Deze wijken horen niet bij uw gemeente: ${onbekend.join(', ')}.`,
      },
    ]);
  return [...new Set(codes)].map((c) => wijken.find((w) => w.code === c)!.id);
}

function volledig(
  g: {
    id: string;
    naam: string;
    email: string;
    rol: Rol;
    actief: boolean;
    organisatie: string | null;
    wijkIds: string[];
    wachtwoordHash: string | null;
    uitnodigingHash: string | null;
    aangemaaktOp: Date;
  },
  wijken: { id: string; code: string; naam: string }[],
) {
  return {
    id: g.id,
    naam: g.naam,
    rol: g.rol,
    actief: g.actief,
    email: g.email,
    organisatie: g.organisatie,
    wijken: wijken
      .filter((w) => g.wijkIds.includes(w.id))
      .map((w) => ({ code: w.code, naam: w.naam })),
    uitgenodigd: g.wachtwoordHash === null && g.uitnodigingHash !== null,
    aangemaaktOp: g.aangemaaktOp.toISOString(),
  };
}
