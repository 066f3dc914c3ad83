import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { GebruikersService } from '../gebruikers/gebruikers.service.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { Openbaar, type VerzoekMetActor } from './actor.js';

export const MINIMALE_WACHTWOORDLENGTE = 12;

const aanvaardSchema = z.strictObject({
  token: z
    .string({ error: 'token is verplicht: het deel na # in de uitnodigingslink.' })
    .min(1, { error: 'token is verplicht: het deel na # in de uitnodigingslink.' })
    .max(200, { error: 'token is te lang.' }),
  wachtwoord: z
    .string({ error: 'Wachtwoord is verplicht.' })
    .min(MINIMALE_WACHTWOORDLENGTE, {
      error: `Kies een wachtwoord van minstens ${MINIMALE_WACHTWOORDLENGTE} tekens.`,
    })
    .max(200, { error: 'Het wachtwoord is hoogstens 200 tekens.' }),
});

@ApiTags('Sessies')
@Controller('uitnodigingen')
export class UitnodigingenController {
  constructor(
    @Inject(GebruikersService) private readonly gebruikers: GebruikersService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Post()
  @Openbaar()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Een uitnodiging aanvaarden: wachtwoord kiezen, daarna gewoon inloggen',
    description: `Het token is het deel na # in de uitnodigingslink; het werkt één keer. Het wachtwoord is minstens ${MINIMALE_WACHTWOORDLENGTE} tekens.`,
  })
  @ApiBody({ schema: z.toJSONSchema(aanvaardSchema) as object })
  @ApiResponse({ status: 204, description: 'Wachtwoord ingesteld' })
  @ApiResponse({ status: 400, description: 'Ongeldige invoer of onbekende uitnodiging' })
  @ApiResponse({ status: 410, description: 'De uitnodiging is verlopen' })
  async aanvaard(@Body() body: unknown, @Req() verzoek: VerzoekMetActor): Promise<void> {
    const { token, wachtwoord } = leesBody(aanvaardSchema, body);
    try {
      const id = await this.gebruikers.aanvaard(token, wachtwoord);
      await this.audit.leg(null, verzoek, {
        actie: 'uitnodiging_aanvaarden',
        objectType: 'Gebruiker',
        objectId: id,
        resultaat: 'gelukt',
      });
    } catch (fout) {
      if (fout instanceof Probleem)
        await this.audit.leg(null, verzoek, {
          actie: 'uitnodiging_aanvaarden',
          objectType: 'Gebruiker',
          resultaat: 'geweigerd',
        });
      throw fout;
    }
  }
}
