import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { PrismaClient } from '../../../prisma/database.js';
import type { Config } from '../../shared/config.js';
import { CONFIG } from '../../shared/tokens.js';
import { Probleem } from '../infra/probleem.js';
import { type Actor, DDAS_CLIENT, GEMEENTE_SYSTEEM, SIGNAALPARTNER_SYSTEEM } from './actor.js';
import { isDdasToken } from '../ddas/ddas-token.js';

const MAXIMAAL_MISLUKTE_POGINGEN = 5;
const BLOKKADE_MINUTEN = 15;

// Algorithm is a const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2 satisfies Algorithm.Argon2id;

export function sha256(tekst: string): string {
  return createHash('sha256').update(tekst).digest('hex');
}

export function hashWachtwoord(wachtwoord: string): Promise<string> {
  return hash(wachtwoord, { algorithm: ARGON2ID });
}

// Verifying against this keeps the response time the same for unknown e-mail
// addresses, so a login cannot be used to find out who has an account.
const NEP_HASH = await hashWachtwoord('geen-account');

@Injectable()
export class AuthService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async logIn(
    email: string,
    wachtwoord: string,
  ): Promise<{ token: string; verlooptOp: Date; actor: Actor }> {
    const gebruiker = await this.prisma.gebruiker.findUnique({
      where: { email: email.trim().toLowerCase() },
    });
    const klopt = await verify(gebruiker?.wachtwoordHash ?? NEP_HASH, wachtwoord);
    const geweigerd = new Probleem(
      401,
      'Inloggen mislukt.',
      'De combinatie van e-mailadres en wachtwoord klopt niet.',
    );
    if (!gebruiker || !gebruiker.actief) throw geweigerd;
    if (gebruiker.geblokkeerdTot && gebruiker.geblokkeerdTot > new Date()) {
      throw new Probleem(
        429,
        'Account tijdelijk geblokkeerd.',
        `Te veel mislukte pogingen. Probeer het over ${BLOKKADE_MINUTEN} minuten opnieuw.`,
      );
    }
    if (!klopt) {
      const pogingen = gebruiker.mislukteInlogpogingen + 1;
      await this.prisma.gebruiker.update({
        where: { id: gebruiker.id },
        data: {
          mislukteInlogpogingen: pogingen >= MAXIMAAL_MISLUKTE_POGINGEN ? 0 : pogingen,
          geblokkeerdTot:
            pogingen >= MAXIMAAL_MISLUKTE_POGINGEN
              ? new Date(Date.now() + BLOKKADE_MINUTEN * 60_000)
              : null,
        },
      });
      throw geweigerd;
    }
    const token = randomBytes(32).toString('base64url');
    const verlooptOp = new Date(Date.now() + this.config.SESSIE_DUUR_MINUTEN * 60_000);
    await this.prisma.$transaction([
      this.prisma.gebruiker.update({
        where: { id: gebruiker.id },
        data: { mislukteInlogpogingen: 0, geblokkeerdTot: null },
      }),
      this.prisma.sessie.create({
        data: { gebruikerId: gebruiker.id, tokenHash: sha256(token), verlooptOp },
      }),
    ]);
    return { token, verlooptOp, actor: gebruikerActor(gebruiker) };
  }

  async logUit(token: string): Promise<void> {
    await this.prisma.sessie.updateMany({
      where: { tokenHash: sha256(token), beeindigdOp: null },
      data: { beeindigdOp: new Date() },
    });
  }

  async actorVoorToken(token: string): Promise<Actor | null> {
    if (isDdasToken(token)) return this.actorVoorDdasToken(token);
    const sessie = await this.prisma.sessie.findUnique({
      where: { tokenHash: sha256(token) },
      include: { gebruiker: true },
    });
    if (
      !sessie ||
      sessie.beeindigdOp ||
      sessie.verlooptOp <= new Date() ||
      !sessie.gebruiker.actief
    )
      return null;
    return gebruikerActor(sessie.gebruiker);
  }

  async wieIsIngelogd(actor: Actor) {
    if (actor.soort !== 'gebruiker')
      throw new Probleem(403, 'Geen toegang.', 'Een API-sleutel heeft geen ingelogde gebruiker.');
    const gebruiker = await this.prisma.gebruiker.findUniqueOrThrow({
      where: { id: actor.id },
      select: {
        id: true,
        naam: true,
        email: true,
        rol: true,
        organisatie: true,
        gemeente: { select: { code: true, naam: true, huisstijlKleur: true, logoSvg: true } },
        signaalpartner: { select: { naam: true, type: true } },
      },
    });
    const { gemeente, ...rest } = gebruiker;
    return {
      ...rest,
      gemeente: gemeente && {
        code: gemeente.code,
        naam: gemeente.naam,
        huisstijl: { kleur: gemeente.huisstijlKleur, logoSvg: gemeente.logoSvg },
      },
      // Supervisors inspect a melding's workflow history in the Temporal Web UI.
      temporalWorkflows:
        actor.rol === 'TEAMLEIDER'
          ? `${this.config.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${encodeURIComponent(this.config.TEMPORAL_NAMESPACE)}/workflows/`
          : null,
    };
  }

  private async actorVoorDdasToken(token: string): Promise<Actor | null> {
    const rij = await this.prisma.ddasToken.findUnique({
      where: { tokenHash: sha256(token) },
      include: { ddasClient: true },
    });
    // Revoking the client ends its tokens at once.
    if (!rij || rij.verlooptOp <= new Date() || !rij.ddasClient.actief) return null;
    return {
      soort: 'ddas-client',
      id: rij.ddasClient.id,
      rol: DDAS_CLIENT,
      gemeenteId: null,
      signaalpartnerId: null,
      wijkIds: [],
    };
  }

  async actorVoorApiSleutel(sleutel: string): Promise<Actor | null> {
    const apiSleutel = await this.prisma.apiSleutel.findUnique({
      where: { sleutelHash: sha256(sleutel) },
    });
    if (!apiSleutel || apiSleutel.ingetrokkenOp) return null;
    // At most one write a minute per key: enough to see a key still in use before revoking it.
    await this.prisma.apiSleutel.updateMany({
      where: {
        id: apiSleutel.id,
        OR: [
          { laatstGebruiktOp: null },
          { laatstGebruiktOp: { lt: new Date(Date.now() - 60_000) } },
        ],
      },
      data: { laatstGebruiktOp: new Date() },
    });
    return {
      soort: 'api-sleutel',
      id: apiSleutel.id,
      rol: apiSleutel.gemeenteId ? GEMEENTE_SYSTEEM : SIGNAALPARTNER_SYSTEEM,
      gemeenteId: apiSleutel.gemeenteId,
      signaalpartnerId: apiSleutel.signaalpartnerId,
      wijkIds: [],
    };
  }
}

function gebruikerActor(gebruiker: {
  id: string;
  rol: Actor['rol'];
  gemeenteId: string | null;
  signaalpartnerId: string | null;
  wijkIds: string[];
}): Actor {
  return {
    soort: 'gebruiker',
    id: gebruiker.id,
    rol: gebruiker.rol,
    gemeenteId: gebruiker.gemeenteId,
    signaalpartnerId: gebruiker.signaalpartnerId,
    wijkIds: gebruiker.wijkIds,
  };
}
