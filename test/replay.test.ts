import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { Worker } from '@temporalio/worker';
import { workflowsPad } from '../apps/worker/worker.js';

// Replays histories recorded from earlier versions of the workflows (see
// signaal.workflow.spec.ts). A change that would make a running workflow
// non-deterministic fails here, before it reaches a production worker.
const map = fileURLToPath(new URL('histories', import.meta.url));
const histories = readdirSync(map).filter((f) => f.endsWith('.json'));

describe('replay of recorded workflow histories', () => {
  it('has recorded histories to replay', () => {
    expect(histories.length).toBeGreaterThan(0);
  });

  it.each(histories)('%s replays without non-determinism', async (bestand) => {
    const historie = JSON.parse(readFileSync(path.join(map, bestand), 'utf8')) as unknown;
    await Worker.runReplayHistory({ workflowsPath: workflowsPad() }, historie, bestand);
  });
});
