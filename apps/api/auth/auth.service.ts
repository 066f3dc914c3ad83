import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { PrismaClient } from '../../../prisma/database.js';
import type { Config } from '../../shared/config.js';
import { CONFIG } from '../../shared/tokens.js';
import { Probleem } from '../infra/probleem.js';
import { type Actor, DDAS_CLIENT, GEMEENTE_SYSTEEM, SIGNAALPARTNER_SYSTEEM } from './actor.js';
import { isDdasToken } from '../ddas/ddas-token.js';
import { TotpService } from './totp.service.js';

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

/** A refused login; names the account tried, if it exists, for the audit log. */
export class Inlogweigering extends Probleem {
  constructor(
    status: number,
    titel: string,
    detail?: string,
    readonly gebruikerId?: string,
    headers: Record<string, string> = {},
    uitbreidingen: Record<string, unknown> = {},
  ) {
    super(status, titel, detail, undefined, headers, uitbreidingen);
  }
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(TotpService) private readonly totp: TotpService,
  ) {}

  async logIn(
    email: string,
    wachtwoord: string,
    totpCode?: string,
  ): Promise<{ token: string; verlooptOp: Date; actor: Actor }> {
    const gebruiker = await this.prisma.gebruiker.findUnique({
      where: { email: email.trim().toLowerCase() },
    });
    const klopt = await verify(gebruiker?.wachtwoordHash ?? NEP_HASH, wachtwoord);
    const geweigerd = new Inlogweigering(
      401,
      'Inloggen mislukt.',
      'De combinatie van e-mailadres en wachtwoord klopt niet.',
    );
    if (!gebruiker || !gebruiker.actief) throw geweigerd;
    if (gebruiker.geblokkeerdTot && gebruiker.geblokkeerdTot > new Date()) {
      const seconden = Math.ceil((gebruiker.geblokkeerdTot.getTime() - Date.now()) / 1000);
      throw new Inlogweigering(
        429,
        'Account tijdelijk geblokkeerd.',
        `Te veel mislukte pogingen. Probeer het over ${Math.ceil(seconden / 60)} ${seconden > 60 ? 'minuten' : 'minuut'} opnieuw.`,
        gebruiker.id,
        { 'Retry-After': String(seconden) },
      );
    }
    if (!klopt) {
      await this.telMislukking(gebruiker);
      throw new Inlogweigering(401, geweigerd.titel, geweigerd.detail, gebruiker.id);
    }
    if (gebruiker.totpActief && gebruiker.totpGeheim) {
      // A missing code counts as a failure too: otherwise the answer would let
      // anyone confirm passwords without ever touching the lockout.
      const goed =
        !!totpCode &&
        (await this.totp.gebruikCode(
          gebruiker.id,
          gebruiker.totpGeheim,
          gebruiker.totpLaatsteStap,
          totpCode,
        ));
      if (!goed) {
        await this.telMislukking(gebruiker);
        throw new Inlogweigering(
          401,
          totpCode ? 'De code van de tweede factor klopt niet.' : 'Tweede factor vereist.',
          totpCode
            ? 'Vul de zescijferige code in die de authenticator-app nu toont. Een code werkt maar één keer.'
            : 'Vul ook de zescijferige code uit uw authenticator-app in (veld totpCode).',
          gebruiker.id,
          {},
          { tweedeFactorVereist: true },
        );
      }
    }
    return this.startSessie(gebruiker);
  }

  private async telMislukking(gebruiker: { id: string; mislukteInlogpogingen: number }) {
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
  }

  /**
   * The one place a session is created, for every login path (password, OIDC):
   * it also clears the failed-attempt counter, since the user has proven who they are.
   */
  async startSessie(gebruiker: {
    id: string;
    rol: Actor['rol'];
    gemeenteId: string | null;
    signaalpartnerId: string | null;
    wijkIds: string[];
  }): Promise<{ token: string; verlooptOp: Date; actor: Actor }> {
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
      include: { gebruiker: { include: { gemeente: { select: { totpVerplicht: true } } } } },
    });
    const nu = Date.now();
    if (
      !sessie ||
      sessie.beeindigdOp ||
      sessie.verlooptOp.getTime() <= nu ||
      sessie.laatstGebruiktOp.getTime() <= nu - this.config.SESSIE_INACTIEF_MINUTEN * 60_000 ||
      !sessie.gebruiker.actief
    )
      return null;
    // Sliding idle timeout, written at most once a minute rather than on every request.
    if (sessie.laatstGebruiktOp.getTime() < nu - 60_000)
      await this.prisma.sessie.update({
        where: { id: sessie.id },
        data: { laatstGebruiktOp: new Date(nu) },
      });
    const actor = gebruikerActor(sessie.gebruiker);
    if (sessie.gebruiker.gemeente?.totpVerplicht && !sessie.gebruiker.totpActief)
      actor.tweedeFactorOntbreekt = true;
    return actor;
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
        totpActief: true,
        gemeente: {
          select: {
            code: true,
            naam: true,
            huisstijlKleur: true,
            logoSvg: true,
            totpVerplicht: true,
          },
        },
        signaalpartner: { select: { naam: true, type: true } },
      },
    });
    const { gemeente, totpActief, ...rest } = gebruiker;
    return {
      ...rest,
      tweedeFactor: { actief: totpActief, verplicht: gemeente?.totpVerplicht ?? false },
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

export function gebruikerActor(gebruiker: {
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
