import { Controller, Get, Header, Inject, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, HuidigeActor, Rollen, type VerzoekMetActor } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { ApiPaginering, paginaInfo, paginering } from '../infra/paginering.js';
import { Probleem } from '../infra/probleem.js';
import { AuditService } from './audit.service.js';
import { AuditregelsService } from './auditregels.service.js';

const tijdstip = (naam: string) =>
  z.iso
    .datetime({
      offset: true,
      error: `${naam} is een tijdstip met tijdzone (ISO 8601), bijvoorbeeld 2026-11-01T00:00:00+01:00.`,
    })
    .transform((t) => new Date(t));
const tekst = (naam: string, max: number) =>
  z
    .string({ error: `${naam} is tekst.` })
    .min(1, { error: `${naam} mag niet leeg zijn; laat de parameter weg om niet te filteren.` })
    .max(max, { error: `${naam} is hoogstens ${max} tekens.` });

const RESULTATEN = ['gelukt', 'geweigerd', 'mislukt', 'niet_gevonden'] as const;

const zoekSchema = z
  .strictObject({
    ...paginering,
    van: tijdstip('van').optional(),
    tot: tijdstip('tot').optional(),
    actie: tekst('actie', 100).optional(),
    objectType: tekst('objectType', 100).optional(),
    objectId: tekst('objectId', 500).optional(),
    actorId: tekst('actorId', 100).optional(),
    resultaat: z
      .enum(RESULTATEN, { error: `resultaat is een van: ${RESULTATEN.join(', ')}.` })
      .optional(),
  })
  .refine((f) => !f.van || !f.tot || f.van < f.tot, {
    error: 'van moet vóór tot liggen.',
    path: ['tot'],
  });

@ApiTags('Auditlog')
@ApiBearerAuth()
@Controller('auditregels')
export class AuditregelsController {
  constructor(
    @Inject(AuditregelsService) private readonly auditregels: AuditregelsService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Get()
  @Rollen('TEAMLEIDER', 'GEMEENTEBEHEERDER')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Het auditlog van uw gemeente doorzoeken, nieuwste eerst, per pagina',
    description:
      'Wie wat met welke gegevens van uw gemeente deed: de handelingen van uw eigen gebruikers en die van anderen (platformbeheer, DDAS-clients) op gegevens van uw gemeente. Nooit die van een andere gemeente. Het zoeken zelf wordt ook vastgelegd (actie auditlog_inzien). Alleen voor teamleiders en gemeentebeheerders.',
  })
  @ApiPaginering()
  @ApiQuery({
    name: 'van',
    required: false,
    description: 'Vanaf dit tijdstip (inclusief), ISO 8601 met tijdzone',
    schema: { type: 'string', format: 'date-time' },
  })
  @ApiQuery({
    name: 'tot',
    required: false,
    description: 'Tot dit tijdstip (exclusief), ISO 8601 met tijdzone',
    schema: { type: 'string', format: 'date-time' },
  })
  @ApiQuery({ name: 'actie', required: false, description: 'Bijvoorbeeld melding_inzien' })
  @ApiQuery({ name: 'objectType', required: false, description: 'Bijvoorbeeld Melding' })
  @ApiQuery({ name: 'objectId', required: false, description: 'Het id van het object' })
  @ApiQuery({ name: 'actorId', required: false, description: 'Het id van de gebruiker' })
  @ApiQuery({
    name: 'resultaat',
    required: false,
    schema: { type: 'string', enum: [...RESULTATEN] },
  })
  @ApiResponse({
    status: 200,
    description: '{ auditregels, pagina, paginagrootte, totaal, _links }',
  })
  @ApiResponse({ status: 400, description: 'Ongeldig filter, met de reden per parameter' })
  @ApiResponse({ status: 403, description: 'Alleen teamleiders en gemeentebeheerders' })
  async zoek(
    @Query() query: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ) {
    if (!actor.gemeenteId)
      throw new Probleem(403, 'Geen toegang.', 'Uw account hoort bij geen gemeente.');
    const { pagina, paginagrootte, ...filter } = leesBody(zoekSchema, query);
    const { auditregels, totaal } = await this.auditregels.zoek(actor.gemeenteId, filter, {
      pagina,
      paginagrootte,
    });
    const behouden = Object.fromEntries(
      Object.entries(query as Record<string, string>).filter(
        ([k]) => !['pagina', 'paginagrootte'].includes(k),
      ),
    );
    // Who searched the log for what is itself evidence; the filter holds
    // ids, codes and dates only.
    await this.audit.leg(actor, verzoek, {
      actie: 'auditlog_inzien',
      objectType: 'AuditLog',
      objectId:
        new URLSearchParams({ ...behouden, pagina: String(pagina) }).toString().slice(0, 500) ||
        null,
      resultaat: 'gelukt',
    });
    return {
      auditregels,
      ...paginaInfo('/v1/auditregels', behouden, { pagina, paginagrootte }, totaal),
    };
  }
}
