import {
  applyDecorators,
  Controller,
  Get,
  Header,
  Inject,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Veldfout } from '../../../domain/veldfout.js';
import { PrismaClient } from '../../../prisma/database.js';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, HuidigeActor, Rollen, type VerzoekMetActor } from '../auth/actor.js';
import { Probleem } from '../infra/probleem.js';
import { csvExport, type Tabelexport, xlsxExport } from '../infra/tabelexport.js';
import {
  BeheerexportService,
  EXPORTSOORTEN,
  type Exportsoort,
  type Periode,
} from './beheerexport.service.js';

/**
 * Who exports a gemeente's data for its management reporting: its beheerder
 * and teamleiders. Caseworkers and external organisations work on meldingen
 * (their own download is the werkvoorraad's), creditors have no business here.
 */
const EXPORTROLLEN = ['GEMEENTEBEHEERDER', 'TEAMLEIDER'] as const;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A real calendar day: 2026-02-30 has the right shape but does not exist. */
function bestaat(datum: string): boolean {
  const moment = new Date(`${datum}T00:00:00Z`);
  return !Number.isNaN(moment.getTime()) && moment.toISOString().slice(0, 10) === datum;
}

/**
 * The range from the query, or every reason it is wrong at once: missing,
 * not JJJJ-MM-DD, a day that does not exist, or `tot` before `van`.
 */
function leesPeriode(
  query: Record<string, unknown>,
  extra: readonly string[] = [],
  eerdere: Veldfout[] = [],
): Periode {
  const fouten: Veldfout[] = [...eerdere];
  const datum = (veld: 'van' | 'tot'): string | null => {
    const waarde = query[veld];
    if (waarde === undefined || waarde === '') {
      fouten.push({
        veld,
        code: 'verplicht',
        melding: `${veld} is verplicht: de ${veld === 'van' ? 'eerste' : 'laatste'} dag van de periode (JJJJ-MM-DD).`,
      });
      return null;
    }
    if (typeof waarde !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(waarde)) {
      fouten.push({
        veld,
        code: 'ongeldig_formaat',
        melding: `${veld} is een datum in de vorm JJJJ-MM-DD, bijvoorbeeld 2026-10-31.`,
      });
      return null;
    }
    if (!bestaat(waarde)) {
      fouten.push({
        veld,
        code: 'onbestaande_datum',
        melding: `${veld} is geen bestaande datum: ${waarde} komt niet voor in de kalender.`,
      });
      return null;
    }
    return waarde;
  };
  const van = datum('van');
  const tot = datum('tot');
  if (van && tot && tot < van)
    fouten.push({
      veld: 'tot',
      code: 'periode_omgekeerd',
      melding: `tot (${tot}) ligt vóór van (${van}); de periode loopt van de eerste tot en met de laatste dag.`,
    });
  const onbekend = Object.keys(query).filter((k) => !['van', 'tot', ...extra].includes(k));
  if (onbekend.length)
    fouten.push({
      veld: onbekend[0]!,
      code: 'onbekend_veld',
      melding: `Onbekende parameter: ${onbekend.join(', ')}.`,
    });
  if (fouten.length || !van || !tot) throw Probleem.ongeldigeInvoer(fouten);
  return { van, tot };
}

/** The range in OpenAPI, the same on both endpoints. */
const ApiPeriode = () =>
  applyDecorators(
    ApiQuery({
      name: 'van',
      required: true,
      description: 'Eerste dag van de periode, JJJJ-MM-DD (Nederlandse tijd)',
      schema: { type: 'string', format: 'date' },
    }),
    ApiQuery({
      name: 'tot',
      required: true,
      description: 'Laatste dag van de periode, tot en met, JJJJ-MM-DD',
      schema: { type: 'string', format: 'date' },
    }),
  );

@ApiTags('Exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportsController {
  constructor(
    @Inject(BeheerexportService) private readonly exports: BeheerexportService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
  ) {}

  @Get('beheer.xlsx')
  @Rollen(...EXPORTROLLEN)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'De gegevens van uw gemeente over een periode als Excel-bestand: signalen, meldingen, contactpogingen en correspondentie, elk op een eigen blad',
    description:
      'Voor de eigen managementinformatie; voor de gemeentebeheerder en teamleiders. Signalen vallen in de periode op hun signaaldatum, ' +
      'meldingen op de dag dat ze zijn geopend, contactpogingen op hun datum en correspondentie op de dag dat ze is gemaakt, alles in Nederlandse tijd. ' +
      'Bevat persoonsgegevens (naam, geboortedatum, adres; geen BSN, telefoon of e-mail): de export wordt met periode en aantallen in het auditlog vastgelegd. ' +
      'Persoonsgegevens die volgens de bewaartermijn zijn verwijderd, komen er niet in terug. Van brieven en e-mails alleen de metagegevens.',
  })
  @ApiPeriode()
  @ApiResponse({
    status: 200,
    description: 'Het Excel-bestand',
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 400, description: 'Periode ontbreekt of klopt niet' })
  @ApiResponse({ status: 403, description: 'Alleen voor de gemeentebeheerder en teamleiders' })
  async xlsx(
    @Query() query: Record<string, unknown>,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
    @Res({ passthrough: true }) antwoord: Response,
  ): Promise<StreamableFile> {
    const periode = leesPeriode(query);
    const bereik = this.exports.bereik();
    await this.leg(actor, verzoek, 'xlsx', EXPORTSOORTEN, periode);
    const uit = xlsxExport(EXPORTSOORTEN.map((s) => this.exports.tabel(s, bereik, periode)));
    return this.lever(
      uit,
      actor,
      verzoek,
      antwoord,
      XLSX,
      await this.bestandsnaam(periode, '', 'xlsx'),
    );
  }

  @Get('beheer.csv')
  @Rollen(...EXPORTROLLEN)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Eén soort gegevens van uw gemeente over een periode als CSV (signalen, meldingen, contactpogingen of correspondentie)',
    description:
      'Dezelfde kolommen als het blad in beheer.xlsx. UTF-8 met BOM, puntkomma als scheidingsteken en bedragen met een decimale komma, ' +
      'zodat Excel het bestand goed opent; datums als JJJJ-MM-DD, tijdstippen in Nederlandse tijd. Wordt in het auditlog vastgelegd.',
  })
  @ApiQuery({ name: 'soort', required: true, enum: EXPORTSOORTEN })
  @ApiPeriode()
  @ApiResponse({
    status: 200,
    description: 'Het CSV-bestand',
    content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 400, description: 'Soort of periode ontbreekt of klopt niet' })
  @ApiResponse({ status: 403, description: 'Alleen voor de gemeentebeheerder en teamleiders' })
  async csv(
    @Query() query: Record<string, unknown>,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
    @Res({ passthrough: true }) antwoord: Response,
  ): Promise<StreamableFile> {
    const soort = query.soort as Exportsoort;
    const periode = leesPeriode(
      query,
      ['soort'],
      EXPORTSOORTEN.includes(soort) ? [] : soortfout(soort),
    );
    const bereik = this.exports.bereik();
    await this.leg(actor, verzoek, 'csv', [soort], periode);
    const uit = csvExport(this.exports.tabel(soort, bereik, periode));
    return this.lever(
      uit,
      actor,
      verzoek,
      antwoord,
      'text/csv; charset=utf-8',
      await this.bestandsnaam(periode, `${soort}-`, 'csv'),
    );
  }

  /**
   * Logged before the first byte leaves, with the rows counted now: a
   * download cut off halfway still counts as read.
   */
  private async leg(
    actor: Actor,
    verzoek: VerzoekMetActor,
    formaat: 'xlsx' | 'csv',
    soorten: readonly Exportsoort[],
    periode: Periode,
  ) {
    const aantallen = await this.exports.tel(soorten, this.exports.bereik(), periode);
    await this.audit.leg(actor, verzoek, {
      actie: `beheerexport_${formaat}`,
      objectType: 'Beheerexport',
      // Codes, dates and counts only; the gemeente is the entry's organisatie.
      objectId: `${periode.van}/${periode.tot} ${soorten.map((s, i) => `${s}=${aantallen[i]}`).join(' ')}`,
      resultaat: 'gelukt',
    });
  }

  private lever(
    uit: Tabelexport,
    actor: Actor,
    verzoek: VerzoekMetActor,
    antwoord: Response,
    type: string,
    naam: string,
  ): StreamableFile {
    // A client that goes away stops the reading instead of leaving it waiting.
    antwoord.once('close', () => uit.stroom.destroy());
    uit.klaar.catch(() =>
      this.audit
        .leg(actor, verzoek, {
          actie: 'beheerexport_afgebroken',
          objectType: 'Beheerexport',
          objectId: naam,
          resultaat: 'mislukt',
        })
        .catch(() => undefined),
    );
    return new StreamableFile(uit.stroom, {
      type,
      disposition: `attachment; filename="${naam}"`,
    });
  }

  /** Codes and dates only, like the URL: vroegsignaal-0344-signalen-2026-10-01-2026-10-31.csv */
  private async bestandsnaam(periode: Periode, soort: string, extensie: string): Promise<string> {
    const { gemeenteId } = this.exports.bereik();
    const gemeente = await this.prisma.gemeente.findUniqueOrThrow({
      where: { id: gemeenteId },
      select: { code: true },
    });
    return `vroegsignaal-${gemeente.code}-${soort}${periode.van}-${periode.tot}.${extensie}`;
  }
}

function soortfout(soort: unknown): Veldfout[] {
  return [
    {
      veld: 'soort',
      code: soort === undefined ? 'verplicht' : 'ongeldig',
      melding: `soort is een van: ${EXPORTSOORTEN.join(', ')}.`,
    },
  ];
}
