import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import { DATABASE } from '../../shared/database.module.js';
import { type Actor, HuidigeActor, Rollen, MELDINGROLLEN } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { ApiPaginering, paginaInfo, paginering } from '../infra/paginering.js';
import { Probleem } from '../infra/probleem.js';
import { isUuid } from '../infra/uuid.js';

const SOORTEN: Record<string, string> = {
  termijn_eersteContact: 'Termijn voor het eerste contact verstreken',
  termijn_oppakken: 'Termijn voor oppakken verstreken',
};

const lijstSchema = z.strictObject({
  ongelezen: z
    .enum(['true', 'false'], { error: 'ongelezen is true of false.' })
    .transform((v) => v === 'true')
    .optional(),
  ...paginering,
});

/**
 * A supervisor's notifications, e.g. that a melding passed a deadline. They
 * name the melding by id only: opening it is a read that gets audit-logged.
 */
@ApiTags('Notificaties')
@ApiBearerAuth()
@Controller('notificaties')
export class NotificatiesController {
  constructor(@Inject(DATABASE) private readonly db: ScopedDatabase) {}

  @Get()
  @Rollen(...MELDINGROLLEN)
  @ApiOperation({ summary: 'Uw notificaties, nieuwste eerst' })
  @ApiPaginering()
  @ApiResponse({ status: 200, description: 'Een pagina notificaties' })
  async lijst(@Query() query: unknown, @HuidigeActor() actor: Actor) {
    const filter = leesBody(lijstSchema, query);
    const where = {
      gebruikerId: actor.id,
      ...(filter.ongelezen === undefined
        ? {}
        : { gelezenOp: filter.ongelezen ? null : { not: null } }),
    };
    const [notificaties, totaal] = await Promise.all([
      this.db.notificatie.findMany({
        where,
        orderBy: [{ aangemaaktOp: 'desc' }, { id: 'asc' }],
        skip: (filter.pagina - 1) * filter.paginagrootte,
        take: filter.paginagrootte,
      }),
      this.db.notificatie.count({ where }),
    ]);
    return {
      notificaties: notificaties.map((n) => ({
        id: n.id,
        soort: n.soort,
        omschrijving: SOORTEN[n.soort] ?? n.soort,
        aangemaaktOp: n.aangemaaktOp.toISOString(),
        gelezenOp: n.gelezenOp?.toISOString() ?? null,
        _links: { melding: { href: `/v1/meldingen/${n.meldingId}` } },
      })),
      ...paginaInfo(
        '/v1/notificaties',
        filter.ongelezen === undefined ? {} : { ongelezen: String(filter.ongelezen) },
        filter,
        totaal,
      ),
    };
  }

  @Post(':id/gelezen')
  @HttpCode(204)
  @Rollen(...MELDINGROLLEN)
  @ApiOperation({ summary: 'Een notificatie als gelezen markeren' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Gemarkeerd' })
  @ApiResponse({ status: 404, description: 'Niet uw notificatie' })
  async gelezen(@Param('id') id: string, @HuidigeActor() actor: Actor): Promise<void> {
    const { count } = isUuid(id)
      ? await this.db.notificatie.updateMany({
          where: { id, gebruikerId: actor.id, gelezenOp: null },
          data: { gelezenOp: new Date() },
        })
      : { count: 0 };
    if (
      count === 0 &&
      !(isUuid(id) && (await this.db.notificatie.count({ where: { id, gebruikerId: actor.id } })))
    )
      throw Probleem.nietGevonden('Notificatie');
  }
}
