import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../../../prisma/database.js';
import type { Actor, VerzoekMetActor } from '../auth/actor.js';

export interface Auditregel {
  actie: string;
  objectType: string;
  objectId?: string | null;
  resultaat: 'gelukt' | 'geweigerd' | 'mislukt' | 'niet_gevonden';
  /**
   * The gemeente whose data this is about, when the actor is not one of its
   * own (a platform operator, a DDAS client): its teamleiders search by it.
   * Defaults to the actor's gemeente.
   */
  gemeenteId?: string | null;
}

/**
 * Writes the append-only audit log (BIO 8.15): who, for which organisation,
 * did what to which object, with what result and from where. It stores ids,
 * never the personal data that was read. The database chains every entry
 * to the previous one by hash (migration 20261128000000_audit_hashketen), so
 * nothing here computes or may set volgnummer, vorigeHash or hash.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async leg(
    actor: Actor | null,
    verzoek: VerzoekMetActor | null,
    regel: Auditregel,
  ): Promise<void> {
    await this.legMeerdere(actor, verzoek, [regel]);
  }

  /** One entry per object, e.g. for every signal on a page of a list. */
  async legMeerdere(
    actor: Actor | null,
    verzoek: VerzoekMetActor | null,
    regels: Auditregel[],
  ): Promise<void> {
    await this.prisma.auditLog.createMany({ data: this.vulIn(actor, verzoek, regels) });
  }

  private vulIn(actor: Actor | null, verzoek: VerzoekMetActor | null, regels: Auditregel[]) {
    const userAgent = verzoek?.headers['user-agent'];
    return regels.map((regel) => ({
      actorType: actor?.soort ?? 'anoniem',
      actorId: actor?.id ?? null,
      organisatieType: actor?.gemeenteId
        ? 'gemeente'
        : actor?.signaalpartnerId
          ? 'signaalpartner'
          : actor
            ? 'platform'
            : null,
      organisatieId: actor?.gemeenteId ?? actor?.signaalpartnerId ?? null,
      gemeenteId: regel.gemeenteId ?? actor?.gemeenteId ?? null,
      actie: regel.actie,
      objectType: regel.objectType,
      objectId: regel.objectId ?? null,
      resultaat: regel.resultaat,
      ip: verzoek?.ip ?? null,
      userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 500) : null,
    }));
  }

  /**
   * One entry per object id for the same action, e.g. every melding in an
   * export, in one statement: building tens of thousands of entries as
   * objects for createMany cost the API seconds and hundreds of MB.
   */
  async legPerObject(
    actor: Actor | null,
    verzoek: VerzoekMetActor | null,
    regel: Omit<Auditregel, 'objectId'>,
    objectIds: string[],
  ): Promise<void> {
    const [voorbeeld] = this.vulIn(actor, verzoek, [{ ...regel, objectId: null }]);
    const v = voorbeeld!;
    for (let i = 0; i < objectIds.length; i += 50_000)
      await this.prisma.$executeRaw`
        INSERT INTO "AuditLog" ("actorType", "actorId", "organisatieType", "organisatieId",
          "gemeenteId", "actie", "objectType", "objectId", "resultaat", "ip", "userAgent")
        SELECT ${v.actorType}, ${v.actorId}, ${v.organisatieType}, ${v.organisatieId},
          ${v.gemeenteId}::uuid, ${v.actie}, ${v.objectType}, id, ${v.resultaat}, ${v.ip},
          ${v.userAgent}
        FROM unnest(${objectIds.slice(i, i + 50_000)}::text[]) AS id`;
  }
}
