import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { MeldingActiviteiten } from '../activities/melding.activities.js';
import { hoogsteMatchtype } from '../domain/matching.js';
import { naActie, weigering } from '../domain/meldingacties.js';
import { nederlandseDatum } from '../domain/tijd.js';
import {
  type Matchtype,
  meldingActieUpdate,
  type Meldingopdracht,
  type MeldingToestand,
  meldingToestandQuery,
  type MeldingWorkflowInvoer,
  signaalToegevoegdSignal,
  ZOEKATTRIBUTEN,
} from './contracts.js';

const { laadMeldingstand, legActieVast } = proxyActivities<MeldingActiviteiten>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One household's case. Signals join it by signal-with-start; caseworkers act
 * on it through the meldingActie Update. It carries ids and codes only; the
 * melding's row in PostgreSQL is its read model, written by activities before
 * an Update returns, so the API never shows another state than this one.
 */
export async function meldingWorkflow(invoer: MeldingWorkflowInvoer): Promise<MeldingToestand> {
  const { meldingId } = invoer;
  const signalen = new Set<string>();
  let toestand: MeldingToestand | undefined;
  const wachtend: Matchtype[] = [];
  let bezig = false;

  setHandler(signaalToegevoegdSignal, ({ signaalId, matchtype }) => {
    signalen.add(signaalId);
    if (!toestand) return void wachtend.push(matchtype);
    // Concurrent signals may arrive out of order; the classification only rises.
    const hoger = hoogsteMatchtype(toestand.matchtype, matchtype);
    if (hoger !== toestand.matchtype) {
      toestand = { ...toestand, matchtype: hoger };
      upsertSearchAttributes([{ key: ZOEKATTRIBUTEN.matchtype, value: hoger }]);
    }
  });
  setHandler(meldingToestandQuery, () => ({ ...toestand!, signalen: [...signalen] }));
  setHandler(
    meldingActieUpdate,
    async ({ actie, door }: Meldingopdracht) => {
      // One action at a time; the next one is judged on the state this one left.
      await condition(() => toestand !== undefined && !bezig);
      bezig = true;
      try {
        const reden = weigering(toestand!, actie, nederlandseDatum(new Date()));
        if (reden)
          throw ApplicationFailure.create({
            message: reden,
            type: 'OngeldigeActie',
            nonRetryable: true,
          });
        await legActieVast({ meldingId, actie, door });
        const vorige = toestand!.status;
        toestand = { ...toestand!, ...naActie(toestand!, actie) };
        if (toestand.status !== vorige)
          upsertSearchAttributes([{ key: ZOEKATTRIBUTEN.meldingstatus, value: toestand.status }]);
        return { ...toestand, signalen: [...signalen] };
      } finally {
        bezig = false;
      }
    },
    {
      validator: ({ actie }: Meldingopdracht) => {
        if (!toestand) return;
        const reden = weigering(toestand, actie, nederlandseDatum(new Date()));
        if (reden) throw new Error(reden);
      },
    },
  );

  // The database decides the starting state: a signal that joined just as
  // the melding closed must not reopen it.
  const stand = await laadMeldingstand(meldingId);
  toestand = {
    ...stand,
    matchtype: wachtend.reduce(hoogsteMatchtype, stand.matchtype),
    signalen: [],
  };
  upsertSearchAttributes([
    { key: ZOEKATTRIBUTEN.gemeentecode, value: invoer.gemeentecode },
    { key: ZOEKATTRIBUTEN.meldingstatus, value: toestand.status },
    { key: ZOEKATTRIBUTEN.matchtype, value: toestand.matchtype },
  ]);
  await condition(() => toestand!.status === 'AFGESLOTEN');
  await condition(allHandlersFinished);
  return { ...toestand, signalen: [...signalen] };
}
