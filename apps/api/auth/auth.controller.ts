import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import {
  type Actor,
  HuidigeActor,
  Openbaar,
  type VerzoekMetActor,
  ZonderTweedeFactor,
} from './actor.js';
import { AuthService, Inlogweigering } from './auth.service.js';
import { Snelheidslimiet } from '../infra/snelheidslimiet.js';

const inlogSchema = z.strictObject({
  email: z
    .string({ error: 'E-mailadres is verplicht.' })
    .min(1, { error: 'E-mailadres is verplicht.' }),
  wachtwoord: z
    .string({ error: 'Wachtwoord is verplicht.' })
    .min(1, { error: 'Wachtwoord is verplicht.' }),
  totpCode: z
    .string({ error: 'totpCode moet tekst zijn.' })
    .max(12, { error: 'totpCode is een code van zes cijfers.' })
    .optional(),
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
  @Snelheidslimiet('inlog')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Inloggen: geeft een bearer-token dat na de sessieduur verloopt',
    description:
      'Met een tweede factor (TOTP) ook totpCode meesturen; zonder code antwoordt de API 401 met tweedeFactorVereist: true. Na 5 mislukte pogingen (ook een ontbrekende of onjuiste code) is het account 15 minuten geblokkeerd (429).',
  })
  @ApiBody({ schema: z.toJSONSchema(inlogSchema) as object })
  @ApiResponse({ status: 201, description: 'Ingelogd' })
  @ApiResponse({
    status: 401,
    description: 'Onjuiste combinatie, of de tweede factor ontbreekt (tweedeFactorVereist: true)',
  })
  async logIn(@Body() body: unknown, @Req() verzoek: VerzoekMetActor) {
    const { email, wachtwoord, totpCode } = leesBody(inlogSchema, body);
    try {
      const sessie = await this.auth.logIn(email, wachtwoord, totpCode);
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
        // The account tried, when it exists: so an admin can see an attack on it.
        const gebruikerId = fout instanceof Inlogweigering ? fout.gebruikerId : undefined;
        await this.audit.leg(null, verzoek, {
          actie: 'inloggen',
          objectType: gebruikerId ? 'Gebruiker' : 'Sessie',
          objectId: gebruikerId ?? null,
          resultaat: 'geweigerd',
        });
      }
      throw fout;
    }
  }

  @Get('huidige')
  @ZonderTweedeFactor()
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
  @ZonderTweedeFactor()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Uitloggen: het token werkt daarna niet meer' })
  @ApiResponse({ status: 204, description: 'Uitgelogd' })
  async logUit(@Req() verzoek: VerzoekMetActor): Promise<void> {
    const autorisatie = verzoek.headers.authorization;
    if (typeof autorisatie === 'string') await this.auth.logUit(autorisatie.slice(7).trim());
  }
}
