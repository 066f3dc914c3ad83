import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { MeldingActiviteiten } from '../activities/melding.activities.js';
import type {
  Stapopdracht,
  UitnodigingActiviteiten,
} from '../activities/uitnodiging.activities.js';
import { workflowsPad } from '../apps/worker/worker.js';
import proto from '@temporalio/proto';
import type { Meldingactie } from '../domain/meldingacties.js';
import { STANDAARD_REEKS } from '../domain/uitnodiging.js';
import {
  briefwachtrij,
  type Correspondentieopdracht,
  meldingActieUpdate,
  meldingToestandQuery,
  meldingWorkflowId,
  type SignaalToegevoegd,
  signaalIngetrokkenSignal,
  signaalToegevoegdSignal,
  ZOEKATTRIBUUT_REGISTRATIE,
} from './contracts.js';
import type { meldingWorkflow } from './melding.workflow.js';

// The outreach sequence over its real durations (weeks), on Temporal's
// time-skipping test server, with the activities stubbed: what the workflow
// decides and when is under test here.
describe('meldingWorkflow outreach', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    const pad = process.env.TEMPORAL_TEST_SERVER;
    if (!pad) throw new Error('TEMPORAL_TEST_SERVER ontbreekt; start via npm test');
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: pad } },
    });
    // The test server knows no operator listing; adding is what it supports.
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(
        ZOEKATTRIBUUT_REGISTRATIE.map(({ naam }) => [
          naam,
          proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        ]),
      ),
    });
  }, 60_000);
  afterAll(async () => {
    await env?.teardown();
  });

  const DAG = 86_400_000;

  /**
   * Starts a melding the way intake does, by signal-with-start, with stubbed
   * activities that record what the workflow asked for and on which day.
   */
  async function start(eerste: Partial<SignaalToegevoegd> = {}) {
    const taskQueue = `melding-${randomUUID()}`;
    const stappen: { stap: number; soort: string; dag: number }[] = [];
    const acties: { soort: string; dag: number; grond?: string }[] = [];
    const escalaties: { termijn: string; dag: number }[] = [];
    const meldingId = randomUUID();
    const begin = await env.currentTimeMs();
    const dag = async () => ((await env.currentTimeMs()) - begin) / DAG;
    const voerStapUit = async (opdracht: Stapopdracht) => {
      stappen.push({
        stap: opdracht.stapnummer,
        soort: opdracht.stap.soort,
        dag: Math.round(await dag()),
      });
      return 'uitgevoerd' as const;
    };
    // What a caseworker asked to send, and on which queue it was made.
    const verzoeken: (Omit<Correspondentieopdracht, 'meldingId'> & { wachtrij: string })[] = [];
    const verstuurOpVerzoek = ({ meldingId: _, ...opdracht }: Correspondentieopdracht) => {
      if (opdracht.kanaal === 'EMAIL')
        return Promise.reject(
          ApplicationFailure.nonRetryable(
            'Van deze inwoner is geen e-mailadres bekend. Stuur een brief.',
            'NietVerstuurbaar',
          ),
        );
      verzoeken.push({ ...opdracht, wachtrij: activityInfo().taskQueue });
      return Promise.resolve('uitgevoerd' as const);
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: workflowsPad(),
      activities: {
        koppelAanMelding: () => Promise.reject(new Error('niet in deze test')),
        laadMeldingstand: () =>
          Promise.resolve({
            status: 'OPEN' as const,
            matchtype: 'ENKELVOUDIG' as const,
            behandelaarId: null,
            contactGelegd: false,
            persoonlijkContact: false,
            opgepakt: false,
            termijnen: null,
            bewaring: { bewaartermijnNietOpgepaktMaanden: 6, bewaartermijnAfgehandeldMaanden: 18 },
            afgeslotenOp: null,
          }),
        legActieVast: async ({ actie }) => {
          acties.push({
            soort: actie.soort,
            dag: Math.round(await dag()),
            ...('grond' in actie ? { grond: actie.grond } : {}),
          });
          return true;
        },
        meldTermijnOverschreden: async ({ termijn }) => {
          escalaties.push({ termijn, dag: await dag() });
        },
        laadUitnodigingsreeks: () => Promise.resolve({ versie: 0, stappen: STANDAARD_REEKS }),
        voerStapUit,
        verstuurOpVerzoek,
      } satisfies MeldingActiviteiten & UitnodigingActiviteiten,
    });
    // Letters come from their own queue, as in the real worker.
    const drukkerij = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: briefwachtrij(taskQueue),
      activities: { voerStapUit, verstuurOpVerzoek },
    });
    const draai = (test: () => Promise<void>) => drukkerij.runUntil(worker.runUntil(test));
    const handle = await env.client.workflow.signalWithStart<
      typeof meldingWorkflow,
      [SignaalToegevoegd]
    >('meldingWorkflow', {
      taskQueue,
      workflowId: meldingWorkflowId(meldingId),
      args: [{ meldingId, gemeentecode: '0193' }],
      signal: signaalToegevoegdSignal,
      signalArgs: [
        {
          signaalId: 's1',
          matchtype: 'ENKELVOUDIG',
          uitnodiging: 'UITNODIGEN',
          termijnen: { eersteContact: begin + 14 * DAG, oppakken: begin + 28 * DAG },
          ...eerste,
        },
      ],
    });
    const actie = (actie: Meldingactie) =>
      handle.executeUpdate(meldingActieUpdate, { args: [{ actie, door: 'b1' }] });
    return { draai, handle, stappen, acties, escalaties, actie, begin, verzoeken, taskQueue };
  }

  const NIET_OPGEPAKT = { soort: 'niet_oppakken', reden: 'NIET_OPGEPAKT_ANDERE_REDEN' } as const;
  const OPPAKKEN = { soort: 'oppakken', behandelaarId: 'b1' } as const;
  const contact = (bereikt: boolean): Meldingactie => ({
    soort: 'contactpoging',
    contactsoort: 'TELEFOON',
    bereikt,
    datum: '2000-01-01',
    dagdeel: null,
    notitieId: null,
  });

  it('sends letter and e-mail at once, a reminder at day 14 and a task at day 21', async () => {
    const { draai, handle, stappen, acties, actie } = await start();
    await draai(async () => {
      await env.sleep('22 days');
      expect(stappen).toEqual([
        { stap: 0, soort: 'BRIEF', dag: 0 },
        { stap: 1, soort: 'EMAIL', dag: 0 },
        { stap: 2, soort: 'BRIEF', dag: 14 },
        { stap: 3, soort: 'TAAK', dag: 21 },
      ]);
      await actie(NIET_OPGEPAKT);
      expect((await handle.result()).status).toBe('AFGESLOTEN');
      // Never picked up: personal data goes 6 months after the signal (1 Jan → 1 Jul etc.).
      const verwijderd = acties.find((a) => a.soort === 'bewaartermijn_verstreken')!;
      expect(verwijderd.dag).toBeGreaterThanOrEqual(181);
      expect(verwijderd.dag).toBeLessThanOrEqual(184);
      await legHistorieVast('volledige-reeks', handle);
    });
  });

  it('stops when the melding is picked up, cancelling the timer that waited', async () => {
    const { draai, handle, stappen, acties, actie } = await start();
    await draai(async () => {
      await env.sleep('10 days');
      await actie(OPPAKKEN);
      await env.sleep('30 days');
      expect(stappen.map((s) => s.stap)).toEqual([0, 1]);
      const { events } = await handle.fetchHistory();
      expect(events?.some((e) => e.timerCanceledEventAttributes)).toBe(true);
      await actie({ soort: 'afsluiten', resultaat: 'INWONER_REGELT_HET_ZELF' });
      await handle.result();
      // Handled: personal data goes 18 months after closing (day 40 + ~548).
      const verwijderd = acties.find((a) => a.soort === 'bewaartermijn_verstreken')!;
      expect(verwijderd.dag).toBeGreaterThanOrEqual(40 + 546);
      expect(verwijderd.dag).toBeLessThanOrEqual(40 + 550);
      await legHistorieVast('opgepakt-en-afgesloten', handle);
    });
  });

  it('stops when contact is made, even before anyone picked the melding up', async () => {
    const { draai, handle, stappen, actie } = await start();
    await draai(async () => {
      await env.sleep('15 days');
      await actie(contact(true));
      await env.sleep('30 days');
      expect(stappen.map((s) => s.stap)).toEqual([0, 1, 2]);
      await actie(NIET_OPGEPAKT);
      await handle.result();
    });
  });

  it('escalates each missed deadline once: first contact at day 14, pick-up at day 28', async () => {
    const { draai, handle, escalaties, actie } = await start();
    await draai(async () => {
      await env.sleep('40 days');
      expect(escalaties.map((e) => [e.termijn, Math.round(e.dag * 24) / 24])).toEqual([
        ['eersteContact', 14],
        ['oppakken', 28],
      ]);
      await actie(NIET_OPGEPAKT);
      await handle.result();
      expect(escalaties).toHaveLength(2);
    });
  });

  it('does not escalate deadlines met in time, and lets a crisis signal bring them forward', async () => {
    const { draai, handle, escalaties, actie, begin } = await start();
    await draai(async () => {
      await env.sleep('1 day');
      // A crisis signal joins: intake computed 3 working days, here day 4.
      await handle.signal(signaalToegevoegdSignal, {
        signaalId: 's2',
        matchtype: 'MEERVOUDIG',
        uitnodiging: 'UITNODIGEN',
        termijnen: { eersteContact: begin + 4 * DAG, oppakken: begin + 4 * DAG },
      });
      await env.sleep('2 days');
      await actie(contact(false));
      await env.sleep('10 days');
      // Contact was attempted in time; the melding was not picked up in time.
      expect(escalaties.map((e) => [e.termijn, Math.round(e.dag)])).toEqual([['oppakken', 4]]);
      await actie(OPPAKKEN);
      await env.sleep('30 days');
      expect(escalaties).toHaveLength(1);
      await actie({ soort: 'afsluiten', resultaat: 'BUDGETADVIES_OF_QUICK_FIX' });
      await handle.result();
    });
  });

  it('closes by itself when every signal is withdrawn before contact, and sends no more letters', async () => {
    const { draai, handle, stappen, acties } = await start();
    await draai(async () => {
      await env.sleep('3 days');
      await handle.signal(signaalIngetrokkenSignal, { signaalId: 's1' });
      await env.sleep('30 days');
      expect(stappen.map((s) => s.stap)).toEqual([0, 1]);
      expect(acties[0]).toEqual({
        soort: 'automatisch_sluiten',
        dag: 3,
        grond: 'ALLES_INGETROKKEN',
      });
      expect((await handle.query(meldingToestandQuery)).status).toBe('AFGESLOTEN');
      await handle.result();
      expect(acties.map((a) => a.soort)).toEqual([
        'automatisch_sluiten',
        'bewaartermijn_verstreken',
      ]);
      await legHistorieVast('ingetrokken', handle);
    });
  });

  it('keeps a melding open while one creditor still has a signal in it', async () => {
    const { draai, handle, acties, actie } = await start();
    await draai(async () => {
      await handle.signal(signaalToegevoegdSignal, { signaalId: 's2', matchtype: 'MEERVOUDIG' });
      await env.sleep('1 day');
      await handle.signal(signaalIngetrokkenSignal, { signaalId: 's1' });
      await env.sleep('1 day');
      expect(acties).toEqual([]);
      await actie(NIET_OPGEPAKT);
      await handle.result();
    });
  });

  it('sends nothing below the minimum amount and closes as not picked up', async () => {
    const { draai, handle, stappen, acties } = await start({ uitnodiging: 'ONDER_MINIMUMBEDRAG' });
    await draai(async () => {
      await env.sleep('1 day');
      expect(stappen).toEqual([]);
      expect(acties[0]).toMatchObject({
        soort: 'automatisch_sluiten',
        grond: 'ONDER_MINIMUMBEDRAG',
      });
      await handle.result();
    });
  });

  it('leaves signal types the gemeente keeps for caseworkers without letters', async () => {
    const { draai, handle, stappen, acties, actie } = await start({
      uitnodiging: 'ALLEEN_BEHANDELAAR',
    });
    await draai(async () => {
      await env.sleep('30 days');
      expect(stappen).toEqual([]);
      expect(acties).toEqual([]);
      await actie(OPPAKKEN);
      await actie({ soort: 'afsluiten', resultaat: 'INWONER_REGELT_HET_ZELF' });
      await handle.result();
    });
  });

  it('restarts the 6-month retention clock with every new signal while nobody picked it up', async () => {
    const { draai, handle, acties } = await start();
    await draai(async () => {
      await env.sleep('100 days');
      await handle.signal(signaalToegevoegdSignal, { signaalId: 's2', matchtype: 'OPEENVOLGEND' });
      await handle.result();
      const verwijderd = acties.find((a) => a.soort === 'bewaartermijn_verstreken')!;
      expect(verwijderd.dag).toBeGreaterThanOrEqual(100 + 181);
      expect(verwijderd.dag).toBeLessThanOrEqual(100 + 184);
    });
  });

  it('makes a letter a caseworker asks for on the letters queue, outside the sequence', async () => {
    const { draai, handle, stappen, acties, actie, verzoeken, taskQueue } = await start({
      uitnodiging: 'ALLEEN_BEHANDELAAR',
    });
    await draai(async () => {
      await env.sleep('1 day');
      const toestand = await actie({
        soort: 'brief_sturen',
        kanaal: 'BRIEF',
        sjabloon: 'herinnering',
      });
      expect(verzoeken).toEqual([
        {
          kanaal: 'BRIEF',
          sjabloon: 'herinnering',
          door: 'b1',
          wachtrij: briefwachtrij(taskQueue),
        },
      ]);
      // A letter changes nothing about the case: no sequence started, still open.
      expect(toestand.status).toBe('OPEN');
      expect(stappen).toEqual([]);
      expect(acties).toEqual([]);
      await actie(NIET_OPGEPAKT);
      await handle.result();
    });
  });

  it('refuses a letter on a closed melding, and an e-mail that cannot go out, in Dutch', async () => {
    const { draai, handle, actie, verzoeken } = await start({ uitnodiging: 'ALLEEN_BEHANDELAAR' });
    await draai(async () => {
      await expect(
        actie({ soort: 'brief_sturen', kanaal: 'EMAIL', sjabloon: 'uitnodiging' }),
      ).rejects.toMatchObject({
        cause: { message: 'Van deze inwoner is geen e-mailadres bekend. Stuur een brief.' },
      });
      await actie(NIET_OPGEPAKT);
      await expect(
        actie({ soort: 'brief_sturen', kanaal: 'BRIEF', sjabloon: 'uitnodiging' }),
      ).rejects.toMatchObject({
        cause: { message: 'Naar een afgesloten melding stuurt u geen brief meer.' },
      });
      expect(verzoeken).toEqual([]);
      await handle.result();
    });
  });

  it('refuses actions that only the workflow itself may take', async () => {
    const { draai, handle, actie } = await start();
    await draai(async () => {
      await expect(actie({ soort: 'bewaartermijn_verstreken' })).rejects.toMatchObject({
        cause: { message: 'Deze actie voert Vroegsignaal zelf uit, niet een behandelaar.' },
      });
      await actie(NIET_OPGEPAKT);
      await handle.result();
    });
  });
});

/**
 * With VS_HISTORIES_VASTLEGGEN=1 the histories are written to test/histories,
 * where the replay test guards them against non-deterministic changes.
 */
async function legHistorieVast(
  naam: string,
  handle: { fetchHistory(): Promise<Parameters<typeof historyToJSON>[0]> },
): Promise<void> {
  if (process.env.VS_HISTORIES_VASTLEGGEN !== '1') return;
  mkdirSync('test/histories', { recursive: true });
  writeFileSync(
    `test/histories/meldingWorkflow-${naam}.json`,
    historyToJSON(await handle.fetchHistory()),
  );
}
