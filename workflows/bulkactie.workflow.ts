import { type ActivityOptions, proxyActivities } from '@temporalio/workflow';
import type { BulkactieActiviteiten } from '../activities/bulkactie.activities.js';
import type { BulkactieWorkflowInvoer } from './contracts.js';

const opties = {
  // Hundreds of Updates take minutes; the heartbeat, not this, notices a
  // worker that died, and the retry carries on with the items still open.
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} satisfies ActivityOptions;
const { voerBulkactieUit } = proxyActivities<BulkactieActiviteiten>(opties);

/**
 * One caseworker action on many meldingen. The activity sends each melding's
 * workflow the same meldingActie Update a single action sends, so every
 * melding judges the action on its own state; outcomes and progress live in
 * the database (BulkactieItem), where the API reads them. The workflow
 * carries the bulkactie's id only: no ids of people, no personal data.
 */
export async function bulkactieWorkflow({ bulkactieId }: BulkactieWorkflowInvoer): Promise<void> {
  await voerBulkactieUit(bulkactieId);
}
