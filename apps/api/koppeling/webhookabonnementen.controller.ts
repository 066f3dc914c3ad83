import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
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
import { WEBHOOK_GEBEURTENISSEN } from '../../../domain/webhookhandtekening.js';
import type { Config } from '../../shared/config.js';
import { CONFIG } from '../../shared/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, HuidigeActor, Rollen, type VerzoekMetActor } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { ApiPaginering, paginaInfo, paginering } from '../infra/paginering.js';
import { Probleem } from '../infra/probleem.js';
import { KoppelingService } from './koppeling.service.js';

const LOKAAL = new Set(['localhost', '127.0.0.1', '[::1]']);

function abonnementSchema(localhostToestaan: boolean) {
  return z.strictObject({
    url: z
      .url({
        error:
          'url is een volledige URL, bijvoorbeeld https://zaaksysteem.gemeente.nl/vroegsignaal.',
      })
      .max(2000, { error: 'url is hoogstens 2000 tekens.' })
      .refine(
        (url) => {
          const u = new URL(url);
          return (
            u.protocol === 'https:' ||
            (localhostToestaan && u.protocol === 'http:' && LOKAAL.has(u.hostname))
          );
        },
        { error: 'url moet met https:// beginnen: de berichten gaan over het internet.' },
      )
      .refine(
        (url) => {
          const u = new URL(url);
          return !u.username && !u.password;
        },
        {
          error:
            'Zet geen gebruikersnaam of wachtwoord in de url; de handtekening bewijst dat het bericht van Vroegsignaal komt.',
        },
      ),
    gebeurtenistypen: z
      .array(
        z.enum(WEBHOOK_GEBEURTENISSEN, {
          error: `gebeurtenistypen bevat alleen: ${WEBHOOK_GEBEURTENISSEN.join(', ')}.`,
        }),
        { error: `gebeurtenistypen is een lijst met: ${WEBHOOK_GEBEURTENISSEN.join(', ')}.` },
      )
      .min(1, { error: 'Kies minstens één gebeurtenistype.' }),
    omschrijving: z
      .string()
      .trim()
      .min(1)
      .max(200, { error: 'omschrijving is hoogstens 200 tekens.' })
      .optional(),
  });
}

const afleveringenSchema = z.strictObject(paginering);

/**
 * Webhooks for the gemeente's own software: a signed POST with ids and codes
 * per melding event; the receiver fetches the details with its API key.
 */
@ApiTags('Koppelingen')
@ApiBearerAuth()
@Controller('webhookabonnementen')
export class WebhookabonnementenController {
  private readonly schema: ReturnType<typeof abonnementSchema>;

  constructor(
    @Inject(KoppelingService) private readonly koppeling: KoppelingService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CONFIG) config: Config,
  ) {
    this.schema = abonnementSchema(config.WEBHOOK_LOCALHOST_TOESTAAN);
  }

  @Post()
  @Rollen('GEMEENTEBEHEERDER')
  @ApiOperation({
    summary: 'Een URL abonneren op gebeurtenissen van de meldingen van uw gemeente',
    description:
      `Gebeurtenissen: ${WEBHOOK_GEBEURTENISSEN.join(', ')}. Het antwoord bevat eenmalig het geheim waarmee elk bericht ondertekend wordt ` +
      '(header Vroegsignaal-Signature: t=<unix>,v1=<hex HMAC-SHA256(geheim, "<t>.<body>")>). De url moet https gebruiken.',
  })
  @ApiBody({ schema: z.toJSONSchema(abonnementSchema(false), { io: 'input' }) as object })
  @ApiResponse({ status: 201, description: 'Het abonnement, eenmalig met het veld geheim' })
  @ApiResponse({ status: 400, description: 'url of gebeurtenistypen ongeldig' })
  async abonneer(
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const invoer = leesBody(this.schema, body);
    const abonnement = await this.koppeling.abonneer(actor.gemeenteId!, invoer);
    await this.audit.leg(actor, verzoek, {
      actie: 'webhookabonnement_maken',
      objectType: 'Webhookabonnement',
      objectId: abonnement.id,
      resultaat: 'gelukt',
    });
    return abonnement;
  }

  @Get()
  @Rollen('GEMEENTEBEHEERDER')
  @ApiOperation({ summary: 'De webhookabonnementen van uw gemeente, zonder geheim' })
  @ApiResponse({ status: 200, description: '{ webhookabonnementen: [...] }' })
  async lijst() {
    return { webhookabonnementen: await this.koppeling.abonnementen() };
  }

  @Get(':id')
  @Rollen('GEMEENTEBEHEERDER')
  @ApiOperation({ summary: 'Eén webhookabonnement van uw gemeente, zonder geheim' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'Het abonnement' })
  @ApiResponse({ status: 404, description: 'Geen abonnement van uw gemeente met deze id' })
  async haalOp(@Param('id') id: string) {
    const abonnement = await this.koppeling.abonnement(id);
    if (!abonnement) throw Probleem.nietGevonden('Webhookabonnement');
    return abonnement;
  }

  @Delete(':id')
  @HttpCode(204)
  @Rollen('GEMEENTEBEHEERDER')
  @ApiOperation({
    summary: 'Een webhookabonnement opzeggen; berichten die nog opnieuw geprobeerd worden stoppen',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Opgezegd' })
  @ApiResponse({ status: 404, description: 'Geen abonnement van uw gemeente met deze id' })
  async zegOp(
    @Param('id') id: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ): Promise<void> {
    const gelukt = await this.koppeling.zegOp(id);
    await this.audit.leg(actor, verzoek, {
      actie: 'webhookabonnement_opzeggen',
      objectType: 'Webhookabonnement',
      objectId: id.slice(0, 64),
      resultaat: gelukt ? 'gelukt' : 'niet_gevonden',
    });
    if (!gelukt) throw Probleem.nietGevonden('Webhookabonnement');
  }

  @Get(':id/afleveringen')
  @Rollen('GEMEENTEBEHEERDER')
  @ApiOperation({
    summary: 'Het afleverlog van een abonnement: per bericht de status, pogingen en laatste fout',
    description:
      'status is BEZIG (wordt nog geprobeerd), AFGELEVERD (de ontvanger antwoordde 2xx) of MISLUKT (opgegeven). Nieuwste eerst.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiPaginering()
  @ApiResponse({ status: 200, description: 'Een pagina afleveringen' })
  @ApiResponse({ status: 404, description: 'Geen abonnement van uw gemeente met deze id' })
  async afleveringen(@Param('id') id: string, @Query() query: unknown) {
    const { pagina, paginagrootte } = leesBody(afleveringenSchema, query);
    if (!(await this.koppeling.abonnement(id))) throw Probleem.nietGevonden('Webhookabonnement');
    const { afleveringen, totaal } = await this.koppeling.afleveringen(id, {
      pagina,
      paginagrootte,
    });
    return {
      afleveringen,
      ...paginaInfo(
        `/v1/webhookabonnementen/${id}/afleveringen`,
        {},
        { pagina, paginagrootte },
        totaal,
      ),
    };
  }

  @Post(':id/afleveringen/:afleveringId/opnieuw-versturen')
  @HttpCode(202)
  @Rollen('GEMEENTEBEHEERDER')
  @ApiOperation({
    summary:
      'Een afgerond bericht opnieuw versturen, met dezelfde id, met een nieuwe reeks pogingen',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'afleveringId', format: 'uuid' })
  @ApiResponse({ status: 202, description: 'Wordt opnieuw verstuurd; volg het afleverlog' })
  @ApiResponse({ status: 404, description: 'Geen aflevering van dit abonnement' })
  @ApiResponse({ status: 409, description: 'Wordt nog verstuurd, of het abonnement is beëindigd' })
  async verstuurOpnieuw(@Param('id') id: string, @Param('afleveringId') afleveringId: string) {
    if (!(await this.koppeling.abonnement(id))) throw Probleem.nietGevonden('Webhookabonnement');
    const uitkomst = await this.koppeling.verstuurOpnieuw(id, afleveringId);
    if (uitkomst === 'niet_gevonden') throw Probleem.nietGevonden('Aflevering');
    if (uitkomst === 'bezig')
      throw new Probleem(
        409,
        'Wordt nog verstuurd.',
        'Dit bericht wordt nog geprobeerd; wacht tot het is afgerond.',
      );
    if (uitkomst === 'beeindigd')
      throw new Probleem(
        409,
        'Abonnement beëindigd.',
        'Dit abonnement is opgezegd of vervallen; er wordt niets meer verstuurd.',
      );
    return { id: afleveringId, status: 'BEZIG' };
  }
}
