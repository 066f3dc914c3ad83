import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowsPad } from '../apps/worker/worker.js';
import { exporteerHistorie } from '../test/hulp/historie.js';
import { testOmgeving, wachtTot } from '../test/hulp/omgeving.js';
import type { MeldingActiviteiten } from '../activities/melding.activities.js';
import type { SignaalActiviteiten } from '../activities/signaal.activities.js';
import { signaalWorkflowId, type Routeringsuitkomst, wijsGemeenteToeUpdate } from './contracts.js';
import type { signaalWorkflow } from './signaal.workflow.js';

// The workflow on a real Temporal server, with its activity stubbed: what the
// workflow itself decides (result, search attributes, retries) is under test here.
describe('signaalWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createFromExistingServer({
      address: testOmgeving().temporalAdres,
    });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const GEROUTEERD_IN_ZWOLLE: Routeringsuitkomst = {
    routeringsstatus: 'GEROUTEERD',
    gemeentecode: '0193',
    wijkcode: null,
    buurtcode: null,
  };

  async function start(activiteiten: Partial<SignaalActiviteiten & MeldingActiviteiten>) {
    const taskQueue = `wf-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: workflowsPad(),
      activities: {
        routeerHandmatig: () => Promise.resolve(GEROUTEERD_IN_ZWOLLE),
        koppelAanMelding: () =>
          Promise.resolve({
            meldingId: randomUUID(),
            nieuw: true,
            matchtype: 'ENKELVOUDIG',
            gemeentecode: '0193',
          }),
        ...activiteiten,
      },
    });
    const signaalId = randomUUID();
    const handle = await env.client.workflow.start<typeof signaalWorkflow>('signaalWorkflow', {
      taskQueue,
      workflowId: signaalWorkflowId(signaalId),
      args: [{ signaalId, signaalpartnerType: 'ZORG' }],
    });
    return { worker, handle, signaalId };
  }

  async function voerUit(routeerSignaal: SignaalActiviteiten['routeerSignaal']) {
    const { worker, handle, signaalId } = await start({ routeerSignaal });
    const resultaat = await worker.runUntil(handle.result());
    return { handle, resultaat, signaalId };
  }

  it('routes the signal and tags the workflow with the gemeentecode only', async () => {
    const gerouteerd: Routeringsuitkomst = {
      routeringsstatus: 'GEROUTEERD',
      gemeentecode: '0344',
      wijkcode: '034401',
      buurtcode: '03440101',
    };
    const { handle, resultaat, signaalId } = await voerUit(() => Promise.resolve(gerouteerd));

    expect(resultaat).toEqual(gerouteerd);
    const beschrijving = await handle.describe();
    expect(beschrijving.workflowId).toBe(`signaal-${signaalId}`);
    expect(beschrijving.searchAttributes).toMatchObject({
      VsGemeentecode: ['0344'],
      VsRouteringsstatus: ['GEROUTEERD'],
    });
    legHistorieVast('gerouteerd', handle.workflowId);
  });

  it('holds an unroutable signal until the operator assigns a gemeente', async () => {
    const onbekend: Routeringsuitkomst = {
      routeringsstatus: 'ONBEKEND_ADRES',
      gemeentecode: null,
      wijkcode: null,
      buurtcode: null,
    };
    const toegewezen: string[] = [];
    const { worker, handle } = await start({
      routeerSignaal: () => Promise.resolve(onbekend),
      routeerHandmatig: (_id, gemeentecode) => {
        toegewezen.push(gemeentecode);
        return Promise.resolve(GEROUTEERD_IN_ZWOLLE);
      },
    });
    await worker.runUntil(async () => {
      await wachtTot(
        async () =>
          (await handle.describe()).searchAttributes.VsRouteringsstatus?.[0] === 'ONBEKEND_ADRES',
        { wat: 'vastgehouden signaal' },
      );
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await expect(
        handle.executeUpdate(wijsGemeenteToeUpdate, { args: [{ gemeentecode: 'Zwolle' }] }),
      ).rejects.toMatchObject({
        cause: { message: expect.stringContaining('Een gemeentecode bestaat uit vier cijfers') },
      });
      expect(
        await handle.executeUpdate(wijsGemeenteToeUpdate, { args: [{ gemeentecode: '0193' }] }),
      ).toEqual(GEROUTEERD_IN_ZWOLLE);
      // Once placed the signal's workflow is done: a second assignment cannot reach it.
      await expect(
        handle.executeUpdate(wijsGemeenteToeUpdate, { args: [{ gemeentecode: '0344' }] }),
      ).rejects.toThrow();
      expect(await handle.result()).toEqual(GEROUTEERD_IN_ZWOLLE);
    });
    expect(toegewezen).toEqual(['0193']);
    expect((await handle.describe()).searchAttributes).toMatchObject({
      VsGemeentecode: ['0193'],
      VsRouteringsstatus: ['GEROUTEERD'],
    });
    legHistorieVast('vastgehouden-en-toegewezen', handle.workflowId);
  });

  it('retries routing while the database is away instead of failing the signal', async () => {
    let pogingen = 0;
    const { resultaat } = await voerUit(() => {
      pogingen++;
      if (pogingen < 3) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
      return Promise.resolve({
        routeringsstatus: 'GEROUTEERD',
        gemeentecode: '0193',
        wijkcode: null,
        buurtcode: null,
      });
    });
    expect(pogingen).toBe(3);
    expect(resultaat.gemeentecode).toBe('0193');
  });
});

/**
 * With VS_HISTORIES_VASTLEGGEN=1 the histories are written to test/histories,
 * where the replay test guards them against non-deterministic changes.
 */
function legHistorieVast(naam: string, workflowId: string): void {
  if (process.env.VS_HISTORIES_VASTLEGGEN !== '1') return;
  mkdirSync('test/histories', { recursive: true });
  writeFileSync(`test/histories/signaalWorkflow-${naam}.json`, exporteerHistorie(workflowId));
}
