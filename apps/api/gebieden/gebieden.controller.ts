import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, HuidigeActor, Rollen, type VerzoekMetActor } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { GebiedenService } from './gebieden.service.js';

/** The companion names table is about 20,000 lines nationally, well under 1 MB. */
const MAXIMALE_NAMENLIJST = 10 * 1024 * 1024;

const naamSchema = z.strictObject({
  naam: z
    .string({ error: 'naam is verplicht.' })
    .trim()
    .min(1, { error: 'naam is verplicht.' })
    .max(100, { error: 'naam is hoogstens 100 tekens.' }),
});

const codes = (patroon: RegExp, uitleg: string) =>
  z.array(z.string().regex(patroon, { error: uitleg })).default([]);
const kernSchema = z.strictObject({
  wijken: codes(/^\d{4}[0-9A-Z]{2}$/, 'Een wijkcode heeft zes tekens, bijvoorbeeld 034401.'),
  buurten: codes(/^\d{4}[0-9A-Z]{4}$/, 'Een buurtcode heeft acht tekens, bijvoorbeeld 03440101.'),
  postcodes: codes(
    /^[1-9]\d{3}$/,
    'Een postcodegebied bestaat uit vier cijfers, bijvoorbeeld 8601.',
  ),
});

const gemeenteQuery = z.strictObject({
  gemeente: z
    .string()
    .regex(/^\d{4}$/, { error: 'Een gemeentecode bestaat uit vier cijfers, bijvoorbeeld 0344.' })
    .optional(),
});

function vereisCsv(verzoek: Request): void {
  const soort = String(verzoek.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
  if (!['text/csv', 'text/plain', 'application/octet-stream'].includes(soort))
    throw new Probleem(
      415,
      'Stuur het bestand als text/csv.',
      "Stuur de inhoud van het CSV-bestand als body, met Content-Type: text/csv (bijvoorbeeld curl --data-binary @bestand.csv -H 'Content-Type: text/csv').",
    );
}

async function leesTekst(verzoek: Request, maximum: number): Promise<string> {
  const delen: Buffer[] = [];
  let lengte = 0;
  for await (const deel of verzoek as AsyncIterable<Buffer>) {
    lengte += deel.length;
    if (lengte > maximum)
      throw new Probleem(413, 'Het bestand is te groot.', `Hoogstens ${maximum / 1024 / 1024} MB.`);
    delen.push(deel);
  }
  return Buffer.concat(delen).toString('utf8');
}

@ApiTags('Gebieden')
@ApiBearerAuth()
@Controller()
export class GebiedenController {
  constructor(
    @Inject(GebiedenService) private readonly gebieden: GebiedenService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Post('routeringstabellen')
  @Rollen('PLATFORMBEHEERDER')
  @ApiConsumes('text/csv')
  @ApiOperation({
    summary:
      'Een editie van de CBS-tabel "buurt, wijk en gemeente voor postcode-huisnummer" importeren',
    description:
      'Body: het bestand pc6hnrJJJJ0801_gwb.csv zoals CBS het publiceert. Het wordt gestreamd met COPY ingelezen en vervangt de tabel van dat jaar in één transactie: de routering ziet nooit een halve tabel. Een foute regel breekt de import af met het regelnummer. De landelijke tabel (8 miljoen regels) duurt enkele minuten.',
  })
  @ApiResponse({ status: 201, description: 'Geïmporteerd' })
  @ApiResponse({ status: 400, description: 'Ander formaat of foute regels; niets gewijzigd' })
  async importeerRouteringstabel(
    @Req() verzoek: Request & VerzoekMetActor,
    @HuidigeActor() actor: Actor,
  ) {
    vereisCsv(verzoek);
    const bron = String(verzoek.headers['content-disposition'] ?? '').match(
      /filename="?([^";]+)/,
    )?.[1];
    const tabel = await this.gebieden.importeerRouteringstabel(bron ?? 'upload.csv', verzoek);
    await this.audit.leg(actor, verzoek, {
      actie: 'routeringstabel_importeren',
      objectType: 'Routeringstabel',
      objectId: String(tabel.jaar),
      resultaat: 'gelukt',
    });
    return tabel;
  }

  @Get('routeringstabellen')
  @Rollen('PLATFORMBEHEERDER')
  @ApiOperation({
    summary: 'De geïmporteerde edities van de routeringstabel; de nieuwste routeert',
  })
  @ApiResponse({ status: 200, description: 'De edities, nieuwste eerst' })
  async routeringstabellen() {
    return { routeringstabellen: await this.gebieden.routeringstabellen() };
  }

  @Post('gebiedsnamen')
  @HttpCode(200)
  @Rollen('PLATFORMBEHEERDER')
  @ApiConsumes('text/csv')
  @ApiOperation({
    summary: 'Namen van gemeenten, wijken en buurten importeren (CBS-namenlijst)',
    description:
      'Body: CSV met een code- en een naamkolom (bijvoorbeeld WK_CODE;WK_NAAM of BU_CODE;BU_NAAM), codes met of zonder GM/WK/BU. Alleen gebieden van aangesloten gemeenten worden bewaard. Een foute regel weigert het hele bestand.',
  })
  @ApiResponse({ status: 200, description: 'Aantallen bijgewerkte gebieden' })
  async importeerNamen(@Req() verzoek: Request & VerzoekMetActor, @HuidigeActor() actor: Actor) {
    vereisCsv(verzoek);
    const telling = await this.gebieden.importeerNamen(
      await leesTekst(verzoek, MAXIMALE_NAMENLIJST),
    );
    await this.audit.leg(actor, verzoek, {
      actie: 'gebiedsnamen_importeren',
      objectType: 'Gebied',
      resultaat: 'gelukt',
    });
    return telling;
  }

  @Get('gebieden')
  @Rollen('PLATFORMBEHEERDER', 'GEMEENTEBEHEERDER', 'TEAMLEIDER', 'BEHANDELAAR')
  @ApiOperation({
    summary: 'De indeling van uw gemeente: wijken met hun buurten, en kernen',
    description: 'Platformbeheer kiest de gemeente met ?gemeente=0344.',
  })
  @ApiQuery({ name: 'gemeente', required: false, schema: { type: 'string', pattern: '^\\d{4}$' } })
  @ApiResponse({ status: 200, description: 'De indeling' })
  @ApiResponse({ status: 404, description: 'Gemeente niet gevonden of niet de uwe' })
  async indeling(@Query() query: unknown, @HuidigeActor() actor: Actor) {
    const gemeenteId = await this.gemeenteVan(actor, leesBody(gemeenteQuery, query).gemeente);
    const indeling = gemeenteId ? await this.gebieden.indeling(gemeenteId) : null;
    if (!indeling) throw Probleem.nietGevonden('Gemeente');
    return indeling;
  }

  @Patch('gebieden/:code')
  @Rollen('PLATFORMBEHEERDER', 'GEMEENTEBEHEERDER')
  @ApiOperation({ summary: 'De naam van een wijk of buurt van uw gemeente wijzigen' })
  @ApiParam({ name: 'code', description: 'Wijk- of buurtcode, bijvoorbeeld 034401 of BU03440101' })
  @ApiBody({ schema: z.toJSONSchema(naamSchema) as object })
  @ApiResponse({ status: 200, description: 'Gewijzigd' })
  @ApiResponse({ status: 404, description: 'Geen wijk of buurt van uw gemeente' })
  async hernoem(
    @Param('code') code: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const { naam } = leesBody(naamSchema, body);
    const gevonden = await this.gebieden.hernoem(code, naam);
    await this.audit.leg(actor, verzoek, {
      actie: 'gebied_hernoemen',
      objectType: 'Gebied',
      objectId: code.slice(0, 64),
      resultaat: gevonden ? 'gelukt' : 'niet_gevonden',
    });
    if (!gevonden) throw Probleem.nietGevonden('Wijk of buurt');
    return { code, naam };
  }

  @Put('kernen/:naam')
  @Rollen('GEMEENTEBEHEERDER')
  @ApiOperation({
    summary:
      'Een kern van uw gemeente vastleggen als verzameling wijken, buurten en postcodegebieden',
    description:
      'Vervangt de samenstelling van de kern, of maakt hem aan. Signalen die daarna worden gerouteerd, krijgen de kern mee.',
  })
  @ApiBody({ schema: z.toJSONSchema(kernSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 200, description: 'De kern' })
  async legKernVast(
    @Param('naam') naam: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const indeling = leesBody(kernSchema, body);
    const kernnaam = naam.trim().slice(0, 100);
    await this.gebieden.legKernVast(actor.gemeenteId!, kernnaam, indeling);
    await this.audit.leg(actor, verzoek, {
      actie: 'kern_vastleggen',
      objectType: 'Kern',
      objectId: kernnaam.slice(0, 64),
      resultaat: 'gelukt',
    });
    return { naam: kernnaam, ...indeling };
  }

  /** A gemeente user's own gemeente; the platform operator names one. */
  private async gemeenteVan(actor: Actor, code: string | undefined): Promise<string | null> {
    if (actor.rol !== 'PLATFORMBEHEERDER') {
      if (code === undefined) return actor.gemeenteId;
      return (await this.gebieden.gemeenteId(code)) === actor.gemeenteId ? actor.gemeenteId : null;
    }
    if (code === undefined)
      throw new Probleem(400, 'Kies een gemeente.', 'Geef de gemeente mee met ?gemeente=0344.');
    return this.gebieden.gemeenteId(code);
  }
}
