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
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiQuery,
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
import { signaalWeergave } from './signaal.weergave.js';
import { SignalenService } from './signalen.service.js';

const lijstSchema = z.strictObject({
  status: z
    .enum(['gerouteerd', 'niet-gerouteerd'], { error: 'status is gerouteerd of niet-gerouteerd.' })
    .optional(),
  ...paginering,
});

const reden = z
  .string({ error: 'reden moet tekst zijn.' })
  .trim()
  .max(200, { error: 'reden is hoogstens 200 tekens.' })
  .optional();
const intrekkingSchema = z.strictObject({ reden });
const intrekkingOpReferentieSchema = z.strictObject({
  referentie: z
    .string({ error: 'referentie is verplicht.' })
    .min(1, { error: 'referentie is verplicht.' }),
  reden,
});

const toewijzingSchema = z.strictObject({
  gemeentecode: z
    .string({ error: 'gemeentecode is verplicht.' })
    .regex(/^\d{4}$/, { error: 'Een gemeentecode bestaat uit vier cijfers, bijvoorbeeld 0344.' }),
});

@ApiTags('Signalen')
@ApiBearerAuth()
@ApiSecurity('apiSleutel')
@Controller('signalen')
export class SignalenController {
  constructor(
    @Inject(SignalenService) private readonly signalen: SignalenService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Post()
  @Rollen(SIGNAALPARTNER_SYSTEEM, 'SIGNAALPARTNER')
  @Snelheidslimiet('intake')
  @ApiOperation({
    summary: 'Eén signaal aanleveren',
    description:
      'Slaat het signaal op en start de verwerking (routering naar gemeente en wijk). Dezelfde referentie opnieuw aanleveren geeft hetzelfde signaal terug (200) en start niets dubbel.',
  })
  @ApiBody({ schema: z.toJSONSchema(signaalInvoerSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 201, description: 'Signaal aangenomen' })
  @ApiResponse({ status: 200, description: 'Dit signaal was al aangeleverd' })
  @ApiResponse({ status: 400, description: 'Ongeldige invoer; alle fouten in invalidParams' })
  @ApiResponse({ status: 409, description: 'Referentie al gebruikt voor een ander signaal' })
  async leverAan(
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { signaal, nieuw } = await this.signalen.ontvang(actor.signaalpartnerId!, body);
    await this.audit.leg(actor, verzoek, {
      actie: nieuw ? 'signaal_aanleveren' : 'signaal_opnieuw_aanleveren',
      objectType: 'Signaal',
      objectId: signaal.id,
      resultaat: 'gelukt',
    });
    response.status(nieuw ? 201 : 200).location(`/v1/signalen/${signaal.id}`);
    return signaalWeergave(signaal, actor);
  }

  @Get()
  @ApiOperation({
    summary: 'Signalen die u mag zien, per pagina',
    description:
      'Met status=niet-gerouteerd: de signalen die de routering niet kon plaatsen (de wachtrij van platformbeheer), met de reden. Elk getoond signaal wordt in het auditlog vastgelegd.',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['gerouteerd', 'niet-gerouteerd'] })
  @ApiPaginering()
  @ApiResponse({ status: 200, description: 'Een pagina signalen' })
  async lijst(
    @Query() query: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const filter = leesBody(lijstSchema, query);
    const { signalen, totaal } = await this.signalen.lijst(filter);
    await this.audit.legMeerdere(
      actor,
      verzoek,
      signalen.map((s) => ({
        actie: 'signaal_inzien',
        objectType: 'Signaal',
        objectId: s.id,
        resultaat: 'gelukt',
      })),
    );
    return {
      signalen: signalen.map((s) => signaalWeergave(s, actor)),
      ...paginaInfo('/v1/signalen', filter.status ? { status: filter.status } : {}, filter, totaal),
    };
  }

  @Post('intrekkingen')
  @HttpCode(200)
  @Rollen(SIGNAALPARTNER_SYSTEEM, 'SIGNAALPARTNER')
  @ApiOperation({
    summary: 'Een eigen signaal intrekken op referentie, bijvoorbeeld omdat de klant heeft betaald',
  })
  @ApiBody({ schema: z.toJSONSchema(intrekkingOpReferentieSchema) as object })
  @ApiResponse({ status: 200, description: 'Het ingetrokken signaal' })
  @ApiResponse({ status: 404, description: 'Geen eigen signaal met deze referentie' })
  async trekInOpReferentie(
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const { referentie, reden } = leesBody(intrekkingOpReferentieSchema, body);
    return this.trekIn({ referentie }, reden ?? null, actor, verzoek);
  }

  @Post(':id/intrekking')
  @HttpCode(200)
  @Rollen(SIGNAALPARTNER_SYSTEEM, 'SIGNAALPARTNER')
  @ApiOperation({
    summary: 'Een eigen signaal intrekken, bijvoorbeeld omdat de klant heeft betaald',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: z.toJSONSchema(intrekkingSchema) as object, required: false })
  @ApiResponse({ status: 200, description: 'Het ingetrokken signaal' })
  @ApiResponse({ status: 404, description: 'Geen eigen signaal' })
  async trekInOpId(
    @Param('id') id: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const { reden } = leesBody(intrekkingSchema, body ?? {});
    return this.trekIn({ id }, reden ?? null, actor, verzoek);
  }

  private async trekIn(
    waar: { id: string } | { referentie: string },
    reden: string | null,
    actor: Actor,
    verzoek: VerzoekMetActor,
  ) {
    const signaal = await this.signalen.trekIn(waar, reden);
    await this.audit.leg(actor, verzoek, {
      actie: 'signaal_intrekken',
      objectType: 'Signaal',
      objectId: signaal.id,
      resultaat: 'gelukt',
    });
    return signaalWeergave(signaal, actor);
  }

  @Post(':id/routering')
  @HttpCode(200)
  @Rollen('PLATFORMBEHEERDER')
  @ApiOperation({ summary: 'Een vastgehouden signaal aan een gemeente toewijzen (platformbeheer)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: z.toJSONSchema(toewijzingSchema) as object })
  @ApiResponse({ status: 200, description: 'Het signaal, nu gerouteerd' })
  @ApiResponse({
    status: 409,
    description: 'Het signaal is al gerouteerd of wacht niet op toewijzing',
  })
  async wijsToe(
    @Param('id') id: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const { gemeentecode } = leesBody(toewijzingSchema, body);
    try {
      const signaal = await this.signalen.wijsGemeenteToe(id, gemeentecode);
      await this.audit.leg(actor, verzoek, {
        actie: 'signaal_handmatig_routeren',
        objectType: 'Signaal',
        objectId: id,
        resultaat: 'gelukt',
      });
      return signaalWeergave(signaal, actor);
    } catch (fout) {
      await this.audit.leg(actor, verzoek, {
        actie: 'signaal_handmatig_routeren',
        objectType: 'Signaal',
        objectId: id.slice(0, 64),
        resultaat: 'geweigerd',
      });
      throw fout;
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'Eén signaal met zijn routering; het inzien wordt gelogd' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'Het signaal' })
  @ApiResponse({ status: 404, description: 'Bestaat niet of valt buiten uw organisatie' })
  async haalOp(
    @Param('id') id: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const signaal = await this.signalen.haalOp(id);
    await this.audit.leg(actor, verzoek, {
      actie: 'signaal_inzien',
      objectType: 'Signaal',
      objectId: id,
      resultaat: signaal ? 'gelukt' : 'niet_gevonden',
    });
    if (!signaal) throw Probleem.nietGevonden('Signaal');
    return signaalWeergave(signaal, actor);
  }
}
