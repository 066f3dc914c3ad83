import { z } from 'zod';
import { SIGNAALPARTNER_TYPES } from '../../../domain/ddas.js';
import { Prisma } from '../../../prisma/database.js';
import { huidigeToegang } from '../../../prisma/toegang.js';
import { paginering } from '../infra/paginering.js';

// The werkvoorraad's filter, once: the list, its facet counts, the ids for a
// bulk action, the Excel export and the werkbakken all read it from here, so
// "what matches" cannot drift between what a caseworker sees and what she acts on.

const codes = <T extends Record<string, string>>(tabel: T, veld: string) =>
  z.enum(Object.keys(tabel) as [keyof T & string, ...(keyof T & string)[]], {
    error: `${veld} is een van: ${Object.keys(tabel).join(', ')}.`,
  });

export const SORTERINGEN = ['urgentie', 'geopendOp', '-geopendOp', 'termijn'] as const;
export const STATUSSEN = ['OPEN', 'IN_BEHANDELING', 'AFGESLOTEN'] as const;
export const MATCHTYPES = ['ENKELVOUDIG', 'MEERVOUDIG', 'OPEENVOLGEND'] as const;
export const STATUSSEN_NL: Record<(typeof STATUSSEN)[number], string> = {
  OPEN: 'Open',
  IN_BEHANDELING: 'In behandeling',
  AFGESLOTEN: 'Afgesloten',
};
export const MATCHTYPES_NL: Record<(typeof MATCHTYPES)[number], string> = {
  ENKELVOUDIG: 'Enkelvoudig',
  MEERVOUDIG: 'Meervoudig',
  OPEENVOLGEND: 'Opeenvolgend',
};

const bedrag = (veld: string) =>
  z.coerce
    .number({ error: `${veld} is een bedrag in centen.` })
    .int({ error: `${veld} is een bedrag in centen.` })
    .min(0, { error: `${veld} is een bedrag in centen.` })
    .max(2_147_483_647, { error: `${veld} is een bedrag in centen.` });
const jaNee = (veld: string) =>
  z.enum(['true', 'false'], { error: `${veld} is true of false.` }).transform((v) => v === 'true');

/** The filter and sort order of the werkvoorraad, as query parameters (codes only). */
export const werkvoorraadSchema = z.strictObject({
  status: z.enum(STATUSSEN, { error: 'status is OPEN, IN_BEHANDELING of AFGESLOTEN.' }).optional(),
  matchtype: z
    .enum(MATCHTYPES, { error: 'matchtype is ENKELVOUDIG, MEERVOUDIG of OPEENVOLGEND.' })
    .optional(),
  wijk: z.string().max(8, { error: 'wijk is een wijkcode van hoogstens 8 tekens.' }).optional(),
  kern: z.string().max(100, { error: 'kern is een naam van hoogstens 100 tekens.' }).optional(),
  signaalpartnerType: codes(SIGNAALPARTNER_TYPES, 'signaalpartnerType').optional(),
  crisis: jaNee('crisis').optional(),
  behandelaar: z
    .union([z.literal('ik'), z.uuid()], { error: 'behandelaar is ik of de id van een collega.' })
    .optional(),
  bedragVan: bedrag('bedragVan').optional(),
  bedragTot: bedrag('bedragTot').optional(),
  ouderDanDagen: z.coerce
    .number({ error: 'ouderDanDagen is een aantal dagen.' })
    .int({ error: 'ouderDanDagen is een aantal dagen.' })
    .min(0, { error: 'ouderDanDagen is een aantal dagen.' })
    .max(36_500, { error: 'ouderDanDagen is een aantal dagen.' })
    .optional(),
  teLaat: jaNee('teLaat').optional(),
  sortering: z
    .enum(SORTERINGEN, { error: `sortering is een van: ${SORTERINGEN.join(', ')}.` })
    .default('urgentie'),
});

/** The list's query: the filter plus a page. */
export const lijstSchema = werkvoorraadSchema.extend(paginering);

export type Werkvoorraadquery = z.output<typeof werkvoorraadSchema>;

/** The filter with `behandelaar=ik` resolved to the caller. */
export type Meldingenfilter = Omit<Werkvoorraadquery, 'behandelaar' | 'sortering'> & {
  behandelaarId?: string;
};

export function meldingenfilter(
  { behandelaar, sortering: _, ...rest }: Werkvoorraadquery,
  actorId: string,
): Meldingenfilter {
  return {
    ...rest,
    ...(behandelaar ? { behandelaarId: behandelaar === 'ik' ? actorId : behandelaar } : {}),
  };
}

/** A query string (codes only) back to the filter; null with the reasons when it is invalid. */
export function leesWerkvoorraadquery(tekst: string) {
  const params = new URLSearchParams(tekst.replace(/^\?/, ''));
  const ruw: Record<string, string> = {};
  for (const [k, v] of params) ruw[k] = v;
  return werkvoorraadSchema.safeParse(ruw);
}

/** The filter's facets: each counts with every other active filter but not its own. */
export const FACETTEN = [
  'status',
  'matchtype',
  'wijk',
  'kern',
  'signaalpartnerType',
  'behandelaar',
  'crisis',
  'teLaat',
  // Not shown as a facet, always applied to every count.
  'overig',
] as const;
export type Facet = (typeof FACETTEN)[number];

const WAAR = Prisma.sql`TRUE`;
const en = (delen: Prisma.Sql[]) =>
  delen.length ? Prisma.sql`(${Prisma.join(delen, ' AND ')})` : WAAR;

/**
 * The teLaat rule in SQL: a deadline passed unmet while the melding still
 * runs. A missing deadline makes the comparison NULL; COALESCE keeps such a
 * melding in "op tijd" instead of dropping it from both sides.
 */
export const teLaatSql = (nu: Date) => Prisma.sql`COALESCE(m."status" <> 'AFGESLOTEN' AND (
  (m."status" = 'OPEN' AND m."termijnOppakken" < ${nu})
  OR (m."eersteContactOp" IS NULL AND m."termijnEersteContact" < ${nu})), FALSE)`;

/**
 * Whose meldingen the caller may see, for alias m: the same rule as the
 * tenant-scoped client (prisma/toegang.ts), which raw SQL does not pass
 * through. Fails closed without a gemeente toegang.
 */
export function meldingScope(): { sql: Prisma.Sql; gemeenteId: string; wijkIds: string[] } {
  const toegang = huidigeToegang();
  if (toegang?.soort !== 'gemeente') throw new Error('Werkvoorraad zonder gemeentetoegang');
  const wijkIds = toegang.wijkIds ?? [];
  const gemeente = Prisma.sql`m."gemeenteId" = ${toegang.gemeenteId}::uuid`;
  return {
    gemeenteId: toegang.gemeenteId,
    wijkIds,
    sql: wijkIds.length
      ? Prisma.sql`(${gemeente} AND m."wijkIds" && ${wijkIds}::uuid[])`
      : gemeente,
  };
}

/**
 * The filter as one SQL condition per facet, for a "Melding" aliased m; an
 * inactive facet is TRUE. Signal facets read the melding's summary of its
 * signals, which a trigger keeps current (see schema.prisma), so a filter
 * or a count never has to visit the signals.
 */
export function werkvoorraadVoorwaarden(
  filter: Meldingenfilter,
  gemeenteId: string,
  nu: Date,
  // Where the melding's teLaat is already a column (counts over groups of meldingen).
  teLaat: Prisma.Sql = teLaatSql(nu),
): Record<Facet, Prisma.Sql> {
  const overig: Prisma.Sql[] = [];
  if (filter.ouderDanDagen !== undefined)
    overig.push(
      Prisma.sql`m."geopendOp" < ${new Date(nu.getTime() - filter.ouderDanDagen * 86_400_000)}`,
    );
  if (filter.bedragVan !== undefined || filter.bedragTot !== undefined)
    // Withdrawn signals no longer count towards the total.
    overig.push(
      Prisma.sql`m."totaalBedragInCenten" BETWEEN ${filter.bedragVan ?? 0} AND ${filter.bedragTot ?? 2_147_483_647}`,
    );
  return {
    status: filter.status ? Prisma.sql`m."status" = ${filter.status}::"Meldingstatus"` : WAAR,
    matchtype: filter.matchtype
      ? Prisma.sql`m."matchtype" = ${filter.matchtype}::"Matchtype"`
      : WAAR,
    wijk: filter.wijk
      ? Prisma.sql`m."wijkIds" && ARRAY(SELECT "id" FROM "Wijk" WHERE "code" = ${filter.wijk} AND "gemeenteId" = ${gemeenteId}::uuid)`
      : WAAR,
    kern: filter.kern
      ? Prisma.sql`m."kernIds" && ARRAY(SELECT "id" FROM "Kern" WHERE "gemeenteId" = ${gemeenteId}::uuid AND "naam" = ${filter.kern})`
      : WAAR,
    signaalpartnerType: filter.signaalpartnerType
      ? Prisma.sql`${filter.signaalpartnerType}::"SignaalpartnerType" = ANY(m."signaalpartnerTypen")`
      : WAAR,
    behandelaar: filter.behandelaarId
      ? Prisma.sql`m."behandelaarId" = ${filter.behandelaarId}::uuid`
      : WAAR,
    crisis: filter.crisis === undefined ? WAAR : Prisma.sql`m."crisis" = ${filter.crisis}`,
    teLaat: filter.teLaat === undefined ? WAAR : filter.teLaat ? teLaat : Prisma.sql`NOT ${teLaat}`,
    overig: en(overig),
  };
}

/** Every facet's condition together, optionally leaving one out. */
export function samen(voorwaarden: Record<Facet, Prisma.Sql>, behalve?: Facet): Prisma.Sql {
  return en(FACETTEN.filter((f) => f !== behalve).map((f) => voorwaarden[f]));
}

/** The werkvoorraad's filter as one WHERE condition (scope included) for alias m. */
export function werkvoorraadWhere(filter: Meldingenfilter, nu: Date): Prisma.Sql {
  const scope = meldingScope();
  return Prisma.sql`${scope.sql} AND ${samen(werkvoorraadVoorwaarden(filter, scope.gemeenteId, nu))}`;
}

/** The list's order, with a unique tail so paging is stable. */
export function werkvoorraadVolgorde(sortering: Werkvoorraadquery['sortering']): Prisma.Sql {
  const eerst = {
    urgentie: Prisma.sql`m."crisis" DESC, m."termijnOppakken" ASC NULLS LAST,`,
    geopendOp: Prisma.empty,
    '-geopendOp': Prisma.sql`m."geopendOp" DESC,`,
    termijn: Prisma.sql`m."termijnEersteContact" ASC NULLS LAST,`,
  }[sortering];
  return Prisma.sql`ORDER BY ${eerst} m."geopendOp" ASC, m."id" ASC`;
}
