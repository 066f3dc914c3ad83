import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { type Meldingactie, weigering } from '../../../domain/meldingacties.js';
import { nederlandseDatum } from '../../../domain/tijd.js';
import { Prisma, PrismaClient, type SignaalpartnerType } from '../../../prisma/database.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import { meldingActieUpdate, meldingWorkflowId } from '../../../workflows/contracts.js';
import { DATABASE } from '../../shared/database.module.js';
import { Probleem } from '../infra/probleem.js';
import { isUuid } from '../infra/uuid.js';

export interface Meldingenfilter {
  status?: 'OPEN' | 'IN_BEHANDELING' | 'AFGESLOTEN';
  matchtype?: 'ENKELVOUDIG' | 'MEERVOUDIG' | 'OPEENVOLGEND';
  wijk?: string;
  kern?: string;
  signaalpartnerType?: string;
  crisis?: boolean;
  behandelaarId?: string;
  bedragVan?: number;
  bedragTot?: number;
  ouderDanDagen?: number;
  teLaat?: boolean;
  sortering: 'urgentie' | 'geopendOp' | '-geopendOp' | 'termijn';
  pagina: number;
  paginagrootte: number;
}

const LIJST = {
  gemeente: { select: { code: true, naam: true } },
  behandelaar: { select: { id: true, naam: true } },
  signalen: {
    orderBy: { signaaldatum: 'asc' },
    select: {
      id: true,
      bedragInCenten: true,
      crisissignaal: true,
      signaaldatum: true,
      ingetrokkenOp: true,
      signaalpartner: { select: { naam: true, type: true } },
      wijk: { select: { code: true, naam: true } },
      kern: { select: { naam: true } },
      persoonsgegevens: {
        select: {
          voorletters: true,
          tussenvoegsel: true,
          achternaam: true,
          geboortedatum: true,
          straat: true,
          postcode: true,
          huisnummer: true,
          huisletter: true,
          toevoeging: true,
          woonplaats: true,
        },
      },
    },
  },
} satisfies Prisma.MeldingInclude;

const DETAIL = {
  ...LIJST,
  signalen: {
    ...LIJST.signalen,
    select: {
      ...LIJST.signalen.select,
      referentie: true,
      ontstaansdatum: true,
      warmeOverdracht: true,
      eindeLevering: true,
      signaalstatus: true,
      uitnodiging: true,
      persoonsgegevens: {
        select: {
          ...LIJST.signalen.select.persoonsgegevens.select,
          voornamen: true,
          bsn: true,
          telefoonnummer: true,
          email: true,
        },
      },
    },
  },
  contactpogingen: {
    orderBy: { vastgelegdOp: 'asc' },
    include: {
      gebruiker: { select: { id: true, naam: true } },
      notitie: { select: { tekst: true } },
    },
  },
  notities: {
    orderBy: { aangemaaktOp: 'asc' },
    include: { gebruiker: { select: { id: true, naam: true } } },
  },
  gebeurtenissen: {
    orderBy: { op: 'asc' },
    include: { gebruiker: { select: { id: true, naam: true } } },
  },
  correspondentie: {
    orderBy: { aangemaaktOp: 'asc' },
    select: {
      id: true,
      kanaal: true,
      sjabloon: true,
      onderwerp: true,
      status: true,
      verzondenOp: true,
      ontvanger: true,
    },
  },
  taken: { orderBy: { aangemaaktOp: 'asc' } },
} satisfies Prisma.MeldingInclude;

/** A deadline passed unmet and the melding is still running. */
export function teLaat(nu: Date): Prisma.MeldingWhereInput {
  return {
    status: { not: 'AFGESLOTEN' },
    OR: [
      { status: 'OPEN', termijnOppakken: { lt: nu } },
      { eersteContactOp: null, termijnEersteContact: { lt: nu } },
    ],
  };
}

export type MeldingInLijst = Prisma.MeldingGetPayload<{ include: typeof LIJST }>;
export type MeldingMetDetails = Prisma.MeldingGetPayload<{ include: typeof DETAIL }>;

/** The gemeente's cases: lists and detail from the read model, actions through the workflow. */
@Injectable()
export class MeldingenService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly db: ScopedDatabase,
    @Inject(Client) private readonly temporal: Client,
  ) {}

  async lijst(
    filter: Meldingenfilter,
    gemeenteId: string,
  ): Promise<{ meldingen: MeldingInLijst[]; totaal: number }> {
    const nu = new Date();
    const signaal: Prisma.SignaalWhereInput = {
      ...(filter.wijk ? { wijk: { code: filter.wijk } } : {}),
      ...(filter.kern ? { kern: { naam: filter.kern } } : {}),
      ...(filter.signaalpartnerType
        ? { signaalpartner: { type: filter.signaalpartnerType as SignaalpartnerType } }
        : {}),
    };
    const where: Prisma.MeldingWhereInput = {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.matchtype ? { matchtype: filter.matchtype } : {}),
      ...(filter.behandelaarId ? { behandelaarId: filter.behandelaarId } : {}),
      ...(filter.crisis !== undefined ? { crisis: filter.crisis } : {}),
      ...(filter.ouderDanDagen !== undefined
        ? { geopendOp: { lt: new Date(nu.getTime() - filter.ouderDanDagen * 86_400_000) } }
        : {}),
      ...(Object.keys(signaal).length ? { signalen: { some: signaal } } : {}),
      AND: [
        ...(filter.teLaat === undefined ? [] : [filter.teLaat ? teLaat(nu) : { NOT: teLaat(nu) }]),
        ...(filter.bedragVan !== undefined || filter.bedragTot !== undefined
          ? [{ id: { in: await this.metTotaalBedrag(gemeenteId, filter) } }]
          : []),
      ],
    };
    const volgorde: Record<Meldingenfilter['sortering'], Prisma.MeldingOrderByWithRelationInput[]> =
      {
        urgentie: [{ crisis: 'desc' }, { termijnOppakken: { sort: 'asc', nulls: 'last' } }],
        geopendOp: [{ geopendOp: 'asc' }],
        '-geopendOp': [{ geopendOp: 'desc' }],
        termijn: [{ termijnEersteContact: { sort: 'asc', nulls: 'last' } }],
      };
    const [meldingen, totaal] = await Promise.all([
      this.db.melding.findMany({
        where,
        include: LIJST,
        orderBy: [...volgorde[filter.sortering], { geopendOp: 'asc' }, { id: 'asc' }],
        skip: (filter.pagina - 1) * filter.paginagrootte,
        take: filter.paginagrootte,
      }),
      this.db.melding.count({ where }),
    ]);
    return { meldingen, totaal };
  }

  /**
   * Meldingen whose signals still count (not withdrawn) add up to an amount
   * in the range. Summed in SQL: the total is not stored, so it cannot go stale.
   */
  private async metTotaalBedrag(
    gemeenteId: string,
    { bedragVan, bedragTot }: Pick<Meldingenfilter, 'bedragVan' | 'bedragTot'>,
  ): Promise<string[]> {
    const rijen = await this.prisma.$queryRaw<{ meldingId: string }[]>`
      SELECT "meldingId" FROM "Signaal"
      WHERE "gemeenteId" = ${gemeenteId}::uuid AND "meldingId" IS NOT NULL AND "ingetrokkenOp" IS NULL
      GROUP BY "meldingId"
      HAVING SUM("bedragInCenten") BETWEEN ${bedragVan ?? 0} AND ${bedragTot ?? 2_147_483_647}`;
    return rijen.map((r) => r.meldingId);
  }

  /** A gemeente that is connected, by its CBS code. */
  async gemeente(code: string): Promise<{ id: string } | null> {
    return this.prisma.gemeente.findUnique({ where: { code }, select: { id: true } });
  }

  async haalOp(id: string): Promise<MeldingMetDetails | null> {
    if (!isUuid(id)) return null;
    return this.db.melding.findUnique({ where: { id }, include: DETAIL });
  }

  /** A letter's PDF, when the melding is within the caller's gemeente. */
  async brief(meldingId: string, correspondentieId: string): Promise<Buffer | null> {
    if (!isUuid(meldingId) || !isUuid(correspondentieId)) return null;
    const brief = await this.db.correspondentie.findFirst({
      where: { id: correspondentieId, meldingId, kanaal: 'BRIEF' },
      select: { pdf: true },
    });
    return brief?.pdf ? Buffer.from(brief.pdf) : null;
  }

  /** Whether the melding exists within the caller's gemeente. */
  async bestaat(id: string): Promise<boolean> {
    return isUuid(id) && (await this.db.melding.count({ where: { id } })) === 1;
  }

  async isCollega(gebruikerId: string, gemeenteId: string): Promise<boolean> {
    return (
      (await this.prisma.gebruiker.count({
        where: { id: gebruikerId, gemeenteId, actief: true, rol: { not: 'SIGNAALPARTNER' } },
      })) === 1
    );
  }

  /** Stores a note's text before the workflow is told its id; text never travels through Temporal. */
  async bewaarNotitie(meldingId: string, tekst: string, door: string): Promise<string> {
    const notitie = await this.prisma.notitie.create({
      data: { meldingId, tekst, gebruikerId: door },
    });
    return notitie.id;
  }

  /**
   * Sends the action to the melding's workflow and waits until it is stored,
   * so the answer already shows the new state. A refused action becomes a 409
   * with the workflow's own Dutch reason; a note made for it is removed.
   */
  async voerUit(meldingId: string, actie: Meldingactie, door: string, notitieId?: string) {
    try {
      await this.temporal.workflow
        .getHandle(meldingWorkflowId(meldingId))
        .executeUpdate(meldingActieUpdate, { args: [{ actie, door }] });
    } catch (fout) {
      if (notitieId) await this.prisma.notitie.delete({ where: { id: notitieId } });
      if (fout instanceof WorkflowUpdateFailedError)
        throw new Probleem(
          409,
          'Deze actie kan nu niet.',
          fout.cause instanceof Error ? fout.cause.message : undefined,
        );
      if (fout instanceof WorkflowNotFoundError) {
        // The workflow ends when the retention period has passed; the melding is closed then.
        const melding = await this.prisma.melding.findUniqueOrThrow({ where: { id: meldingId } });
        const reden = weigering(
          {
            status: melding.status,
            behandelaarId: melding.behandelaarId,
            contactGelegd: false,
            persoonlijkContact: false,
            opgepakt: melding.opgepaktOp !== null,
          },
          actie,
          nederlandseDatum(new Date()),
        );
        throw new Probleem(
          409,
          'Deze actie kan nu niet.',
          reden ?? 'Deze melding is niet meer actief.',
        );
      }
      throw fout;
    }
    return (await this.haalOp(meldingId))!;
  }
}
