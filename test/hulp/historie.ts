import { execFileSync } from 'node:child_process';

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

/**
 * A workflow history as readable text, with every payload (base64 in the
 * export) decoded, so a test can search it for personal data the way someone
 * reading the Temporal UI would see it.
 */
export function historieAlsTekst(workflowId: string): string {
  const delen: string[] = [];
  const loop = (waarde: unknown, sleutel?: string): void => {
    if (typeof waarde === 'string') {
      delen.push(
        sleutel === 'data' || sleutel === 'encoding' || sleutel === 'type'
          ? Buffer.from(waarde, 'base64').toString('utf8')
          : waarde,
      );
    } else if (Array.isArray(waarde)) waarde.forEach((w) => loop(w));
    else if (waarde && typeof waarde === 'object')
      for (const [k, w] of Object.entries(waarde)) loop(w, k);
  };
  loop(JSON.parse(exporteerHistorie(workflowId)));
  return delen.join('\n');
}
