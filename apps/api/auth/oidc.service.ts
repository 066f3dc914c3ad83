import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { OidcFout } from '../../../domain/oidc.js';
import { PrismaClient } from '../../../prisma/database.js';
import type { Config } from '../../shared/config.js';
import { CONFIG } from '../../shared/tokens.js';
import { Probleem } from '../infra/probleem.js';
import type { Actor } from './actor.js';
import { sha256 } from './auth.service.js';

/** How long the user may take at the IdP before the attempt expires. */
const POGING_MINUTEN = 10;
/** The one-time code in the web app's URL fragment is exchanged at once. */
const INWISSEL_SECONDEN = 60;
/** Discovery documents and keys change rarely; a login should not fetch them each time. */
const DISCOVERY_CACHE_MS = 10 * 60_000;
const IDP_TIMEOUT_SECONDEN = 10;

export const CALLBACK_PAD = '/v1/sessies/oidc/callback';
export const BROWSER_COOKIE = 'vs_oidc';

/** A refused login, carrying the code the web app turns into a Dutch message. */
export class OidcWeigering extends Error {
  constructor(
    readonly code: OidcFout,
    readonly reden: string,
    readonly gemeentecode?: string,
    readonly terugUrl?: string,
  ) {
    super(reden);
  }
}

export interface OidcInvoer {
  issuer: string;
  clientId: string;
  /** undefined: keep the stored secret; null: remove it (a public client with PKCE only). */
  clientSecret?: string | null;
  claim: string;
  ingeschakeld: boolean;
}

/**
 * Login through a gemeente's own OpenID Connect identity provider:
 * authorization code with PKCE, state and nonce. The IdP only says who the
 * user is; whether that person may use Vroegsignaal is the gemeente's own
 * user list, so there is no automatic provisioning, and a person known in
 * another gemeente is not let in through this one's IdP.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('Oidc');
  private readonly discoveries = new Map<
    string,
    { configuratie: Promise<oidc.Configuration>; tot: number; versie: number }
  >();

  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Where the IdP sends the user back; register exactly this at the IdP. */
  redirectUri(basis: string): string {
    return `${basis.replace(/\/$/, '')}${CALLBACK_PAD}`;
  }

  basisUrl(verzoekOrigin: string): string {
    return (this.config.PUBLIEKE_URL ?? verzoekOrigin).replace(/\/$/, '');
  }

  async configuratie(gemeenteId: string, basis: string) {
    const rij = await this.prisma.oidcConfiguratie.findUnique({
      where: { gemeenteId },
      include: { gemeente: { select: { code: true } } },
    });
    const redirectUri = this.redirectUri(basis);
    if (!rij) return null;
    return {
      gemeentecode: rij.gemeente.code,
      issuer: rij.issuer,
      clientId: rij.clientId,
      // The secret itself never leaves the server again.
      clientSecretIngesteld: rij.clientSecretVersleuteld !== null,
      claim: rij.claim,
      ingeschakeld: rij.ingeschakeld,
      redirectUri,
      gewijzigdOp: rij.gewijzigdOp.toISOString(),
    };
  }

  async legVast(gemeenteId: string, invoer: OidcInvoer, basis: string) {
    const versleuteld =
      invoer.clientSecret === undefined
        ? undefined
        : invoer.clientSecret === null
          ? null
          : this.versleutel(invoer.clientSecret, gemeenteId);
    const gegevens = {
      issuer: invoer.issuer,
      clientId: invoer.clientId,
      claim: invoer.claim,
      ingeschakeld: invoer.ingeschakeld,
      ...(versleuteld !== undefined ? { clientSecretVersleuteld: versleuteld } : {}),
    };
    await this.prisma.oidcConfiguratie.upsert({
      where: { gemeenteId },
      create: { gemeenteId, ...gegevens },
      update: gegevens,
    });
    this.discoveries.delete(gemeenteId);
    return (await this.configuratie(gemeenteId, basis))!;
  }

  /** Code and name of the gemeenten whose users can log in through their own IdP. */
  async ingeschakeldeGemeenten(): Promise<{ code: string; naam: string }[]> {
    const rijen = await this.prisma.oidcConfiguratie.findMany({
      where: { ingeschakeld: true },
      select: { gemeente: { select: { code: true, naam: true } } },
      orderBy: { gemeente: { naam: 'asc' } },
    });
    return rijen.map((r) => r.gemeente);
  }

  /**
   * Starts a login: the attempt is kept server-side (state, nonce and PKCE
   * verifier) and bound to this browser by a secret in an HttpOnly cookie,
   * so a callback URL sent to someone else cannot log them in.
   */
  async start(
    gemeentecode: string,
    basis: string,
  ): Promise<{ idpUrl: string; browserGeheim: string }> {
    const gemeente = /^\d{4}$/.test(gemeentecode)
      ? await this.prisma.gemeente.findUnique({
          where: { code: gemeentecode },
          include: { oidcConfiguratie: true },
        })
      : null;
    const instelling = gemeente?.oidcConfiguratie;
    if (!gemeente || !instelling?.ingeschakeld)
      throw new OidcWeigering('niet-beschikbaar', 'niet ingeschakeld', gemeentecode, basis);
    const configuratie = await this.discovery(instelling).catch((fout: unknown) => {
      this.logger.warn(
        `OIDC-discovery voor gemeente ${gemeentecode} mislukt: ${(fout as Error).message}`,
      );
      throw new OidcWeigering('niet-beschikbaar', 'discovery mislukt', gemeentecode, basis);
    });
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const browserGeheim = randomBytes(32).toString('base64url');
    // Expired attempts are of no use to anyone; clearing them here keeps the table small.
    await this.prisma.oidcInlogpoging.deleteMany({
      where: { verlooptOp: { lt: new Date(Date.now() - 60 * 60_000) } },
    });
    await this.prisma.oidcInlogpoging.create({
      data: {
        stateHash: sha256(state),
        browserHash: sha256(browserGeheim),
        gemeenteId: gemeente.id,
        nonce,
        codeVerifier,
        terugUrl: basis,
        verlooptOp: new Date(Date.now() + POGING_MINUTEN * 60_000),
      },
    });
    const idpUrl = oidc.buildAuthorizationUrl(configuratie, {
      redirect_uri: this.redirectUri(basis),
      scope: instelling.claim === 'email' ? 'openid email' : 'openid email profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { idpUrl: idpUrl.href, browserGeheim };
  }

  /**
   * The IdP's answer: checks the attempt (once, unexpired, same browser),
   * exchanges the code (state, PKCE, nonce and the ID token's signature,
   * issuer and audience are checked by openid-client), and looks up the
   * active user of that gemeente whose e-mail address is the claim.
   */
  async terugkeer(
    parameters: URLSearchParams,
    browserGeheim: string | undefined,
  ): Promise<{ gebruiker: Actor; gemeentecode: string; terugUrl: string; inwisselcode: string }> {
    const state = parameters.get('state');
    const poging = state
      ? await this.prisma.oidcInlogpoging.findUnique({
          where: { stateHash: sha256(state) },
          include: { gemeente: { include: { oidcConfiguratie: true } } },
        })
      : null;
    if (!poging || !state) throw new OidcWeigering('poging-ongeldig', 'onbekende state');
    const { gemeente } = poging;
    const weiger = (code: OidcFout, reden: string) =>
      new OidcWeigering(code, reden, gemeente.code, poging.terugUrl);
    // Used once: a second callback with the same state is refused.
    const gemarkeerd = await this.prisma.oidcInlogpoging.updateMany({
      where: { id: poging.id, teruggekeerdOp: null, verlooptOp: { gt: new Date() } },
      data: { teruggekeerdOp: new Date() },
    });
    if (gemarkeerd.count !== 1) throw weiger('poging-ongeldig', 'verlopen of al gebruikt');
    if (!browserGeheim || sha256(browserGeheim) !== poging.browserHash)
      throw weiger('poging-ongeldig', 'andere browser');
    const instelling = gemeente.oidcConfiguratie;
    if (!instelling?.ingeschakeld) throw weiger('niet-beschikbaar', 'niet meer ingeschakeld');
    if (parameters.has('error')) throw weiger('idp-weigert', `IdP: ${parameters.get('error')}`);

    let claims: Record<string, unknown>;
    try {
      const configuratie = await this.discovery(instelling);
      const terug = new URL(this.redirectUri(poging.terugUrl));
      for (const [sleutel, waarde] of parameters) terug.searchParams.append(sleutel, waarde);
      const tokens = await oidc.authorizationCodeGrant(configuratie, terug, {
        pkceCodeVerifier: poging.codeVerifier,
        expectedState: state,
        expectedNonce: poging.nonce,
        idTokenExpected: true,
      });
      claims = { ...tokens.claims() };
      // Many IdPs put e-mail only in userinfo when an access token is issued.
      if (claims[instelling.claim] === undefined && tokens.access_token) {
        const info = await oidc.fetchUserInfo(
          configuratie,
          tokens.access_token,
          String(claims.sub),
        );
        claims = { ...info, ...claims };
      }
    } catch (fout) {
      if (fout instanceof OidcWeigering) throw fout;
      this.logger.warn(
        `OIDC-antwoord voor gemeente ${gemeente.code} geweigerd: ${(fout as Error).message}`,
      );
      throw weiger('idp-weigert', 'tokenuitwisseling of ID-token ongeldig');
    }
    const waarde = claims[instelling.claim];
    const email = typeof waarde === 'string' ? waarde.trim().toLowerCase() : '';
    // Only this gemeente's own active users: the IdP of gemeente A cannot
    // vouch for anyone working for gemeente B.
    const gebruiker = email
      ? await this.prisma.gebruiker.findFirst({
          where: { email, gemeenteId: gemeente.id, actief: true },
        })
      : null;
    if (!gebruiker) throw weiger('onbekende-gebruiker', 'geen actief account in deze gemeente');
    const inwisselcode = randomBytes(32).toString('base64url');
    await this.prisma.oidcInlogpoging.update({
      where: { id: poging.id },
      data: {
        gebruikerId: gebruiker.id,
        inwisselcodeHash: sha256(inwisselcode),
        inwisselenVoor: new Date(Date.now() + INWISSEL_SECONDEN * 1000),
      },
    });
    return {
      gebruiker: gebruikerActor(gebruiker),
      gemeentecode: gemeente.code,
      terugUrl: poging.terugUrl,
      inwisselcode,
    };
  }

  /** The web app's one-time code for a normal session; null when unknown, used or expired. */
  async wisselIn(
    inwisselcode: string,
  ): Promise<{ token: string; verlooptOp: Date; actor: Actor } | null> {
    const hash = sha256(inwisselcode);
    const poging = await this.prisma.oidcInlogpoging.findUnique({
      where: { inwisselcodeHash: hash },
    });
    if (!poging?.gebruikerId) return null;
    const genomen = await this.prisma.oidcInlogpoging.updateMany({
      where: { id: poging.id, ingewisseldOp: null, inwisselenVoor: { gt: new Date() } },
      data: { ingewisseldOp: new Date() },
    });
    if (genomen.count !== 1) return null;
    const gebruiker = await this.prisma.gebruiker.findUnique({
      where: { id: poging.gebruikerId },
    });
    if (!gebruiker?.actief || gebruiker.gemeenteId !== poging.gemeenteId) return null;
    return this.startSessie(gebruiker);
  }

  // TODO(lead): replace with AuthService.startSessie from branch `inlog` once merged;
  // this mirrors what AuthService.logIn does after a correct password.
  private async startSessie(gebruiker: Parameters<typeof gebruikerActor>[0]) {
    const token = randomBytes(32).toString('base64url');
    const verlooptOp = new Date(Date.now() + this.config.SESSIE_DUUR_MINUTEN * 60_000);
    await this.prisma.sessie.create({
      data: { gebruikerId: gebruiker.id, tokenHash: sha256(token), verlooptOp },
    });
    return { token, verlooptOp, actor: gebruikerActor(gebruiker) };
  }

  private discovery(instelling: {
    gemeenteId: string;
    issuer: string;
    clientId: string;
    clientSecretVersleuteld: string | null;
    gewijzigdOp: Date;
  }): Promise<oidc.Configuration> {
    const bewaard = this.discoveries.get(instelling.gemeenteId);
    const versie = instelling.gewijzigdOp.getTime();
    if (bewaard && bewaard.tot > Date.now() && bewaard.versie === versie)
      return bewaard.configuratie;
    const issuer = new URL(instelling.issuer);
    const configuratie = Promise.resolve().then(() => {
      const geheim = instelling.clientSecretVersleuteld
        ? this.ontsleutel(instelling.clientSecretVersleuteld, instelling.gemeenteId)
        : undefined;
      return oidc.discovery(
        issuer,
        instelling.clientId,
        geheim,
        geheim ? oidc.ClientSecretPost(geheim) : oidc.None(),
        {
          timeout: IDP_TIMEOUT_SECONDEN,
          // Plain http only for an IdP on this machine (development and tests).
          execute: isLoopback(issuer) ? [oidc.allowInsecureRequests] : [],
        },
      );
    });
    const invoer = { configuratie, tot: Date.now() + DISCOVERY_CACHE_MS, versie };
    this.discoveries.set(instelling.gemeenteId, invoer);
    // A failed discovery is not kept, so the next login tries again.
    void configuratie.catch(() => {
      if (this.discoveries.get(instelling.gemeenteId) === invoer)
        this.discoveries.delete(instelling.gemeenteId);
    });
    return configuratie;
  }

  private sleutel(): { sleutel: Buffer; id: string } {
    const ruw = this.config.OIDC_GEHEIM_SLEUTEL;
    if (!ruw)
      throw new Probleem(
        409,
        'Client secrets kunnen niet worden opgeslagen.',
        'De server heeft geen OIDC_GEHEIM_SLEUTEL ingesteld, waarmee client secrets versleuteld worden bewaard. Vraag de platformbeheerder die in te stellen, of laat clientSecret weg voor een publieke client met alleen PKCE.',
      );
    const sleutel = /^[0-9a-fA-F]{64}$/.test(ruw)
      ? Buffer.from(ruw, 'hex')
      : Buffer.from(ruw, 'base64');
    return { sleutel, id: createHash('sha256').update(sleutel).digest('hex').slice(0, 8) };
  }

  /** AES-256-GCM, bound to the gemeente (AAD), with the key's id so a key change is noticed. */
  private versleutel(geheim: string, gemeenteId: string): string {
    const { sleutel, id } = this.sleutel();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', sleutel, iv);
    cipher.setAAD(Buffer.from(gemeenteId));
    const tekst = Buffer.concat([cipher.update(geheim, 'utf8'), cipher.final()]);
    return ['v1', id, iv, cipher.getAuthTag(), tekst]
      .map((d) => (typeof d === 'string' ? d : d.toString('base64url')))
      .join('.');
  }

  private ontsleutel(opgeslagen: string, gemeenteId: string): string {
    const { sleutel, id } = this.sleutel();
    const [versie, sleutelId, iv, tag, tekst] = opgeslagen.split('.');
    if (versie !== 'v1' || sleutelId !== id || !iv || !tag || tekst === undefined)
      throw new Error(
        `het client secret is versleuteld met een andere OIDC_GEHEIM_SLEUTEL (${sleutelId}); stel het opnieuw in`,
      );
    const decipher = createDecipheriv('aes-256-gcm', sleutel, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(gemeenteId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(tekst, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}

export function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
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
