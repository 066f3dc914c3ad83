import { ApplicationFailure } from '@temporalio/common';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  HANDTEKENING_HEADER,
  onderteken,
  WEBHOOK_ID_HEADER,
  type Webhookgebeurtenis,
} from '../domain/webhookhandtekening.js';
import type { Prisma, PrismaClient } from '../prisma/database.js';
import type { Meldingstatus } from '../prisma/generated/enums.js';
import {
  type WebhookAfleveringInvoer,
  webhookAfleveringWorkflowId,
  type Webhookherhaling,
  type webhookAfleveringWorkflow,
} from '../workflows/webhook.workflow.js';

/** Production defaults; see Webhookherhaling. */
export const STANDAARD_WEBHOOKHERHALING: Webhookherhaling = {
  eersteIntervalSeconden: 30,
  maximumIntervalSeconden: 3600,
  opgevenNaSeconden: 24 * 3600,
  timeoutSeconden: 10,
};

/**
 * THE place where melding events become webhook deliveries: one row per
 * subscription that wants the event, written in the caller's transaction
 * next to the change itself (an outbox). The key per melding, event and
 * status makes a second write of the same event a no-op.
 */
export async function legWebhookgebeurtenisVast(
  tx: Prisma.TransactionClient,
  melding: { id: string; gemeenteId: string },
  type: Webhookgebeurtenis,
  status: Meldingstatus,
): Promise<void> {
  const abonnementen = await tx.webhookabonnement.findMany({
    where: {
      gemeenteId: melding.gemeenteId,
      ingetrokkenOp: null,
      vervallenOp: null,
      gebeurtenistypen: { has: type },
    },
    select: { id: true },
  });
  if (!abonnementen.length) return;
  await tx.webhookaflevering.createMany({
    data: abonnementen.map((a) => ({
      abonnementId: a.id,
      gebeurtenistype: type,
      meldingId: melding.id,
      meldingstatus: status,
      gebeurtenissleutel: `${melding.id}/${type}/${status}`,
    })),
    skipDuplicates: true,
  });
}

/** A status change as a webhook event: closing is its own event, every other change status_gewijzigd. */
export async function legStatuswijzigingVast(
  tx: Prisma.TransactionClient,
  melding: { id: string; gemeenteId: string },
  vorige: Meldingstatus,
  nieuwe: Meldingstatus,
): Promise<void> {
  if (vorige === nieuwe) return;
  await legWebhookgebeurtenisVast(
    tx,
    melding,
    nieuwe === 'AFGESLOTEN' ? 'melding.afgesloten' : 'melding.status_gewijzigd',
    nieuwe,
  );
}

/**
 * Starts a delivery workflow for every delivery of the melding not started
 * yet. Called after the transaction that wrote them, by the activity that
 * wrote them; a retry of that activity repeats this, and the workflow id with
 * REJECT_DUPLICATE keeps a delivery from being started twice.
 */
export async function startWebhookafleveringen(
  prisma: PrismaClient,
  temporal: Client,
  taakwachtrij: string,
  herhaling: Webhookherhaling,
  meldingId: string,
): Promise<void> {
  const open = await prisma.webhookaflevering.findMany({
    where: { meldingId, gestartOp: null },
    select: { id: true, ronde: true },
    orderBy: { aangemaaktOp: 'asc' },
  });
  for (const aflevering of open)
    await startAflevering(prisma, temporal, taakwachtrij, herhaling, aflevering);
}

export async function startAflevering(
  prisma: PrismaClient,
  temporal: Client,
  taakwachtrij: string,
  herhaling: Webhookherhaling,
  { id, ronde }: { id: string; ronde: number },
): Promise<void> {
  try {
    await temporal.workflow.start<typeof webhookAfleveringWorkflow>('webhookAfleveringWorkflow', {
      taskQueue: taakwachtrij,
      workflowId: webhookAfleveringWorkflowId(id, ronde),
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ afleveringId: id, herhaling } satisfies WebhookAfleveringInvoer],
    });
  } catch (fout) {
    if (!(fout instanceof WorkflowExecutionAlreadyStartedError)) throw fout;
  }
  await prisma.webhookaflevering.updateMany({
    where: { id, ronde, gestartOp: null },
    data: { gestartOp: new Date() },
  });
}

/** Side effects of webhook delivery: the signed POST and the delivery log. */
export class WebhookActiviteitenImpl {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly timeoutSeconden: number,
  ) {}

  /**
   * One attempt: POST the event, signed, to the subscriber. 2xx is delivered;
   * anything else (another status, a network error, a timeout) throws so
   * Temporal tries again after its backoff; 410 Gone ends the subscription.
   * Every attempt is in the delivery log, without the response body.
   */
  async leverWebhookAf(afleveringId: string): Promise<void> {
    const aflevering = await this.prisma.webhookaflevering.update({
      where: { id: afleveringId },
      data: { pogingen: { increment: 1 }, laatstePogingOp: new Date() },
      include: { abonnement: { include: { gemeente: { select: { code: true } } } } },
    });
    const { abonnement } = aflevering;
    if (abonnement.ingetrokkenOp || abonnement.vervallenOp)
      throw ApplicationFailure.create({
        message: 'Het abonnement is beëindigd; niet meer verstuurd.',
        type: 'AbonnementBeeindigd',
        nonRetryable: true,
      });
    const body = JSON.stringify({
      id: aflevering.id,
      type: aflevering.gebeurtenistype,
      tijdstip: aflevering.aangemaaktOp.toISOString(),
      gemeente: abonnement.gemeente.code,
      melding: { id: aflevering.meldingId, status: aflevering.meldingstatus },
      _links: { melding: { href: `/v1/meldingen/${aflevering.meldingId}` } },
    });
    const tijdstip = Math.floor(Date.now() / 1000);
    let status: number;
    try {
      const antwoord = await fetch(abonnement.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Vroegsignaal-Webhooks/1',
          [HANDTEKENING_HEADER]: onderteken(abonnement.geheim, tijdstip, body),
          [WEBHOOK_ID_HEADER]: aflevering.id,
        },
        body,
        // A redirect could point anywhere, also inside our own network.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutSeconden * 1000),
      });
      status = antwoord.status;
      // The body is not read or kept; cancel it so the connection is freed.
      await antwoord.body?.cancel();
    } catch (fout) {
      const reden =
        fout instanceof Error && fout.name === 'TimeoutError'
          ? `geen antwoord binnen ${this.timeoutSeconden} s`
          : `verbinding mislukt${fout instanceof Error && fout.cause instanceof Error && 'code' in fout.cause ? ` (${String(fout.cause.code)})` : ''}`;
      await this.prisma.webhookaflevering.update({
        where: { id: afleveringId },
        data: { laatsteStatuscode: null, laatsteFout: reden },
      });
      throw ApplicationFailure.create({ message: reden, type: 'WebhookNietAfgeleverd' });
    }
    if (status >= 200 && status < 300) {
      await this.prisma.webhookaflevering.update({
        where: { id: afleveringId },
        data: {
          status: 'AFGELEVERD',
          laatsteStatuscode: status,
          laatsteFout: null,
          afgerondOp: new Date(),
        },
      });
      return;
    }
    if (status === 410) {
      // The receiver says this URL is gone for good: stop sending it anything.
      await this.prisma.webhookabonnement.updateMany({
        where: { id: abonnement.id, vervallenOp: null },
        data: { vervallenOp: new Date() },
      });
      await this.prisma.webhookaflevering.update({
        where: { id: afleveringId },
        data: { laatsteStatuscode: status, laatsteFout: 'HTTP 410: abonnement beëindigd' },
      });
      throw ApplicationFailure.create({
        message: 'De ontvanger antwoordde 410 Gone; het abonnement is beëindigd.',
        type: 'AbonnementBeeindigd',
        nonRetryable: true,
      });
    }
    await this.prisma.webhookaflevering.update({
      where: { id: afleveringId },
      data: { laatsteStatuscode: status, laatsteFout: `HTTP ${status}` },
    });
    throw ApplicationFailure.create({ message: `HTTP ${status}`, type: 'WebhookNietAfgeleverd' });
  }

  /** The retry window closed, or the subscription ended: the log says MISLUKT. */
  async markeerWebhookMislukt({
    afleveringId,
    reden,
  }: {
    afleveringId: string;
    reden: string | null;
  }): Promise<void> {
    await this.prisma.webhookaflevering.updateMany({
      where: { id: afleveringId, status: 'BEZIG' },
      data: {
        status: 'MISLUKT',
        afgerondOp: new Date(),
        ...(reden ? { laatsteFout: reden.slice(0, 300) } : {}),
      },
    });
  }
}

export type WebhookActiviteiten = Pick<
  WebhookActiviteitenImpl,
  'leverWebhookAf' | 'markeerWebhookMislukt'
>;
