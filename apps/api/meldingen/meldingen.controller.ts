import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { CONTACTSOORTEN, RESULTATEN, SIGNAALPARTNER_TYPES } from '../../../domain/ddas.js';
import { type Meldingactie, NIET_OPGEPAKT_RESULTAAT } from '../../../domain/meldingacties.js';
import { nederlandseDatum } from '../../../domain/tijd.js';
import { AuditService } from '../audit/audit.service.js';
import {
  type Actor,
  HuidigeActor,
  Rollen,
  type VerzoekMetActor,
  MELDINGROLLEN,
  MELDINGROLLEN_EN_SYSTEEM,
} from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { ApiPaginering, paginaInfo } from '../infra/paginering.js';
import { Probleem } from '../infra/probleem.js';
import { meldingDetail, meldingInLijst } from './melding.weergave.js';
import { MeldingenService } from './meldingen.service.js';
import { werkvoorraadExcel } from './werkvoorraad-export.js';
import {
  lijstSchema,
  meldingenfilter,
  SORTERINGEN,
  werkvoorraadSchema,
} from './werkvoorraadfilter.js';

/** "Select everything that matches" stops here; a bulk action on more is split up. */
const MAXIMUM_IDS = 1000;
/** Meldingen read per round trip while the export streams. */
const EXPORTBATCH = 500;

const codes = <T extends Record<string, string>>(tabel: T, veld: string) =>
  z.enum(Object.keys(tabel) as [keyof T & string, ...(keyof T & string)[]], {
    error: `${veld} is een van: ${Object.keys(tabel).join(', ')}.`,
  });

/** The werkvoorraad's filter in OpenAPI, the same on every endpoint that takes it. */
const ApiWerkvoorraadfilter = () =>
  applyDecorators(
    ApiQuery({ name: 'status', required: false, enum: ['OPEN', 'IN_BEHANDELING', 'AFGESLOTEN'] }),
    ApiQuery({
      name: 'matchtype',
      required: false,
      enum: ['ENKELVOUDIG', 'MEERVOUDIG', 'OPEENVOLGEND'],
    }),
    ApiQuery({ name: 'wijk', required: false }),
    ApiQuery({ name: 'kern', required: false }),
    ApiQuery({
      name: 'signaalpartnerType',
      required: false,
      enum: Object.keys(SIGNAALPARTNER_TYPES),
    }),
    ApiQuery({ name: 'crisis', required: false, enum: ['true', 'false'] }),
    ApiQuery({ name: 'behandelaar', required: false, description: 'ik, of de id van een collega' }),
    ApiQuery({
      name: 'bedragVan',
      required: false,
      description: 'Totaal openstaand bedrag van de melding in centen, vanaf',
    }),
    ApiQuery({ name: 'bedragTot', required: false, description: 'Totaal in centen, tot en met' }),
    ApiQuery({
      name: 'ouderDanDagen',
      required: false,
      description: 'Geopend meer dan zoveel dagen geleden',
    }),
    ApiQuery({
      name: 'teLaat',
      required: false,
      enum: ['true', 'false'],
      description: 'Een termijn (eerste contact of oppakken) is verstreken en niet gehaald',
    }),
    ApiQuery({
      name: 'sortering',
      required: false,
      enum: SORTERINGEN,
      description:
        'urgentie (standaard): crisis eerst, dan te laat, dan de oudste; termijn: eerstvolgende termijn eerst',
    }),
  );

const oppakSchema = z.strictObject({
  behandelaarId: z.uuid({ error: 'behandelaarId is de id van een collega.' }).optional(),
});
const tekst = (veld: string) =>
  z
    .string({ error: `${veld} is verplicht.` })
    .trim()
    .min(1, { error: `${veld} is verplicht.` })
    .max(4000, { error: `${veld} is hoogstens 4000 tekens.` });
const contactpogingSchema = z.strictObject({
  soort: codes(CONTACTSOORTEN, 'soort'),
  bereikt: z.boolean({ error: 'bereikt is true of false.' }),
  datum: z.iso.date({ error: 'datum is een datum (JJJJ-MM-DD).' }),
  dagdeel: z
    .enum(['OCHTEND', 'MIDDAG', 'AVOND'], { error: 'dagdeel is OCHTEND, MIDDAG of AVOND.' })
    .nullable()
    .default(null),
  toelichting: tekst('toelichting').optional(),
});
const nietOpgepaktSchema = z.strictObject({ reden: codes(NIET_OPGEPAKT_RESULTAAT, 'reden') });
const afsluitSchema = z.strictObject({ resultaat: codes(RESULTATEN, 'resultaat') });
const notitieSchema = z.strictObject({ tekst: tekst('tekst') });
const overdrachtSchema = z.strictObject({
  gemeentecode: z
    .string({ error: 'gemeentecode is verplicht.' })
    .regex(/^\d{4}$/, { error: 'Een gemeentecode bestaat uit vier cijfers, bijvoorbeeld 0344.' }),
});

const correspondentieSchema = z.strictObject({
  kanaal: z.enum(['BRIEF', 'EMAIL'], { error: 'kanaal is BRIEF of EMAIL.' }),
  sjabloon: z
    .string({ error: 'sjabloon is de naam van een briefsjabloon.' })
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'sjabloon is de naam van een briefsjabloon.' }),
});

@ApiTags('Meldingen')
@ApiBearerAuth()
@Controller('meldingen')
export class MeldingenController {
  constructor(
    @Inject(MeldingenService) private readonly meldingen: MeldingenService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Get()
  @Rollen(...MELDINGROLLEN_EN_SYSTEEM)
  @ApiOperation({
    summary: 'De werkvoorraad: meldingen van uw gemeente, gefilterd, gesorteerd en per pagina',
    description:
      'behandelaar=ik toont uw eigen meldingen. Elke getoonde melding wordt in het auditlog vastgelegd.',
  })
  @ApiWerkvoorraadfilter()
  @ApiPaginering()
  @ApiResponse({ status: 200, description: 'Een pagina meldingen' })
  async lijst(
    @Query() ruweQuery: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const { pagina, paginagrootte, ...query } = leesBody(lijstSchema, ruweQuery);
    const { meldingen, totaal } = await this.meldingen.lijst(
      meldingenfilter(query, actor.id),
      query.sortering,
      { pagina, paginagrootte },
    );
    await this.audit.legMeerdere(
      actor,
      verzoek,
      meldingen.map((m) => ({
        actie: 'melding_in_lijst',
        objectType: 'Melding',
        objectId: m.id,
        resultaat: 'gelukt' as const,
      })),
    );
    const behouden = Object.fromEntries(
      Object.entries(ruweQuery as Record<string, string>).filter(
        ([k]) => !['pagina', 'paginagrootte'].includes(k),
      ),
    );
    return {
      meldingen: meldingen.map(meldingInLijst),
      ...paginaInfo('/v1/meldingen', behouden, { pagina, paginagrootte }, totaal),
    };
  }

  @Get('aantallen')
  @Rollen(...MELDINGROLLEN_EN_SYSTEEM)
  @ApiOperation({
    summary: 'Aantallen per filterwaarde voor de werkvoorraad (facetten)',
    description:
      'Elk facet telt met alle andere actieve filters, maar niet met zijn eigen filter, ' +
      'zodat naast elke keuze staat hoeveel meldingen die oplevert. Alleen aantallen, geen persoonsgegevens.',
  })
  @ApiWerkvoorraadfilter()
  @ApiResponse({ status: 200, description: 'Aantallen per status, matchtype, wijk, kern, …' })
  async aantallen(@Query() ruweQuery: unknown, @HuidigeActor() actor: Actor) {
    const query = leesBody(lijstSchema, ruweQuery);
    return this.meldingen.aantallen(meldingenfilter(query, actor.id));
  }

  @Get('ids')
  @Rollen(...MELDINGROLLEN_EN_SYSTEEM)
  @ApiOperation({
    summary: `De ids van de meldingen die aan het filter voldoen (hoogstens ${MAXIMUM_IDS}), in de volgorde van de lijst`,
    description: 'Voor "alles selecteren" bij een bulkactie. totaal is het aantal dat voldoet.',
  })
  @ApiWerkvoorraadfilter()
  @ApiResponse({ status: 200, description: '{ ids, totaal }' })
  async ids(@Query() ruweQuery: unknown, @HuidigeActor() actor: Actor) {
    const query = leesBody(lijstSchema, ruweQuery);
    return this.meldingen.ids(meldingenfilter(query, actor.id), query.sortering, MAXIMUM_IDS);
  }

  @Get('export')
  @Rollen(...MELDINGROLLEN)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Alle meldingen die aan het filter voldoen als Excel-bestand (.xlsx)',
    description:
      'Bevat persoonsgegevens: de download en elke melding erin worden in het auditlog vastgelegd.',
  })
  @ApiWerkvoorraadfilter()
  @ApiResponse({
    status: 200,
    description: 'Het Excel-bestand',
    content: {
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
    },
  })
  async exporteer(
    @Query() ruweQuery: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ): Promise<StreamableFile> {
    const query = leesBody(werkvoorraadSchema, ruweQuery);
    const { ids } = await this.meldingen.ids(
      meldingenfilter(query, actor.id),
      query.sortering,
      Infinity,
    );
    // Logged before the first byte leaves: a download cut off halfway still counts as read.
    await this.audit.leg(actor, verzoek, {
      actie: 'werkvoorraad_exporteren',
      objectType: 'Werkvoorraad',
      objectId: `${ids.length} meldingen`,
      resultaat: 'gelukt',
    });
    await this.audit.legPerObject(
      actor,
      verzoek,
      { actie: 'melding_in_export', objectType: 'Melding', resultaat: 'gelukt' },
      ids,
    );
    const meldingen = this.meldingen;
    async function* batches() {
      for (let i = 0; i < ids.length; i += EXPORTBATCH)
        yield await meldingen.inVolgorde(ids.slice(i, i + EXPORTBATCH));
    }
    return new StreamableFile(werkvoorraadExcel(batches).stroom, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="werkvoorraad-${nederlandseDatum(new Date())}.xlsx"`,
    });
  }

  @Get(':id')
  @Rollen(...MELDINGROLLEN_EN_SYSTEEM)
  @ApiOperation({
    summary:
      'Een melding met signalen, huishouden, contactpogingen, notities en tijdlijn; het inzien wordt gelogd',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'De melding' })
  @ApiResponse({ status: 404, description: 'Bestaat niet of is niet van uw gemeente' })
  async haalOp(
    @Param('id') id: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const melding = await this.meldingen.haalOp(id);
    await this.audit.leg(actor, verzoek, {
      actie: 'melding_inzien',
      objectType: 'Melding',
      objectId: id.slice(0, 64),
      resultaat: melding ? 'gelukt' : 'niet_gevonden',
    });
    if (!melding) throw Probleem.nietGevonden('Melding');
    return meldingDetail(melding);
  }

  @Get(':id/correspondentie/:correspondentieId')
  @Rollen(...MELDINGROLLEN_EN_SYSTEEM)
  @ApiOperation({ summary: 'Een verstuurde brief als PDF; het downloaden wordt gelogd' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'correspondentieId', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'De brief (PDF)' })
  @ApiResponse({ status: 404, description: 'Bestaat niet of is niet van uw gemeente' })
  async brief(
    @Param('id') id: string,
    @Param('correspondentieId') correspondentieId: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ): Promise<StreamableFile> {
    const pdf = await this.meldingen.brief(id, correspondentieId);
    await this.audit.leg(actor, verzoek, {
      actie: 'brief_downloaden',
      objectType: 'Correspondentie',
      objectId: correspondentieId.slice(0, 64),
      resultaat: pdf ? 'gelukt' : 'niet_gevonden',
    });
    if (!pdf) throw Probleem.nietGevonden('Brief');
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="brief-${correspondentieId}.pdf"`,
    });
  }

  @Post(':id/oppakken')
  @HttpCode(200)
  @Rollen(...MELDINGROLLEN_EN_SYSTEEM)
  @ApiOperation({
    summary: 'Een melding oppakken of toewijzen aan een collega (teamleider of beheerder)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: z.toJSONSchema(oppakSchema) as object, required: false })
  @ApiResponse({ status: 200, description: 'De melding na de actie' })
  @ApiResponse({ status: 409, description: 'Niet toegestaan in de huidige stand van de melding' })
  async pakOp(
    @Param('id') id: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const gegeven = leesBody(oppakSchema, body ?? {}).behandelaarId;
    // A system is nobody's colleague: it assigns the melding to a named one.
    if (!gegeven && actor.soort === 'api-sleutel')
      throw Probleem.ongeldigeInvoer([
        {
          veld: 'behandelaarId',
          code: 'verplicht',
          melding: 'Een systeem wijst de melding toe: geef de id van de behandelaar.',
        },
      ]);
    const behandelaarId = gegeven ?? actor.id;
    if (behandelaarId !== actor.id && (actor.rol === 'BEHANDELAAR' || actor.rol === 'EXTERN'))
      throw new Probleem(
        403,
        'Geen toegang.',
        'Alleen een teamleider of beheerder wijst meldingen toe aan een ander.',
      );
    if (!(await this.meldingen.isCollega(behandelaarId, actor.gemeenteId!)))
      throw Probleem.ongeldigeInvoer([
        {
          veld: 'behandelaarId',
          code: 'onbekende_collega',
          melding: 'Deze persoon werkt niet (meer) bij uw gemeente.',
        },
      ]);
    return this.voerUit(id, { soort: 'oppakken', behandelaarId }, actor, verzoek);
  }

  @Post(':id/contactpogingen')
  @HttpCode(200)
  @Rollen(...MELDINGROLLEN_EN_SYSTEEM)
  @ApiOperation({
    summary: 'Een contactpoging vastleggen (soort, bereikt, datum, dagdeel, toelichting)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: z.toJSONSchema(contactpogingSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 200, description: 'De melding na de actie' })
  @ApiResponse({ status: 409, description: 'Niet toegestaan in de huidige stand van de melding' })
  async contactpoging(
    @Param('id') id: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const poging = leesBody(contactpogingSchema, body);
    if (poging.datum > nederlandseDatum(new Date()))
      throw Probleem.ongeldigeInvoer([
        {
          veld: 'datum',
          code: 'datum_in_toekomst',
          melding: 'De datum van een contactpoging mag niet in de toekomst liggen.',
        },
      ]);
    return this.voerUit(
      id,
      (notitieId) => ({
        soort: 'contactpoging',
        contactsoort: poging.soort,
        bereikt: poging.bereikt,
        datum: poging.datum,
        dagdeel: poging.dagdeel,
        notitieId,
      }),
      actor,
      verzoek,
      poging.toelichting,
    );
  }

  @Post(':id/niet-opgepakt')
  @HttpCode(200)
  @Rollen(...MELDINGROLLEN_EN_SYSTEEM)
  @ApiOperation({
    summary: 'Vastleggen dat de melding niet wordt opgepakt, met de DDAS-reden; sluit de melding',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: z.toJSONSchema(nietOpgepaktSchema) as object })
  @ApiResponse({ status: 200, description: 'De melding na de actie' })
  @ApiResponse({ status: 409, description: 'Niet toegestaan in de huidige stand van de melding' })
  async nietOpgepakt(
    @Param('id') id: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const { reden } = leesBody(nietOpgepaktSchema, body);
    return this.voerUit(id, { soort: 'niet_oppakken', reden }, actor, verzoek);
  }

  @Post(':id/afsluiting')
  @HttpCode(200)
  @Rollen(...MELDINGROLLEN_EN_SYSTEEM)
  @ApiOperation({ summary: 'De melding afsluiten met een resultaat (DDAS EnumEindresultaat)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: z.toJSONSchema(afsluitSchema) as object })
  @ApiResponse({ status: 200, description: 'De melding na de actie' })
  @ApiResponse({ status: 409, description: 'Niet toegestaan in de huidige stand van de melding' })
  async sluitAf(
    @Param('id') id: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const { resultaat } = leesBody(afsluitSchema, body);
    return this.voerUit(id, { soort: 'afsluiten', resultaat }, actor, verzoek);
  }

  @Post(':id/overdracht')
  @HttpCode(200)
  @Rollen(...MELDINGROLLEN_EN_SYSTEEM)
  @ApiOperation({
    summary: 'De melding overdragen aan de gemeente waar de persoon nu woont',
    description:
      'De signalen gaan naar de melding van die gemeente als de signaalpartner daar een koppeling heeft; ' +
      'deze melding sluit met "Persoon is geen inwoner (meer) in de gemeente", wat de signaalpartner ook te zien krijgt.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: z.toJSONSchema(overdrachtSchema) as object })
  @ApiResponse({ status: 200, description: 'De melding na de actie' })
  @ApiResponse({ status: 409, description: 'Niet toegestaan in de huidige stand van de melding' })
  async draagOver(
    @Param('id') id: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const { gemeentecode } = leesBody(overdrachtSchema, body);
    const naar = await this.meldingen.gemeente(gemeentecode);
    if (!naar || naar.id === actor.gemeenteId)
      throw Probleem.ongeldigeInvoer([
        {
          veld: 'gemeentecode',
          code: naar ? 'eigen_gemeente' : 'onbekende_gemeente',
          melding: naar
            ? 'Een melding overdragen kan alleen aan een andere gemeente.'
            : `Gemeente ${gemeentecode} is niet aangesloten bij Vroegsignaal.`,
        },
      ]);
    return this.voerUit(id, { soort: 'overdragen', naarGemeenteId: naar.id }, actor, verzoek);
  }

  @Post(':id/correspondentie')
  @HttpCode(200)
  @Rollen(...MELDINGROLLEN_EN_SYSTEEM)
  @ApiOperation({
    summary: 'Een brief of e-mail sturen vanuit een briefsjabloon, buiten de uitnodigingsreeks om',
    description:
      'De brief wordt gemaakt zoals de brieven van de uitnodigingsreeks en staat daarna bij de correspondentie en in de tijdlijn. Een e-mail kan alleen als er een e-mailadres bekend is en uw gemeente e-mail verstuurt.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: z.toJSONSchema(correspondentieSchema) as object })
  @ApiResponse({ status: 200, description: 'De melding na de actie' })
  @ApiResponse({
    status: 409,
    description: 'Niet mogelijk: afgesloten melding, onbekend sjabloon, geen e-mailadres',
  })
  async verstuur(
    @Param('id') id: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const { kanaal, sjabloon } = leesBody(correspondentieSchema, body);
    return this.voerUit(id, { soort: 'brief_sturen', kanaal, sjabloon }, actor, verzoek);
  }

  @Post(':id/notities')
  @HttpCode(200)
  @Rollen(...MELDINGROLLEN_EN_SYSTEEM)
  @ApiOperation({ summary: 'Een notitie toevoegen' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: z.toJSONSchema(notitieSchema) as object })
  @ApiResponse({ status: 200, description: 'De melding na de actie' })
  async notitie(
    @Param('id') id: string,
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const { tekst } = leesBody(notitieSchema, body);
    return this.voerUit(
      id,
      (notitieId) => ({ soort: 'notitie', notitieId: notitieId! }),
      actor,
      verzoek,
      tekst,
    );
  }

  /**
   * The one path of every caseworker action: tenant check, the note's text
   * stored apart, the workflow Update, the audit entry, the new case view.
   */
  private async voerUit(
    id: string,
    actie: Meldingactie | ((notitieId: string | null) => Meldingactie),
    actor: Actor,
    verzoek: VerzoekMetActor,
    notitietekst?: string,
  ) {
    if (!(await this.meldingen.bestaat(id))) {
      await this.audit.leg(actor, verzoek, {
        actie: 'melding_wijzigen',
        objectType: 'Melding',
        objectId: id.slice(0, 64),
        resultaat: 'niet_gevonden',
      });
      throw Probleem.nietGevonden('Melding');
    }
    const notitieId = notitietekst
      ? await this.meldingen.bewaarNotitie(id, notitietekst, actor)
      : null;
    const uitgewerkt = typeof actie === 'function' ? actie(notitieId) : actie;
    try {
      const melding = await this.meldingen.voerUit(
        id,
        uitgewerkt,
        actor.id,
        notitieId ?? undefined,
      );
      await this.audit.leg(actor, verzoek, {
        actie: `melding_${uitgewerkt.soort}`,
        objectType: 'Melding',
        objectId: id,
        resultaat: 'gelukt',
      });
      return meldingDetail(melding);
    } catch (fout) {
      await this.audit.leg(actor, verzoek, {
        actie: `melding_${uitgewerkt.soort}`,
        objectType: 'Melding',
        objectId: id,
        resultaat: 'geweigerd',
      });
      throw fout;
    }
  }
}
