import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, HuidigeActor, Rollen, type VerzoekMetActor } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { KoppelingService } from './koppeling.service.js';

const sleutelSchema = z.strictObject({
  omschrijving: z
    .string({ error: 'omschrijving is verplicht: waarvoor is deze sleutel?' })
    .trim()
    .min(1, { error: 'omschrijving is verplicht: waarvoor is deze sleutel?' })
    .max(100, { error: 'omschrijving is hoogstens 100 tekens.' }),
});

/**
 * System keys of the caller's own organisation: a gemeente's keys for its
 * own software (GEMEENTE_SYSTEEM), a creditor's for its delivery systems
 * (SIGNAALPARTNER_SYSTEEM). One mechanism, scoped by the owner.
 */
@ApiTags('Koppelingen')
@ApiBearerAuth()
@Controller('apisleutels')
export class ApiSleutelsController {
  constructor(
    @Inject(KoppelingService) private readonly koppeling: KoppelingService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Post()
  @Rollen('GEMEENTEBEHEERDER', 'SIGNAALPARTNER')
  @ApiOperation({
    summary: 'Een API-sleutel maken voor een systeem van uw organisatie',
    description:
      'De sleutel staat alleen in dit antwoord: bewaar hem meteen. Vroegsignaal bewaart alleen de SHA-256 ervan. ' +
      'Het systeem stuurt hem mee in de header X-Api-Key. Een sleutel van een gemeente leest de meldingen van die gemeente en legt acties vast.',
  })
  @ApiBody({ schema: z.toJSONSchema(sleutelSchema) as object })
  @ApiResponse({ status: 201, description: 'De sleutel, eenmalig met het veld sleutel' })
  @ApiResponse({ status: 400, description: 'omschrijving ontbreekt of is te lang' })
  async maak(@Body() body: unknown, @HuidigeActor() actor: Actor, @Req() verzoek: VerzoekMetActor) {
    const { omschrijving } = leesBody(sleutelSchema, body);
    if (!actor.gemeenteId && !actor.signaalpartnerId)
      throw new Probleem(403, 'Geen toegang.', 'Uw account hoort niet bij een organisatie.');
    const sleutel = await this.koppeling.maakSleutel(actor, omschrijving);
    await this.audit.leg(actor, verzoek, {
      actie: 'apisleutel_maken',
      objectType: 'ApiSleutel',
      objectId: sleutel.id,
      resultaat: 'gelukt',
    });
    return sleutel;
  }

  @Get()
  @Rollen('GEMEENTEBEHEERDER', 'SIGNAALPARTNER')
  @ApiOperation({
    summary: 'De API-sleutels van uw organisatie, zonder de sleutels zelf',
  })
  @ApiResponse({
    status: 200,
    description:
      '{ apisleutels: [{ id, omschrijving, status, aangemaaktOp, laatstGebruiktOp, ingetrokkenOp }] }',
  })
  async lijst() {
    return { apisleutels: await this.koppeling.sleutels() };
  }

  @Delete(':id')
  @HttpCode(204)
  @Rollen('GEMEENTEBEHEERDER', 'SIGNAALPARTNER')
  @ApiOperation({
    summary: 'Een API-sleutel intrekken; het systeem wordt vanaf het volgende verzoek geweigerd',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Ingetrokken' })
  @ApiResponse({ status: 404, description: 'Geen sleutel van uw organisatie met deze id' })
  async trekIn(
    @Param('id') id: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ): Promise<void> {
    const gelukt = await this.koppeling.trekSleutelIn(id);
    await this.audit.leg(actor, verzoek, {
      actie: 'apisleutel_intrekken',
      objectType: 'ApiSleutel',
      objectId: id.slice(0, 64),
      resultaat: gelukt ? 'gelukt' : 'niet_gevonden',
    });
    if (!gelukt) throw Probleem.nietGevonden('API-sleutel');
  }
}
