import { Inject, Injectable } from '@nestjs/common';
import { SIGNAALPARTNER_TYPES } from '../../../domain/ddas.js';
import { PrismaClient, type SignaalpartnerType } from '../../../prisma/database.js';
import { Probleem } from '../infra/probleem.js';
import { ROUTERINGSTOELICHTING } from '../signalen/signaal.weergave.js';

const dag = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The platform operator's view of the creditors, their legal bases per
 * gemeente and the signals routing could not place. Operator-only, so it
 * uses the plain client: the operator's toegang is the whole platform anyway.
 */
@Injectable()
export class SignaalpartnersService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async lijst() {
    const partners = await this.prisma.signaalpartner.findMany({
      orderBy: { naam: 'asc' },
      select: {
        id: true,
        naam: true,
        type: true,
        createdAt: true,
        koppelingen: {
          orderBy: { gemeente: { naam: 'asc' } },
          select: {
            grondslag: true,
            startdatum: true,
            einddatum: true,
            gemeente: { select: { code: true, naam: true } },
          },
        },
        _count: { select: { apiSleutels: { where: { ingetrokkenOp: null } } } },
      },
    });
    return partners.map(weergave);
  }

  async maak(naam: string, type: SignaalpartnerType) {
    if (await this.prisma.signaalpartner.findUnique({ where: { naam }, select: { id: true } }))
      throw new Probleem(409, 'Deze signaalpartner bestaat al.', 'Kies een andere naam.');
    const partner = await this.prisma.signaalpartner.create({
      data: { naam, type },
      select: {
        id: true,
        naam: true,
        type: true,
        createdAt: true,
        koppelingen: {
          select: {
            grondslag: true,
            startdatum: true,
            einddatum: true,
            gemeente: { select: { code: true, naam: true } },
          },
        },
        _count: { select: { apiSleutels: true } },
      },
    });
    return weergave(partner);
  }

  async legKoppelingVast(
    id: string,
    gemeentecode: string,
    koppeling: { grondslag: string; startdatum: string; einddatum?: string | null | undefined },
  ) {
    const { signaalpartnerId, gemeenteId } = await this.zoek(id, gemeentecode);
    const data = {
      grondslag: koppeling.grondslag,
      startdatum: new Date(koppeling.startdatum),
      einddatum: koppeling.einddatum ? new Date(koppeling.einddatum) : null,
    };
    const k = await this.prisma.koppeling.upsert({
      where: { signaalpartnerId_gemeenteId: { signaalpartnerId, gemeenteId } },
      create: { signaalpartnerId, gemeenteId, ...data },
      update: data,
      select: {
        grondslag: true,
        startdatum: true,
        einddatum: true,
        gemeente: { select: { code: true, naam: true } },
      },
    });
    return koppelingWeergave(k);
  }

  async verwijderKoppeling(id: string, gemeentecode: string): Promise<void> {
    const { signaalpartnerId, gemeenteId } = await this.zoek(id, gemeentecode);
    const { count } = await this.prisma.koppeling.deleteMany({
      where: { signaalpartnerId, gemeenteId },
    });
    if (count === 0) throw Probleem.nietGevonden('Koppeling');
  }

  /** Signals routing could not place, oldest first: what the operator must decide on. */
  async vastgehouden() {
    const signalen = await this.prisma.signaal.findMany({
      where: {
        routeringsstatus: { in: ['ONBEKEND_ADRES', 'GEEN_KOPPELING'] },
        ingetrokkenOp: null,
        persoonsgegevensVerwijderdOp: null,
      },
      orderBy: [{ ontvangenOp: 'asc' }, { id: 'asc' }],
      take: 500,
      select: {
        id: true,
        referentie: true,
        routeringsstatus: true,
        ontvangenOp: true,
        signaalpartner: { select: { naam: true } },
        gemeente: { select: { code: true, naam: true } },
        persoonsgegevens: { select: { postcode: true, huisnummer: true } },
      },
    });
    const nu = Date.now();
    return signalen.map((s) => ({
      id: s.id,
      referentie: s.referentie,
      signaalpartner: s.signaalpartner.naam,
      reden: s.routeringsstatus,
      toelichting: ROUTERINGSTOELICHTING[s.routeringsstatus],
      // With GEEN_KOPPELING the table did place the address: in this gemeente.
      gemeente: s.gemeente,
      postcode: s.persoonsgegevens?.postcode ?? null,
      huisnummer: s.persoonsgegevens?.huisnummer ?? null,
      ontvangenOp: s.ontvangenOp.toISOString(),
      leeftijdInDagen: Math.floor((nu - s.ontvangenOp.getTime()) / 86_400_000),
    }));
  }

  private async zoek(id: string, gemeentecode: string) {
    const partner = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.prisma.signaalpartner.findUnique({ where: { id }, select: { id: true } })
      : null;
    if (!partner) throw Probleem.nietGevonden('Signaalpartner');
    const gemeente = /^\d{4}$/.test(gemeentecode)
      ? await this.prisma.gemeente.findUnique({
          where: { code: gemeentecode },
          select: { id: true },
        })
      : null;
    if (!gemeente) throw Probleem.nietGevonden('Gemeente');
    return { signaalpartnerId: partner.id, gemeenteId: gemeente.id };
  }
}

function koppelingWeergave(k: {
  grondslag: string;
  startdatum: Date;
  einddatum: Date | null;
  gemeente: { code: string; naam: string };
}) {
  return {
    gemeente: k.gemeente,
    grondslag: k.grondslag,
    startdatum: dag(k.startdatum),
    einddatum: k.einddatum ? dag(k.einddatum) : null,
  };
}

function weergave(p: {
  id: string;
  naam: string;
  type: SignaalpartnerType;
  createdAt: Date;
  koppelingen: Parameters<typeof koppelingWeergave>[0][];
  _count: { apiSleutels: number };
}) {
  return {
    id: p.id,
    naam: p.naam,
    type: p.type,
    typeNaam: SIGNAALPARTNER_TYPES[p.type],
    aangemaaktOp: p.createdAt.toISOString(),
    koppelingen: p.koppelingen.map(koppelingWeergave),
    aantalApiSleutels: p._count.apiSleutels,
  };
}
