import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { dataConverterVoor } from '../apps/shared/payloadcodec.js';
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
    // The production data converter: histories recorded before payload
    // encryption pass through its codec unchanged and must still replay.
    const dataConverter = dataConverterVoor({
      PAYLOAD_SLEUTELS: [{ id: 'replay', sleutel: randomBytes(32) }],
      PAYLOAD_SLEUTEL_ACTUEEL: 'replay',
    });
    await Worker.runReplayHistory(
      { workflowsPath: workflowsPad(), dataConverter },
      historie,
      bestand,
    );
  });
});
