import {
  ActivityFailure,
  type ActivityOptions,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time.js';
import type { UitnodigingActiviteiten } from '../activities/uitnodiging.activities.js';
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

const activiteitOpties = {
  startToCloseTimeout: '1 minute',
  // Retried for as long as it takes: a database or mail server that is away
  // delays a step, it never loses it.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
} satisfies ActivityOptions;
const { laadMeldingstand, legActieVast } = proxyActivities<MeldingActiviteiten>(activiteitOpties);
const { laadUitnodigingsreeks, voerStapUit } = proxyActivities<UitnodigingActiviteiten>({
  ...activiteitOpties,
  retry: { ...activiteitOpties.retry, nonRetryableErrorTypes: ['GeenAdres'] },
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

  // Outreach runs by itself until a caseworker takes over: picking up, contact
  // made or closing stops it, and cancels the timer that was waiting.
  const gestopt = () => toestand!.status !== 'OPEN' || toestand!.contactGelegd;
  const reeks = await laadUitnodigingsreeks(meldingId);
  // E-mails run alongside: a mail server that is down must not hold up letters.
  const mails = new CancellationScope();
  const verzonden: Promise<unknown>[] = [];
  const begin = workflowInfo().startTime.getTime();
  for (const [stapnummer, stap] of reeks.stappen.entries()) {
    const wacht = begin + msToNumber(stap.na) - Date.now();
    if (wacht > 0) await condition(gestopt, wacht);
    if (gestopt()) break;
    const opdracht = { meldingId, versie: reeks.versie, stapnummer, stap };
    const uitvoering = (
      stap.soort === 'EMAIL' ? mails.run(() => voerStapUit(opdracht)) : voerStapUit(opdracht)
    ).catch((fout: unknown) => {
      // Only an activity that gave up for good ends here (e.g. no address any more):
      // the case goes on with the next step, and a caseworker sees what was sent.
      if (isCancellation(fout) || !(fout instanceof ActivityFailure)) throw fout;
      log.warn('Uitnodigingsstap niet uitgevoerd', { meldingId, stapnummer, soort: stap.soort });
    });
    if (stap.soort === 'EMAIL') verzonden.push(uitvoering);
    else await uitvoering;
  }

  await condition(() => toestand!.status === 'AFGESLOTEN');
  mails.cancel();
  for (const mail of verzonden)
    await mail.catch((fout: unknown) => {
      if (!isCancellation(fout)) throw fout;
    });
  await condition(allHandlersFinished);
  return { ...toestand, signalen: [...signalen] };
}
