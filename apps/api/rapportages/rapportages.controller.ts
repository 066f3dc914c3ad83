import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { isVoorbijeMaand, rapportageBestandsnaam } from '../../../domain/rapportage.js';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, HuidigeActor, Rollen, type VerzoekMetActor } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { ApiPaginering, paginaInfo, paginering } from '../infra/paginering.js';
import { RapportagesService } from './rapportages.service.js';

/**
 * The gemeente's own staff and the operator. External organisations' users
 * are left out: they are admitted to some wijken, the report covers all.
 */
const LEZERS = ['PLATFORMBEHEERDER', 'GEMEENTEBEHEERDER', 'TEAMLEIDER', 'BEHANDELAAR'] as const;
const STARTERS = ['PLATFORMBEHEERDER', 'GEMEENTEBEHEERDER'] as const;

const gemeentecode = z
  .string({ error: 'gemeente is een CBS-gemeentecode van vier cijfers, bijvoorbeeld 0344.' })
  .regex(/^\d{4}$/, {
    error: 'gemeente is een CBS-gemeentecode van vier cijfers, bijvoorbeeld 0344.',
  });

const lijstSchema = z.strictObject({ ...paginering, gemeente: gemeentecode.optional() });

const startSchema = z.strictObject({
  maand: z
    .string({ error: 'maand is een voorbije maand (JJJJ-MM), bijvoorbeeld 2026-10.' })
    .refine((m) => isVoorbijeMaand(m, new Date()), {
      error:
        'maand is een voorbije maand (JJJJ-MM) vanaf 2000-01, bijvoorbeeld 2026-10: een lopende of toekomstige maand kan nog niet worden gerapporteerd.',
    }),
  gemeente: gemeentecode.optional(),
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('Rapportages')
@ApiBearerAuth()
@Controller('rapportages')
export class RapportagesController {
  constructor(
    @Inject(RapportagesService) private readonly rapportages: RapportagesService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Get()
  @Rollen(...LEZERS)
  @ApiOperation({
    summary: 'De maandrapportages van uw gemeente, nieuwste maand eerst, per pagina',
    description:
      'De platformbeheerder ziet die van alle gemeenten en kan met gemeente=<code> filteren. Alleen aantallen, geen persoonsgegevens.',
  })
  @ApiPaginering()
  @ApiQuery({ name: 'gemeente', required: false, description: 'CBS-gemeentecode' })
  @ApiResponse({
    status: 200,
    description: '{ rapportages, pagina, paginagrootte, totaal, _links }',
  })
  async lijst(@Query() query: unknown) {
    const { pagina, paginagrootte, gemeente } = leesBody(lijstSchema, query);
    const { rapportages, totaal } = await this.rapportages.lijst(pagina, paginagrootte, gemeente);
    return {
      rapportages,
      ...paginaInfo(
        '/v1/rapportages',
        gemeente ? { gemeente } : {},
        { pagina, paginagrootte },
        totaal,
      ),
    };
  }

  @Post()
  @HttpCode(202)
  @Rollen(...STARTERS)
  @ApiOperation({
    summary: 'Een maandrapportage (opnieuw) maken',
    description:
      'Voor een voorbije maand; de gemeentebeheerder voor de eigen gemeente, de platformbeheerder voor de gemeente in "gemeente". Antwoordt meteen; volg de status via de Location. Nog een verzoek voor dezelfde gemeente en maand terwijl de eerste loopt, sluit daarbij aan; daarna vervangt een nieuw verzoek het rapport. De ontvangers van de gemeente krijgen het rapport per e-mail.',
  })
  @ApiBody({ schema: z.toJSONSchema(startSchema, { io: 'input' }) as object })
  @ApiResponse({
    status: 202,
    description: '{ id, maand, status: "BEZIG", _links }',
    headers: { Location: { description: 'Waar de rapportage komt te staan' } },
  })
  @ApiResponse({ status: 400, description: 'Geen voorbije maand, of gemeente ontbreekt' })
  @ApiResponse({ status: 404, description: 'Gemeente niet gevonden of niet de uwe' })
  async start(
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { maand, gemeente: code } = leesBody(startSchema, body);
    const gemeente = await this.rapportages.gemeenteVoor(actor, code);
    const id = await this.rapportages.start(gemeente, maand);
    await this.audit.leg(actor, verzoek, {
      actie: 'rapportage_starten',
      objectType: 'Rapportage',
      objectId: `${gemeente.code}/${maand}`,
      resultaat: 'gelukt',
    });
    const self = `/v1/rapportages/${id}`;
    response.location(self);
    return { id, maand, status: 'BEZIG', _links: { self: { href: self } } };
  }

  @Get(':id')
  @Rollen(...LEZERS)
  @ApiOperation({
    summary: 'Eén maandrapportage: status en cijfers (deze maand, vorige maand, vorig jaar)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'De rapportage met cijfers' })
  @ApiResponse({ status: 404, description: 'Bestaat niet of is niet van uw gemeente' })
  haalOp(@Param('id') id: string) {
    return this.rapportages.haalOp(id);
  }

  @Get(':id/xlsx')
  @Rollen(...LEZERS)
  @ApiOperation({ summary: 'De maandrapportage als Excel-bestand' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces(XLSX)
  @ApiResponse({ status: 200, description: 'Het .xlsx-bestand' })
  @ApiResponse({ status: 404, description: 'Bestaat niet of is niet van uw gemeente' })
  @ApiResponse({ status: 409, description: 'Nog niet klaar' })
  xlsx(
    @Param('id') id: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.download(id, 'xlsx', actor, verzoek, response);
  }

  @Get(':id/pdf')
  @Rollen(...LEZERS)
  @ApiOperation({ summary: 'De maandrapportage als PDF, met grafieken' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('application/pdf')
  @ApiResponse({ status: 200, description: 'De PDF' })
  @ApiResponse({ status: 404, description: 'Bestaat niet of is niet van uw gemeente' })
  @ApiResponse({ status: 409, description: 'Nog niet klaar' })
  pdf(
    @Param('id') id: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.download(id, 'pdf', actor, verzoek, response);
  }

  private async download(
    id: string,
    soort: 'xlsx' | 'pdf',
    actor: Actor,
    verzoek: VerzoekMetActor,
    response: Response,
  ): Promise<StreamableFile> {
    const { inhoud, gemeentecode, maand } = await this.rapportages.bestand(id, soort);
    await this.audit.leg(actor, verzoek, {
      actie: `rapportage_downloaden_${soort}`,
      objectType: 'Rapportage',
      objectId: id,
      resultaat: 'gelukt',
    });
    response.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(Buffer.from(inhoud), {
      type: soort === 'xlsx' ? XLSX : 'application/pdf',
      disposition: `attachment; filename="${rapportageBestandsnaam(gemeentecode, maand, soort)}"`,
      length: inhoud.length,
    });
  }
}
