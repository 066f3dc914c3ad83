import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { signaalWorkflowId, ZOEKATTRIBUTEN } from './contracts.js';
import type { signaalWorkflow } from './signaal.workflow.js';

/**
 * Starts the workflow of a stored signal, from the API (one signal) or from an
 * activity (a delivery). Starting it again is a no-op while the workflow runs
 * or its history is retained; the database's unique referentie is what
 * guarantees a signal is stored, and so started, only once.
 */
export async function startSignaalWorkflow(
  client: Client,
  taakwachtrij: string,
  signaal: { id: string; signaalpartnerType: string },
): Promise<void> {
  try {
    await client.workflow.start<typeof signaalWorkflow>('signaalWorkflow', {
      taskQueue: taakwachtrij,
      workflowId: signaalWorkflowId(signaal.id),
      args: [{ signaalId: signaal.id, signaalpartnerType: signaal.signaalpartnerType }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: ZOEKATTRIBUTEN.signaalpartnerType, value: signaal.signaalpartnerType },
      ],
    });
  } catch (fout) {
    if (!(fout instanceof WorkflowExecutionAlreadyStartedError)) throw fout;
  }
}
