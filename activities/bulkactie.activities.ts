import { cancellationSignal, heartbeat } from '@temporalio/activity';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { type Meldingactie, weigering } from '../domain/meldingacties.js';
import { nederlandseDatum } from '../domain/tijd.js';
import type { Bulkuitkomst } from '../prisma/generated/enums.js';
import type { PrismaClient } from '../prisma/database.js';
import {
  bulkactieWorkflowId,
  meldingActieUpdate,
  meldingWorkflowId,
} from '../workflows/contracts.js';

/** Updates in flight at once: enough to finish 500 in seconds, few enough to leave the worker room. */
export const GELIJKTIJDIGE_UPDATES = 12;
const POGINGEN = 3;
const HARTSLAG_MS = 5_000;

interface Itemuitkomst {
  uitkomst: Bulkuitkomst;
  toelichting: string | null;
}

/** Runs a bulkactie: per melding the single action's Update, its outcome stored as it comes. */
export class BulkactieActiviteitenImpl {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly temporal: Client,
    private readonly gelijktijdig = GELIJKTIJDIGE_UPDATES,
  ) {}

  /**
   * Idempotent on retry: items that already have an outcome are skipped, and
   * the Update id is derived from the bulkactie, so an Update that went
   * through just before a crash is answered from the melding's history
   * instead of being applied twice.
   */
  async voerBulkactieUit(bulkactieId: string): Promise<void> {
    const bulkactie = await this.prisma.bulkactie.findUniqueOrThrow({
      where: { id: bulkactieId },
      select: { gemeenteId: true, gebruikerId: true, actie: true },
    });
    const open = await this.prisma.bulkactieItem.findMany({
      where: { bulkactieId, uitkomst: null },
      orderBy: { volgorde: 'asc' },
      select: { meldingId: true },
    });
    const actie = bulkactie.actie as unknown as Meldingactie;
    const signaal = cancellationSignal();
    let volgende = 0;
    let verwerkt = 0;
    const werker = async () => {
      while (volgende < open.length && !signaal.aborted) {
        const { meldingId } = open[volgende++]!;
        const uitkomst = await this.voerUitOp(bulkactieId, meldingId, actie, bulkactie.gebruikerId);
        await this.prisma.$transaction([
          this.prisma.bulkactieItem.updateMany({
            where: { bulkactieId, meldingId, uitkomst: null },
            data: { ...uitkomst, verwerktOp: new Date() },
          }),
          // As the single action logs it: who, which melding, what came of it.
          this.prisma.auditLog.create({
            data: {
              actorType: 'gebruiker',
              actorId: bulkactie.gebruikerId,
              organisatieType: 'gemeente',
              organisatieId: bulkactie.gemeenteId,
              actie: `melding_${actie.soort}`,
              objectType: 'Melding',
              objectId: meldingId,
              resultaat: uitkomst.uitkomst.toLowerCase(),
            },
          }),
        ]);
        heartbeat(++verwerkt);
      }
    };
    // Also between outcomes: a dozen letters printing at once may take longer
    // than the heartbeat timeout, and that is no reason to start over.
    const tik = setInterval(() => heartbeat(verwerkt), HARTSLAG_MS);
    try {
      await Promise.all(Array.from({ length: Math.min(this.gelijktijdig, open.length) }, werker));
    } finally {
      clearInterval(tik);
    }
    // Cancelled: the items left stay open for whoever runs it again.
    if (signaal.aborted) return;
    await this.prisma.bulkactie.updateMany({
      where: { id: bulkactieId, klaarOp: null },
      data: { status: 'KLAAR', klaarOp: new Date() },
    });
  }

  private async voerUitOp(
    bulkactieId: string,
    meldingId: string,
    actie: Meldingactie,
    door: string,
  ): Promise<Itemuitkomst> {
    for (let poging = 1; ; poging++) {
      try {
        await this.temporal.workflow
          .getHandle(meldingWorkflowId(meldingId))
          .executeUpdate(meldingActieUpdate, {
            args: [{ actie, door }],
            updateId: bulkactieWorkflowId(bulkactieId),
          });
        return { uitkomst: 'GELUKT', toelichting: null };
      } catch (fout) {
        if (fout instanceof WorkflowUpdateFailedError)
          return {
            uitkomst: 'GEWEIGERD',
            toelichting:
              fout.cause instanceof Error ? fout.cause.message : 'Deze actie kan nu niet.',
          };
        if (fout instanceof WorkflowNotFoundError)
          return { uitkomst: 'GEWEIGERD', toelichting: await this.nietActief(meldingId, actie) };
        // Temporal briefly away: try again, then report this one item and go on.
        if (poging >= POGINGEN)
          return {
            uitkomst: 'MISLUKT',
            toelichting: 'Dit lukte nu niet door een storing. Probeer deze melding later opnieuw.',
          };
        await new Promise((klaar) => setTimeout(klaar, 1000 * poging));
      }
    }
  }

  /** The workflow ends when retention has passed; the melding is closed then. */
  private async nietActief(meldingId: string, actie: Meldingactie): Promise<string> {
    const melding = await this.prisma.melding.findUnique({ where: { id: meldingId } });
    const reden = melding
      ? weigering(
          {
            status: melding.status,
            behandelaarId: melding.behandelaarId,
            contactGelegd: false,
            persoonlijkContact: false,
            opgepakt: melding.opgepaktOp !== null,
          },
          actie,
          nederlandseDatum(new Date()),
        )
      : null;
    return reden ?? 'Deze melding is niet meer actief.';
  }
}

export type BulkactieActiviteiten = Pick<BulkactieActiviteitenImpl, 'voerBulkactieUit'>;
