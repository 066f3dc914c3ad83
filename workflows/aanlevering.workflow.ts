import { continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { AanleveringActiviteiten } from '../activities/aanlevering.activities.js';
import {
  type AanleveringVoortgang,
  type AanleveringWorkflowInvoer,
  voortgangQuery,
} from './contracts.js';

/** Rows per activity: large enough to batch the SQL, small enough to retry cheaply. */
export const RIJEN_PER_DEEL = 500;
/** Parts per run before continuing as new, so a 100,000-row file keeps a short history. */
const DELEN_PER_RUN = 40;

const { beginVerwerking, verwerkRijen, startSignalen, rondAf } =
  proxyActivities<AanleveringActiviteiten>({
    startToCloseTimeout: '10 minutes',
    // Activities heartbeat as they go, so the work of a worker that died is
    // retried elsewhere within seconds rather than after the full timeout.
    heartbeatTimeout: '15 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });

/**
 * Processes one delivery (an API batch or, later, a file) whose rows are
 * already stored. Each part of rows is validated and stored in one database
 * transaction, and a part that was done is skipped on retry, so a worker that
 * dies halfway loses and duplicates nothing.
 */
export async function aanleveringWorkflow(
  invoer: AanleveringWorkflowInvoer,
): Promise<AanleveringVoortgang> {
  const { aanleveringId } = invoer;
  const voortgang: AanleveringVoortgang = invoer.voortgang ?? {
    rijen: await beginVerwerking(aanleveringId),
    gevalideerd: 0,
    geaccepteerd: 0,
    alBekend: 0,
    afgewezen: 0,
    gestart: 0,
    klaar: false,
  };
  setHandler(voortgangQuery, () => voortgang);

  let vanaf = invoer.vanafRij ?? 1;
  for (let deel = 0; vanaf <= voortgang.rijen; deel++) {
    if (deel === DELEN_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof aanleveringWorkflow>({
        aanleveringId,
        vanafRij: vanaf,
        voortgang,
      });
    }
    const tot = vanaf + RIJEN_PER_DEEL - 1;
    const resultaat = await verwerkRijen(aanleveringId, vanaf, tot);
    voortgang.gevalideerd += resultaat.gevalideerd;
    voortgang.geaccepteerd += resultaat.geaccepteerd;
    voortgang.alBekend += resultaat.alBekend;
    voortgang.afgewezen += resultaat.afgewezen;
    voortgang.gestart += await startSignalen(aanleveringId, vanaf, tot);
    vanaf = tot + 1;
  }
  await rondAf(aanleveringId);
  voortgang.klaar = true;
  return voortgang;
}
