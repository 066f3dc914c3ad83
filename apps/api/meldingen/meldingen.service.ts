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

interface RuweAantallen {
  totaal: number;
  status: Record<string, number>;
  matchtype: Record<string, number>;
  crisis: Record<string, number>;
  teLaat: Record<string, number>;
  behandelaar: Record<string, number>;
  wijk: { sleutel: string | null; aantal: number }[];
  kern: { sleutel: string | null; aantal: number }[];
  signaalpartnerType: { sleutel: string | null; aantal: number }[];
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
   * its own. The meldingen carry their signals' summary, so no pass visits
   * the signals.
   */
  async aantallen(filter: Meldingenfilter): Promise<Aantallen> {
    const scope = meldingScope();
    const v = werkvoorraadVoorwaarden(filter, scope.gemeenteId, new Date());
    const teLaat = teLaatSql(new Date());
    const binnen = (uit?: Facet) => Prisma.sql`${scope.sql} AND ${samen(v, uit)}`;
    // The fixed facets in one pass over the meldingen: a filtered count per value.
    const waarden: [Facet, string, Prisma.Sql][] = [
      ...STATUSSEN.map((w): [Facet, string, Prisma.Sql] => [
        'status',
        w,
        Prisma.sql`m."status" = ${w}::"Meldingstatus"`,
      ]),
      ...MATCHTYPES.map((w): [Facet, string, Prisma.Sql] => [
        'matchtype',
        w,
        Prisma.sql`m."matchtype" = ${w}::"Matchtype"`,
      ]),
      ['crisis', 'true', Prisma.sql`m."crisis"`],
      ['crisis', 'false', Prisma.sql`NOT m."crisis"`],
      ['teLaat', 'true', teLaat],
      ['teLaat', 'false', Prisma.sql`NOT ${teLaat}`],
    ];
    // The open-ended facets each grouped in a pass of their own, run side by
    // side; the signal facets unnest the melding's summary of its signals.
    const groep = (uit: Facet, sleutel: Prisma.Sql, van = Prisma.empty, extra = Prisma.empty) =>
      this.prisma.$queryRaw<{ sleutel: string | null; aantal: number }[]>`
        SELECT ${sleutel} AS sleutel, count(*)::int AS aantal FROM "Melding" m ${van}
        WHERE ${binnen(uit)} ${extra} GROUP BY 1`;
    const [[vast], behandelaar, wijk, kern, signaalpartnerType] = await Promise.all([
      this.prisma.$queryRaw<Record<string, number>[]>`
        SELECT count(*) FILTER (WHERE ${samen(v)})::int AS "totaal", ${Prisma.join(
          waarden.map(
            ([f, , voorwaarde], i) =>
              Prisma.sql`count(*) FILTER (WHERE ${samen(v, f)} AND ${voorwaarde})::int AS ${Prisma.raw(`"w${i}"`)}`,
          ),
          ', ',
        )}
        FROM "Melding" m WHERE ${scope.sql}`,
      groep('behandelaar', Prisma.sql`m."behandelaarId"::text`),
      groep(
        'wijk',
        Prisma.sql`w::text`,
        Prisma.sql`, unnest(m."wijkIds") w`,
        // A user limited to wijken counts only those.
        scope.wijkIds.length ? Prisma.sql`AND w = ANY(${scope.wijkIds}::uuid[])` : Prisma.empty,
      ),
      groep('kern', Prisma.sql`k::text`, Prisma.sql`, unnest(m."kernIds") k`),
      groep(
        'signaalpartnerType',
        Prisma.sql`t::text`,
        Prisma.sql`, unnest(m."signaalpartnerTypen") t`,
      ),
    ]);
    const perFacet = (facet: Facet) =>
      Object.fromEntries(
        waarden.flatMap(([f, waarde], i) => (f === facet ? [[waarde, vast![`w${i}`] ?? 0]] : [])),
      );
    const a: RuweAantallen = {
      totaal: vast!.totaal ?? 0,
      status: perFacet('status'),
      matchtype: perFacet('matchtype'),
      crisis: perFacet('crisis'),
      teLaat: perFacet('teLaat'),
      behandelaar: Object.fromEntries(behandelaar.map((r) => [r.sleutel ?? 'geen', r.aantal])),
      wijk,
      kern,
      signaalpartnerType,
    };
    const perSleutel = (rijen: { sleutel: string | null; aantal: number }[]) =>
      new Map(rijen.flatMap((r) => (r.sleutel ? [[r.sleutel, r.aantal] as const] : [])));
    const wijkAantallen = perSleutel(a.wijk);
    const kernAantallen = perSleutel(a.kern);
    const behandelaarIds = Object.keys(a.behandelaar).filter((id) => id !== 'geen');
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
    const typen = perSleutel(a.signaalpartnerType);
    const jaNee = (w: Record<string, number>) => ({ ja: w.true ?? 0, nee: w.false ?? 0 });
    return {
      totaal: a.totaal,
      status: Object.fromEntries(
        STATUSSEN.map((s) => [s, a.status[s] ?? 0]),
      ) as Aantallen['status'],
      matchtype: Object.fromEntries(
        MATCHTYPES.map((s) => [s, a.matchtype[s] ?? 0]),
      ) as Aantallen['matchtype'],
      signaalpartnerType: Object.fromEntries(
        Object.keys(SIGNAALPARTNER_TYPES).map((t) => [t, typen.get(t) ?? 0]),
      ),
      wijk: wijken.map((w) => ({
        code: w.code,
        naam: w.naam,
        aantal: wijkAantallen.get(w.id) ?? 0,
      })),
      kern: kernen.map((k) => ({ naam: k.naam, aantal: kernAantallen.get(k.id) ?? 0 })),
      behandelaar: behandelaars.map((b) => ({
        id: b.id,
        naam: b.naam,
        aantal: a.behandelaar[b.id] ?? 0,
      })),
      crisis: jaNee(a.crisis),
      teLaat: jaNee(a.teLaat),
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
