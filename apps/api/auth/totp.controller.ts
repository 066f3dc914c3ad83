import { Body, Controller, Delete, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { type Actor, HuidigeActor, type VerzoekMetActor, ZonderTweedeFactor } from './actor.js';
import { TotpService } from './totp.service.js';

const codeSchema = z.strictObject({
  code: z
    .string({ error: 'code is verplicht: de zescijferige code uit de authenticator-app.' })
    .min(1, { error: 'code is verplicht: de zescijferige code uit de authenticator-app.' })
    .max(12, { error: 'code is een code van zes cijfers.' }),
});

/** The logged-in user's own TOTP second factor: set up, confirm, turn off. */
@ApiTags('Sessies')
@ApiBearerAuth()
@ZonderTweedeFactor()
@Controller('sessies/huidige/totp')
export class TotpController {
  constructor(
    @Inject(TotpService) private readonly totp: TotpService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Tweede factor instellen: geeft eenmalig het geheim en de otpauth-URI',
    description:
      'Het geheim wordt alleen nu getoond; zet het in een authenticator-app (of maak een QR-code van otpauthUri) en bevestig met een code via POST /v1/sessies/huidige/totp/bevestiging. Pas daarna is de code nodig bij inloggen.',
  })
  @ApiResponse({ status: 201, description: 'Geheim en otpauth-URI' })
  @ApiResponse({ status: 409, description: 'De tweede factor staat al aan' })
  async begin(@HuidigeActor() actor: Actor, @Req() verzoek: VerzoekMetActor) {
    const gebruikerId = eigenAccount(actor);
    return this.metAudit(actor, verzoek, 'tweede_factor_instellen', () =>
      this.totp.begin(gebruikerId),
    );
  }

  @Post('bevestiging')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Tweede factor bevestigen met een code uit de app; daarna staat hij aan',
  })
  @ApiBody({ schema: z.toJSONSchema(codeSchema) as object })
  @ApiResponse({ status: 204, description: 'De tweede factor staat aan' })
  @ApiResponse({ status: 400, description: 'De code klopt niet' })
  async bevestig(
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ): Promise<void> {
    const gebruikerId = eigenAccount(actor);
    const { code } = leesBody(codeSchema, body);
    await this.metAudit(actor, verzoek, 'tweede_factor_aanzetten', () =>
      this.totp.bevestig(gebruikerId, code),
    );
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Tweede factor uitzetten; vraagt een geldige code uit de app' })
  @ApiBody({ schema: z.toJSONSchema(codeSchema) as object })
  @ApiResponse({ status: 204, description: 'De tweede factor staat uit' })
  @ApiResponse({ status: 400, description: 'De code klopt niet' })
  async zetUit(
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ): Promise<void> {
    const gebruikerId = eigenAccount(actor);
    const { code } = leesBody(codeSchema, body);
    await this.metAudit(actor, verzoek, 'tweede_factor_uitzetten', () =>
      this.totp.zetUit(gebruikerId, code),
    );
  }

  private async metAudit<T>(
    actor: Actor,
    verzoek: VerzoekMetActor,
    actie: string,
    handeling: () => Promise<T>,
  ): Promise<T> {
    let resultaat: T;
    try {
      resultaat = await handeling();
    } catch (fout) {
      if (fout instanceof Probleem && fout.status < 500)
        await this.legVast(actor, verzoek, actie, 'geweigerd');
      throw fout;
    }
    await this.legVast(actor, verzoek, actie);
    return resultaat;
  }

  private legVast(
    actor: Actor,
    verzoek: VerzoekMetActor,
    actie: string,
    resultaat: 'gelukt' | 'geweigerd' = 'gelukt',
  ): Promise<void> {
    return this.audit.leg(actor, verzoek, {
      actie,
      objectType: 'Gebruiker',
      objectId: actor.id,
      resultaat,
    });
  }
}

function eigenAccount(actor: Actor): string {
  if (actor.soort !== 'gebruiker')
    throw new Probleem(
      403,
      'Geen toegang.',
      'Alleen een ingelogde gebruiker kan een tweede factor instellen, geen API-sleutel.',
    );
  return actor.id;
}
