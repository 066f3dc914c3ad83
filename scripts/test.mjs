// `npm test`: the whole suite on real infrastructure. Installs what is missing,
// runs the static checks, starts a throw-away PostgreSQL and Temporal dev
// server, migrates, and runs jest against them. Extra arguments go to jest.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ROOT, log, voerUit, zorgVoorNodeModules } from './lib/omgeving.mjs';

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
  const { zorgVoorTemporalCli, zorgVoorTestServer } = await import('./lib/temporal-cli.mjs');
  const { zorgVoorChromium } = await import('./lib/chromium.mjs');
  const { zorgVoorLibreoffice } = await import('./lib/libreoffice.mjs');
  const { startWegwerpstack } = await import('./lib/wegwerpstack.mjs');
  const { bouw } = await import('./lib/bouw.mjs');
  const cli = await zorgVoorTemporalCli();
  const testServer = await zorgVoorTestServer();
  const chromium = await zorgVoorChromium();
  const libreoffice = await zorgVoorLibreoffice();
  await bouw();
  if (!alleenJest) {
    log('Statische controles: prettier, tsc, eslint…');
    await voerUit('npm', ['run', '--silent', 'format:check']);
    await voerUit('npm', ['run', '--silent', 'check']);
    await voerUit('npm', ['run', '--silent', 'lint']);
  }

  // The data folder's parent must be reachable by the postgres user.
  // The Temporal Web UI runs too: the supervisor's "Bekijk in Temporal" is tested end to end.
  const stack = await startWegwerpstack({
    naam: 'test',
    temporalCli: cli,
    schaduwdatabase: true,
    temporalUi: true,
  });
  afsluiters.push(stack.stop);
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
          DATABASE_URL: stack.databaseUrl,
          SHADOW_DATABASE_URL: stack.shadowUrl,
          TEMPORAL_ADDRESS: stack.temporalAdres,
          TEMPORAL_UI_URL: stack.temporalUiUrl,
          TEMPORAL_CLI: cli,
          TEMPORAL_TEST_SERVER: testServer,
          CHROMIUM_PAD: chromium,
          LIBREOFFICE_PAD: libreoffice,
          TEMPORAL_TASK_QUEUE: 'vroegsignaal-test',
          // A fresh payload key per run: the Temporal server is thrown away too.
          PAYLOAD_SLEUTELS: `test:${randomBytes(32).toString('base64')}`,
          PAYLOAD_SLEUTEL_ACTUEEL: 'test',
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
