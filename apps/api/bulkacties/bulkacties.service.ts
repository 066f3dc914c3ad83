import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { Meldingactie } from '../../../domain/meldingacties.js';
import { isIngebouwdSjabloon } from '../../../domain/uitnodiging.js';
import { PrismaClient } from '../../../prisma/database.js';
import type { Bulkuitkomst } from '../../../prisma/generated/enums.js';
import type { ScopedDatabase } from '../../../prisma/toegang.js';
import { bulkactieWorkflowId } from '../../../workflows/contracts.js';
import type { bulkactieWorkflow } from '../../../workflows/bulkactie.workflow.js';
import type { Config } from '../../shared/config.js';
import { DATABASE } from '../../shared/database.module.js';
import { CONFIG } from '../../shared/tokens.js';
import type { Actor } from '../auth/actor.js';
import { Probleem } from '../infra/probleem.js';
import { isUuid } from '../infra/uuid.js';

/** The actions a caseworker may apply to many meldingen at once. */
export type Bulkactiesoort = Extract<
  Meldingactie,
  { soort: 'oppakken' | 'brief_sturen' | 'niet_oppakken' }
>;

export const NIET_GEVONDEN = 'Melding niet gevonden.';

export interface Bulkactieweergave {
  id: string;
  status: 'BEZIG' | 'KLAAR';
  actie: Bulkactiesoort;
  totaal: number;
  verwerkt: number;
  gelukt: number;
  geweigerd: number;
  mislukt: number;
  aangemaaktOp: string;
  klaarOp: string | null;
}

const TELLERS: Record<Bulkuitkomst, 'gelukt' | 'geweigerd' | 'mislukt'> = {
  GELUKT: 'gelukt',
  GEWEIGERD: 'geweigerd',
  MISLUKT: 'mislukt',
};

/**
 * Bulk actions: stored with their items in one transaction, then run by
 * bulkactieWorkflow. Only the caller's gemeente's meldingen are acted on;
 * any other id becomes a refused item that says no more than "not found".
 */
@Injectable()
export class BulkactiesService {
  private readonly logger = new Logger('Bulkacties');

  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly db: ScopedDatabase,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async isCollega(gebruikerId: string, gemeenteId: string): Promise<boolean> {
    return (
      (await this.prisma.gebruiker.count({
        where: { id: gebruikerId, gemeenteId, actief: true, rol: { not: 'SIGNAALPARTNER' } },
      })) === 1
    );
  }

  /** A built-in text, or one of the gemeente's own Briefsjablonen. */
  async kentSjabloon(naam: string): Promise<boolean> {
    return (
      isIngebouwdSjabloon(naam) || (await this.db.briefsjabloon.count({ where: { naam } })) > 0
    );
  }

  /** Stores the bulkactie and starts its workflow; returns its id and the ids not found. */
  async maak(
    actor: Actor,
    meldingIds: string[],
    actie: Bulkactiesoort,
  ): Promise<{ id: string; nietGevonden: string[] }> {
    const gevonden = new Set(
      (
        await this.db.melding.findMany({
          where: { id: { in: meldingIds } },
          select: { id: true },
        })
      ).map((m) => m.id),
    );
    const nietGevonden = meldingIds.filter((id) => !gevonden.has(id));
    const bulkactie = await this.prisma.$transaction(async (tx) => {
      const nieuw = await tx.bulkactie.create({
        data: {
          gemeenteId: actor.gemeenteId!,
          gebruikerId: actor.id,
          actie,
          totaal: meldingIds.length,
        },
      });
      const nu = new Date();
      await tx.bulkactieItem.createMany({
        data: meldingIds.map((meldingId, volgorde) => ({
          bulkactieId: nieuw.id,
          meldingId,
          volgorde,
          ...(gevonden.has(meldingId)
            ? {}
            : { uitkomst: 'GEWEIGERD' as const, toelichting: NIET_GEVONDEN, verwerktOp: nu }),
        })),
      });
      return nieuw;
    });
    try {
      await this.temporal.workflow.start<typeof bulkactieWorkflow>('bulkactieWorkflow', {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId: bulkactieWorkflowId(bulkactie.id),
        args: [{ bulkactieId: bulkactie.id }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (fout) {
      this.logger.error(
        `Bulkactie ${bulkactie.id} niet gestart: ${fout instanceof Error ? fout.message : String(fout)}`,
      );
      await this.prisma.bulkactie.delete({ where: { id: bulkactie.id } });
      throw new Probleem(
        503,
        'Bulkactie niet gestart.',
        'De bulkactie kon niet worden gestart en er is niets uitgevoerd. Probeer het later opnieuw.',
        undefined,
        { 'Retry-After': '30' },
      );
    }
    return { id: bulkactie.id, nietGevonden };
  }

  /**
   * One bulkactie of the caller's gemeente with its items. An external user
   * sees only their own: its items may name meldingen outside their wijken.
   */
  async haalOp(id: string, actor: Actor) {
    if (!isUuid(id)) return null;
    const bulkactie = await this.db.bulkactie.findUnique({
      where: { id, ...(actor.rol === 'EXTERN' ? { gebruikerId: actor.id } : {}) },
      include: {
        items: {
          orderBy: { volgorde: 'asc' },
          select: { meldingId: true, uitkomst: true, toelichting: true },
        },
      },
    });
    if (!bulkactie) return null;
    const tellingen = { gelukt: 0, geweigerd: 0, mislukt: 0 };
    for (const item of bulkactie.items) if (item.uitkomst) tellingen[TELLERS[item.uitkomst]]++;
    return {
      ...weergave(bulkactie, tellingen),
      items: bulkactie.items,
    };
  }

  /** The gemeente's most recent bulkacties, newest first. */
  async lijst(actor: Actor, aantal: number): Promise<Bulkactieweergave[]> {
    const bulkacties = await this.db.bulkactie.findMany({
      where: actor.rol === 'EXTERN' ? { gebruikerId: actor.id } : {},
      orderBy: { aangemaaktOp: 'desc' },
      take: aantal,
    });
    const groepen = await this.prisma.bulkactieItem.groupBy({
      by: ['bulkactieId', 'uitkomst'],
      where: { bulkactieId: { in: bulkacties.map((b) => b.id) }, uitkomst: { not: null } },
      _count: { _all: true },
    });
    return bulkacties.map((b) => {
      const tellingen = { gelukt: 0, geweigerd: 0, mislukt: 0 };
      for (const g of groepen)
        if (g.bulkactieId === b.id && g.uitkomst) tellingen[TELLERS[g.uitkomst]] = g._count._all;
      return weergave(b, tellingen);
    });
  }
}

function weergave(
  b: {
    id: string;
    status: 'BEZIG' | 'KLAAR';
    actie: unknown;
    totaal: number;
    aangemaaktOp: Date;
    klaarOp: Date | null;
  },
  tellingen: { gelukt: number; geweigerd: number; mislukt: number },
): Bulkactieweergave {
  return {
    id: b.id,
    status: b.status,
    actie: b.actie as Bulkactiesoort,
    totaal: b.totaal,
    verwerkt: tellingen.gelukt + tellingen.geweigerd + tellingen.mislukt,
    ...tellingen,
    aangemaaktOp: b.aangemaaktOp.toISOString(),
    klaarOp: b.klaarOp?.toISOString() ?? null,
  };
}
