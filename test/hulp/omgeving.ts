import { randomUUID } from 'node:crypto';
import { leesConfig, type Config } from '../../apps/shared/config.js';

/** The infrastructure `npm test` started; a clear message when a test runs without it. */
export function testOmgeving(): { databaseUrl: string; temporalAdres: string; shadowUrl: string } {
  const { DATABASE_URL, TEMPORAL_ADDRESS, SHADOW_DATABASE_URL } = process.env;
  if (!DATABASE_URL || !TEMPORAL_ADDRESS || !SHADOW_DATABASE_URL) {
    throw new Error(
      'Start de tests met `npm test`: die zet PostgreSQL en Temporal klaar (DATABASE_URL, TEMPORAL_ADDRESS).',
    );
  }
  return {
    databaseUrl: DATABASE_URL,
    temporalAdres: TEMPORAL_ADDRESS,
    shadowUrl: SHADOW_DATABASE_URL,
  };
}

/** Configuration for an in-process API and worker, on a task queue of this test file alone. */
export function testConfig(overschrijvingen: Partial<Record<string, string>> = {}): Config {
  const omgeving = testOmgeving();
  return leesConfig({
    DATABASE_URL: omgeving.databaseUrl,
    TEMPORAL_ADDRESS: omgeving.temporalAdres,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    LOG_LEVEL: 'warn',
    ...(process.env.CHROMIUM_PAD ? { CHROMIUM_PAD: process.env.CHROMIUM_PAD } : {}),
    ...(process.env.TEMPORAL_UI_URL ? { TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL } : {}),
    // npm test makes a random payload key per run (scripts/test.mjs).
    PAYLOAD_SLEUTELS: process.env.PAYLOAD_SLEUTELS,
    PAYLOAD_SLEUTEL_ACTUEEL: process.env.PAYLOAD_SLEUTEL_ACTUEEL,
    // Every test logs in from 127.0.0.1, many times a minute: the login limits
    // are for the limiter's own test (test/snelheidslimiet.test.ts sets them low).
    INLOG_LIMIET_PER_IP_PER_MINUUT: '100000',
    INLOG_LIMIET_PER_ACCOUNT_PER_MINUUT: '100000',
    ...overschrijvingen,
  });
}

export async function wachtTot<T>(
  controle: () => Promise<T | undefined | null | false>,
  { timeoutMs = 30_000, wat = 'voorwaarde' } = {},
): Promise<T> {
  const tot = Date.now() + timeoutMs;
  for (;;) {
    const uitkomst = await controle();
    if (uitkomst) return uitkomst;
    if (Date.now() > tot) throw new Error(`${wat} niet bereikt binnen ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
