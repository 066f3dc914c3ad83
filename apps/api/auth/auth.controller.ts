import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { type Actor, HuidigeActor, Openbaar, type VerzoekMetActor } from './actor.js';
import { AuthService } from './auth.service.js';

const inlogSchema = z.strictObject({
  email: z
    .string({ error: 'E-mailadres is verplicht.' })
    .min(1, { error: 'E-mailadres is verplicht.' }),
  wachtwoord: z
    .string({ error: 'Wachtwoord is verplicht.' })
    .min(1, { error: 'Wachtwoord is verplicht.' }),
});

@ApiTags('Sessies')
@Controller('sessies')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Post()
  @Openbaar()
  @HttpCode(201)
  @ApiOperation({ summary: 'Inloggen: geeft een bearer-token dat na de sessieduur verloopt' })
  @ApiBody({ schema: z.toJSONSchema(inlogSchema) as object })
  @ApiResponse({ status: 201, description: 'Ingelogd' })
  @ApiResponse({ status: 401, description: 'Onjuiste combinatie' })
  async logIn(@Body() body: unknown, @Req() verzoek: VerzoekMetActor) {
    const { email, wachtwoord } = leesBody(inlogSchema, body);
    try {
      const sessie = await this.auth.logIn(email, wachtwoord);
      await this.audit.leg(sessie.actor, verzoek, {
        actie: 'inloggen',
        objectType: 'Sessie',
        resultaat: 'gelukt',
      });
      return {
        token: sessie.token,
        tokenType: 'Bearer',
        verlooptOp: sessie.verlooptOp.toISOString(),
        rol: sessie.actor.rol,
      };
    } catch (fout) {
      if (fout instanceof Probleem) {
        await this.audit.leg(null, verzoek, {
          actie: 'inloggen',
          objectType: 'Sessie',
          resultaat: 'geweigerd',
        });
      }
      throw fout;
    }
  }

  @Get('huidige')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Wie is ingelogd: naam, rol en organisatie, met de huisstijl van de gemeente voor de browserapplicatie',
  })
  @ApiResponse({ status: 200, description: 'De ingelogde gebruiker' })
  huidige(@HuidigeActor() actor: Actor) {
    return this.auth.wieIsIngelogd(actor);
  }

  @Delete('huidige')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Uitloggen: het token werkt daarna niet meer' })
  @ApiResponse({ status: 204, description: 'Uitgelogd' })
  async logUit(@Req() verzoek: VerzoekMetActor): Promise<void> {
    const autorisatie = verzoek.headers.authorization;
    if (typeof autorisatie === 'string') await this.auth.logUit(autorisatie.slice(7).trim());
  }
}
