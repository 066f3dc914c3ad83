import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { type Meldingactie, weigering } from '../../../domain/meldingacties.js';
import { nederlandseDatum } from '../../../domain/tijd.js';
import { SIGNAALPARTNER_TYPES } from '../../../domain/ddas.js';
import { Prisma, PrismaClient } from '../../../prisma/database.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import { meldingActieUpdate, meldingWorkflowId } from '../../../workflows/contracts.js';
import { DATABASE } from '../../shared/database.module.js';
import { Probleem } from '../infra/probleem.js';
import { isUuid } from '../infra/uuid.js';
import {
  type Facet,
  FACETTEN,
  MATCHTYPES,
  type Meldingenfilter,
  meldingScope,
  samen,
  STATUSSEN,
  teLaatSql,
  type Werkvoorraadquery,
  werkvoorraadVolgorde,
  werkvoorraadVoorwaarden,
  werkvoorraadWhere,
} from './werkvoorraadfilter.js';

/** Counts per facet value of the werkvoorraad: aggregates only. */
export interface Aantallen {
  totaal: number;
  status: Record<(typeof STATUSSEN)[number], number>;
  matchtype: Record<(typeof MATCHTYPES)[number], number>;
  signaalpartnerType: Record<string, number>;
  wijk: { code: string; naam: string; aantal: number }[];
  kern: { naam: string; aantal: number }[];
  behandelaar: { id: string; naam: string; aantal: number }[];
  crisis: { ja: number; nee: number };
  teLaat: { ja: number; nee: number };
}

/** Meldingen with the same facet values that meet the same facet conditions. */
type Facetgroep = Record<`voldoet_${Exclude<Facet, 'overig'>}`, boolean> & {
  status: string;
  matchtype: string;
  crisis: boolean;
  teLaat: boolean;
  behandelaarId: string | null;
  wijkIds: string[];
  kernIds: string[];
  signaalpartnerTypen: string[];
  aantal: number;
};

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
      apiSleutel: { select: { id: true, omschrijving: true } },
      notitie: { select: { tekst: true } },
    },
  },
  notities: {
    orderBy: { aangemaaktOp: 'asc' },
    include: {
      gebruiker: { select: { id: true, naam: true } },
      apiSleutel: { select: { id: true, omschrijving: true } },
    },
  },
  gebeurtenissen: {
    orderBy: { op: 'asc' },
    include: {
      gebruiker: { select: { id: true, naam: true } },
      apiSleutel: { select: { id: true, omschrijving: true } },
    },
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

  /** A page of the werkvoorraad: the ids in SQL with the shared filter, then the rows scoped. */
  async lijst(
    filter: Meldingenfilter,
    sortering: Werkvoorraadquery['sortering'],
    { pagina, paginagrootte }: { pagina: number; paginagrootte: number },
  ): Promise<{ meldingen: MeldingInLijst[]; totaal: number }> {
    const where = werkvoorraadWhere(filter, new Date());
    const [ids, [telling]] = await Promise.all([
      this.prisma.$queryRaw<{ id: string }[]>`
        SELECT m."id" FROM "Melding" m WHERE ${where} ${werkvoorraadVolgorde(sortering)}
        LIMIT ${paginagrootte} OFFSET ${(pagina - 1) * paginagrootte}`,
      this.prisma.$queryRaw<{ totaal: number }[]>`
        SELECT count(*)::int AS "totaal" FROM "Melding" m WHERE ${where}`,
    ]);
    return { meldingen: await this.inVolgorde(ids.map((r) => r.id)), totaal: telling!.totaal };
  }

  /** The list's rows for these ids, in their order; the scoped client checks the tenant again. */
  async inVolgorde(ids: string[]): Promise<MeldingInLijst[]> {
    if (!ids.length) return [];
    const rijen = await this.db.melding.findMany({ where: { id: { in: ids } }, include: LIJST });
    const perId = new Map(rijen.map((m) => [m.id, m]));
    return ids.flatMap((id) => perId.get(id) ?? []);
  }

  /** Ids of what matches, in the list's order, for "select everything that matches". */
  async ids(
    filter: Meldingenfilter,
    sortering: Werkvoorraadquery['sortering'],
    maximum: number,
  ): Promise<{ ids: string[]; totaal: number }> {
    const where = werkvoorraadWhere(filter, new Date());
    const [rijen, [telling]] = await Promise.all([
      this.prisma.$queryRaw<{ id: string }[]>`
        SELECT m."id" FROM "Melding" m WHERE ${where} ${werkvoorraadVolgorde(sortering)}
        ${maximum === Infinity ? Prisma.empty : Prisma.sql`LIMIT ${maximum}`}`,
      this.prisma.$queryRaw<{ totaal: number }[]>`
        SELECT count(*)::int AS "totaal" FROM "Melding" m WHERE ${where}`,
    ]);
    return { ids: rijen.map((r) => r.id), totaal: telling!.totaal };
  }

  /**
   * Counts per facet value, each facet with every other active filter but not
   * its own, in one pass: the meldingen are grouped by their facet values
   * (their signals' wijken, kernen and types as one profile number), the
   * facet conditions are then evaluated once per group, and each facet is
   * summed from the groups that meet every other condition. A melding that
   * fails two or more conditions counts nowhere, so it is left out before
   * grouping.
   */
  async aantallen(filter: Meldingenfilter): Promise<Aantallen> {
    const scope = meldingScope();
    const nu = new Date();
    const facetten = FACETTEN.filter((f) => f !== 'overig');
    const perMelding = werkvoorraadVoorwaarden(filter, scope.gemeenteId, nu);
    const perGroep = werkvoorraadVoorwaarden(filter, scope.gemeenteId, nu, Prisma.sql`m."teLaat"`);
    const groepen = await this.prisma.$queryRaw<Facetgroep[]>`
      SELECT ${Prisma.join(
        facetten.map(
          (f) => Prisma.sql`COALESCE(${perGroep[f]}, FALSE) AS ${Prisma.raw(`"voldoet_${f}"`)}`,
        ),
      )},
        m."status", m."matchtype", m."crisis", m."teLaat", m."behandelaarId", m."wijkIds",
        m."kernIds", m."signaalpartnerTypen"::text[], m."aantal"
      FROM (
        SELECT g.*, COALESCE(p."wijkIds", '{}') AS "wijkIds", COALESCE(p."kernIds", '{}') AS "kernIds",
          COALESCE(p."signaalpartnerTypen", '{}') AS "signaalpartnerTypen"
        FROM (
          SELECT m."status", m."matchtype", m."crisis", ${teLaatSql(nu)} AS "teLaat",
            m."behandelaarId", m."profielId", count(*)::int AS "aantal"
          FROM "Melding" m
          WHERE ${scope.sql} AND ${perMelding.overig} AND ${Prisma.join(
            facetten.map((f) => Prisma.sql`(NOT COALESCE(${perMelding[f]}, FALSE))::int`),
            ' + ',
          )} <= 1
          GROUP BY 1, 2, 3, 4, 5, 6
        ) g LEFT JOIN "Meldingprofiel" p ON p."id" = g."profielId"
      ) m`;
    const waardenVan: Record<Exclude<Facet, 'overig'>, (g: Facetgroep) => (string | null)[]> = {
      status: (g) => [g.status],
      matchtype: (g) => [g.matchtype],
      crisis: (g) => [String(g.crisis)],
      teLaat: (g) => [String(g.teLaat)],
      behandelaar: (g) => [g.behandelaarId ?? 'geen'],
      wijk: (g) => g.wijkIds,
      kern: (g) => g.kernIds,
      signaalpartnerType: (g) => g.signaalpartnerTypen,
    };
    const a = Object.fromEntries(facetten.map((f) => [f, new Map<string, number>()])) as Record<
      Exclude<Facet, 'overig'>,
      Map<string, number>
    >;
    let totaal = 0;
    for (const g of groepen) {
      const mislukt = facetten.filter((f) => !g[`voldoet_${f}`]);
      if (!mislukt.length) totaal += g.aantal;
      // A facet counts the meldingen that meet every other condition.
      for (const f of mislukt.length ? mislukt : facetten)
        for (const waarde of waardenVan[f](g))
          if (waarde !== null) a[f].set(waarde, (a[f].get(waarde) ?? 0) + g.aantal);
    }
    const behandelaarIds = [...a.behandelaar.keys()].filter((id) => id !== 'geen');
    // Every wijk and kern of the gemeente is an option, also with 0.
    const [wijken, kernen, behandelaars] = await Promise.all([
      this.db.wijk.findMany({
        where: scope.wijkIds.length ? { id: { in: scope.wijkIds } } : {},
        select: { id: true, code: true, naam: true },
        orderBy: { naam: 'asc' },
      }),
      this.db.kern.findMany({ select: { id: true, naam: true }, orderBy: { naam: 'asc' } }),
      this.prisma.gebruiker.findMany({
        where: { id: { in: behandelaarIds }, gemeenteId: scope.gemeenteId },
        select: { id: true, naam: true },
        orderBy: { naam: 'asc' },
      }),
    ]);
    const aantal = (f: Exclude<Facet, 'overig'>, waarde: string) => a[f].get(waarde) ?? 0;
    const jaNee = (f: 'crisis' | 'teLaat') => ({ ja: aantal(f, 'true'), nee: aantal(f, 'false') });
    return {
      totaal,
      status: Object.fromEntries(
        STATUSSEN.map((s) => [s, aantal('status', s)]),
      ) as Aantallen['status'],
      matchtype: Object.fromEntries(
        MATCHTYPES.map((s) => [s, aantal('matchtype', s)]),
      ) as Aantallen['matchtype'],
      signaalpartnerType: Object.fromEntries(
        Object.keys(SIGNAALPARTNER_TYPES).map((t) => [t, aantal('signaalpartnerType', t)]),
      ),
      wijk: wijken.map((w) => ({ code: w.code, naam: w.naam, aantal: aantal('wijk', w.id) })),
      kern: kernen.map((k) => ({ naam: k.naam, aantal: aantal('kern', k.id) })),
      behandelaar: behandelaars.map((b) => ({
        id: b.id,
        naam: b.naam,
        aantal: aantal('behandelaar', b.id),
      })),
      crisis: jaNee('crisis'),
      teLaat: jaNee('teLaat'),
    };
  }

  /** Per werkbak filter the number of meldingen that match it now, in one pass. */
  async tel(filters: Meldingenfilter[]): Promise<number[]> {
    if (!filters.length) return [];
    const scope = meldingScope();
    const nu = new Date();
    const [rij] = await this.prisma.$queryRaw<Record<string, number>[]>`
      SELECT ${Prisma.join(
        filters.map(
          (f, i) =>
            Prisma.sql`count(*) FILTER (WHERE ${samen(werkvoorraadVoorwaarden(f, scope.gemeenteId, nu))})::int AS ${Prisma.raw(`"n${i}"`)}`,
        ),
        ', ',
      )}
      FROM "Melding" m WHERE ${scope.sql}`;
    return filters.map((_, i) => rij?.[`n${i}`] ?? 0);
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
  async bewaarNotitie(
    meldingId: string,
    tekst: string,
    door: { soort: string; id: string },
  ): Promise<string> {
    const notitie = await this.prisma.notitie.create({
      data: {
        meldingId,
        tekst,
        ...(door.soort === 'api-sleutel' ? { apiSleutelId: door.id } : { gebruikerId: door.id }),
      },
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
