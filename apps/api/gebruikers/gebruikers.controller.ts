import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { isGeldigEmailadres } from '../../../domain/nederlandse-gegevens.js';
import { AuditService } from '../audit/audit.service.js';
import {
  type Actor,
  HuidigeActor,
  MELDINGROLLEN,
  Rollen,
  type VerzoekMetActor,
} from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { GebruikersService } from './gebruikers.service.js';

const ROLKEUZE = ['GEMEENTEBEHEERDER', 'TEAMLEIDER', 'BEHANDELAAR', 'EXTERN'] as const;
const rol = z.enum(ROLKEUZE, {
  error: 'rol is GEMEENTEBEHEERDER, TEAMLEIDER, BEHANDELAAR of EXTERN.',
});
const naam = z
  .string({ error: 'Naam is verplicht.' })
  .trim()
  .min(1, { error: 'Naam is verplicht.' })
  .max(200, { error: 'Naam is hoogstens 200 tekens.' });
const wijken = z
  .array(z.string({ error: 'Een wijk is een wijkcode, bijvoorbeeld 019301.' }), {
    error: 'wijken is een lijst van wijkcodes.',
  })
  .max(500, { error: 'wijken is hoogstens 500 wijkcodes.' });

const uitnodigingSchema = z
  .strictObject({
    email: z.string({ error: 'E-mailadres is verplicht.' }).trim().refine(isGeldigEmailadres, {
      error: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.',
    }),
    naam,
    rol,
    organisatie: z
      .string({ error: 'Organisatie is een tekst.' })
      .trim()
      .max(200, { error: 'Organisatie is hoogstens 200 tekens.' })
      .optional(),
    wijken: wijken.optional(),
  })
  .superRefine((g, ctx) => {
    if (g.rol === 'EXTERN' && !g.organisatie)
      ctx.addIssue({
        code: 'custom',
        path: ['organisatie'],
        message: 'Vul de organisatie in van een externe gebruiker.',
      });
    if (g.rol !== 'EXTERN' && g.wijken?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['wijken'],
        message: 'Alleen een externe gebruiker wordt beperkt tot wijken.',
      });
  });

const wijzigingSchema = z.strictObject({
  naam: naam.optional(),
  rol: rol.optional(),
  actief: z.boolean({ error: 'actief is true of false.' }).optional(),
  wijken: wijken.optional(),
});

@ApiTags('Gebruikers')
@ApiBearerAuth()
@Controller('gebruikers')
export class GebruikersController {
  constructor(
    @Inject(GebruikersService) private readonly gebruikers: GebruikersService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Get()
  @Rollen(...MELDINGROLLEN)
  @ApiOperation({
    summary: 'De gebruikers van uw gemeente',
    description:
      'Iedereen van de gemeente ziet id, naam, rol en actief (bijvoorbeeld om een melding toe te wijzen); de gemeentebeheerder ziet ook e-mailadres, organisatie, wijken, of de uitnodiging nog openstaat en wanneer het account is gemaakt.',
  })
  @ApiResponse({ status: 200, description: '{ gebruikers }' })
  async lijst(@HuidigeActor() actor: Actor, @Req() verzoek: VerzoekMetActor) {
    const gebruikers = await this.gebruikers.lijst(actor);
    if (actor.rol === 'GEMEENTEBEHEERDER')
      await this.audit.leg(actor, verzoek, {
        actie: 'gebruikers_inzien',
        objectType: 'Gebruiker',
        resultaat: 'gelukt',
      });
    return { gebruikers };
  }

  @Post()
  @HttpCode(201)
  @Rollen('GEMEENTEBEHEERDER')
  @ApiOperation({
    summary: 'Een gebruiker uitnodigen',
    description:
      'Maakt het account zonder wachtwoord en geeft eenmalig de uitnodigingslink (/uitnodiging#token, 7 dagen geldig); alleen de hash van het token wordt bewaard. Een externe gebruiker (EXTERN) heeft een organisatie en ziet alleen meldingen in de gekozen wijken (geen wijken: de hele gemeente).',
  })
  @ApiBody({ schema: z.toJSONSchema(uitnodigingSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 201, description: '{ gebruiker, uitnodigingslink, verlooptOp }' })
  @ApiResponse({ status: 400, description: 'Ongeldige invoer, met de reden per veld' })
  @ApiResponse({ status: 409, description: 'Het e-mailadres heeft al een account' })
  async nodigUit(
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const nieuw = leesBody(uitnodigingSchema, body);
    const { gebruiker, token } = await this.gebruikers.nodigUit(actor, nieuw);
    await this.audit.leg(actor, verzoek, {
      actie: 'gebruiker_uitnodigen',
      objectType: 'Gebruiker',
      objectId: gebruiker.id,
      resultaat: 'gelukt',
    });
    // The token sits in the fragment, which browsers never send to a server.
    return { gebruiker, uitnodigingslink: `/uitnodiging#${token}` };
  }

  @Patch(':id')
  @Rollen('GEMEENTEBEHEERDER')
  @ApiOperation({
    summary: 'Een gebruiker van uw gemeente wijzigen: naam, rol, wijken of (de)activeren',
    description:
      'Deactiveren beëindigt meteen alle sessies van de gebruiker. U kunt uzelf niet deactiveren of een andere rol geven.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: z.toJSONSchema(wijzigingSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 200, description: 'De gebruiker na de wijziging' })
  @ApiResponse({ status: 404, description: 'Geen gebruiker van uw gemeente' })
  @ApiResponse({ status: 409, description: 'Uzelf deactiveren of degraderen' })
  async wijzig(
    @Param('id') id: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const wijziging = leesBody(wijzigingSchema, body);
    try {
      const gebruiker = await this.gebruikers.wijzig(actor, id, wijziging);
      await this.audit.leg(actor, verzoek, {
        actie: 'gebruiker_wijzigen',
        objectType: 'Gebruiker',
        objectId: id,
        resultaat: 'gelukt',
      });
      return gebruiker;
    } catch (fout) {
      await this.audit.leg(actor, verzoek, {
        actie: 'gebruiker_wijzigen',
        objectType: 'Gebruiker',
        objectId: id.slice(0, 64),
        resultaat: 'geweigerd',
      });
      throw fout;
    }
  }
}
