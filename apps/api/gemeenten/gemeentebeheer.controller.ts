import {
  Body,
  Controller,
  Delete,
  HttpCode,
  Inject,
  Logger,
  Param,
  Post,
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
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { z } from 'zod';
import { PrismaClient } from '../../../prisma/database.js';
import type { Config } from '../../shared/config.js';
import { maakRapportageschema, verwijderRapportageschema } from '../../shared/rapportageschema.js';
import { CONFIG } from '../../shared/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, HuidigeActor, Rollen, type VerzoekMetActor } from '../auth/actor.js';
import { leesBody } from '../infra/body.js';
import { Probleem } from '../infra/probleem.js';

const nieuweGemeenteSchema = z.strictObject({
  code: z
    .string({ error: 'code is de CBS-gemeentecode van vier cijfers, bijvoorbeeld 0344.' })
    .regex(/^\d{4}$/, {
      error: 'code is de CBS-gemeentecode van vier cijfers, bijvoorbeeld 0344.',
    }),
  naam: z
    .string({ error: 'naam is de naam van de gemeente, bijvoorbeeld Utrecht.' })
    .trim()
    .min(1, { error: 'naam is de naam van de gemeente, bijvoorbeeld Utrecht.' })
    .max(100, { error: 'naam is hoogstens 100 tekens.' }),
});

/**
 * Onboarding and removing a gemeente, by the platform operator. Each gemeente
 * has a Temporal Schedule for its monthly report that lives and dies with it.
 */
@ApiTags('Gemeentebeheer')
@ApiBearerAuth()
@Controller('gemeenten')
export class GemeentebeheerController {
  private readonly logger = new Logger('Gemeentebeheer');

  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Post()
  @Rollen('PLATFORMBEHEERDER')
  @ApiOperation({
    summary: 'Een gemeente aansluiten',
    description:
      'Legt de gemeente vast met haar standaardinstellingen en maakt het Temporal-schema voor haar maandrapportage (de 1e van elke maand om 06:00 Nederlandse tijd, over de maand ervoor). Wijken, kernen, koppelingen en gebruikers volgen daarna.',
  })
  @ApiBody({ schema: z.toJSONSchema(nieuweGemeenteSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 201, description: '{ id, code, naam, _links }' })
  @ApiResponse({ status: 400, description: 'Ongeldige code of naam' })
  @ApiResponse({ status: 409, description: 'Er is al een gemeente met deze code' })
  async maak(
    @Body() body: unknown,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { code, naam } = leesBody(nieuweGemeenteSchema, body);
    if (await this.prisma.gemeente.findUnique({ where: { code }, select: { id: true } }))
      throw new Probleem(
        409,
        'Deze gemeente bestaat al.',
        `Er is al een gemeente met code ${code}.`,
      );
    const gemeente = await this.prisma.gemeente.create({
      data: { code, naam },
      select: { id: true, code: true, naam: true },
    });
    try {
      await maakRapportageschema(this.temporal, this.config.TEMPORAL_TASK_QUEUE, code);
    } catch (fout) {
      // Without its Schedule the gemeente would silently miss its reports:
      // undo, so the operator can simply try again.
      await this.prisma.gemeente.delete({ where: { id: gemeente.id } });
      this.logger.warn(`Schema voor gemeente ${code} niet gemaakt: ${(fout as Error).message}`);
      throw new Probleem(
        503,
        'Vroegsignaal is tijdelijk niet beschikbaar.',
        'Het schema voor de maandrapportage kon niet worden gemaakt; de gemeente is niet aangesloten. Probeer het later opnieuw.',
        undefined,
        { 'Retry-After': '30' },
      );
    }
    await this.audit.leg(actor, verzoek, {
      actie: 'gemeente_aansluiten',
      objectType: 'Gemeente',
      objectId: code,
      resultaat: 'gelukt',
    });
    const self = `/v1/gemeenten/${code}/instellingen`;
    response.location(self);
    return { ...gemeente, _links: { self: { href: self } } };
  }

  @Delete(':code')
  @HttpCode(204)
  @Rollen('PLATFORMBEHEERDER')
  @ApiOperation({
    summary: 'Een gemeente verwijderen die nooit signalen had',
    description:
      'Alleen een gemeente zonder signalen, meldingen of overdrachten: die gegevens vallen onder de bewaartermijnen en de verantwoording aan CBS, en verdwijnen niet met één verzoek. Verwijdert de gemeente met haar wijken, kernen, koppelingen, gebruikers, instellingen en rapportages, haar plaats in de DDAS-clients en het schema van haar maandrapportage.',
  })
  @ApiParam({ name: 'code', description: 'CBS-gemeentecode', example: '0344' })
  @ApiResponse({ status: 204, description: 'Verwijderd' })
  @ApiResponse({ status: 404, description: 'Geen gemeente met deze code' })
  @ApiResponse({ status: 409, description: 'De gemeente heeft signalen of meldingen' })
  async verwijder(
    @Param('code') code: string,
    @HuidigeActor() actor: Actor,
    @Req() verzoek: VerzoekMetActor,
  ): Promise<void> {
    const gemeente = /^\d{4}$/.test(code)
      ? await this.prisma.gemeente.findUnique({ where: { code }, select: { id: true } })
      : null;
    if (!gemeente) throw Probleem.nietGevonden('Gemeente');
    const id = gemeente.id;
    const [signalen, meldingen, overdrachten] = await Promise.all([
      this.prisma.signaal.count({
        where: { OR: [{ gemeenteId: id }, { wijk: { gemeenteId: id } }] },
      }),
      this.prisma.melding.count({ where: { gemeenteId: id } }),
      this.prisma.signaaloverdracht.count({
        where: { OR: [{ vanGemeenteId: id }, { naarGemeenteId: id }] },
      }),
    ]);
    if (signalen + meldingen + overdrachten > 0) {
      await this.audit.leg(actor, verzoek, {
        actie: 'gemeente_verwijderen',
        objectType: 'Gemeente',
        objectId: code,
        resultaat: 'geweigerd',
      });
      throw new Probleem(
        409,
        'Deze gemeente heeft signalen of meldingen.',
        `Gemeente ${code} heeft ${signalen} signalen, ${meldingen} meldingen en ${overdrachten} overdrachten. Die vallen onder de bewaartermijnen en worden niet met de gemeente verwijderd. Beëindig de koppelingen; de gegevens verdwijnen als hun bewaartermijn afloopt.`,
      );
    }
    // The Schedule first: should the database step fail, the worker's
    // reconciliation at its next start brings the Schedule back, whereas a
    // Schedule left for a deleted gemeente would fail every month.
    await verwijderRapportageschema(this.temporal, code);
    await this.prisma.$transaction([
      this.prisma.kern.deleteMany({ where: { gemeenteId: id } }),
      this.prisma.buurt.deleteMany({ where: { wijk: { gemeenteId: id } } }),
      this.prisma.wijk.deleteMany({ where: { gemeenteId: id } }),
      this.prisma.koppeling.deleteMany({ where: { gemeenteId: id } }),
      this.prisma.uitnodigingsreeks.deleteMany({ where: { gemeenteId: id } }),
      this.prisma.briefsjabloon.deleteMany({ where: { gemeenteId: id } }),
      this.prisma.bulkactie.deleteMany({ where: { gemeenteId: id } }),
      this.prisma.gebruiker.deleteMany({ where: { gemeenteId: id } }),
      // DDAS clients list their gemeenten by id, without a foreign key.
      this.prisma
        .$executeRaw`UPDATE "DdasClient" SET "gemeenteIds" = array_remove("gemeenteIds", ${id}::uuid)
        WHERE ${id}::uuid = ANY("gemeenteIds")`,
      this.prisma.gemeente.delete({ where: { id } }),
    ]);
    await this.audit.leg(actor, verzoek, {
      actie: 'gemeente_verwijderen',
      objectType: 'Gemeente',
      objectId: code,
      resultaat: 'gelukt',
    });
  }
}
