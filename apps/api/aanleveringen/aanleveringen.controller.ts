import {
  StreamableFile,
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
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { signaalInvoerSchema } from '../../../domain/signaal.js';
import { AuditService } from '../audit/audit.service.js';
import {
  type Actor,
  HuidigeActor,
  Rollen,
  SIGNAALPARTNER_SYSTEEM,
  type VerzoekMetActor,
} from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { ApiPaginering, paginaInfo, paginering } from '../infra/paginering.js';
import { Probleem } from '../infra/probleem.js';
import { Snelheidslimiet } from '../infra/snelheidslimiet.js';
import { AanleveringenService, MAXIMAAL_SIGNALEN_PER_BATCH } from './aanleveringen.service.js';
import { sjabloon } from './werkmappen.js';

const paginaSchema = z.strictObject(paginering);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Upload limit; a 100,000-row sheet is about 6 MB as .xlsx and 15 MB as .csv. */
export const MAXIMALE_BESTANDSGROOTTE = 50 * 1024 * 1024;

interface Upload {
  originalname: string;
  buffer: Buffer;
}

@ApiTags('Aanleveringen')
@ApiBearerAuth()
@ApiSecurity('apiSleutel')
@Controller('aanleveringen')
export class AanleveringenController {
  constructor(
    @Inject(AanleveringenService) private readonly aanleveringen: AanleveringenService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Post()
  @HttpCode(202)
  @UseInterceptors(
    FileInterceptor('bestand', { limits: { fileSize: MAXIMALE_BESTANDSGROOTTE, files: 1 } }),
  )
  @ApiConsumes('application/json', 'multipart/form-data')
  @Rollen(SIGNAALPARTNER_SYSTEEM, 'SIGNAALPARTNER')
  @Snelheidslimiet('intake')
  @ApiOperation({
    summary: `Signalen aanleveren: een JSON-batch van hoogstens ${MAXIMAAL_SIGNALEN_PER_BATCH} signalen, of een .xlsx- of .csv-bestand in het veld 'bestand'`,
    description:
      'Antwoordt meteen met de id van de aanlevering; de verwerking loopt daarna duurzaam door. Volg de voortgang en de resultaten per rij via GET /v1/aanleveringen/{id}. Opnieuw aanleveren geeft geen dubbele signalen: die rijen staan bij alBekendeRijen.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['signalen'],
      properties: {
        signalen: {
          type: 'array',
          maxItems: MAXIMAAL_SIGNALEN_PER_BATCH,
          items: z.toJSONSchema(signaalInvoerSchema, { io: 'input' }) as object,
        },
      },
    },
  })
  @ApiResponse({ status: 202, description: 'Aanlevering aangenomen; verwerking loopt' })
  @ApiResponse({ status: 400, description: 'Geen geldige batch' })
  async leverAan(
    @Body() body: unknown,
    @UploadedFile() bestand: Upload | undefined,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const multipart = String(verzoek.headers['content-type'] ?? '').startsWith('multipart/');
    if (multipart && !bestand) {
      throw new Probleem(
        400,
        'Geen bestand ontvangen.',
        "Stuur het bestand mee in het formulierveld 'bestand'.",
      );
    }
    const id = bestand
      ? await this.aanleveringen.ontvangBestand(
          actor.signaalpartnerId!,
          bestand.originalname,
          bestand.buffer,
        )
      : await this.aanleveringen.ontvangBatch(actor.signaalpartnerId!, body);
    await this.audit.leg(actor, verzoek, {
      actie: 'aanlevering_ontvangen',
      objectType: 'Aanlevering',
      objectId: id,
      resultaat: 'gelukt',
    });
    response.location(`/v1/aanleveringen/${id}`);
    return { id, status: 'ONTVANGEN', _links: { self: { href: `/v1/aanleveringen/${id}` } } };
  }

  @Get()
  @Rollen(SIGNAALPARTNER_SYSTEEM, 'SIGNAALPARTNER', 'PLATFORMBEHEERDER')
  @ApiOperation({ summary: 'Uw aanleveringen, nieuwste eerst, per pagina' })
  @ApiPaginering()
  @ApiResponse({ status: 200, description: 'Een pagina aanleveringen' })
  async lijst(@Query() query: unknown) {
    const { pagina, paginagrootte } = leesBody(paginaSchema, query);
    const { aanleveringen, totaal } = await this.aanleveringen.lijst(pagina, paginagrootte);
    return {
      aanleveringen,
      ...paginaInfo('/v1/aanleveringen', {}, { pagina, paginagrootte }, totaal),
    };
  }

  @Get('sjabloon')
  @ApiOperation({ summary: 'Excel-sjabloon om signalen in te vullen, met uitleg per kolom' })
  @ApiResponse({ status: 200, description: 'Het sjabloon (.xlsx)' })
  async sjabloon(): Promise<StreamableFile> {
    return new StreamableFile(await sjabloon(), {
      type: XLSX,
      disposition: 'attachment; filename="vroegsignaal-sjabloon.xlsx"',
    });
  }

  @Get(':id/foutenrapport')
  @ApiOperation({
    summary:
      'De afgewezen rijen met hun oorspronkelijke waarden en een foutkolom (.xlsx); het downloaden wordt gelogd',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'Het foutenrapport (.xlsx)' })
  @ApiResponse({ status: 404, description: 'Bestaat niet of is niet van uw organisatie' })
  async foutenrapport(
    @Param('id') id: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ): Promise<StreamableFile> {
    const rapport = await this.aanleveringen.foutenrapport(id);
    await this.audit.leg(actor, verzoek, {
      actie: 'foutenrapport_downloaden',
      objectType: 'Aanlevering',
      objectId: id.slice(0, 64),
      resultaat: rapport ? 'gelukt' : 'niet_gevonden',
    });
    if (!rapport) throw Probleem.nietGevonden('Aanlevering');
    return new StreamableFile(rapport, {
      type: XLSX,
      disposition: `attachment; filename="foutenrapport-${id}.xlsx"`,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status, voortgang en resultaten per rij van een aanlevering' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'De aanlevering' })
  @ApiResponse({ status: 404, description: 'Bestaat niet of is niet van uw organisatie' })
  async haalOp(
    @Param('id') id: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const aanlevering = await this.aanleveringen.haalOp(id);
    await this.audit.leg(actor, verzoek, {
      actie: 'aanlevering_inzien',
      objectType: 'Aanlevering',
      objectId: id.slice(0, 64),
      resultaat: aanlevering ? 'gelukt' : 'niet_gevonden',
    });
    if (!aanlevering) throw Probleem.nietGevonden('Aanlevering');
    return aanlevering;
  }
}
