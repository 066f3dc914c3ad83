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
import {
  type AutomatischeSluitgrond,
  type Meldingactie,
  naActie,
  weigering,
} from '../domain/meldingacties.js';
import { bewaarTot, type Termijnen, type Termijnsoort } from '../domain/termijnen.js';
import { nederlandseDatum } from '../domain/tijd.js';
import {
  briefwachtrij,
  meldingActieUpdate,
  type Meldingopdracht,
  type MeldingStart,
  type MeldingToestand,
  meldingToestandQuery,
  type MeldingWorkflowInvoer,
  signaalIngetrokkenSignal,
  signaalToegevoegdSignal,
  type Uitnodigingsbesluit,
  ZOEKATTRIBUTEN,
} from './contracts.js';

const activiteitOpties = {
  startToCloseTimeout: '1 minute',
  // Retried for as long as it takes: a database or mail server that is away
  // delays a step, it never loses it.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
} satisfies ActivityOptions;
const { laadMeldingstand, legActieVast, meldTermijnOverschreden } =
  proxyActivities<MeldingActiviteiten>(activiteitOpties);
const uitnodigingOpties = {
  ...activiteitOpties,
  retry: { ...activiteitOpties.retry, nonRetryableErrorTypes: ['GeenAdres'] },
} satisfies ActivityOptions;
const { laadUitnodigingsreeks, voerStapUit } =
  proxyActivities<UitnodigingActiviteiten>(uitnodigingOpties);
// A caseworker waits for the letter they asked for: a printer or mail server
// that stays away fails the action within minutes instead of holding it.
const verzoekOpties = {
  ...activiteitOpties,
  scheduleToCloseTimeout: '10 minutes',
} satisfies ActivityOptions;
/** Why a requested letter or e-mail cannot go out, in the caseworker's words. */
const NIET_VERSTUURBAAR: Record<string, string | undefined> = {
  NietVerstuurbaar: undefined,
  GeenAdres: 'Van deze melding is geen adres (meer) bekend.',
};

/** Letters print on their own queue, as in the outreach sequence; e-mails on the main one. */
function verzender(kanaal: 'BRIEF' | 'EMAIL') {
  return proxyActivities<UitnodigingActiviteiten>({
    ...verzoekOpties,
    ...(kanaal === 'BRIEF' ? { taskQueue: briefwachtrij(workflowInfo().taskQueue) } : {}),
  });
}

/** Actions the workflow takes itself; a caseworker cannot ask for them. */
const SYSTEEMACTIES = new Set<Meldingactie['soort']>([
  'automatisch_sluiten',
  'bewaartermijn_verstreken',
]);

/**
 * One household's case, from its first signal until its personal data is
 * deleted. Signals join it by signal-with-start; caseworkers act on it
 * through the meldingActie Update. It carries ids, codes and dates only; the
 * melding's row in PostgreSQL is its read model, written by activities before
 * an Update returns, so the API never shows another state than this one.
 *
 * Four things run side by side: the outreach sequence, the deadline watch,
 * closing by itself (all withdrawn, or all below the minimum amount), and the
 * retention clock, which ends the workflow.
 */
export async function meldingWorkflow(invoer: MeldingWorkflowInvoer): Promise<MeldingToestand> {
  const { meldingId } = invoer;
  const signalen = new Set<string>();
  const ingetrokken = new Set<string>();
  const besluiten = new Map<string, Uitnodigingsbesluit>();
  let toestand: MeldingToestand | undefined;
  let termijnen: Termijnen | undefined;
  let laatsteSignaalOp = Date.now();
  let afgeslotenOp: number | null = null;
  // Match types of signals that arrived before the stored state was loaded.
  let wachtendeMatchtypen: MeldingToestand['matchtype'][] = [];
  let bezig = false;

  const huidig = (): MeldingToestand => ({ ...toestand!, signalen: [...signalen] });
  const afgesloten = () => toestand?.status === 'AFGESLOTEN';

  setHandler(signaalToegevoegdSignal, (s) => {
    if (signalen.has(s.signaalId)) return;
    signalen.add(s.signaalId);
    besluiten.set(s.signaalId, s.uitnodiging ?? 'UITNODIGEN');
    laatsteSignaalOp = Date.now();
    if (s.ingetrokken) ingetrokken.add(s.signaalId);
    if (s.termijnen) termijnen = s.termijnen;
    if (!toestand) return void (wachtendeMatchtypen = [...wachtendeMatchtypen, s.matchtype]);
    // Concurrent signals may arrive out of order; the classification only rises.
    const hoger = hoogsteMatchtype(toestand.matchtype, s.matchtype);
    if (hoger !== toestand.matchtype) {
      toestand = { ...toestand, matchtype: hoger };
      upsertSearchAttributes([{ key: ZOEKATTRIBUTEN.matchtype, value: hoger }]);
    }
  });
  setHandler(signaalIngetrokkenSignal, ({ signaalId }) => void ingetrokken.add(signaalId));
  setHandler(meldingToestandQuery, huidig);

  /**
   * Applies one action, the caseworker's or the workflow's own, one at a
   * time: the next one is judged on the state this one left. A caseworker's
   * action that is not allowed fails the Update; the workflow's own action
   * returns false then, as it does when the database found it no longer
   * applies (see legActieVast).
   */
  async function voerUit(actie: Meldingactie, door: string | null): Promise<boolean> {
    await condition(() => toestand !== undefined && !bezig);
    bezig = true;
    try {
      const reden = weigering(toestand!, actie, nederlandseDatum(new Date()));
      if (reden && door === null) return false;
      if (reden)
        throw ApplicationFailure.create({
          message: reden,
          type: 'OngeldigeActie',
          nonRetryable: true,
        });
      if (actie.soort === 'brief_sturen') {
        await verstuur(actie, door);
        return true;
      }
      if (!(await legActieVast({ meldingId, actie, door }))) return false;
      const vorige = toestand!.status;
      toestand = { ...toestand!, ...naActie(toestand!, actie) };
      if (toestand.status !== vorige) {
        if (toestand.status === 'AFGESLOTEN') afgeslotenOp = Date.now();
        upsertSearchAttributes([{ key: ZOEKATTRIBUTEN.meldingstatus, value: toestand.status }]);
      }
      return true;
    } finally {
      bezig = false;
    }
  }

  /**
   * A letter or e-mail the caseworker asked for, through the same activity
   * that sends the outreach letters, so it lands on the timeline the same
   * way. What cannot be sent fails the Update with a Dutch reason.
   */
  async function verstuur(
    actie: Extract<Meldingactie, { soort: 'brief_sturen' }>,
    door: string | null,
  ): Promise<void> {
    try {
      await verzender(actie.kanaal).verstuurOpVerzoek({
        meldingId,
        kanaal: actie.kanaal,
        sjabloon: actie.sjabloon,
        door,
      });
    } catch (fout) {
      if (!(fout instanceof ActivityFailure)) throw fout;
      const oorzaak = fout.cause;
      const weigeren = oorzaak instanceof ApplicationFailure && oorzaak.type;
      throw ApplicationFailure.create({
        message:
          weigeren && weigeren in NIET_VERSTUURBAAR
            ? (NIET_VERSTUURBAAR[weigeren] ?? oorzaak.message)
            : `De ${actie.kanaal === 'EMAIL' ? 'e-mail' : 'brief'} kon nu niet worden gemaakt. Probeer het later opnieuw.`,
        type: 'OngeldigeActie',
        nonRetryable: true,
      });
    }
  }

  setHandler(
    meldingActieUpdate,
    async ({ actie, door }: Meldingopdracht) => {
      await voerUit(actie, door);
      return huidig();
    },
    {
      validator: ({ actie }: Meldingopdracht) => {
        if (SYSTEEMACTIES.has(actie.soort))
          throw new Error('Deze actie voert Vroegsignaal zelf uit, niet een behandelaar.');
        if (!toestand) return;
        const reden = weigering(toestand, actie, nederlandseDatum(new Date()));
        if (reden) throw new Error(reden);
      },
    },
  );

  // The database decides the starting state: a signal that joined just as
  // the melding closed must not reopen it.
  const start: MeldingStart = await laadMeldingstand(meldingId);
  toestand = {
    status: start.status,
    behandelaarId: start.behandelaarId,
    contactGelegd: start.contactGelegd,
    persoonlijkContact: start.persoonlijkContact,
    opgepakt: start.opgepakt,
    matchtype: wachtendeMatchtypen.reduce(hoogsteMatchtype, start.matchtype),
    signalen: [],
  };
  termijnen ??= start.termijnen ?? undefined;
  afgeslotenOp = start.afgeslotenOp;
  upsertSearchAttributes([
    { key: ZOEKATTRIBUTEN.gemeentecode, value: invoer.gemeentecode },
    { key: ZOEKATTRIBUTEN.meldingstatus, value: toestand.status },
    { key: ZOEKATTRIBUTEN.matchtype, value: toestand.matchtype },
  ]);

  /**
   * The outreach sequence, once a signal the gemeente invites is in the
   * melding. It stops when a caseworker takes over: picking up, contact made
   * or closing cancels the timer that was waiting.
   */
  async function nodigUit(): Promise<void> {
    const gestopt = () => toestand!.status !== 'OPEN' || toestand!.contactGelegd;
    const uitnodigen = () => [...besluiten.values()].includes('UITNODIGEN');
    await condition(() => gestopt() || uitnodigen());
    if (gestopt()) return;
    const reeks = await laadUitnodigingsreeks(meldingId);
    const drukkerij = proxyActivities<UitnodigingActiviteiten>({
      ...uitnodigingOpties,
      taskQueue: briefwachtrij(workflowInfo().taskQueue),
    });
    // E-mails run alongside: a mail server that is down must not hold up letters.
    const mails = new CancellationScope();
    const verzonden: Promise<unknown>[] = [];
    const begin = Date.now();
    for (const [stapnummer, stap] of reeks.stappen.entries()) {
      const wacht = begin + msToNumber(stap.na) - Date.now();
      if (wacht > 0) await condition(gestopt, wacht);
      if (gestopt()) break;
      const opdracht = { meldingId, versie: reeks.versie, stapnummer, stap };
      const uitvoering = (
        stap.soort === 'EMAIL'
          ? mails.run(() => voerStapUit(opdracht))
          : stap.soort === 'BRIEF'
            ? drukkerij.voerStapUit(opdracht)
            : voerStapUit(opdracht)
      ).catch((fout: unknown) => {
        // Only an activity that gave up for good ends here (e.g. no address any more):
        // the case goes on with the next step, and a caseworker sees what was sent.
        if (isCancellation(fout) || !(fout instanceof ActivityFailure)) throw fout;
        log.warn('Uitnodigingsstap niet uitgevoerd', { meldingId, stapnummer, soort: stap.soort });
      });
      if (stap.soort === 'EMAIL') verzonden.push(uitvoering);
      else await uitvoering;
    }
    await condition(afgesloten);
    mails.cancel();
    for (const mail of verzonden)
      await mail.catch((fout: unknown) => {
        if (!isCancellation(fout)) throw fout;
      });
  }

  /** Escalates each deadline that passes unmet, once; a crisis signal may bring one forward. */
  async function bewaakTermijnen(): Promise<void> {
    const gemeld = new Set<Termijnsoort>();
    const voldaan: Record<Termijnsoort, () => boolean> = {
      eersteContact: () => toestand!.persoonlijkContact,
      oppakken: () => toestand!.status !== 'OPEN',
    };
    const volgende = () =>
      (Object.keys(voldaan) as Termijnsoort[])
        .filter((soort) => termijnen && !gemeld.has(soort) && !voldaan[soort]())
        .map((soort) => ({ soort, op: termijnen![soort] }))
        .sort((a, b) => a.op - b.op)[0];
    while (!afgesloten()) {
      const termijn = volgende();
      if (!termijn) {
        await condition(() => afgesloten() || volgende() !== undefined);
        continue;
      }
      const wacht = termijn.op - Date.now();
      if (wacht > 0) {
        await condition(() => afgesloten() || volgende()?.op !== termijn.op, wacht);
        continue;
      }
      gemeld.add(termijn.soort);
      await meldTermijnOverschreden({ meldingId, termijn: termijn.soort });
    }
  }

  /** Closes the melding when nothing is left for the gemeente to do. */
  async function sluitVanzelf(): Promise<void> {
    const grond = (): AutomatischeSluitgrond | undefined => {
      const actief = [...signalen].filter((id) => !ingetrokken.has(id));
      if (signalen.size > 0 && actief.length === 0 && !toestand!.contactGelegd)
        return 'ALLES_INGETROKKEN';
      if (
        toestand!.status === 'OPEN' &&
        actief.length > 0 &&
        actief.every((id) => besluiten.get(id) === 'ONDER_MINIMUMBEDRAG')
      )
        return 'ONDER_MINIMUMBEDRAG';
      return undefined;
    };
    while (!afgesloten()) {
      await condition(() => afgesloten() || grond() !== undefined);
      const reden = grond();
      if (!reden || afgesloten()) continue;
      const bekend = signalen.size;
      // Refused when a signal joined in the database that has not reached us
      // yet; wait for it and judge again.
      if (!(await voerUit({ soort: 'automatisch_sluiten', grond: reden }, null)))
        await condition(() => afgesloten() || signalen.size !== bekend);
    }
  }

  const lopend = [nodigUit(), bewaakTermijnen(), sluitVanzelf()];

  // Retention: the clock restarts with every new signal while nobody picked
  // the melding up, and starts at closing once someone did.
  const moment = () =>
    bewaarTot(start.bewaring, {
      opgepakt: toestand!.opgepakt,
      afgeslotenOp,
      laatsteSignaalOp,
    });
  for (;;) {
    const tot = moment();
    if (tot === undefined) {
      await condition(() => moment() !== undefined);
      continue;
    }
    const wacht = tot - Date.now();
    if (wacht <= 0) break;
    await condition(() => moment() !== tot, wacht);
  }
  await voerUit({ soort: 'bewaartermijn_verstreken' }, null);

  await Promise.all(lopend);
  await condition(allHandlersFinished);
  log.info('Persoonsgegevens van melding verwijderd', { meldingId });
  return huidig();
}
