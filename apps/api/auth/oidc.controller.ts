import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { GemeentenService } from '../gemeenten/gemeenten.service.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { type Actor, HuidigeActor, Openbaar, Rollen, type VerzoekMetActor } from './actor.js';
import { BROWSER_COOKIE, isLoopback, OidcService, OidcWeigering } from './oidc.service.js';

const BEHEERDERS = ['PLATFORMBEHEERDER', 'GEMEENTEBEHEERDER'] as const;
const ISSUER_FOUT =
  'issuer is de https-URL van de identity provider van uw gemeente, zonder ? of #, bijvoorbeeld https://login.gemeente.nl/realms/medewerkers (http alleen voor localhost).';

const oidcSchema = z.strictObject({
  issuer: z
    .string({ error: ISSUER_FOUT })
    .trim()
    .refine(
      (w) => {
        if (!URL.canParse(w)) return false;
        const url = new URL(w);
        return (
          (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))) &&
          !url.search &&
          !url.hash &&
          !url.username
        );
      },
      { error: ISSUER_FOUT },
    ),
  clientId: z
    .string({ error: 'clientId is de client-id die de identity provider aan Vroegsignaal gaf.' })
    .trim()
    .min(1, { error: 'clientId is de client-id die de identity provider aan Vroegsignaal gaf.' })
    .max(200, { error: 'clientId is hoogstens 200 tekens.' }),
  clientSecret: z
    .string({ error: 'clientSecret is het client secret van de identity provider.' })
    .min(1, { error: 'clientSecret is het client secret; laat het veld weg om het te houden.' })
    .max(500, { error: 'clientSecret is hoogstens 500 tekens.' })
    .nullable()
    .optional(),
  claim: z
    .string({ error: 'claim is de naam van een claim, bijvoorbeeld email.' })
    .regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/, {
      error: 'claim is de naam van een claim, bijvoorbeeld email of preferred_username.',
    })
    .default('email'),
  ingeschakeld: z.boolean({ error: 'ingeschakeld is true of false.' }),
});

const inwisselSchema = z.strictObject({
  code: z
    .string({ error: 'code is de eenmalige code uit de terugkeer van uw gemeente.' })
    .regex(/^[A-Za-z0-9_-]{20,100}$/, {
      error: 'code is de eenmalige code uit de terugkeer van uw gemeente.',
    }),
});

function origin(verzoek: Request): string {
  return `${verzoek.protocol}://${verzoek.get('host') ?? 'localhost'}`;
}

function leesCookie(verzoek: Request, naam: string): string | undefined {
  for (const deel of (verzoek.headers.cookie ?? '').split(';')) {
    const [sleutel, ...rest] = deel.trim().split('=');
    if (sleutel === naam) return rest.join('=');
  }
  return undefined;
}

const COOKIE_PAD = '/v1/sessies/oidc';

/** A gemeente's own identity provider, set up by its admin (or the platform operator). */
@ApiTags('Gemeentebeheer')
@ApiBearerAuth()
@Controller('gemeenten/:code/oidc')
export class OidcConfiguratieController {
  constructor(
    @Inject(OidcService) private readonly oidc: OidcService,
    @Inject(GemeentenService) private readonly gemeenten: GemeentenService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Get()
  @Rollen(...BEHEERDERS)
  @ApiOperation({
    summary: 'Inloggen via de eigen identity provider: de instelling van uw gemeente',
    description:
      'Zonder het client secret: dat wordt nooit teruggegeven (clientSecretIngesteld zegt of er een is). redirectUri is het adres dat u bij de identity provider registreert.',
  })
  @ApiParam({ name: 'code', description: 'CBS-gemeentecode, bijvoorbeeld 0344', example: '0344' })
  @ApiResponse({ status: 200, description: 'De instelling' })
  @ApiResponse({ status: 404, description: 'Niet ingesteld, of niet uw gemeente' })
  async lees(@Param('code') code: string, @HuidigeActor() actor: Actor, @Req() verzoek: Request) {
    const gemeenteId = await this.gemeenten.gemeenteId(actor, code);
    const instelling = await this.oidc.configuratie(
      gemeenteId,
      this.oidc.basisUrl(origin(verzoek)),
    );
    if (!instelling) throw Probleem.nietGevonden('OIDC-instelling');
    return instelling;
  }

  @Put()
  @Rollen(...BEHEERDERS)
  @ApiOperation({
    summary: 'Inloggen via de eigen identity provider instellen of wijzigen',
    description:
      'issuer (https), clientId, clientSecret (alleen schrijven: weglaten houdt het bewaarde, null wist het voor een publieke client met PKCE), claim (standaard email: de claim die met het e-mailadres van een gebruiker van uw gemeente wordt vergeleken) en ingeschakeld. Alleen actieve gebruikers van uw eigen gemeente kunnen zo inloggen; er worden geen accounts aangemaakt. Het secret wordt versleuteld bewaard (AES-256-GCM).',
  })
  @ApiParam({ name: 'code', description: 'CBS-gemeentecode, bijvoorbeeld 0344', example: '0344' })
  @ApiBody({ schema: z.toJSONSchema(oidcSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 200, description: 'De instelling na de wijziging, zonder secret' })
  @ApiResponse({ status: 400, description: 'Ongeldige waarden; niets gewijzigd' })
  @ApiResponse({ status: 404, description: 'Niet uw gemeente' })
  @ApiResponse({ status: 409, description: 'De server kan geen secrets versleutelen' })
  async legVast(
    @Param('code') code: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: Request,
  ) {
    const gemeenteId = await this.gemeenten.gemeenteId(actor, code);
    const invoer = leesBody(oidcSchema, body);
    const instelling = await this.oidc.legVast(
      gemeenteId,
      invoer,
      this.oidc.basisUrl(origin(verzoek)),
    );
    await this.audit.leg(actor, verzoek as VerzoekMetActor, {
      actie: 'oidc_instellen',
      objectType: 'Gemeente',
      objectId: code,
      resultaat: 'gelukt',
    });
    return instelling;
  }
}

/**
 * The login flow. The browser goes to start, the IdP sends it back to
 * callback, and callback sends it to the web app with a one-time code in the
 * URL fragment (never logged by a server), which the app exchanges for a
 * bearer token: the token itself never appears in a URL.
 */
@ApiTags('Sessies')
@Controller('sessies/oidc')
export class OidcController {
  constructor(
    @Inject(OidcService) private readonly oidc: OidcService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Get('gemeenten')
  @Openbaar()
  @ApiOperation({
    summary: 'Gemeenten waar u kunt inloggen via de eigen identity provider',
    description: 'Alleen code en naam, voor de keuze op het inlogscherm.',
  })
  @ApiResponse({ status: 200, description: '{ gemeenten: [{ code, naam }] }' })
  async gemeenten() {
    return { gemeenten: await this.oidc.ingeschakeldeGemeenten() };
  }

  @Get(':gemeentecode/start')
  @Openbaar()
  @ApiOperation({
    summary: 'Inloggen via uw gemeente beginnen: stuurt de browser door naar de identity provider',
  })
  @ApiParam({ name: 'gemeentecode', description: 'CBS-gemeentecode', example: '0344' })
  @ApiResponse({ status: 302, description: 'Naar de identity provider, of terug met een foutcode' })
  async start(
    @Param('gemeentecode') gemeentecode: string,
    @Req() verzoek: Request,
    @Res() response: Response,
  ): Promise<void> {
    const basis = this.oidc.basisUrl(origin(verzoek));
    try {
      const { idpUrl, browserGeheim } = await this.oidc.start(gemeentecode, basis);
      response.cookie(BROWSER_COOKIE, browserGeheim, {
        httpOnly: true,
        // Lax: the IdP's redirect back is a top-level GET navigation.
        sameSite: 'lax',
        secure: basis.startsWith('https:'),
        path: COOKIE_PAD,
        maxAge: 10 * 60_000,
      });
      response.setHeader('Cache-Control', 'no-store');
      response.redirect(302, idpUrl);
    } catch (fout) {
      if (!(fout instanceof OidcWeigering)) throw fout;
      await this.weiger(fout, verzoek, response, basis);
    }
  }

  @Get('callback')
  @Openbaar()
  @ApiOperation({
    summary: 'Terugkeer van de identity provider (redirect URI)',
    description:
      'Controleert state, nonce en PKCE, wisselt de code in en zoekt de actieve gebruiker van die gemeente met het e-mailadres uit de claim. Stuurt door naar de browserapplicatie: met een eenmalige code (#oidc-code=…) of een foutcode (#oidc-fout=…).',
  })
  @ApiResponse({ status: 302, description: 'Naar de browserapplicatie' })
  async callback(@Req() verzoek: Request, @Res() response: Response): Promise<void> {
    const parameters = new URL(verzoek.originalUrl, 'http://x').searchParams;
    response.clearCookie(BROWSER_COOKIE, { path: COOKIE_PAD });
    response.setHeader('Cache-Control', 'no-store');
    try {
      const uitkomst = await this.oidc.terugkeer(parameters, leesCookie(verzoek, BROWSER_COOKIE));
      await this.audit.leg(uitkomst.gebruiker, verzoek as VerzoekMetActor, {
        actie: 'inloggen_oidc',
        objectType: 'Gemeente',
        objectId: uitkomst.gemeentecode,
        resultaat: 'gelukt',
      });
      response.redirect(302, `${uitkomst.terugUrl}/#oidc-code=${uitkomst.inwisselcode}`);
    } catch (fout) {
      if (!(fout instanceof OidcWeigering)) throw fout;
      await this.weiger(fout, verzoek, response, this.oidc.basisUrl(origin(verzoek)));
    }
  }

  @Post('inwisseling')
  @Openbaar()
  @HttpCode(201)
  @ApiOperation({
    summary: 'De eenmalige code na inloggen via uw gemeente inwisselen voor een bearer-token',
    description:
      'De code is 60 seconden en één keer geldig. Het antwoord is als bij POST /v1/sessies.',
  })
  @ApiBody({ schema: z.toJSONSchema(inwisselSchema) as object })
  @ApiResponse({ status: 201, description: 'Ingelogd' })
  @ApiResponse({ status: 401, description: 'Code onbekend, verlopen of al gebruikt' })
  async wisselIn(@Body() body: unknown, @Req() verzoek: VerzoekMetActor) {
    const { code } = leesBody(inwisselSchema, body);
    const sessie = await this.oidc.wisselIn(code);
    if (!sessie) {
      await this.audit.leg(null, verzoek, {
        actie: 'inloggen_oidc',
        objectType: 'Sessie',
        resultaat: 'geweigerd',
      });
      throw new Probleem(
        401,
        'Inloggen mislukt.',
        'De code is verlopen of al gebruikt. Kies opnieuw "Inloggen via uw gemeente".',
      );
    }
    return {
      token: sessie.token,
      tokenType: 'Bearer',
      verlooptOp: sessie.verlooptOp.toISOString(),
      rol: sessie.actor.rol,
    };
  }

  private async weiger(
    fout: OidcWeigering,
    verzoek: Request,
    response: Response,
    basis: string,
  ): Promise<void> {
    await this.audit.leg(null, verzoek as VerzoekMetActor, {
      actie: 'inloggen_oidc',
      objectType: 'Gemeente',
      objectId: fout.gemeentecode && /^\d{4}$/.test(fout.gemeentecode) ? fout.gemeentecode : null,
      resultaat: 'geweigerd',
    });
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(302, `${fout.terugUrl ?? basis}/#oidc-fout=${fout.code}`);
  }
}
