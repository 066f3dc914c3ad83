import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
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
import { signaalWeergave } from './signaal.weergave.js';
import { SignalenService } from './signalen.service.js';

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
    return signaalWeergave(signaal);
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
    return signaalWeergave(signaal);
  }
}
