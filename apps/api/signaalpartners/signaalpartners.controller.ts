import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Req,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { SIGNAALPARTNER_TYPES, type SignaalpartnerTypeCode } from '../../../domain/ddas.js';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, HuidigeActor, Rollen, type VerzoekMetActor } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { SignaalpartnersService } from './signaalpartners.service.js';

const TYPEN = Object.keys(SIGNAALPARTNER_TYPES) as [
  SignaalpartnerTypeCode,
  ...SignaalpartnerTypeCode[],
];

const partnerSchema = z.strictObject({
  naam: z
    .string({ error: 'Naam is verplicht.' })
    .trim()
    .min(1, { error: 'Naam is verplicht.' })
    .max(200, { error: 'Naam is hoogstens 200 tekens.' }),
  type: z.enum(TYPEN, { error: `type is een signaalpartnertype uit DDAS: ${TYPEN.join(', ')}.` }),
});

const datum = (veld: string) =>
  z
    .string({ error: `${veld} is een datum als JJJJ-MM-DD.` })
    .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d)), {
      error: `${veld} is een datum als JJJJ-MM-DD.`,
    });

const koppelingSchema = z
  .strictObject({
    grondslag: z
      .string({ error: 'Grondslag is verplicht, bijvoorbeeld "Wgs art. 3".' })
      .trim()
      .min(1, { error: 'Grondslag is verplicht, bijvoorbeeld "Wgs art. 3".' })
      .max(500, { error: 'Grondslag is hoogstens 500 tekens.' }),
    startdatum: datum('Startdatum'),
    einddatum: datum('Einddatum').nullable().optional(),
  })
  .refine((k) => !k.einddatum || k.einddatum >= k.startdatum, {
    path: ['einddatum'],
    error: 'De einddatum ligt niet vóór de startdatum.',
  });

@ApiTags('Platformbeheer')
@ApiBearerAuth()
@Controller()
export class SignaalpartnersController {
  constructor(
    @Inject(SignaalpartnersService) private readonly partners: SignaalpartnersService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Get('signaalpartners')
  @Rollen('PLATFORMBEHEERDER')
  @ApiOperation({ summary: 'Alle signaalpartners, met hun koppelingen en het aantal API-sleutels' })
  @ApiResponse({ status: 200, description: '{ signaalpartners }' })
  async lijst() {
    return { signaalpartners: await this.partners.lijst() };
  }

  @Post('signaalpartners')
  @HttpCode(201)
  @Rollen('PLATFORMBEHEERDER')
  @ApiOperation({ summary: 'Een signaalpartner aanmaken' })
  @ApiBody({ schema: z.toJSONSchema(partnerSchema) as object })
  @ApiResponse({ status: 201, description: 'De signaalpartner' })
  @ApiResponse({ status: 409, description: 'De naam bestaat al' })
  async maak(@Body() body: unknown, @HuidigeActor() actor: Actor, @Req() verzoek: VerzoekMetActor) {
    const { naam, type } = leesBody(partnerSchema, body);
    const partner = await this.partners.maak(naam, type);
    await this.audit.leg(actor, verzoek, {
      actie: 'signaalpartner_aanmaken',
      objectType: 'Signaalpartner',
      objectId: partner.id,
      resultaat: 'gelukt',
    });
    return partner;
  }

  @Put('signaalpartners/:id/koppelingen/:gemeentecode')
  @Rollen('PLATFORMBEHEERDER')
  @ApiOperation({
    summary:
      'De koppeling (grondslag en looptijd) van een signaalpartner met een gemeente vastleggen',
    description:
      'Alleen signalen met een signaaldatum binnen de looptijd worden naar de gemeente gerouteerd.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'gemeentecode', example: '0344' })
  @ApiBody({ schema: z.toJSONSchema(koppelingSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 200, description: 'De koppeling' })
  @ApiResponse({ status: 404, description: 'Signaalpartner of gemeente onbekend' })
  async legKoppelingVast(
    @Param('id') id: string,
    @Param('gemeentecode') gemeentecode: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const koppeling = await this.partners.legKoppelingVast(
      id,
      gemeentecode,
      leesBody(koppelingSchema, body),
    );
    await this.audit.leg(actor, verzoek, {
      actie: 'koppeling_vastleggen',
      objectType: 'Koppeling',
      objectId: `${id}/${gemeentecode}`,
      resultaat: 'gelukt',
    });
    return koppeling;
  }

  @Delete('signaalpartners/:id/koppelingen/:gemeentecode')
  @HttpCode(204)
  @Rollen('PLATFORMBEHEERDER')
  @ApiOperation({ summary: 'De koppeling van een signaalpartner met een gemeente beëindigen' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'gemeentecode', example: '0344' })
  @ApiResponse({ status: 204, description: 'Verwijderd' })
  @ApiResponse({ status: 404, description: 'Geen koppeling' })
  async verwijderKoppeling(
    @Param('id') id: string,
    @Param('gemeentecode') gemeentecode: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ): Promise<void> {
    await this.partners.verwijderKoppeling(id, gemeentecode);
    await this.audit.leg(actor, verzoek, {
      actie: 'koppeling_verwijderen',
      objectType: 'Koppeling',
      objectId: `${id.slice(0, 36)}/${gemeentecode.slice(0, 4)}`,
      resultaat: 'gelukt',
    });
  }

  @Get('vastgehouden-signalen')
  @Rollen('PLATFORMBEHEERDER')
  @ApiOperation({
    summary: 'De wachtrij van signalen die de routering niet kon plaatsen, oudste eerst',
    description:
      'Met reden en leeftijd, en de postcode en het huisnummer waarop de routering vastliep (persoonsgegevens: het inzien wordt per signaal gelogd). Toewijzen gaat met POST /v1/signalen/{id}/routering.',
  })
  @ApiResponse({ status: 200, description: '{ signalen }' })
  async vastgehouden(@HuidigeActor() actor: Actor, @Req() verzoek: VerzoekMetActor) {
    const signalen = await this.partners.vastgehouden();
    await this.audit.legMeerdere(
      actor,
      verzoek,
      signalen.map((s) => ({
        actie: 'signaal_inzien',
        objectType: 'Signaal',
        objectId: s.id,
        resultaat: 'gelukt' as const,
      })),
    );
    return { signalen };
  }
}
