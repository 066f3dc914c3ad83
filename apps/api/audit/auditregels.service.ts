import { Inject, Injectable } from '@nestjs/common';
import { type Prisma, PrismaClient } from '../../../prisma/database.js';

export interface Auditfilter {
  van?: Date;
  tot?: Date;
  actie?: string;
  objectType?: string;
  objectId?: string;
  actorId?: string;
  resultaat?: string;
}

/**
 * Searches a gemeente's audit log: the entries its own people made and those
 * others (the platform operator, a DDAS client) made about its data. The
 * gemeente is always part of the query, whatever the filter says.
 */
@Injectable()
export class AuditregelsService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async zoek(
    gemeenteId: string,
    filter: Auditfilter,
    { pagina, paginagrootte }: { pagina: number; paginagrootte: number },
  ) {
    const where: Prisma.AuditLogWhereInput = {
      gemeenteId,
      ...(filter.van || filter.tot
        ? {
            tijdstip: {
              ...(filter.van ? { gte: filter.van } : {}),
              ...(filter.tot ? { lt: filter.tot } : {}),
            },
          }
        : {}),
      ...(filter.actie ? { actie: filter.actie } : {}),
      ...(filter.objectType ? { objectType: filter.objectType } : {}),
      ...(filter.objectId ? { objectId: filter.objectId } : {}),
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
      ...(filter.resultaat ? { resultaat: filter.resultaat } : {}),
    };
    const [regels, totaal] = await Promise.all([
      this.prisma.auditLog.findMany({
        where,
        orderBy: [{ tijdstip: 'desc' }, { volgnummer: 'desc' }],
        skip: (pagina - 1) * paginagrootte,
        take: paginagrootte,
      }),
      this.prisma.auditLog.count({ where }),
    ]);
    // Names of the gemeente's own staff (not of residents: entries hold ids
    // only) and of the organisations acting on its data.
    const gebruikerIds = [
      ...new Set(regels.filter((r) => r.actorType === 'gebruiker').map((r) => r.actorId!)),
    ];
    const partnerIds = [
      ...new Set(
        regels
          .filter((r) => r.organisatieType === 'signaalpartner' && r.organisatieId)
          .map((r) => r.organisatieId!),
      ),
    ];
    const [gebruikers, partners, gemeente] = await Promise.all([
      this.prisma.gebruiker.findMany({
        where: { id: { in: gebruikerIds.filter(isUuid) }, gemeenteId },
        select: { id: true, naam: true, email: true },
      }),
      this.prisma.signaalpartner.findMany({
        where: { id: { in: partnerIds.filter(isUuid) } },
        select: { id: true, naam: true },
      }),
      this.prisma.gemeente.findUniqueOrThrow({ where: { id: gemeenteId }, select: { naam: true } }),
    ]);
    const gebruiker = new Map(gebruikers.map((g) => [g.id, g]));
    const partner = new Map(partners.map((p) => [p.id, p.naam]));
    return {
      totaal,
      auditregels: regels.map((r) => {
        const g = r.actorId ? gebruiker.get(r.actorId) : undefined;
        return {
          id: r.id.toString(),
          volgnummer: r.volgnummer?.toString() ?? null,
          tijdstip: r.tijdstip.toISOString(),
          actor: {
            type: r.actorType,
            id: r.actorId,
            naam: g?.naam ?? null,
            email: g?.email ?? null,
          },
          organisatie: {
            type: r.organisatieType,
            id: r.organisatieId,
            naam:
              r.organisatieType === 'gemeente' && r.organisatieId === gemeenteId
                ? gemeente.naam
                : r.organisatieType === 'signaalpartner' && r.organisatieId
                  ? (partner.get(r.organisatieId) ?? null)
                  : r.organisatieType === 'platform'
                    ? 'Platformbeheer'
                    : null,
          },
          actie: r.actie,
          object: { type: r.objectType, id: r.objectId },
          resultaat: r.resultaat,
          herkomst: { ip: r.ip, userAgent: r.userAgent },
          hash: r.hash,
          vorigeHash: r.vorigeHash,
        };
      }),
    };
  }
}

const isUuid = (s: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
