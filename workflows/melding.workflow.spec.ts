import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { MeldingActiviteiten } from '../activities/melding.activities.js';
import type {
  Stapopdracht,
  UitnodigingActiviteiten,
} from '../activities/uitnodiging.activities.js';
import { workflowsPad } from '../apps/worker/worker.js';
import proto from '@temporalio/proto';
import { STANDAARD_REEKS } from '../domain/uitnodiging.js';
import { meldingActieUpdate, meldingWorkflowId, ZOEKATTRIBUUT_REGISTRATIE } from './contracts.js';
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

  async function start() {
    const taskQueue = `melding-${randomUUID()}`;
    const stappen: { stap: number; soort: string; dag: number }[] = [];
    const meldingId = randomUUID();
    let begin = 0;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: workflowsPad(),
      activities: {
        laadMeldingstand: () =>
          Promise.resolve({
            status: 'OPEN',
            matchtype: 'ENKELVOUDIG',
            behandelaarId: null,
            contactGelegd: false,
          }),
        legActieVast: () => Promise.resolve(),
        laadUitnodigingsreeks: () => Promise.resolve({ versie: 0, stappen: STANDAARD_REEKS }),
        voerStapUit: async (opdracht: Stapopdracht) => {
          const nu = await env.currentTimeMs();
          stappen.push({
            stap: opdracht.stapnummer,
            soort: opdracht.stap.soort,
            dag: Math.round((nu - begin) / 86_400_000),
          });
          return 'uitgevoerd' as const;
        },
      } satisfies MeldingActiviteiten | Partial<MeldingActiviteiten & UitnodigingActiviteiten>,
    });
    begin = await env.currentTimeMs();
    const handle = await env.client.workflow.start<typeof meldingWorkflow>('meldingWorkflow', {
      taskQueue,
      workflowId: meldingWorkflowId(meldingId),
      args: [{ meldingId, gemeentecode: '0193' }],
    });
    return { worker, handle, stappen };
  }

  it('sends letter and e-mail at once, a reminder at day 14 and a task at day 21', async () => {
    const { worker, handle, stappen } = await start();
    await worker.runUntil(async () => {
      await env.sleep('22 days');
      expect(stappen).toEqual([
        { stap: 0, soort: 'BRIEF', dag: 0 },
        { stap: 1, soort: 'EMAIL', dag: 0 },
        { stap: 2, soort: 'BRIEF', dag: 14 },
        { stap: 3, soort: 'TAAK', dag: 21 },
      ]);
      await handle.executeUpdate(meldingActieUpdate, {
        args: [
          { actie: { soort: 'niet_oppakken', reden: 'NIET_OPGEPAKT_ANDERE_REDEN' }, door: 'b1' },
        ],
      });
      expect((await handle.result()).status).toBe('AFGESLOTEN');
      await legHistorieVast('volledige-reeks', handle);
    });
  });

  it('stops when the melding is picked up, cancelling the timer that waited', async () => {
    const { worker, handle, stappen } = await start();
    await worker.runUntil(async () => {
      await env.sleep('10 days');
      await handle.executeUpdate(meldingActieUpdate, {
        args: [{ actie: { soort: 'oppakken', behandelaarId: 'b1' }, door: 'b1' }],
      });
      await env.sleep('30 days');
      expect(stappen.map((s) => s.stap)).toEqual([0, 1]);
      const { events } = await handle.fetchHistory();
      expect(events?.some((e) => e.timerCanceledEventAttributes)).toBe(true);
      await handle.executeUpdate(meldingActieUpdate, {
        args: [{ actie: { soort: 'afsluiten', resultaat: 'INWONER_REGELT_HET_ZELF' }, door: 'b1' }],
      });
      await handle.result();
      await legHistorieVast('opgepakt-en-afgesloten', handle);
    });
  });

  it('stops when contact is made, even before anyone picked the melding up', async () => {
    const { worker, handle, stappen } = await start();
    await worker.runUntil(async () => {
      await env.sleep('15 days');
      await handle.executeUpdate(meldingActieUpdate, {
        args: [
          {
            actie: {
              soort: 'contactpoging',
              contactsoort: 'TELEFOON',
              bereikt: true,
              datum: '2000-01-01',
              dagdeel: null,
              notitieId: null,
            },
            door: 'b1',
          },
        ],
      });
      await env.sleep('30 days');
      expect(stappen.map((s) => s.stap)).toEqual([0, 1, 2]);
      await handle.executeUpdate(meldingActieUpdate, {
        args: [
          { actie: { soort: 'niet_oppakken', reden: 'NIET_OPGEPAKT_ANDERE_REDEN' }, door: 'b1' },
        ],
      });
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
