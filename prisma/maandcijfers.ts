// The month figures the overview screen (apps/api/overzicht) and the monthly
// report (activities/rapportage.activities.ts) share, in one place so the two
// can never count differently. Raw SQL: the caller passes the gemeente (and,
// for an external user, the wijken) itself, because raw queries do not pass
// through the tenant-scoped client.
import { volgendeMaand } from '../domain/rapportage.js';
import { Prisma, type PrismaClient } from './database.js';

export interface Gebiedrij {
  /** The wijk's or kern's id as text; '' for signals without one. */
  gebied: string;
  signalen: number;
  meldingen: number;
  enkelvoudig: number;
  meervoudig: number;
  opeenvolgend: number;
}

export interface Maandscope {
  gemeenteId: string;
  /** An external user limited to these wijken; empty: the whole gemeente. */
  wijkIds: string[];
}

export const GEEN_GEBIED = '';

/** Signals of the scope, for a "Signaal" aliased s. */
export function signaalScopeSql({ gemeenteId, wijkIds }: Maandscope): Prisma.Sql {
  return Prisma.sql`s."gemeenteId" = ${gemeenteId}::uuid ${
    wijkIds.length ? Prisma.sql`AND s."wijkId" = ANY(${wijkIds}::uuid[])` : Prisma.empty
  }`;
}

/** Meldingen of the scope, for a "Melding" aliased m (same rule as prisma/toegang.ts). */
export function meldingScopeSql({ gemeenteId, wijkIds }: Maandscope): Prisma.Sql {
  const gemeente = Prisma.sql`m."gemeenteId" = ${gemeenteId}::uuid`;
  return wijkIds.length
    ? Prisma.sql`(${gemeente} AND m."wijkIds" && ${wijkIds}::uuid[])`
    : gemeente;
}

/** Meldingen that opened in the month, in Amsterdam, for alias m. */
export function geopendInSql(maand: string, kolom = 'geopendOp'): Prisma.Sql {
  const k = Prisma.raw(`m."${kolom}"`);
  return Prisma.sql`${k} >= (${`${maand}-01`}::timestamp AT TIME ZONE 'Europe/Amsterdam')
    AND ${k} < (${`${volgendeMaand(maand)}-01`}::timestamp AT TIME ZONE 'Europe/Amsterdam')`;
}

/** Signals whose signaaldatum lies in the month, for alias s. */
export function signaaldatumInSql(maand: string): Prisma.Sql {
  return Prisma.sql`s."signaaldatum" >= ${`${maand}-01`}::date AND s."signaaldatum" < ${`${volgendeMaand(maand)}-01`}::date`;
}

/**
 * Per wijk or kern: signals by signaaldatum, meldingen by the day they opened;
 * a melding belongs to the wijk or kern of its first signal.
 */
export function perGebied(
  prisma: PrismaClient,
  scope: Maandscope,
  maand: string,
  kolom: 'wijkId' | 'kernId',
): Promise<Gebiedrij[]> {
  const k = Prisma.raw(`"${kolom}"`);
  return prisma.$queryRaw<Gebiedrij[]>`
    WITH sig AS (
      SELECT COALESCE(s.${k}::text, ${GEEN_GEBIED}) AS gebied, count(*)::int AS signalen
      FROM "Signaal" s
      WHERE ${signaalScopeSql(scope)} AND ${signaaldatumInSql(maand)}
      GROUP BY 1
    ), mel AS (
      SELECT COALESCE(eerste.gebied::text, ${GEEN_GEBIED}) AS gebied, count(*)::int AS meldingen,
        count(*) FILTER (WHERE m."matchtype" = 'ENKELVOUDIG')::int AS enkelvoudig,
        count(*) FILTER (WHERE m."matchtype" = 'MEERVOUDIG')::int AS meervoudig,
        count(*) FILTER (WHERE m."matchtype" = 'OPEENVOLGEND')::int AS opeenvolgend
      FROM "Melding" m
      LEFT JOIN LATERAL (
        SELECT s.${k} AS gebied FROM "Signaal" s WHERE s."meldingId" = m."id"
        ORDER BY s."signaaldatum", s."ontvangenOp" LIMIT 1
      ) eerste ON TRUE
      WHERE ${meldingScopeSql(scope)} AND ${geopendInSql(maand)}
      GROUP BY 1
    )
    SELECT COALESCE(sig.gebied, mel.gebied) AS gebied,
      COALESCE(sig.signalen, 0) AS signalen, COALESCE(mel.meldingen, 0) AS meldingen,
      COALESCE(mel.enkelvoudig, 0) AS enkelvoudig, COALESCE(mel.meervoudig, 0) AS meervoudig,
      COALESCE(mel.opeenvolgend, 0) AS opeenvolgend
    FROM sig FULL JOIN mel ON sig.gebied = mel.gebied`;
}

/** Signals and meldingen per month over the 12 months ending with `maand`, oldest first. */
export async function trend(
  prisma: PrismaClient,
  scope: Maandscope,
  maand: string,
): Promise<{ maand: string; signalen: number; meldingen: number }[]> {
  const begin = volgendeMaand(maand, -11);
  const tot = `${volgendeMaand(maand)}-01`;
  const [signaaltrend, meldingtrend] = await Promise.all([
    prisma.$queryRaw<{ maand: string; n: number }[]>`
      SELECT to_char(s."signaaldatum", 'YYYY-MM') AS maand, count(*)::int AS n
      FROM "Signaal" s
      WHERE ${signaalScopeSql(scope)} AND s."signaaldatum" >= ${`${begin}-01`}::date AND s."signaaldatum" < ${tot}::date
      GROUP BY 1`,
    prisma.$queryRaw<{ maand: string; n: number }[]>`
      SELECT to_char(m."geopendOp" AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') AS maand, count(*)::int AS n
      FROM "Melding" m
      WHERE ${meldingScopeSql(scope)}
        AND m."geopendOp" >= (${`${begin}-01`}::timestamp AT TIME ZONE 'Europe/Amsterdam')
        AND m."geopendOp" < (${tot}::timestamp AT TIME ZONE 'Europe/Amsterdam')
      GROUP BY 1`,
  ]);
  const signalen = new Map(signaaltrend.map((r) => [r.maand, r.n]));
  const meldingen = new Map(meldingtrend.map((r) => [r.maand, r.n]));
  return Array.from({ length: 12 }, (_, i) => {
    const m = volgendeMaand(begin, i);
    return { maand: m, signalen: signalen.get(m) ?? 0, meldingen: meldingen.get(m) ?? 0 };
  });
}
