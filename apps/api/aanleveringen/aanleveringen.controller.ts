import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
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
import { Probleem } from '../infra/probleem.js';
import { AanleveringenService, MAXIMAAL_SIGNALEN_PER_BATCH } from './aanleveringen.service.js';

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
  @Rollen(SIGNAALPARTNER_SYSTEEM, 'SIGNAALPARTNER')
  @ApiOperation({
    summary: `Een batch van hoogstens ${MAXIMAAL_SIGNALEN_PER_BATCH} signalen aanleveren`,
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
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const id = await this.aanleveringen.ontvangBatch(actor.signaalpartnerId!, body);
    await this.audit.leg(actor, verzoek, {
      actie: 'aanlevering_ontvangen',
      objectType: 'Aanlevering',
      objectId: id,
      resultaat: 'gelukt',
    });
    response.location(`/v1/aanleveringen/${id}`);
    return { id, status: 'ONTVANGEN', _links: { self: { href: `/v1/aanleveringen/${id}` } } };
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
