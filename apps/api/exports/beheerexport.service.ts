import { Inject, Injectable } from '@nestjs/common';
import {
  CONTACTSOORTEN,
  DAGDELEN,
  RESULTATEN,
  SIGNAALPARTNER_TYPES,
  SIGNAALSTATUSSEN,
} from '../../../domain/ddas.js';
import { Prisma, PrismaClient } from '../../../prisma/database.js';
import { huidigeToegang } from '../../../prisma/toegang.js';
import type { Kolom, Tabel } from '../infra/tabelexport.js';
import { MATCHTYPES_NL, STATUSSEN_NL } from '../meldingen/werkvoorraadfilter.js';

// The management export: a gemeente's signals, meldingen, contactpogingen and
// correspondence metadata over a date range, for its own reporting tools.
// Read with keyset pagination in batches, so a slow download holds no
// database connection or transaction open and memory stays bounded.

export const EXPORTSOORTEN = [
  'signalen',
  'meldingen',
  'contactpogingen',
  'correspondentie',
] as const;
export type Exportsoort = (typeof EXPORTSOORTEN)[number];

/** An inclusive range of Dutch calendar days, JJJJ-MM-DD. */
export interface Periode {
  van: string;
  tot: string;
}

/** Rows read per round trip. */
const BATCH = 2_000;

/** Whose rows: the caller's gemeente, and for a user limited to wijken only those. */
interface Bereik {
  gemeenteId: string;
  wijkIds: string[];
}

type Ruw = Record<string, unknown> & { id: string; sleutel: string };

const tekst = (veld: string) => (r: Ruw) => r[veld] as string | null;
const waarde =
  <T>(veld: string) =>
  (r: Ruw) =>
    r[veld] as T;
const vertaal = (tabel: Record<string, string>, veld: string) => (r: Ruw) => {
  const code = r[veld] as string | null;
  return code === null ? null : (tabel[code] ?? code);
};

const DDAS_SIGNAALPARTNER = SIGNAALPARTNER_TYPES as Record<string, string>;
const DDAS_SIGNAALSTATUS = SIGNAALSTATUSSEN as Record<string, string>;
const DDAS_RESULTAAT = RESULTATEN as Record<string, string>;
const DDAS_CONTACTSOORT = CONTACTSOORTEN as Record<string, string>;
const KANALEN: Record<string, string> = { BRIEF: 'Brief', EMAIL: 'E-mail' };
const CORRESPONDENTIESTATUSSEN: Record<string, string> = {
  GEPLAND: 'Gepland',
  VERZONDEN: 'Verzonden',
  MISLUKT: 'Mislukt',
};

/**
 * Per kind: the sheet's columns and the query. The query selects from alias
 * x (the kind's own table) with `sleutel` as the first sort key, so the
 * keyset `(sleutel, id) > (…)` pages through it in a stable order.
 */
interface Definitie {
  blad: string;
  kolommen: Kolom<Ruw>[];
  /** The date the range applies to, as a Dutch calendar day. */
  dag: Prisma.Sql;
  sleutel: Prisma.Sql;
  /** Its PostgreSQL type, to read the keyset's text back. */
  sleuteltype: Prisma.Sql;
  van: Prisma.Sql;
  velden: Prisma.Sql;
  joins: Prisma.Sql;
  /** What the scope needs joined (a melding's gemeente), apart from the columns' joins. */
  scopejoins: Prisma.Sql;
  scope: (b: Bereik) => Prisma.Sql;
}

const amsterdamseDag = (kolom: Prisma.Sql) =>
  Prisma.sql`(${kolom} AT TIME ZONE 'Europe/Amsterdam')::date`;

/** For alias m: the melding is the gemeente's and, for a user limited to wijken, lies in one. */
const meldingBereik = (b: Bereik) =>
  b.wijkIds.length
    ? Prisma.sql`m."gemeenteId" = ${b.gemeenteId}::uuid AND m."wijkIds" && ${b.wijkIds}::uuid[]`
    : Prisma.sql`m."gemeenteId" = ${b.gemeenteId}::uuid`;

const DEFINITIES: Record<Exportsoort, Definitie> = {
  signalen: {
    blad: 'Signalen',
    dag: Prisma.sql`x."signaaldatum"`,
    sleutel: Prisma.sql`x."signaaldatum"`,
    sleuteltype: Prisma.sql`date`,
    van: Prisma.sql`"Signaal" x`,
    velden: Prisma.sql`x."meldingId", x."referentie", sp."naam" AS "signaalpartner",
      sp."type"::text AS "signaalpartnerType", x."signaaldatum", x."ontstaansdatum",
      x."bedragInCenten", x."crisissignaal", x."warmeOverdracht", x."eindeLevering",
      x."signaalstatus"::text AS "signaalstatus", w."code" AS "wijkcode", w."naam" AS "wijk",
      k."naam" AS "kern", x."gerouteerdOp", x."ingetrokkenOp", x."persoonsgegevensVerwijderdOp",
      p."voorletters", p."tussenvoegsel", p."achternaam", p."geboortedatum", p."straat",
      p."postcode", p."huisnummer", p."huisletter", p."toevoeging", p."woonplaats"`,
    // Personal data deleted under retention stays deleted: the row is gone,
    // and a signal marked as deleted never shows any that might remain.
    joins: Prisma.sql`JOIN "Signaalpartner" sp ON sp."id" = x."signaalpartnerId"
      LEFT JOIN "Wijk" w ON w."id" = x."wijkId"
      LEFT JOIN "Kern" k ON k."id" = x."kernId"
      LEFT JOIN "SignaalPersoonsgegevens" p
        ON p."signaalId" = x."id" AND x."persoonsgegevensVerwijderdOp" IS NULL`,
    // The same rule as the tenant-scoped client: a gemeente sees what was
    // routed to it, a user limited to wijken only the signals there.
    scopejoins: Prisma.empty,
    scope: (b) =>
      b.wijkIds.length
        ? Prisma.sql`x."gemeenteId" = ${b.gemeenteId}::uuid AND x."routeringsstatus" = 'GEROUTEERD'
            AND x."wijkId" = ANY(${b.wijkIds}::uuid[])`
        : Prisma.sql`x."gemeenteId" = ${b.gemeenteId}::uuid AND x."routeringsstatus" = 'GEROUTEERD'`,
    kolommen: [
      { kop: 'Signaal-id', soort: 'tekst', breedte: 38, waarde: tekst('id') },
      { kop: 'Melding-id', soort: 'tekst', breedte: 38, waarde: tekst('meldingId') },
      { kop: 'Referentie', soort: 'tekst', breedte: 20, waarde: tekst('referentie') },
      { kop: 'Signaalpartner', soort: 'tekst', breedte: 24, waarde: tekst('signaalpartner') },
      {
        kop: 'Soort signaalpartner',
        soort: 'tekst',
        breedte: 22,
        waarde: vertaal(DDAS_SIGNAALPARTNER, 'signaalpartnerType'),
      },
      { kop: 'Signaaldatum', soort: 'datum', breedte: 12, waarde: waarde('signaaldatum') },
      { kop: 'Ontstaansdatum', soort: 'datum', breedte: 12, waarde: waarde('ontstaansdatum') },
      { kop: 'Bedrag', soort: 'bedrag', breedte: 12, waarde: waarde('bedragInCenten') },
      { kop: 'Crisissignaal', soort: 'janee', breedte: 8, waarde: waarde('crisissignaal') },
      { kop: 'Warme overdracht', soort: 'janee', breedte: 8, waarde: waarde('warmeOverdracht') },
      { kop: 'Einde levering', soort: 'janee', breedte: 8, waarde: waarde('eindeLevering') },
      {
        kop: 'Signaalstatus',
        soort: 'tekst',
        breedte: 30,
        waarde: vertaal(DDAS_SIGNAALSTATUS, 'signaalstatus'),
      },
      { kop: 'Wijkcode', soort: 'tekst', breedte: 10, waarde: tekst('wijkcode') },
      { kop: 'Wijk', soort: 'tekst', breedte: 22, waarde: tekst('wijk') },
      { kop: 'Kern', soort: 'tekst', breedte: 18, waarde: tekst('kern') },
      { kop: 'Gerouteerd op', soort: 'tijdstip', breedte: 17, waarde: waarde('gerouteerdOp') },
      { kop: 'Ingetrokken op', soort: 'tijdstip', breedte: 17, waarde: waarde('ingetrokkenOp') },
      {
        kop: 'Persoonsgegevens verwijderd op',
        soort: 'tijdstip',
        breedte: 17,
        waarde: waarde('persoonsgegevensVerwijderdOp'),
      },
      { kop: 'Voorletters', soort: 'tekst', breedte: 10, waarde: tekst('voorletters') },
      { kop: 'Tussenvoegsel', soort: 'tekst', breedte: 10, waarde: tekst('tussenvoegsel') },
      { kop: 'Achternaam', soort: 'tekst', breedte: 22, waarde: tekst('achternaam') },
      { kop: 'Geboortedatum', soort: 'datum', breedte: 12, waarde: waarde('geboortedatum') },
      { kop: 'Straat', soort: 'tekst', breedte: 22, waarde: tekst('straat') },
      { kop: 'Huisnummer', soort: 'getal', breedte: 8, waarde: waarde('huisnummer') },
      { kop: 'Huisletter', soort: 'tekst', breedte: 6, waarde: tekst('huisletter') },
      { kop: 'Toevoeging', soort: 'tekst', breedte: 8, waarde: tekst('toevoeging') },
      { kop: 'Postcode', soort: 'tekst', breedte: 8, waarde: tekst('postcode') },
      { kop: 'Woonplaats', soort: 'tekst', breedte: 18, waarde: tekst('woonplaats') },
    ],
  },
  meldingen: {
    blad: 'Meldingen',
    dag: amsterdamseDag(Prisma.sql`x."geopendOp"`),
    sleutel: Prisma.sql`x."geopendOp"`,
    sleuteltype: Prisma.sql`timestamptz`,
    van: Prisma.sql`"Melding" x`,
    velden: Prisma.sql`x."status"::text AS "status", x."matchtype"::text AS "matchtype",
      x."resultaat"::text AS "resultaat", x."crisis", x."geopendOp", x."opgepaktOp",
      x."eersteContactOp", x."afgeslotenOp", x."termijnEersteContact", x."termijnOppakken",
      x."termijnOverschredenOp", x."persoonsgegevensVerwijderdOp", g."naam" AS "behandelaar",
      (SELECT count(*)::int FROM "Signaal" s WHERE s."meldingId" = x."id") AS "signalen",
      x."totaalBedragInCenten",
      (SELECT string_agg(w."naam", ', ' ORDER BY w."naam") FROM "Wijk" w
        WHERE w."id" = ANY(x."wijkIds")) AS "wijken",
      (SELECT string_agg(k."naam", ', ' ORDER BY k."naam") FROM "Kern" k
        WHERE k."id" = ANY(x."kernIds")) AS "kernen"`,
    joins: Prisma.sql`LEFT JOIN "Gebruiker" g ON g."id" = x."behandelaarId"`,
    scopejoins: Prisma.empty,
    scope: (b) =>
      b.wijkIds.length
        ? Prisma.sql`x."gemeenteId" = ${b.gemeenteId}::uuid AND x."wijkIds" && ${b.wijkIds}::uuid[]`
        : Prisma.sql`x."gemeenteId" = ${b.gemeenteId}::uuid`,
    kolommen: [
      { kop: 'Melding-id', soort: 'tekst', breedte: 38, waarde: tekst('id') },
      { kop: 'Status', soort: 'tekst', breedte: 16, waarde: vertaal(STATUSSEN_NL, 'status') },
      { kop: 'Match', soort: 'tekst', breedte: 14, waarde: vertaal(MATCHTYPES_NL, 'matchtype') },
      {
        kop: 'Resultaat',
        soort: 'tekst',
        breedte: 40,
        waarde: vertaal(DDAS_RESULTAAT, 'resultaat'),
      },
      { kop: 'Crisis', soort: 'janee', breedte: 8, waarde: waarde('crisis') },
      { kop: 'Geopend op', soort: 'tijdstip', breedte: 17, waarde: waarde('geopendOp') },
      { kop: 'Opgepakt op', soort: 'tijdstip', breedte: 17, waarde: waarde('opgepaktOp') },
      {
        kop: 'Eerste contact op',
        soort: 'tijdstip',
        breedte: 17,
        waarde: waarde('eersteContactOp'),
      },
      { kop: 'Afgesloten op', soort: 'tijdstip', breedte: 17, waarde: waarde('afgeslotenOp') },
      {
        kop: 'Termijn eerste contact',
        soort: 'tijdstip',
        breedte: 17,
        waarde: waarde('termijnEersteContact'),
      },
      {
        kop: 'Termijn oppakken',
        soort: 'tijdstip',
        breedte: 17,
        waarde: waarde('termijnOppakken'),
      },
      {
        kop: 'Termijn overschreden op',
        soort: 'tijdstip',
        breedte: 17,
        waarde: waarde('termijnOverschredenOp'),
      },
      { kop: 'Behandelaar', soort: 'tekst', breedte: 22, waarde: tekst('behandelaar') },
      { kop: 'Signalen', soort: 'getal', breedte: 9, waarde: waarde('signalen') },
      {
        kop: 'Totaalbedrag',
        soort: 'bedrag',
        breedte: 14,
        waarde: waarde('totaalBedragInCenten'),
      },
      { kop: 'Wijken', soort: 'tekst', breedte: 26, waarde: tekst('wijken') },
      { kop: 'Kernen', soort: 'tekst', breedte: 20, waarde: tekst('kernen') },
      {
        kop: 'Persoonsgegevens verwijderd op',
        soort: 'tijdstip',
        breedte: 17,
        waarde: waarde('persoonsgegevensVerwijderdOp'),
      },
    ],
  },
  contactpogingen: {
    blad: 'Contactpogingen',
    dag: Prisma.sql`x."datum"`,
    sleutel: Prisma.sql`x."datum"`,
    sleuteltype: Prisma.sql`date`,
    van: Prisma.sql`"Contactpoging" x`,
    velden: Prisma.sql`x."meldingId", x."soort"::text AS "soort", x."bereikt", x."datum",
      x."dagdeel"::text AS "dagdeel", g."naam" AS "door", x."vastgelegdOp"`,
    joins: Prisma.sql`JOIN "Melding" m ON m."id" = x."meldingId"
      LEFT JOIN "Gebruiker" g ON g."id" = x."gebruikerId"`,
    scopejoins: Prisma.sql`JOIN "Melding" m ON m."id" = x."meldingId"`,
    scope: meldingBereik,
    // The toelichting is a free-text note: personal data a management report does not need.
    kolommen: [
      { kop: 'Contactpoging-id', soort: 'tekst', breedte: 38, waarde: tekst('id') },
      { kop: 'Melding-id', soort: 'tekst', breedte: 38, waarde: tekst('meldingId') },
      { kop: 'Soort', soort: 'tekst', breedte: 20, waarde: vertaal(DDAS_CONTACTSOORT, 'soort') },
      { kop: 'Bereikt', soort: 'janee', breedte: 8, waarde: waarde('bereikt') },
      { kop: 'Datum', soort: 'datum', breedte: 12, waarde: waarde('datum') },
      { kop: 'Dagdeel', soort: 'tekst', breedte: 10, waarde: vertaal(DAGDELEN, 'dagdeel') },
      { kop: 'Vastgelegd door', soort: 'tekst', breedte: 22, waarde: tekst('door') },
      { kop: 'Vastgelegd op', soort: 'tijdstip', breedte: 17, waarde: waarde('vastgelegdOp') },
    ],
  },
  correspondentie: {
    blad: 'Correspondentie',
    dag: amsterdamseDag(Prisma.sql`x."aangemaaktOp"`),
    sleutel: Prisma.sql`x."aangemaaktOp"`,
    sleuteltype: Prisma.sql`timestamptz`,
    van: Prisma.sql`"Correspondentie" x`,
    // Metadata only: never the letter, the e-mail's text or its recipient.
    // The subject follows the melding's retention like the rest of its personal data.
    velden: Prisma.sql`x."meldingId", x."kanaal"::text AS "kanaal", x."sjabloon", x."sjabloonversie",
      CASE WHEN m."persoonsgegevensVerwijderdOp" IS NULL THEN x."onderwerp" END AS "onderwerp",
      x."status"::text AS "status", x."aangemaaktOp", x."verzondenOp"`,
    joins: Prisma.sql`JOIN "Melding" m ON m."id" = x."meldingId"`,
    scopejoins: Prisma.sql`JOIN "Melding" m ON m."id" = x."meldingId"`,
    scope: meldingBereik,
    kolommen: [
      { kop: 'Correspondentie-id', soort: 'tekst', breedte: 38, waarde: tekst('id') },
      { kop: 'Melding-id', soort: 'tekst', breedte: 38, waarde: tekst('meldingId') },
      { kop: 'Kanaal', soort: 'tekst', breedte: 8, waarde: vertaal(KANALEN, 'kanaal') },
      { kop: 'Sjabloon', soort: 'tekst', breedte: 18, waarde: tekst('sjabloon') },
      { kop: 'Sjabloonversie', soort: 'getal', breedte: 8, waarde: waarde('sjabloonversie') },
      { kop: 'Onderwerp', soort: 'tekst', breedte: 36, waarde: tekst('onderwerp') },
      {
        kop: 'Status',
        soort: 'tekst',
        breedte: 10,
        waarde: vertaal(CORRESPONDENTIESTATUSSEN, 'status'),
      },
      { kop: 'Aangemaakt op', soort: 'tijdstip', breedte: 17, waarde: waarde('aangemaaktOp') },
      { kop: 'Verzonden op', soort: 'tijdstip', breedte: 17, waarde: waarde('verzondenOp') },
    ],
  },
};

@Injectable()
export class BeheerexportService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  /**
   * The caller's gemeente from the request's toegang: raw SQL does not pass
   * through the tenant-scoped client, so it applies the scope itself, and
   * fails closed without a gemeente.
   */
  bereik(): Bereik {
    const toegang = huidigeToegang();
    if (toegang?.soort !== 'gemeente') throw new Error('Beheerexport zonder gemeentetoegang');
    return { gemeenteId: toegang.gemeenteId, wijkIds: toegang.wijkIds ?? [] };
  }

  private waar(d: Definitie, bereik: Bereik, periode: Periode): Prisma.Sql {
    return Prisma.sql`${d.scope(bereik)}
      AND ${d.dag} BETWEEN ${periode.van}::date AND ${periode.tot}::date`;
  }

  /** How many rows each kind holds for the range now. */
  async tel(soorten: readonly Exportsoort[], bereik: Bereik, periode: Periode): Promise<number[]> {
    return Promise.all(
      soorten.map(async (soort) => {
        const d = DEFINITIES[soort];
        const [rij] = await this.prisma.$queryRaw<{ aantal: number }[]>`
          SELECT count(*)::int AS "aantal" FROM ${d.van} ${d.scopejoins}
          WHERE ${this.waar(d, bereik, periode)}`;
        return rij!.aantal;
      }),
    );
  }

  /** The kind as a table for the writer: its columns and its rows in batches. */
  tabel(soort: Exportsoort, bereik: Bereik, periode: Periode): Tabel<Ruw> {
    const d = DEFINITIES[soort];
    const prisma = this.prisma;
    const waar = this.waar(d, bereik, periode);
    return {
      naam: d.blad,
      kolommen: d.kolommen,
      async *rijen() {
        let na: { sleutel: string; id: string } | null = null;
        for (;;) {
          const verder: Prisma.Sql = na
            ? Prisma.sql`AND (${d.sleutel}, x."id") > (${na.sleutel}::${d.sleuteltype}, ${na.id}::uuid)`
            : Prisma.empty;
          // The page's ids first, on the kind's own table, so the columns'
          // joins run for these rows only and not for every row in the range.
          const batch: Ruw[] = await prisma.$queryRaw<Ruw[]>`
            WITH pagina AS MATERIALIZED (
              SELECT x."id" FROM ${d.van} ${d.scopejoins}
              WHERE ${waar} ${verder}
              ORDER BY ${d.sleutel}, x."id"
              LIMIT ${BATCH})
            SELECT x."id", ${d.sleutel}::text AS "sleutel", ${d.velden}
            FROM pagina JOIN ${d.van} ON x."id" = pagina."id" ${d.joins}
            ORDER BY ${d.sleutel}, x."id"`;
          if (batch.length) yield batch;
          if (batch.length < BATCH) return;
          const laatste = batch[batch.length - 1]!;
          na = { sleutel: laatste.sleutel, id: laatste.id };
        }
      },
    };
  }
}

export const EXPORTBLADEN = Object.fromEntries(
  EXPORTSOORTEN.map((s) => [s, DEFINITIES[s].blad]),
) as Record<Exportsoort, string>;
