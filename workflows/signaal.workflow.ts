import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { SignaalActiviteiten } from '../activities/signaal.activities.js';
import {
  type Routeringsuitkomst,
  type SignaalWorkflowInvoer,
  ZOEKATTRIBUTEN,
} from './contracts.js';

const { routeerSignaal } = proxyActivities<SignaalActiviteiten>({
  startToCloseTimeout: '1 minute',
  // A database outage must delay a signal, never lose it: retry for as long as
  // it takes, with backoff, unless the activity says the input itself is wrong.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The life of one signal. It carries only the signal's id: activities load the
 * personal data they need from PostgreSQL, so this history stays free of it.
 */
export async function signaalWorkflow(invoer: SignaalWorkflowInvoer): Promise<Routeringsuitkomst> {
  const routering = await routeerSignaal(invoer.signaalId);
  upsertSearchAttributes([
    { key: ZOEKATTRIBUTEN.routeringsstatus, value: routering.routeringsstatus },
    ...(routering.gemeentecode
      ? [{ key: ZOEKATTRIBUTEN.gemeentecode, value: routering.gemeentecode }]
      : []),
  ]);
  return routering;
}
