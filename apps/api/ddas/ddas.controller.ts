import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { veldfoutenUitZod } from '../../../domain/veldfout.js';
import { AuditService } from '../audit/audit.service.js';
import {
  type Actor,
  DDAS_CLIENT,
  HuidigeActor,
  Openbaar,
  Rollen,
  type VerzoekMetActor,
} from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { isUuid } from '../infra/uuid.js';
import { DDAS_SCOPE, DdasClientsService } from './ddas-clients.service.js';
import { DdasGegevensService } from './ddas-gegevens.service.js';
import { DDAS_TOKEN_SECONDEN } from './ddas-token.js';

/** CBS's own example page size; one page must stay a single fast query. */
export const MAXIMALE_PAGE_SIZE = 25_000;

const datum = (naam: string) =>
  z
    .string({ error: `De parameter ${naam} is verplicht, als datum JJJJ-MM-DD.` })
    .refine(
      (d) =>
        /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
      { error: `De parameter ${naam} moet een datum zijn in het formaat JJJJ-MM-DD.` },
    );

const geheelGetal = (naam: string, maximum: number) =>
  z
    .number({ error: `De parameter ${naam} moet een geheel getal zijn.` })
    .int({ error: `De parameter ${naam} moet een geheel getal zijn.` })
    .min(1, { error: `De parameter ${naam} moet groter zijn dan of gelijk zijn aan 1.` })
    .max(maximum, {
      error: `De parameter ${naam} moet kleiner zijn dan of gelijk zijn aan ${maximum}.`,
    });

// The request of DDAS-VS.openapi.yaml (GegevensRequest), plus `gemeentecodes`
// to ask for several of the client's gemeenten at once; without it and without
// aanleverende_organisatie, every gemeente the client may read.
const gegevensSchema = z
  .strictObject({
    aanleverperiodeStartdatum: datum('aanleverperiodeStartdatum'),
    aanleverperiodeEinddatum: datum('aanleverperiodeEinddatum'),
    aanleverende_organisatie: z
      .string({ error: 'De parameter aanleverende_organisatie is een gemeentenaam of -code.' })
      .trim()
      .min(1, { error: 'De parameter aanleverende_organisatie is een gemeentenaam of -code.' })
      .optional(),
    gemeentecodes: z
      .array(
        z.string().regex(/^\d{4}$/, {
          error: 'Een gemeentecode bestaat uit vier cijfers, bijvoorbeeld 0344.',
        }),
        { error: 'De parameter gemeentecodes is een lijst van gemeentecodes.' },
      )
      .min(1, { error: 'De parameter gemeentecodes noemt ten minste één gemeente.' })
      .optional(),
    page: geheelGetal('page', Number.MAX_SAFE_INTEGER).default(1),
    pageSize: geheelGetal('pageSize', MAXIMALE_PAGE_SIZE).default(MAXIMALE_PAGE_SIZE),
  })
  .refine((v) => v.aanleverperiodeEinddatum >= v.aanleverperiodeStartdatum, {
    path: ['aanleverperiodeEinddatum'],
    error: 'De parameter aanleverperiodeEinddatum ligt niet vóór aanleverperiodeStartdatum.',
  });

// RFC 6749 §4.4.2; client_id and client_secret in the body only when the
// client cannot send HTTP Basic (§2.3.1).
const tokenSchema = z.object({
  grant_type: z.literal('client_credentials', {
    error: 'grant_type moet client_credentials zijn.',
  }),
  scope: z
    .string()
    .refine((s) => s.split(' ').every((deel) => deel === DDAS_SCOPE), {
      error: `De enige scope is ${DDAS_SCOPE}.`,
    })
    .optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

const clientSchema = z.strictObject({
  naam: z
    .string({ error: 'Naam is verplicht.' })
    .trim()
    .min(1, { error: 'Naam is verplicht.' })
    .max(200, { error: 'Naam is hoogstens 200 tekens.' }),
  gemeentecodes: z
    .array(
      z.string().regex(/^\d{4}$/, {
        error: 'Een gemeentecode bestaat uit vier cijfers, bijvoorbeeld 0344.',
      }),
    )
    .min(1, { error: 'Noem ten minste één gemeente.' }),
});

/**
 * The national DDAS delivery to CBS (DDAS-VS.openapi.yaml), behind OAuth 2.0
 * client credentials of its own: a DDAS token reads this and nothing else,
 * and no user session or creditor key reads this.
 */
@ApiTags('DDAS')
@Controller('ddas')
export class DdasController {
  constructor(
    @Inject(DdasGegevensService) private readonly gegevens: DdasGegevensService,
    @Inject(DdasClientsService) private readonly clients: DdasClientsService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Post('token')
  @Openbaar()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Een toegangstoken voor de DDAS-levering (OAuth 2.0 client credentials)',
    description:
      'grant_type=client_credentials, client_id en client_secret via HTTP Basic (of in de body). Geeft een bearer-token met scope read dat na 15 minuten verloopt.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: z.toJSONSchema(tokenSchema) as object })
  @ApiResponse({ status: 200, description: '{ access_token, token_type, expires_in, scope }' })
  @ApiResponse({ status: 400, description: 'Ongeldige grant_type of scope' })
  @ApiResponse({ status: 401, description: 'Onbekende client of onjuist secret' })
  async token(@Body() body: unknown, @Req() verzoek: VerzoekMetActor) {
    const invoer = leesBody(tokenSchema, body ?? {});
    const basic = leesBasic(verzoek.headers.authorization);
    const clientId = basic?.clientId ?? invoer.client_id;
    const clientSecret = basic?.clientSecret ?? invoer.client_secret;
    const weigering = new Probleem(
      401,
      'Client-authenticatie mislukt.',
      'Onbekende client, ingetrokken client of onjuist client_secret.',
      undefined,
      { 'WWW-Authenticate': 'Basic realm="ddas"' },
    );
    if (!clientId || !clientSecret) {
      await this.audit.leg(null, verzoek, {
        actie: 'ddas_token_uitgeven',
        objectType: 'DdasClient',
        resultaat: 'geweigerd',
      });
      throw weigering;
    }
    const uitgegeven = await this.clients.geefToken(clientId, clientSecret);
    await this.audit.leg(
      uitgegeven
        ? {
            soort: 'ddas-client',
            id: uitgegeven.id,
            rol: DDAS_CLIENT,
            gemeenteId: null,
            signaalpartnerId: null,
            wijkIds: [],
          }
        : null,
      verzoek,
      {
        actie: 'ddas_token_uitgeven',
        objectType: 'DdasClient',
        // The client_id is public; the secret and the token never reach the log.
        objectId: clientId.slice(0, 64),
        resultaat: uitgegeven ? 'gelukt' : 'geweigerd',
      },
    );
    if (!uitgegeven) throw weigering;
    return {
      access_token: uitgegeven.token,
      token_type: 'Bearer',
      expires_in: DDAS_TOKEN_SECONDEN,
      scope: DDAS_SCOPE,
    };
  }

  @Post('gegevens')
  @HttpCode(200)
  @Rollen(DDAS_CLIENT)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Aanvragen en ontvangen van VS-gegevens (DDAS Uitwisselmodel v1.2)',
    description:
      'Vroegsignalen met een signaaldatum in de aanleverperiode en de vroegsignaalzaken waar zij bij horen, per gemeente waarvoor de client is geautoriseerd. Gepagineerd: eerst de vroegsignalen, dan de zaken, per gemeente. Alleen met een token uit POST /v1/ddas/token.',
  })
  @ApiBody({ schema: z.toJSONSchema(gegevensSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 200, description: '{ gegevens: Uitwisselmodel, paginering }' })
  @ApiResponse({ status: 400, description: 'Ongeldig verzoek (bijv. page kleiner dan 1)' })
  @ApiResponse({ status: 401, description: 'Geen of ongeldig DDAS-token' })
  @ApiResponse({ status: 403, description: 'Geen DDAS-token, of een gemeente buiten de client' })
  async haalGegevensOp(
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const resultaat = gegevensSchema.safeParse(body ?? {});
    if (!resultaat.success) {
      const fouten = veldfoutenUitZod(resultaat.error);
      throw new Probleem(
        400,
        'Ongeldig request',
        fouten[0]!.melding,
        fouten.map((f) => ({ name: f.veld, code: f.code, reason: f.melding })),
      );
    }
    const v = resultaat.data;
    const toegestaan = await this.clients.gemeentenVan(actor.id);
    const gevraagd = [
      ...(v.gemeentecodes ?? []),
      ...(v.aanleverende_organisatie ? [v.aanleverende_organisatie] : []),
    ];
    const gemeenten = gevraagd.length
      ? toegestaan.filter((g) =>
          gevraagd.some((x) => x === g.code || x.toLowerCase() === g.naam.toLowerCase()),
        )
      : toegestaan;
    const buiten = gevraagd.filter(
      (x) => !toegestaan.some((g) => x === g.code || x.toLowerCase() === g.naam.toLowerCase()),
    );
    const auditObject = `${gemeenten.map((g) => g.code).join(',') || '-'}:${v.aanleverperiodeStartdatum}..${v.aanleverperiodeEinddatum}:${v.page}`;
    if (buiten.length || !gemeenten.length) {
      await this.audit.leg(actor, verzoek, {
        actie: 'ddas_gegevens_ophalen',
        objectType: 'DdasLevering',
        objectId:
          `${gevraagd.join(',')}:${v.aanleverperiodeStartdatum}..${v.aanleverperiodeEinddatum}:${v.page}`.slice(
            0,
            500,
          ),
        resultaat: 'geweigerd',
      });
      throw new Probleem(
        403,
        'Geen toegang.',
        buiten.length
          ? `Deze client mag de gegevens van ${buiten.join(', ')} niet ophalen.`
          : 'Deze client is voor geen enkele gemeente geautoriseerd.',
      );
    }
    const pagina = await this.gegevens.pagina({
      startdatum: v.aanleverperiodeStartdatum,
      einddatum: v.aanleverperiodeEinddatum,
      gemeenten,
      page: v.page,
      pageSize: v.pageSize,
    });
    if (v.page > pagina.paginering.totalPages) {
      throw new Probleem(
        400,
        'Ongeldig request',
        `De parameter page moet kleiner zijn dan of gelijk zijn aan ${pagina.paginering.totalPages}.`,
        [
          {
            name: 'page',
            code: 'ongeldig',
            reason: `Er zijn ${pagina.paginering.totalPages} pagina's.`,
          },
        ],
      );
    }
    // The page holds BSNs: who fetched which gemeenten, period and page is
    // recorded; the records themselves follow from that request. One entry
    // per gemeente, so each gemeente finds the fetch in its own audit log.
    await this.audit.legMeerdere(
      actor,
      verzoek,
      gemeenten.map((g) => ({
        actie: 'ddas_gegevens_ophalen',
        objectType: 'DdasLevering',
        objectId: auditObject.slice(0, 500),
        resultaat: 'gelukt' as const,
        gemeenteId: g.id,
      })),
    );
    return { gegevens: pagina.gegevens, paginering: pagina.paginering };
  }

  @Get('clients')
  @Rollen('PLATFORMBEHEERDER')
  @ApiBearerAuth()
  @ApiTags('Platformbeheer')
  @ApiOperation({ summary: 'De DDAS-clients en de gemeenten die zij mogen ophalen' })
  @ApiResponse({ status: 200, description: '{ clients }' })
  async lijst() {
    return { clients: await this.clients.lijst() };
  }

  @Post('clients')
  @HttpCode(201)
  @Rollen('PLATFORMBEHEERDER')
  @ApiBearerAuth()
  @ApiTags('Platformbeheer')
  @ApiOperation({
    summary: 'Een DDAS-client aanmaken',
    description:
      'Het client_secret staat eenmalig in het antwoord en is daarna niet meer op te vragen.',
  })
  @ApiBody({ schema: z.toJSONSchema(clientSchema) as object })
  @ApiResponse({ status: 201, description: 'De client met clientId en eenmalig clientSecret' })
  @ApiResponse({ status: 400, description: 'Ongeldige naam of onbekende gemeentecode' })
  async maak(@Body() body: unknown, @HuidigeActor() actor: Actor, @Req() verzoek: VerzoekMetActor) {
    const { naam, gemeentecodes } = leesBody(clientSchema, body);
    const client = await this.clients.maak(naam, [...new Set(gemeentecodes)]);
    await this.audit.leg(actor, verzoek, {
      actie: 'ddas_client_aanmaken',
      objectType: 'DdasClient',
      objectId: client.id,
      resultaat: 'gelukt',
    });
    return client;
  }

  @Delete('clients/:id')
  @HttpCode(204)
  @Rollen('PLATFORMBEHEERDER')
  @ApiBearerAuth()
  @ApiTags('Platformbeheer')
  @ApiOperation({ summary: 'Een DDAS-client intrekken; zijn tokens vervallen direct' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Ingetrokken' })
  @ApiResponse({ status: 404, description: 'Geen actieve client met dit id' })
  async trekIn(
    @Param('id') id: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ): Promise<void> {
    if (!isUuid(id)) throw Probleem.nietGevonden('De actieve DDAS-client');
    await this.clients.trekIn(id);
    await this.audit.leg(actor, verzoek, {
      actie: 'ddas_client_intrekken',
      objectType: 'DdasClient',
      objectId: id,
      resultaat: 'gelukt',
    });
  }
}

/** client_id and client_secret from HTTP Basic, form-URL-decoded as RFC 6749 §2.3.1 asks. */
function leesBasic(
  autorisatie: string | string[] | undefined,
): { clientId: string; clientSecret: string } | null {
  if (typeof autorisatie !== 'string' || !/^Basic /i.test(autorisatie)) return null;
  const tekst = Buffer.from(autorisatie.slice(6).trim(), 'base64').toString('utf8');
  const scheiding = tekst.indexOf(':');
  if (scheiding < 0) return null;
  const decodeer = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return {
    clientId: decodeer(tekst.slice(0, scheiding)),
    clientSecret: decodeer(tekst.slice(scheiding + 1)),
  };
}
