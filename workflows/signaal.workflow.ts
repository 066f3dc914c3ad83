import {
  type ActivityOptions,
  condition,
  type LocalActivityOptions,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { MeldingActiviteiten } from '../activities/melding.activities.js';
import type { SignaalActiviteiten } from '../activities/signaal.activities.js';
import {
  type GemeenteToewijzing,
  intrekkenSignal,
  type Routeringsuitkomst,
  type SignaalWorkflowInvoer,
  wijsGemeenteToeUpdate,
  ZOEKATTRIBUTEN,
} from './contracts.js';

const activiteitOpties = {
  startToCloseTimeout: '1 minute',
  // A database outage must delay a signal, never lose it: retry for as long as
  // it takes, with backoff, unless the activity says the input itself is wrong.
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['OnbekendeGemeente', 'SignaalNietKoppelbaar'],
  },
} satisfies ActivityOptions & LocalActivityOptions;
type Stappen = SignaalActiviteiten & Pick<MeldingActiviteiten, 'koppelAanMelding'>;
const viaWachtrij = proxyActivities<Stappen>(activiteitOpties);
const lokaal = proxyLocalActivities<Stappen>(activiteitOpties);

/**
 * Signals that routing could not place wait for the operator instead of
 * ending. Workflows that started before this existed end as they did, which
 * keeps their recorded histories replayable.
 */
const VASTHOUDEN_TOT_TOEWIJZING = 'vasthouden-tot-toewijzing';
/** A routed signal joins its household's melding; earlier workflows ended at routing. */
const MELDING_KOPPELEN = 'melding-koppelen';
/**
 * Routing and joining a melding are short database steps: as local
 * activities they run inside the workflow task that asks for them, which
 * takes a signal from three workflow tasks and two activity tasks to one
 * workflow task. In a burst every task's round trip cost CPU in the Temporal
 * server and the worker, which share the machine's cores with the rest.
 * Workflows started before this keep scheduling them on the task queue, as
 * their histories recorded.
 */
const LOKALE_STAPPEN = 'lokale-stappen';

/**
 * The life of one signal. It carries only the signal's id: activities load the
 * personal data they need from PostgreSQL, so this history stays free of it.
 */
export async function signaalWorkflow(invoer: SignaalWorkflowInvoer): Promise<Routeringsuitkomst> {
  const { routeerSignaal, routeerHandmatig, koppelAanMelding } = patched(LOKALE_STAPPEN)
    ? lokaal
    : viaWachtrij;
  let routering: Routeringsuitkomst | undefined;
  let toewijzingBezig = false;
  let ingetrokken = false;
  setHandler(intrekkenSignal, () => {
    ingetrokken = true;
  });
  setHandler(
    wijsGemeenteToeUpdate,
    async ({ gemeentecode }) => {
      toewijzingBezig = true;
      try {
        routering = await routeerHandmatig(invoer.signaalId, gemeentecode);
        markeer(routering);
        return routering;
      } finally {
        toewijzingBezig = false;
      }
    },
    {
      validator: ({ gemeentecode }: GemeenteToewijzing) => {
        if (routering?.routeringsstatus === 'GEROUTEERD' || toewijzingBezig)
          throw new Error('Dit signaal is al aan een gemeente toegewezen.');
        if (!routering)
          throw new Error('Dit signaal wordt nog gerouteerd; probeer het zo opnieuw.');
        if (!/^\d{4}$/.test(gemeentecode))
          throw new Error('Een gemeentecode bestaat uit vier cijfers, bijvoorbeeld 0344.');
      },
    },
  );

  routering = await routeerSignaal(invoer.signaalId);
  markeer(routering);
  if (routering.routeringsstatus !== 'GEROUTEERD' && patched(VASTHOUDEN_TOT_TOEWIJZING)) {
    // A withdrawn signal no longer needs a gemeente.
    await condition(() => routering?.routeringsstatus === 'GEROUTEERD' || ingetrokken);
  }
  if (routering.routeringsstatus === 'GEROUTEERD' && !ingetrokken && patched(MELDING_KOPPELEN)) {
    await koppelAanMelding(invoer.signaalId);
  }
  return routering;
}

function markeer(routering: Routeringsuitkomst): void {
  upsertSearchAttributes([
    { key: ZOEKATTRIBUTEN.routeringsstatus, value: routering.routeringsstatus },
    ...(routering.gemeentecode
      ? [{ key: ZOEKATTRIBUTEN.gemeentecode, value: routering.gemeentecode }]
      : []),
  ]);
}
