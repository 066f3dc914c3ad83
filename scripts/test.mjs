// `npm test`: the whole suite on real infrastructure. Installs what is missing,
// runs the static checks, starts a throw-away PostgreSQL and Temporal dev
// server, migrates, and runs jest against them. Extra arguments go to jest.
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, log, voerUit, vrijePoort, zorgVoorNodeModules } from './lib/omgeving.mjs';

const jestArgs = process.argv.slice(2);
const alleenJest = process.env.VS_TEST_ZONDER_CONTROLES === '1';
const afsluiters = [];

async function opruimen() {
  for (const afsluiter of afsluiters.reverse()) {
    try {
      await afsluiter();
    } catch (fout) {
      log(`Opruimen mislukt: ${fout.message}`);
    }
  }
}

async function main() {
  const begin = Date.now();
  await zorgVoorNodeModules();
  const { zorgVoorTemporalCli } = await import('./lib/temporal-cli.mjs');
  const { startPostgres, startTemporal } = await import('./lib/infrastructuur.mjs');
  const { bouw } = await import('./lib/bouw.mjs');
  const cli = await zorgVoorTemporalCli();
  await bouw();
  if (!alleenJest) {
    log('Statische controles: prettier, tsc, eslint…');
    await voerUit('npm', ['run', '--silent', 'format:check']);
    await voerUit('npm', ['run', '--silent', 'check']);
    await voerUit('npm', ['run', '--silent', 'lint']);
  }

  // The data folder's parent must be reachable by the postgres user.
  const werkmap = mkdtempSync(path.join(tmpdir(), 'vroegsignaal-test-'));
  chmodSync(werkmap, 0o755);
  afsluiters.push(() => rmSync(werkmap, { recursive: true, force: true }));
  const pg = await startPostgres({
    dataMap: path.join(werkmap, 'postgres'),
    poort: await vrijePoort(),
    persistent: false,
  });
  afsluiters.push(pg.stop);
  const shadowUrl = pg.databaseUrl.replace(/\/vroegsignaal$/, '/vroegsignaal_shadow');
  const { default: pgLib } = await import('pg');
  const beheer = new pgLib.Client({ connectionString: pg.databaseUrl });
  await beheer.connect();
  await beheer.query('CREATE DATABASE vroegsignaal_shadow');
  await beheer.end();
  await voerUit('node', ['scripts/prisma.mjs', 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: pg.databaseUrl },
  });

  const { ZOEKATTRIBUUT_REGISTRATIE } = await import(
    path.join(ROOT, 'dist/workflows/contracts.js')
  );
  const temporal = await startTemporal({
    cli,
    poort: await vrijePoort(),
    zoekattributen: ZOEKATTRIBUUT_REGISTRATIE,
  });
  afsluiters.push(temporal.stop);
  log(`Infrastructuur klaar na ${((Date.now() - begin) / 1000).toFixed(1)} s; jest starten…`);

  const code = await new Promise((resolve) => {
    const jest = spawn(
      process.execPath,
      [
        '--experimental-vm-modules',
        '--no-warnings=ExperimentalWarning',
        'node_modules/jest/bin/jest.js',
        ...jestArgs,
      ],
      {
        cwd: ROOT,
        stdio: 'inherit',
        env: {
          ...process.env,
          DATABASE_URL: pg.databaseUrl,
          SHADOW_DATABASE_URL: shadowUrl,
          TEMPORAL_ADDRESS: temporal.adres,
          TEMPORAL_CLI: cli,
          TEMPORAL_TASK_QUEUE: 'vroegsignaal-test',
        },
      },
    );
    jest.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0)));
  });
  log(`npm test klaar na ${((Date.now() - begin) / 1000).toFixed(1)} s.`);
  return code;
}

let code = 1;
try {
  code = await main();
} catch (fout) {
  log(`Testen mislukt: ${fout.message}`);
}
await opruimen();
process.exit(code);
