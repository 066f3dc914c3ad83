import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { NIET_OPGEPAKT_RESULTAAT } from '../../../domain/meldingacties.js';
import { AuditService } from '../audit/audit.service.js';
import {
  type Actor,
  HuidigeActor,
  MELDINGROLLEN,
  Rollen,
  type VerzoekMetActor,
} from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';
import { type Bulkactiesoort, BulkactiesService } from './bulkacties.service.js';

export const MAXIMAAL_MELDINGEN_PER_BULKACTIE = 1000;
const RECENT = 20;
const SJABLOONNAAM = /^[a-z0-9][a-z0-9-]{0,39}$/;
const REDENEN = Object.keys(NIET_OPGEPAKT_RESULTAAT) as [
  keyof typeof NIET_OPGEPAKT_RESULTAAT,
  ...(keyof typeof NIET_OPGEPAKT_RESULTAAT)[],
];

const actieSchema = z.discriminatedUnion(
  'soort',
  [
    z.strictObject({
      soort: z.literal('oppakken'),
      behandelaarId: z.uuid({ error: 'behandelaarId is de id van een collega.' }).optional(),
    }),
    z.strictObject({
      soort: z.literal('brief_sturen'),
      kanaal: z.enum(['BRIEF', 'EMAIL'], { error: 'kanaal is BRIEF of EMAIL.' }),
      sjabloon: z
        .string({ error: 'sjabloon is de naam van een briefsjabloon.' })
        .regex(SJABLOONNAAM, { error: 'sjabloon is de naam van een briefsjabloon.' }),
    }),
    z.strictObject({
      soort: z.literal('niet_oppakken'),
      reden: z.enum(REDENEN, { error: `reden is een van: ${REDENEN.join(', ')}.` }),
    }),
  ],
  { error: 'actie.soort is oppakken, brief_sturen of niet_oppakken.' },
);

const bulkactieSchema = z.strictObject({
  meldingIds: z
    .array(z.uuid({ error: 'Elke id in meldingIds is de id van een melding.' }), {
      error: 'meldingIds is een lijst met ids van meldingen.',
    })
    .min(1, { error: 'Kies ten minste één melding.' })
    .max(MAXIMAAL_MELDINGEN_PER_BULKACTIE, {
      error: `Een bulkactie gaat over hoogstens ${MAXIMAAL_MELDINGEN_PER_BULKACTIE} meldingen; verfijn het filter of splits de selectie.`,
    })
    .refine((ids) => new Set(ids).size === ids.length, {
      error: 'Elke melding staat maar één keer in meldingIds.',
    }),
  actie: actieSchema,
});

@ApiTags('Bulkacties')
@ApiBearerAuth()
@Controller('bulkacties')
export class BulkactiesController {
  constructor(
    @Inject(BulkactiesService) private readonly bulkacties: BulkactiesService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Post()
  @HttpCode(202)
  @Rollen(...MELDINGROLLEN)
  @ApiOperation({
    summary:
      'Eén actie op veel meldingen tegelijk: oppakken of toewijzen, brief of e-mail, niet opgepakt',
    description:
      'Antwoordt meteen; de actie loopt daarna per melding door, precies zoals de enkele actie, zodat een melding waarop de actie niet kan (bijvoorbeeld een afgesloten melding) per melding wordt geweigerd met de reden. Volg de voortgang via GET /v1/bulkacties/{id}. Toewijzen aan een ander mag alleen een teamleider of beheerder. Ids die geen melding van uw gemeente zijn, worden geweigerd als "niet gevonden".',
  })
  @ApiBody({ schema: z.toJSONSchema(bulkactieSchema, { io: 'input' }) as object })
  @ApiResponse({
    status: 202,
    description: 'Aangenomen: { id, status, totaal }',
    headers: { Location: { description: 'Waar de voortgang staat' } },
  })
  @ApiResponse({ status: 400, description: 'Ongeldige invoer, met de reden per veld' })
  @ApiResponse({ status: 403, description: 'Toewijzen aan een ander mag uw rol niet' })
  async maak(
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { meldingIds, actie: invoer } = leesBody(bulkactieSchema, body);
    const actie = await this.controleer(invoer, actor);
    const { id, nietGevonden } = await this.bulkacties.maak(actor, meldingIds, actie);
    await this.audit.legMeerdere(actor, verzoek, [
      { actie: 'bulkactie_starten', objectType: 'Bulkactie', objectId: id, resultaat: 'gelukt' },
      ...nietGevonden.map((meldingId) => ({
        actie: `melding_${actie.soort}`,
        objectType: 'Melding',
        objectId: meldingId,
        resultaat: 'niet_gevonden' as const,
      })),
    ]);
    response.location(`/v1/bulkacties/${id}`);
    return { id, status: 'BEZIG', totaal: meldingIds.length };
  }

  @Get()
  @Rollen(...MELDINGROLLEN)
  @ApiOperation({
    summary: `De recente bulkacties van uw gemeente (hoogstens ${RECENT}), nieuwste eerst`,
  })
  @ApiResponse({ status: 200, description: '{ bulkacties: [...] } zonder items' })
  async lijst(@HuidigeActor() actor: Actor) {
    return { bulkacties: await this.bulkacties.lijst(actor, RECENT) };
  }

  @Get(':id')
  @Rollen(...MELDINGROLLEN)
  @ApiOperation({
    summary: 'Voortgang en uitkomst van een bulkactie, per melding gelukt, geweigerd of mislukt',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'De bulkactie met tellingen en items' })
  @ApiResponse({ status: 404, description: 'Bestaat niet of is niet van uw gemeente' })
  async haalOp(
    @Param('id') id: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    const bulkactie = await this.bulkacties.haalOp(id, actor);
    if (!bulkactie) {
      await this.audit.leg(actor, verzoek, {
        actie: 'bulkactie_inzien',
        objectType: 'Bulkactie',
        objectId: id.slice(0, 64),
        resultaat: 'niet_gevonden',
      });
      throw Probleem.nietGevonden('Bulkactie');
    }
    return bulkactie;
  }

  /** The same rules as the single actions, checked once for the whole selection. */
  private async controleer(
    invoer: z.output<typeof actieSchema>,
    actor: Actor,
  ): Promise<Bulkactiesoort> {
    switch (invoer.soort) {
      case 'oppakken': {
        const behandelaarId = invoer.behandelaarId ?? actor.id;
        if (behandelaarId !== actor.id && (actor.rol === 'BEHANDELAAR' || actor.rol === 'EXTERN'))
          throw new Probleem(
            403,
            'Geen toegang.',
            'Alleen een teamleider of beheerder wijst meldingen toe aan een ander.',
          );
        if (!(await this.bulkacties.isCollega(behandelaarId, actor.gemeenteId!)))
          throw Probleem.ongeldigeInvoer([
            {
              veld: 'actie.behandelaarId',
              code: 'onbekende_collega',
              melding: 'Deze persoon werkt niet (meer) bij uw gemeente.',
            },
          ]);
        return { soort: 'oppakken', behandelaarId };
      }
      case 'brief_sturen':
        if (!(await this.bulkacties.kentSjabloon(invoer.sjabloon)))
          throw Probleem.ongeldigeInvoer([
            {
              veld: 'actie.sjabloon',
              code: 'onbekend_sjabloon',
              melding: `Het briefsjabloon "${invoer.sjabloon}" bestaat niet bij uw gemeente.`,
            },
          ]);
        return invoer;
      case 'niet_oppakken':
        return invoer;
    }
  }
}
