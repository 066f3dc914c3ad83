import type { SignaalpartnerTypeCode } from '../domain/ddas.js';
import {
  type Gebiedcijfers,
  type Maand,
  type Maandcijfers,
  nullen,
  rapportageBestandsnaam,
  type Rapportagecijfers,
  maandNaam,
  RESULTAAT_LABELS,
  STATUS_LABELS,
  TYPE_LABELS,
  vergelijkingsmaanden,
  volgendeMaand,
} from '../domain/rapportage.js';
import { Prisma, type PrismaClient } from '../prisma/database.js';
import {
  GEEN_GEBIED,
  geopendInSql,
  type Maandscope,
  meldingScopeSql,
  perGebied,
  signaaldatumInSql,
  signaalScopeSql,
  trend,
} from '../prisma/maandcijfers.js';
import type { RapportageOpdracht } from '../workflows/contracts.js';
import { rapportageHtml, rapportageXlsx } from './rapportage-bestanden.js';
import type { Drukker, Postbode } from './uitnodiging.activities.js';

export type RapportageActiviteiten = Pick<
  RapportageActiviteitenImpl,
  'maakRapportage' | 'verstuurRapportage' | 'markeerRapportageMislukt'
>;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The monthly report: figures by SQL over the read model, the .xlsx and the
 * PDF, stored per gemeente and month, and mailed to the gemeente's
 * recipients. Aggregates only; nothing here reads personal data.
 */
export class RapportageActiviteitenImpl {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly drukker: Drukker,
    private readonly postbode: Postbode,
  ) {}

  /** Computes and stores the report; a re-run replaces the month's report in place. */
  async maakRapportage({
    gemeentecode,
    maand,
  }: RapportageOpdracht): Promise<{ rapportageId: string }> {
    const gemeente = await this.prisma.gemeente.findUniqueOrThrow({
      where: { code: gemeentecode },
      select: { id: true, code: true, naam: true, logoSvg: true },
    });
    const cijfers = await this.rapportagecijfers(gemeente, maand);
    const xlsx = await rapportageXlsx(cijfers);
    const pdf = await this.drukker.drukAf(rapportageHtml(cijfers, gemeente.logoSvg));
    const gegevens = {
      status: 'KLAAR' as const,
      cijfers: cijfers as unknown as Prisma.InputJsonObject,
      xlsx: new Uint8Array(xlsx),
      pdf: new Uint8Array(pdf),
    };
    const { id } = await this.prisma.rapportage.upsert({
      where: { gemeenteId_maand: { gemeenteId: gemeente.id, maand } },
      create: { gemeenteId: gemeente.id, maand, ...gegevens },
      update: gegevens,
      select: { id: true },
    });
    return { rapportageId: id };
  }

  /** A failed run leaves the previous files in place but says it failed. */
  async markeerRapportageMislukt({ gemeentecode, maand }: RapportageOpdracht): Promise<void> {
    await this.prisma.rapportage.updateMany({
      where: { gemeente: { code: gemeentecode }, maand },
      data: { status: 'MISLUKT' },
    });
  }

  /**
   * Mails the report to each recipient, both files attached. The message id
   * is derived from the report and its version, so a mail server can drop
   * the copy a retried activity sends again.
   */
  async verstuurRapportage(rapportageId: string): Promise<{ ontvangers: number }> {
    const r = await this.prisma.rapportage.findUniqueOrThrow({
      where: { id: rapportageId },
      select: {
        maand: true,
        xlsx: true,
        pdf: true,
        bijgewerktOp: true,
        gemeente: { select: { code: true, naam: true, rapportageOntvangers: true } },
      },
    });
    const { gemeente } = r;
    if (!r.xlsx || !r.pdf) throw new Error(`Rapportage ${rapportageId} heeft nog geen bestanden`);
    for (const aan of gemeente.rapportageOntvangers) {
      await this.postbode.verstuur({
        aan,
        onderwerp: `Maandrapportage vroegsignalering ${gemeente.naam} ${maandNaam(r.maand)}`,
        tekst: [
          'Goedemorgen,',
          '',
          `Bijgaand de maandrapportage vroegsignalering van de gemeente ${gemeente.naam} over ${maandNaam(r.maand)}, als PDF en als Excel-bestand.`,
          'Het rapport bevat alleen aantallen, geen persoonsgegevens.',
          '',
          'Met vriendelijke groet,',
          'Vroegsignaal',
        ].join('\n'),
        berichtId: `<rapportage-${rapportageId}-${r.bijgewerktOp.getTime()}-${Buffer.from(aan).toString('hex').slice(0, 16)}@vroegsignaal.nl>`,
        bijlagen: [
          {
            bestandsnaam: rapportageBestandsnaam(gemeente.code, r.maand, 'pdf'),
            inhoud: Buffer.from(r.pdf),
            type: 'application/pdf',
          },
          {
            bestandsnaam: rapportageBestandsnaam(gemeente.code, r.maand, 'xlsx'),
            inhoud: Buffer.from(r.xlsx),
            type: XLSX,
          },
        ],
      });
    }
    await this.prisma.rapportage.update({
      where: { id: rapportageId },
      data: { verzondenAan: gemeente.rapportageOntvangers.length, verzondenOp: new Date() },
    });
    return { ontvangers: gemeente.rapportageOntvangers.length };
  }

  /** The month, the month before and the same month a year earlier, and the 12-month trend. */
  async rapportagecijfers(
    gemeente: { id: string; code: string; naam: string },
    maand: Maand,
  ): Promise<Rapportagecijfers> {
    const scope: Maandscope = { gemeenteId: gemeente.id, wijkIds: [] };
    const m = vergelijkingsmaanden(maand);
    const [huidig, vorigeMaand, vorigJaar, maandtrend] = await Promise.all([
      this.maandcijfers(scope, m.huidig),
      this.maandcijfers(scope, m.vorigeMaand),
      this.maandcijfers(scope, m.vorigJaar),
      trend(this.prisma, scope, maand),
    ]);
    return {
      gemeente: { code: gemeente.code, naam: gemeente.naam },
      maand,
      huidig,
      vorigeMaand,
      vorigJaar,
      trend: maandtrend,
      berekendOp: new Date().toISOString(),
    };
  }

  /** One month's figures; the definitions are in domain/rapportage.ts (Maandcijfers). */
  async maandcijfers(scope: Maandscope, maand: Maand): Promise<Maandcijfers> {
    const s = signaalScopeSql(scope);
    const mScope = meldingScopeSql(scope);
    const [
      partners,
      statussen,
      wijkrijen,
      kernrijen,
      wijken,
      kernen,
      melding,
      resultaten,
      overdracht,
    ] = await Promise.all([
      this.prisma.$queryRaw<{ naam: string; type: SignaalpartnerTypeCode; n: number }[]>`
          SELECT sp."naam", sp."type"::text AS type, count(*)::int AS n
          FROM "Signaal" s JOIN "Signaalpartner" sp ON sp."id" = s."signaalpartnerId"
          WHERE ${s} AND ${signaaldatumInSql(maand)}
          GROUP BY 1, 2 ORDER BY 1`,
      this.prisma.$queryRaw<{ status: keyof typeof STATUS_LABELS; n: number }[]>`
          SELECT s."signaalstatus"::text AS status, count(*)::int AS n
          FROM "Signaal" s WHERE ${s} AND ${signaaldatumInSql(maand)} GROUP BY 1`,
      perGebied(this.prisma, scope, maand, 'wijkId'),
      perGebied(this.prisma, scope, maand, 'kernId'),
      this.prisma.wijk.findMany({
        where: { gemeenteId: scope.gemeenteId },
        select: { id: true, code: true, naam: true },
        orderBy: { naam: 'asc' },
      }),
      this.prisma.kern.findMany({
        where: { gemeenteId: scope.gemeenteId },
        select: { id: true, naam: true },
        orderBy: { naam: 'asc' },
      }),
      this.prisma.$queryRaw<
        {
          meldingen: number;
          uniekeAdressen: number;
          enkelvoudig: number;
          meervoudig: number;
          opeenvolgend: number;
          opgepakt: number;
          metContact: number;
          mediaanContactpoging: number | null;
          mediaanOppakken: number | null;
        }[]
      >`
          SELECT count(*)::int AS meldingen,
            count(DISTINCT m."adressleutel")::int AS "uniekeAdressen",
            count(*) FILTER (WHERE m."matchtype" = 'ENKELVOUDIG')::int AS enkelvoudig,
            count(*) FILTER (WHERE m."matchtype" = 'MEERVOUDIG')::int AS meervoudig,
            count(*) FILTER (WHERE m."matchtype" = 'OPEENVOLGEND')::int AS opeenvolgend,
            count(*) FILTER (WHERE m."opgepaktOp" IS NOT NULL)::int AS opgepakt,
            count(*) FILTER (WHERE c."bereikt")::int AS "metContact",
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY c."eerste" - (m."geopendOp" AT TIME ZONE 'Europe/Amsterdam')::date
            ) AS "mediaanContactpoging",
            percentile_cont(0.5) WITHIN GROUP (
              ORDER BY (m."opgepaktOp" AT TIME ZONE 'Europe/Amsterdam')::date
                - (m."geopendOp" AT TIME ZONE 'Europe/Amsterdam')::date
            ) AS "mediaanOppakken"
          FROM "Melding" m
          LEFT JOIN LATERAL (
            SELECT min(cp."datum") AS eerste, bool_or(cp."bereikt") AS bereikt
            FROM "Contactpoging" cp WHERE cp."meldingId" = m."id"
          ) c ON TRUE
          WHERE ${mScope} AND ${geopendInSql(maand)}`,
      this.prisma.$queryRaw<{ resultaat: keyof typeof RESULTAAT_LABELS; n: number }[]>`
          SELECT m."resultaat"::text AS resultaat, count(*)::int AS n
          FROM "Melding" m
          WHERE ${mScope} AND ${geopendInSql(maand)} AND m."resultaat" IS NOT NULL
          GROUP BY 1`,
      this.prisma.$queryRaw<{ overgedragen: number; overgenomen: number; teLaat: number }[]>`
          SELECT
            (SELECT count(*)::int FROM "Signaaloverdracht" o
              WHERE o."vanGemeenteId" = ${scope.gemeenteId}::uuid AND ${overdrachtIn(maand)}) AS overgedragen,
            (SELECT count(*)::int FROM "Signaaloverdracht" o
              WHERE o."naarGemeenteId" = ${scope.gemeenteId}::uuid AND ${overdrachtIn(maand)}) AS overgenomen,
            (SELECT count(*)::int FROM "Melding" m
              WHERE ${mScope} AND ${geopendInSql(maand, 'termijnOverschredenOp')}) AS "teLaat"`,
    ]);
    const perSignaalpartnerType = nullen(TYPE_LABELS);
    for (const p of partners) perSignaalpartnerType[p.type] += p.n;
    const perSignaalstatus = nullen(STATUS_LABELS);
    for (const r of statussen) perSignaalstatus[r.status] = r.n;
    const perResultaat = nullen(RESULTAAT_LABELS);
    for (const r of resultaten) perResultaat[r.resultaat] = r.n;
    const gebieden = (
      rijen: { gebied: string; signalen: number; meldingen: number }[],
      namen: { id: string; code?: string; naam: string }[],
      zonder: string,
    ): Gebiedcijfers[] => {
      const perId = new Map(rijen.map((r) => [r.gebied, r]));
      const geen = perId.get(GEEN_GEBIED);
      return [
        ...namen.map((g) => ({
          ...(g.code === undefined ? {} : { code: g.code }),
          naam: g.naam,
          signalen: perId.get(g.id)?.signalen ?? 0,
          meldingen: perId.get(g.id)?.meldingen ?? 0,
        })),
        ...(geen
          ? [{ code: null, naam: zonder, signalen: geen.signalen, meldingen: geen.meldingen }]
          : []),
      ];
    };
    const mel = melding[0]!;
    const over = overdracht[0]!;
    return {
      maand,
      signalen: partners.reduce((som, p) => som + p.n, 0),
      perSignaalpartnerType,
      perSignaalpartner: partners.map((p) => ({ naam: p.naam, type: p.type, signalen: p.n })),
      perWijk: gebieden(wijkrijen, wijken, 'Zonder wijk'),
      perKern: kernen.length ? gebieden(kernrijen, kernen, 'Buiten een kern') : [],
      perSignaalstatus,
      overgedragen: over.overgedragen,
      overgenomen: over.overgenomen,
      meldingen: mel.meldingen,
      uniekeAdressen: mel.uniekeAdressen,
      enkelvoudig: mel.enkelvoudig,
      meervoudig: mel.meervoudig,
      opeenvolgend: mel.opeenvolgend,
      opgepakt: mel.opgepakt,
      metContact: mel.metContact,
      perResultaat,
      mediaanDagenTotContactpoging: mel.mediaanContactpoging,
      mediaanDagenTotOppakken: mel.mediaanOppakken,
      teLaat: over.teLaat,
    };
  }
}

function overdrachtIn(maand: Maand): Prisma.Sql {
  return Prisma.sql`o."op" >= (${`${maand}-01`}::timestamp AT TIME ZONE 'Europe/Amsterdam')
    AND o."op" < (${`${volgendeMaand(maand)}-01`}::timestamp AT TIME ZONE 'Europe/Amsterdam')`;
}
