import { Inject, Injectable } from '@nestjs/common';
import type { ContactsoortCode, ResultaatCode } from '../../../domain/ddas.js';
import {
  bouwUitwisselmodel,
  type DdasUitwisselmodel,
  type SignaalRij,
  type ZaakRij,
} from '../../../domain/ddas-uitwisselmodel.js';
import { Prisma, PrismaClient } from '../../../prisma/database.js';

/**
 * Who we are to CBS as the software supplier delivering for the gemeenten.
 * CBS assigns the real code when a supplier is admitted; until then the
 * product's name identifies the source.
 */
export const CODE_GEGEVENSLEVERANCIER = 'VROEGSIGNAAL';

export interface Gegevensverzoek {
  startdatum: string;
  einddatum: string;
  gemeenten: { id: string; code: string; naam: string }[];
  page: number;
  pageSize: number;
}

export interface Gegevenspagina {
  gegevens: DdasUitwisselmodel;
  paginering: { pageSize: number; currentPage: number; totalPages: number; totalRecords: number };
  /** Ids of the signals on the page, for the audit log. */
  signaalIds: string[];
}

interface Recordrij {
  soort: number;
  gemeentecode: string;
  id: string;
  totaal: number;
  signaalpartnerType: SignaalRij['signaalpartnerType'] | null;
  signaalstatus: SignaalRij['signaalstatus'] | null;
  bedragInCenten: number | null;
  ontstaansdatum: Date | null;
  signaaldatum: Date | null;
  crisissignaal: boolean | null;
  warmeOverdracht: boolean | null;
  bsn: string | null;
  postcode: string | null;
  huisnummer: number | null;
  huisletter: string | null;
  toevoeging: string | null;
  signaalIds: string[] | null;
  eersteSignaaldatum: Date | null;
  laatsteSignaaldatum: Date | null;
}

interface Meldingrij {
  id: string;
  resultaat: ResultaatCode | null;
  geopendOp: Date;
  opgepaktOp: Date | null;
  contactpogingen: {
    soort: ContactsoortCode;
    bereikt: boolean;
    datum: string;
    dagdeel: ZaakRij['contactpogingen'][number]['dagdeel'];
  }[];
}

/**
 * The DDAS delivery over a period, read straight from the read model.
 *
 * Which records belong to a period. The schema calls startdatumLevering and
 * einddatumLevering "de periode waarover gerapporteerd wordt", and a levering
 * "de vroegsignalen en vroegsignaalzaken die over een bepaalde periode worden
 * aangeleverd". We take the signal's own date as the anchor, so every signal
 * lands in exactly one period however late a gemeente asks:
 *  - a vroegsignaal belongs to the period when its signaaldatum lies in it
 *    (both ends inclusive), with its status as it is at delivery time;
 *  - a vroegsignaalzaak belongs when one of its signals does, and references
 *    exactly those signals.
 * A signal a gemeente transferred to another one counts for both: for the
 * first with "Persoon is geen inwoner (meer) in de gemeente" and its old
 * melding, for the second with its new status and melding.
 *
 * Retention. The schema requires a client, identified by BSN or by postcode
 * and huisnummer. A signal whose personal data was deleted can therefore not
 * be delivered at all, and is left out together with any reference to it; a
 * zaak left without signals then drops out too. Nothing is ever read back
 * from anywhere else, so deleted data cannot return.
 *
 * Records are signals then zaken per gemeente, in gemeentecode and id order;
 * pages are slices of that order (OFFSET on a stable order, one query).
 */
@Injectable()
export class DdasGegevensService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async pagina(verzoek: Gegevensverzoek, aangeleverdOp = new Date()): Promise<Gegevenspagina> {
    const records = this.records(verzoek);
    const rijen = await this.prisma.$queryRaw<Recordrij[]>`
      ${records},
      pagina AS (
        SELECT r.*, count(*) OVER ()::int AS "totaal" FROM records r
        ORDER BY r."gemeentecode", r."soort", r."id"
        LIMIT ${verzoek.pageSize} OFFSET ${(verzoek.page - 1) * verzoek.pageSize}
      )
      SELECT pg.*, sp."type"::text AS "signaalpartnerType", s."bedragInCenten",
        s."ontstaansdatum", s."crisissignaal", s."warmeOverdracht", p."bsn",
        p."postcode"::text AS "postcode", p."huisnummer", p."huisletter", p."toevoeging"
      FROM pagina pg
      LEFT JOIN "Signaal" s ON pg."soort" = 0 AND s."id" = pg."id"
      LEFT JOIN "Signaalpartner" sp ON sp."id" = s."signaalpartnerId"
      LEFT JOIN "SignaalPersoonsgegevens" p ON p."signaalId" = s."id"
      ORDER BY pg."gemeentecode", pg."soort", pg."id"`;
    const totaal = rijen[0]?.totaal ?? (await this.telling(records));
    const totalPages = Math.max(1, Math.ceil(totaal / verzoek.pageSize));

    const signalen: SignaalRij[] = rijen
      .filter((r) => r.soort === 0)
      .map((r) => ({
        id: r.id,
        gemeentecode: r.gemeentecode,
        signaalpartnerType: r.signaalpartnerType!,
        signaalstatus: r.signaalstatus!,
        bedragInCenten: r.bedragInCenten!,
        ontstaansdatum: r.ontstaansdatum!,
        signaaldatum: r.signaaldatum!,
        crisissignaal: r.crisissignaal!,
        warmeOverdracht: r.warmeOverdracht!,
        bsn: r.bsn,
        postcode: r.postcode!,
        huisnummer: r.huisnummer!,
        huisletter: r.huisletter,
        toevoeging: r.toevoeging,
      }));
    const zaakrijen = rijen.filter((r) => r.soort === 1);
    const meldingen = await this.meldingen(zaakrijen.map((r) => r.id));
    const zaken: ZaakRij[] = zaakrijen.map((r) => {
      const melding = meldingen.get(r.id)!;
      return {
        id: r.id,
        gemeentecode: r.gemeentecode,
        resultaat: melding.resultaat,
        geopendOp: melding.geopendOp,
        opgepaktOp: melding.opgepaktOp,
        signaalIds: r.signaalIds ?? [],
        eersteSignaaldatum: r.eersteSignaaldatum!,
        laatsteSignaaldatum: r.laatsteSignaaldatum!,
        contactpogingen: melding.contactpogingen.map((c) => ({
          soort: c.soort,
          bereikt: c.bereikt,
          datum: new Date(`${c.datum}T00:00:00Z`),
          dagdeel: c.dagdeel,
        })),
      };
    });
    return {
      gegevens: bouwUitwisselmodel(
        {
          startdatum: verzoek.startdatum,
          einddatum: verzoek.einddatum,
          aangeleverdOp,
          codeGegevensleverancier: CODE_GEGEVENSLEVERANCIER,
          gemeenten: verzoek.gemeenten,
        },
        signalen,
        zaken,
      ),
      paginering: {
        pageSize: verzoek.pageSize,
        currentPage: verzoek.page,
        totalPages,
        totalRecords: totaal,
      },
      signaalIds: signalen.map((s) => s.id),
    };
  }

  private async telling(records: Prisma.Sql): Promise<number> {
    const [rij] = await this.prisma.$queryRaw<{ totaal: number }[]>`
      ${records} SELECT count(*)::int AS "totaal" FROM records`;
    return rij?.totaal ?? 0;
  }

  /** The CTE `records`: every signal and zaak of the delivery, as described above. */
  private records({ startdatum, einddatum, gemeenten }: Gegevensverzoek): Prisma.Sql {
    const ids = gemeenten.map((g) => g.id);
    const inPeriode = Prisma.sql`
      s."signaaldatum" BETWEEN ${startdatum}::date AND ${einddatum}::date
      AND s."persoonsgegevensVerwijderdOp" IS NULL`;
    // Narrow rows until the page is chosen: sorting and counting every record
    // of a year is what a page costs, so only keys travel through it.
    return Prisma.sql`
      WITH kandidaten AS (
        SELECT s."id", g."code" AS "gemeentecode", s."meldingId" AS "zaakId",
          s."signaalstatus"::text AS "signaalstatus", s."signaaldatum",
          0 AS "voorkeur", s."ontvangenOp" AS "op"
        FROM "Signaal" s
        JOIN "Gemeente" g ON g."id" = s."gemeenteId"
        JOIN "SignaalPersoonsgegevens" p ON p."signaalId" = s."id"
        WHERE s."gemeenteId" = ANY(${ids}::uuid[]) AND ${inPeriode}
        UNION ALL
        -- What the first gemeente did with a signal it passed on; its retention
        -- is that of its own melding, whatever the new gemeente still keeps.
        SELECT s."id", g."code", o."vanMeldingId", 'GEEN_INWONER_GEMEENTE', s."signaaldatum",
          1, o."op"
        FROM "Signaaloverdracht" o
        JOIN "Signaal" s ON s."id" = o."signaalId"
        JOIN "Melding" m ON m."id" = o."vanMeldingId"
        JOIN "Gemeente" g ON g."id" = o."vanGemeenteId"
        JOIN "SignaalPersoonsgegevens" p ON p."signaalId" = s."id"
        WHERE o."vanGemeenteId" = ANY(${ids}::uuid[]) AND ${inPeriode}
          AND m."persoonsgegevensVerwijderdOp" IS NULL
      ),
      -- A signal that came back to a gemeente it left counts once there: as it is now.
      signalen AS (
        SELECT DISTINCT ON ("gemeentecode", "id") * FROM kandidaten
        ORDER BY "gemeentecode", "id", "voorkeur", "op" DESC
      ),
      zaken AS (
        SELECT "gemeentecode", "zaakId" AS "id", array_agg("id"::text ORDER BY "id") AS "signaalIds",
          min("signaaldatum") AS "eersteSignaaldatum", max("signaaldatum") AS "laatsteSignaaldatum"
        FROM signalen WHERE "zaakId" IS NOT NULL GROUP BY "gemeentecode", "zaakId"
      ),
      records AS (
        SELECT 0 AS "soort", "gemeentecode", "id", "signaalstatus", "signaaldatum",
          NULL::text[] AS "signaalIds", NULL::date AS "eersteSignaaldatum",
          NULL::date AS "laatsteSignaaldatum"
        FROM signalen
        UNION ALL
        SELECT 1, "gemeentecode", "id", NULL, NULL, "signaalIds", "eersteSignaaldatum",
          "laatsteSignaaldatum"
        FROM zaken
      )`;
  }

  private async meldingen(ids: string[]): Promise<Map<string, Meldingrij>> {
    if (!ids.length) return new Map();
    const rijen = await this.prisma.$queryRaw<Meldingrij[]>`
      SELECT m."id", m."resultaat"::text AS "resultaat", m."geopendOp", m."opgepaktOp",
        COALESCE(
          json_agg(
            json_build_object('soort', c."soort", 'bereikt', c."bereikt", 'datum', c."datum",
              'dagdeel', c."dagdeel")
            ORDER BY c."datum", c."vastgelegdOp", c."id"
          ) FILTER (WHERE c."id" IS NOT NULL),
          '[]'::json
        ) AS "contactpogingen"
      FROM "Melding" m
      LEFT JOIN "Contactpoging" c ON c."meldingId" = m."id"
      WHERE m."id" = ANY(${ids}::uuid[])
      GROUP BY m."id"`;
    return new Map(rijen.map((r) => [r.id, r]));
  }
}
