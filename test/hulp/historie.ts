import { execFileSync } from 'node:child_process';
import type { Payload } from '@temporalio/common';
import { leesPayloadSleutels, ontsleutel, VERSLEUTELD } from '../../apps/shared/payloadcodec.js';

/** Exports a history in the standard JSON format through the Temporal CLI, as an operator would. */
export function exporteerHistorie(workflowId: string): string {
  const cli = process.env.TEMPORAL_CLI;
  const adres = process.env.TEMPORAL_ADDRESS;
  if (!cli || !adres)
    throw new Error('TEMPORAL_CLI en TEMPORAL_ADDRESS ontbreken; start via npm test');
  return execFileSync(
    cli,
    ['workflow', 'show', '--workflow-id', workflowId, '--address', adres, '--output', 'json'],
    {
      encoding: 'utf8',
    },
  );
}

/** The keys npm test gave the stack (scripts/test.mjs), to decrypt payloads as the codec would. */
function testSleutels(): Map<string, Buffer> {
  const gelezen = leesPayloadSleutels(process.env.PAYLOAD_SLEUTELS ?? '');
  if (!('sleutels' in gelezen)) throw new Error('PAYLOAD_SLEUTELS ontbreekt; start via npm test');
  return new Map(gelezen.sleutels.map((s) => [s.id, s.sleutel]));
}

type JsonPayload = { metadata?: Record<string, string>; data?: string };

const isJsonPayload = (waarde: object): waarde is JsonPayload =>
  'metadata' in waarde &&
  typeof (waarde as JsonPayload).metadata === 'object' &&
  typeof (waarde as JsonPayload).metadata?.encoding === 'string';

/**
 * A workflow history as readable text, with every payload (base64 in the
 * export) decoded, so a test can search it for personal data the way someone
 * reading the Temporal UI would see it. By default encrypted payloads are
 * decrypted first, as the UI shows them through the codec endpoint; with
 * `ontsleutelen: false` the text is what anyone reading the raw history (the
 * Temporal database, an operator without the codec) sees.
 */
export function historieAlsTekst(
  workflowId: string,
  { ontsleutelen = true }: { ontsleutelen?: boolean } = {},
): string {
  const sleutels = ontsleutelen ? testSleutels() : new Map<string, Buffer>();
  const delen: string[] = [];
  const loop = (waarde: unknown, sleutel?: string): void => {
    if (typeof waarde === 'string') {
      delen.push(
        sleutel === 'data' || sleutel === 'encoding' || sleutel === 'type'
          ? Buffer.from(waarde, 'base64').toString('utf8')
          : waarde,
      );
    } else if (Array.isArray(waarde)) waarde.forEach((w) => loop(w));
    else if (waarde && typeof waarde === 'object') {
      if (
        ontsleutelen &&
        isJsonPayload(waarde) &&
        Buffer.from(waarde.metadata!.encoding!, 'base64').toString('utf8') === VERSLEUTELD
      ) {
        const payload: Payload = {
          metadata: Object.fromEntries(
            Object.entries(waarde.metadata!).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
          ),
          data: Buffer.from(waarde.data ?? '', 'base64'),
        };
        const open = ontsleutel(payload, sleutels);
        for (const v of Object.values(open.metadata ?? {}))
          if (v) delen.push(Buffer.from(v).toString('utf8'));
        delen.push(Buffer.from(open.data ?? new Uint8Array()).toString('utf8'));
        return;
      }
      for (const [k, w] of Object.entries(waarde)) loop(w, k);
    }
  };
  loop(JSON.parse(exporteerHistorie(workflowId)));
  return delen.join('\n');
}
