import { Inject, Injectable } from '@nestjs/common';
import { Prisma, PrismaClient } from '../../../prisma/database.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import { DATABASE } from '../../shared/database.module.js';
import { meldingScope } from '../meldingen/werkvoorraadfilter.js';

export interface Cijfers {
  signalen: number;
  meldingen: number;
  enkelvoudig: number;
  meervoudig: number;
  opeenvolgend: number;
}

export interface Overzichtcijfers {
  maand: string;
  perWijk: ({ code: string | null; naam: string } & Cijfers)[];
  perKern: ({ naam: string } & Cijfers)[];
  totaal: Cijfers;
  trend: { maand: string; signalen: number; meldingen: number }[];
}

interface Rij extends Cijfers {
  gebied: string;
}

const GEEN = '';
const nul = (): Cijfers => ({
  signalen: 0,
  meldingen: 0,
  enkelvoudig: 0,
  meervoudig: 0,
  opeenvolgend: 0,
});

/** The month after `maand` (JJJJ-MM). */
export function volgendeMaand(maand: string, stappen = 1): string {
  const [j, m] = maand.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(j, m - 1 + stappen, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * A gemeente's month in figures, for the overview screen: signals by their
 * signaaldatum, meldingen by the day they opened (in Amsterdam), per wijk and
 * kern. A melding belongs to the wijk and kern of its first signal. Aggregates
 * only; raw SQL, scoped by the same rule as the tenant-scoped client.
 */
@Injectable()
export class OverzichtService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly db: ScopedDatabase,
  ) {}

  async cijfers(maand: string): Promise<Overzichtcijfers> {
    const scope = meldingScope();
    const signaalScope = Prisma.sql`s."gemeenteId" = ${scope.gemeenteId}::uuid ${
      scope.wijkIds.length
        ? Prisma.sql`AND s."wijkId" = ANY(${scope.wijkIds}::uuid[])`
        : Prisma.empty
    }`;
    const van = `${maand}-01`;
    const tot = `${volgendeMaand(maand)}-01`;
    const perGebied = (kolom: 'wijkId' | 'kernId') => {
      const k = Prisma.raw(`"${kolom}"`);
      return this.prisma.$queryRaw<Rij[]>`
        WITH sig AS (
          SELECT COALESCE(s.${k}::text, ${GEEN}) AS gebied, count(*)::int AS signalen
          FROM "Signaal" s
          WHERE ${signaalScope} AND s."signaaldatum" >= ${van}::date AND s."signaaldatum" < ${tot}::date
          GROUP BY 1
        ), mel AS (
          SELECT COALESCE(eerste.gebied::text, ${GEEN}) AS gebied, count(*)::int AS meldingen,
            count(*) FILTER (WHERE m."matchtype" = 'ENKELVOUDIG')::int AS enkelvoudig,
            count(*) FILTER (WHERE m."matchtype" = 'MEERVOUDIG')::int AS meervoudig,
            count(*) FILTER (WHERE m."matchtype" = 'OPEENVOLGEND')::int AS opeenvolgend
          FROM "Melding" m
          LEFT JOIN LATERAL (
            SELECT s.${k} AS gebied FROM "Signaal" s WHERE s."meldingId" = m."id"
            ORDER BY s."signaaldatum", s."ontvangenOp" LIMIT 1
          ) eerste ON TRUE
          WHERE ${scope.sql}
            AND m."geopendOp" >= (${van}::timestamp AT TIME ZONE 'Europe/Amsterdam')
            AND m."geopendOp" < (${tot}::timestamp AT TIME ZONE 'Europe/Amsterdam')
          GROUP BY 1
        )
        SELECT COALESCE(sig.gebied, mel.gebied) AS gebied,
          COALESCE(sig.signalen, 0) AS signalen, COALESCE(mel.meldingen, 0) AS meldingen,
          COALESCE(mel.enkelvoudig, 0) AS enkelvoudig, COALESCE(mel.meervoudig, 0) AS meervoudig,
          COALESCE(mel.opeenvolgend, 0) AS opeenvolgend
        FROM sig FULL JOIN mel ON sig.gebied = mel.gebied`;
    };
    const begin = volgendeMaand(maand, -11);
    const [wijkrijen, kernrijen, wijken, kernen, signaaltrend, meldingtrend] = await Promise.all([
      perGebied('wijkId'),
      perGebied('kernId'),
      this.db.wijk.findMany({
        where: scope.wijkIds.length ? { id: { in: scope.wijkIds } } : {},
        select: { id: true, code: true, naam: true },
        orderBy: { naam: 'asc' },
      }),
      this.db.kern.findMany({ select: { id: true, naam: true }, orderBy: { naam: 'asc' } }),
      this.prisma.$queryRaw<{ maand: string; n: number }[]>`
        SELECT to_char(s."signaaldatum", 'YYYY-MM') AS maand, count(*)::int AS n
        FROM "Signaal" s
        WHERE ${signaalScope} AND s."signaaldatum" >= ${`${begin}-01`}::date AND s."signaaldatum" < ${tot}::date
        GROUP BY 1`,
      this.prisma.$queryRaw<{ maand: string; n: number }[]>`
        SELECT to_char(m."geopendOp" AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') AS maand, count(*)::int AS n
        FROM "Melding" m
        WHERE ${scope.sql}
          AND m."geopendOp" >= (${`${begin}-01`}::timestamp AT TIME ZONE 'Europe/Amsterdam')
          AND m."geopendOp" < (${tot}::timestamp AT TIME ZONE 'Europe/Amsterdam')
        GROUP BY 1`,
    ]);
    const cijfers = (r: Rij | undefined): Cijfers => ({
      signalen: r?.signalen ?? 0,
      meldingen: r?.meldingen ?? 0,
      enkelvoudig: r?.enkelvoudig ?? 0,
      meervoudig: r?.meervoudig ?? 0,
      opeenvolgend: r?.opeenvolgend ?? 0,
    });
    const wijkPerId = new Map(wijkrijen.map((r) => [r.gebied, r]));
    const kernPerId = new Map(kernrijen.map((r) => [r.gebied, r]));
    const zonderWijk = wijkPerId.get(GEEN);
    const zonderKern = kernPerId.get(GEEN);
    const totaal = wijkrijen.reduce((som, r) => {
      for (const k of Object.keys(som) as (keyof Cijfers)[]) som[k] += r[k];
      return som;
    }, nul());
    const perMaand = (rijen: { maand: string; n: number }[]) =>
      new Map(rijen.map((r) => [r.maand, r.n]));
    const signalen = perMaand(signaaltrend);
    const meldingen = perMaand(meldingtrend);
    return {
      maand,
      perWijk: [
        ...wijken.map((w) => ({ code: w.code, naam: w.naam, ...cijfers(wijkPerId.get(w.id)) })),
        ...(zonderWijk ? [{ code: null, naam: 'Zonder wijk', ...cijfers(zonderWijk) }] : []),
      ],
      perKern: [
        ...kernen.map((k) => ({ naam: k.naam, ...cijfers(kernPerId.get(k.id)) })),
        ...(zonderKern && kernen.length
          ? [{ naam: 'Buiten een kern', ...cijfers(zonderKern) }]
          : []),
      ],
      totaal,
      trend: Array.from({ length: 12 }, (_, i) => {
        const m = volgendeMaand(begin, i);
        return { maand: m, signalen: signalen.get(m) ?? 0, meldingen: meldingen.get(m) ?? 0 };
      }),
    };
  }
}
