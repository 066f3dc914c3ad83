import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../../../prisma/database.js';
import { sha256 } from '../auth/auth.service.js';
import { Probleem } from '../infra/probleem.js';
import { DDAS_TOKEN_SECONDEN, nieuwDdasSecret, nieuwDdasToken } from './ddas-token.js';

export const DDAS_SCOPE = 'read';

export interface DdasClientWeergave {
  id: string;
  clientId: string;
  naam: string;
  gemeentecodes: string[];
  actief: boolean;
  aangemaaktOp: string;
  ingetrokkenOp: string | null;
}

// Compared against when the client_id is unknown, so the answer takes as long
// as for a known client with a wrong secret.
const NEP_HASH = sha256('geen-ddas-client');

/** The DDAS clients (OAuth 2.0 client credentials) and the tokens they get. */
@Injectable()
export class DdasClientsService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async lijst(): Promise<DdasClientWeergave[]> {
    const clients = await this.prisma.ddasClient.findMany({ orderBy: { aangemaaktOp: 'asc' } });
    const codes = await this.gemeentecodes(clients.flatMap((c) => c.gemeenteIds));
    return clients.map((c) => weergave(c, codes));
  }

  /** Creates a client; the secret is in the answer once and never again. */
  async maak(
    naam: string,
    gemeentecodes: string[],
  ): Promise<DdasClientWeergave & { clientSecret: string }> {
    const gemeenten = await this.prisma.gemeente.findMany({
      where: { code: { in: gemeentecodes } },
      select: { id: true, code: true },
    });
    const onbekend = gemeentecodes.filter((code) => !gemeenten.some((g) => g.code === code));
    if (onbekend.length) {
      throw new Probleem(400, 'De invoer is ongeldig.', 'Niet elke gemeente bestaat.', [
        {
          name: 'gemeentecodes',
          code: 'onbekend',
          reason: `Onbekende gemeente: ${onbekend.join(', ')}.`,
        },
      ]);
    }
    const clientSecret = nieuwDdasSecret();
    const client = await this.prisma.ddasClient.create({
      data: {
        clientId: `ddas-${randomBytes(8).toString('hex')}`,
        naam,
        secretHash: sha256(clientSecret),
        gemeenteIds: gemeenten.map((g) => g.id),
      },
    });
    const codes = new Map(gemeenten.map((g) => [g.id, g.code]));
    return { ...weergave(client, codes), clientSecret };
  }

  /** Revokes a client and ends its tokens at once. */
  async trekIn(id: string): Promise<void> {
    const { count } = await this.prisma.ddasClient.updateMany({
      where: { id, actief: true },
      data: { actief: false, ingetrokkenOp: new Date() },
    });
    if (!count) throw Probleem.nietGevonden('De actieve DDAS-client');
    await this.prisma.ddasToken.deleteMany({ where: { ddasClientId: id } });
  }

  /**
   * The client-credentials grant (RFC 6749 §4.4). Returns null for an
   * unknown, revoked or wrongly authenticated client, without saying which.
   */
  async geefToken(
    clientId: string,
    clientSecret: string,
  ): Promise<{ id: string; token: string; verlooptOp: Date } | null> {
    const client = await this.prisma.ddasClient.findUnique({ where: { clientId } });
    const verwacht = Buffer.from(client?.secretHash ?? NEP_HASH, 'hex');
    const gegeven = Buffer.from(sha256(clientSecret), 'hex');
    if (!timingSafeEqual(verwacht, gegeven) || !client || !client.actief) return null;
    const token = nieuwDdasToken();
    const nu = new Date();
    const verlooptOp = new Date(nu.getTime() + DDAS_TOKEN_SECONDEN * 1000);
    await this.prisma.$transaction([
      // Expired tokens serve nothing; clearing them here keeps the table small.
      this.prisma.ddasToken.deleteMany({
        where: { ddasClientId: client.id, verlooptOp: { lt: nu } },
      }),
      this.prisma.ddasToken.create({
        data: { tokenHash: sha256(token), ddasClientId: client.id, verlooptOp },
      }),
    ]);
    return { id: client.id, token, verlooptOp };
  }

  /** The gemeenten the client may read, by code. */
  async gemeentenVan(ddasClientId: string): Promise<{ id: string; code: string; naam: string }[]> {
    const client = await this.prisma.ddasClient.findUniqueOrThrow({ where: { id: ddasClientId } });
    return this.prisma.gemeente.findMany({
      where: { id: { in: client.gemeenteIds } },
      select: { id: true, code: true, naam: true },
      orderBy: { code: 'asc' },
    });
  }

  private async gemeentecodes(ids: string[]): Promise<Map<string, string>> {
    const gemeenten = await this.prisma.gemeente.findMany({
      where: { id: { in: [...new Set(ids)] } },
      select: { id: true, code: true },
    });
    return new Map(gemeenten.map((g) => [g.id, g.code]));
  }
}

function weergave(
  c: {
    id: string;
    clientId: string;
    naam: string;
    gemeenteIds: string[];
    actief: boolean;
    aangemaaktOp: Date;
    ingetrokkenOp: Date | null;
  },
  codes: Map<string, string>,
): DdasClientWeergave {
  return {
    id: c.id,
    clientId: c.clientId,
    naam: c.naam,
    gemeentecodes: c.gemeenteIds.flatMap((id) => codes.get(id) ?? []).sort(),
    actief: c.actief,
    aangemaaktOp: c.aangemaaktOp.toISOString(),
    ingetrokkenOp: c.ingetrokkenOp?.toISOString() ?? null,
  };
}
