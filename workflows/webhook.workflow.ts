import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { WebhookActiviteiten } from '../activities/webhook.activities.js';

/**
 * How long and how often a delivery is tried. Production defaults (env
 * WEBHOOK_*): first retry after 30 s, each wait twice the previous one up to
 * 1 hour, giving up 24 hours after the event; each POST may take 10 s.
 * Tests shorten these to seconds.
 */
export interface Webhookherhaling {
  eersteIntervalSeconden: number;
  maximumIntervalSeconden: number;
  opgevenNaSeconden: number;
  timeoutSeconden: number;
}

/** Ids only: the body is built from the database at each attempt. */
export interface WebhookAfleveringInvoer {
  afleveringId: string;
  herhaling: Webhookherhaling;
}

/**
 * One run per delivery and round ("opnieuw versturen" starts round 2, …),
 * started with REJECT_DUPLICATE: a retried emitter can never send twice.
 */
export function webhookAfleveringWorkflowId(afleveringId: string, ronde: number): string {
  return `webhookaflevering-${afleveringId}-${ronde}`;
}

/** Errors after which trying again cannot help: the subscription is gone or the receiver said 410. */
export const DEFINITIEF_MISLUKT = ['AbonnementBeeindigd'];

/**
 * Delivers one webhook event: POSTs until the receiver answers 2xx, with
 * exponential backoff, for at most `opgevenNaSeconden`; then the delivery log
 * says MISLUKT. The activity records every attempt in the log itself.
 */
export async function webhookAfleveringWorkflow({
  afleveringId,
  herhaling,
}: WebhookAfleveringInvoer): Promise<'AFGELEVERD' | 'MISLUKT'> {
  const { leverWebhookAf } = proxyActivities<WebhookActiviteiten>({
    // The POST's own timeout plus the database writes around it.
    startToCloseTimeout: `${herhaling.timeoutSeconden + 30} seconds`,
    scheduleToCloseTimeout: `${herhaling.opgevenNaSeconden} seconds`,
    retry: {
      initialInterval: `${herhaling.eersteIntervalSeconden} seconds`,
      backoffCoefficient: 2,
      maximumInterval: `${herhaling.maximumIntervalSeconden} seconds`,
      nonRetryableErrorTypes: DEFINITIEF_MISLUKT,
    },
  });
  const { markeerWebhookMislukt } = proxyActivities<WebhookActiviteiten>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
  });
  try {
    await leverWebhookAf(afleveringId);
    return 'AFGELEVERD';
  } catch (fout) {
    if (!(fout instanceof ActivityFailure)) throw fout;
    const oorzaak = fout.cause;
    // A timeout (the window closed) or a definitive refusal: the log says why.
    await markeerWebhookMislukt({
      afleveringId,
      reden:
        oorzaak instanceof ApplicationFailure && oorzaak.type === 'AbonnementBeeindigd'
          ? oorzaak.message
          : null,
    });
    return 'MISLUKT';
  }
}
