// `npm start`: the whole Vroegsignaal stack on one machine, from a fresh clone.
// Installs what is missing, starts PostgreSQL and the Temporal dev server
// (unless DATABASE_URL / TEMPORAL_ADDRESS point elsewhere), migrates, seeds the
// demo world, runs the worker and the API, and stops all of it on Ctrl-C.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DATA,
  PROCESVLAGGEN,
  ROOT,
  log,
  poortIsVrij,
  voerUit,
  zorgVoorNodeModules,
} from './lib/omgeving.mjs';

const API_PORT = Number(process.env.API_PORT ?? 3000);
const TEMPORAL_PORT = Number(process.env.VS_TEMPORAL_PORT ?? 7233);
const TEMPORAL_UI_PORT = Number(process.env.VS_TEMPORAL_UI_PORT ?? 8233);
const PG_PORT = Number(process.env.VS_POSTGRES_PORT ?? 54320);

const afsluiters = [];
const processen = [];
let bezigMetStoppen = false;

async function stop(code) {
  if (bezigMetStoppen) return;
  bezigMetStoppen = true;
  log('Stoppen…');
  // API and worker first, so they finish their work while Temporal and PostgreSQL are still there.
  await Promise.all(processen.map(stopProces));
  for (const afsluiter of afsluiters.reverse()) {
    try {
      await afsluiter();
    } catch (fout) {
      log(`Stoppen mislukt: ${fout.message}`);
    }
  }
  log('Alles gestopt.');
  process.exit(code);
}

function stopProces({ kind, naam }) {
  if (kind.exitCode !== null || kind.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => {
      log(`${naam} reageert niet; geforceerd gestopt.`);
      kind.kill('SIGKILL');
    }, 20_000);
    kind.once('exit', () => (clearTimeout(hard), resolve()));
    kind.kill('SIGTERM');
  });
}

function startProces(naam, script, env) {
  // Detached: Ctrl-C reaches only this script, which stops the children in order.
  const kind = spawn(process.execPath, [...PROCESVLAGGEN, script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  processen.push({ kind, naam });
  kind.once('exit', (code, signaal) => {
    if (bezigMetStoppen) return;
    log(`${naam} stopte onverwacht (${signaal ?? `code ${code}`}); de rest wordt gestopt.`);
    void stop(1);
  });
  return kind;
}

async function wachtOpGezond(url, timeoutMs = 120_000) {
  const tot = Date.now() + timeoutMs;
  let laatste = '';
  while (Date.now() < tot && !bezigMetStoppen) {
    try {
      const antwoord = await fetch(url);
      if (antwoord.ok) return;
      laatste = await antwoord.text();
    } catch (fout) {
      laatste = fout.message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`De API werd niet gezond binnen ${timeoutMs / 1000} s: ${laatste}`);
}

/**
 * The payload key for this machine's demo: from PAYLOAD_SLEUTELS when set,
 * otherwise made once and kept in .data/, because the Temporal history in
 * .data/temporal.db stays and its running workflows must still decrypt after
 * a restart. Never a key in the code that production could silently use.
 */
function payloadSleutels() {
  if (process.env.PAYLOAD_SLEUTELS)
    return {
      PAYLOAD_SLEUTELS: process.env.PAYLOAD_SLEUTELS,
      PAYLOAD_SLEUTEL_ACTUEEL: process.env.PAYLOAD_SLEUTEL_ACTUEEL ?? '',
    };
  const bestand = path.join(DATA, 'payloadsleutel');
  if (!existsSync(bestand)) {
    mkdirSync(DATA, { recursive: true });
    writeFileSync(bestand, `demo:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    log('Payloadsleutel voor de demo gemaakt in .data/payloadsleutel.');
  }
  return {
    PAYLOAD_SLEUTELS: readFileSync(bestand, 'utf8').trim(),
    PAYLOAD_SLEUTEL_ACTUEEL: 'demo',
  };
}

async function main() {
  const begin = Date.now();
  for (const signaal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signaal, () => void stop(0));

  await zorgVoorNodeModules();
  const { zorgVoorTemporalCli } = await import('./lib/temporal-cli.mjs');
  const { zorgVoorChromium } = await import('./lib/chromium.mjs');
  const { startPostgres, startTemporal } = await import('./lib/infrastructuur.mjs');
  const { bouw } = await import('./lib/bouw.mjs');
  if (!(await poortIsVrij(API_PORT, '0.0.0.0')))
    throw new Error(`Poort ${API_PORT} is al in gebruik. Stop wat daar draait of zet API_PORT.`);

  await bouw();

  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) log('PostgreSQL uit DATABASE_URL gebruiken.');
  else {
    if (!(await poortIsVrij(PG_PORT)))
      throw new Error(
        `Poort ${PG_PORT} voor PostgreSQL is bezet. Zet VS_POSTGRES_PORT of DATABASE_URL.`,
      );
    const pg = await startPostgres({ dataMap: path.join(DATA, 'postgres'), poort: PG_PORT });
    afsluiters.push(pg.stop);
    databaseUrl = pg.databaseUrl;
    log(`PostgreSQL draait op 127.0.0.1:${PG_PORT} (data in .data/postgres).`);
  }

  log('Migraties toepassen (prisma migrate deploy)…');
  await voerUit('node', ['scripts/prisma.mjs', 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  log('Demogegevens bijwerken…');
  await voerUit('node', ['dist/prisma/seed.js'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });

  let temporalAdres = process.env.TEMPORAL_ADDRESS;
  let temporalUi = process.env.TEMPORAL_UI_URL ?? `http://localhost:${TEMPORAL_UI_PORT}`;
  if (temporalAdres) log(`Temporal op ${temporalAdres} gebruiken.`);
  else {
    for (const poort of [TEMPORAL_PORT, TEMPORAL_UI_PORT])
      if (!(await poortIsVrij(poort)))
        throw new Error(
          `Poort ${poort} voor Temporal is bezet. Zet VS_TEMPORAL_PORT/VS_TEMPORAL_UI_PORT of TEMPORAL_ADDRESS.`,
        );
    const cli = await zorgVoorTemporalCli();
    const { ZOEKATTRIBUUT_REGISTRATIE } = await import(
      path.join(ROOT, 'dist/workflows/contracts.js')
    );
    const temporal = await startTemporal({
      cli,
      poort: TEMPORAL_PORT,
      uiPoort: TEMPORAL_UI_PORT,
      dbBestand: path.join(DATA, 'temporal.db'),
      zoekattributen: ZOEKATTRIBUUT_REGISTRATIE,
      // The Web UI asks the API to decrypt payloads for a logged-in teamleider.
      codecEndpoint: `http://localhost:${API_PORT}/v1/temporal-codec`,
    });
    afsluiters.push(temporal.stop);
    temporalAdres = temporal.adres;
    temporalUi = `http://localhost:${TEMPORAL_UI_PORT}`;
    log(`Temporal dev server draait op ${temporalAdres} (geschiedenis in .data/temporal.db).`);
  }

  // Prometheus metrics on loopback only; OpenTelemetry export stays off unless
  // the OTEL_* variables are set (they pass through to both processes).
  const metrieken = {};
  for (const [naam, standaard] of [
    ['WORKER_METRICS_ADRES', '127.0.0.1:9464'],
    ['API_METRICS_ADRES', '127.0.0.1:9465'],
  ]) {
    const adres = process.env[naam] ?? standaard;
    const poort = Number(adres.split(':').at(-1));
    if (process.env[naam] || (await poortIsVrij(poort))) metrieken[naam] = adres;
    else log(`Poort ${poort} is bezet: ${naam} uit (zet ${naam} om een ander adres te kiezen).`);
  }
  const env = {
    ...metrieken,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAdres,
    TEMPORAL_UI_URL: temporalUi,
    CHROMIUM_PAD: await zorgVoorChromium(),
    API_PORT: String(API_PORT),
    ...payloadSleutels(),
  };
  startProces('worker', 'dist/apps/worker/main.js', env);
  startProces('API', 'dist/apps/api/main.js', env);
  await wachtOpGezond(`http://127.0.0.1:${API_PORT}/v1/health`);

  const { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD, demoGebruikers } = await import(
    path.join(ROOT, 'dist/prisma/demo/organisaties.js')
  );
  const { DEMO_GEMEENTEN } = await import(path.join(ROOT, 'dist/prisma/demo/gebieden.js'));
  const { DEMO_DDAS_CLIENT } = await import(path.join(ROOT, 'dist/prisma/demo/ddas.js'));
  const api = `http://localhost:${API_PORT}`;
  const regels = [
    '',
    `Vroegsignaal draait (gezond na ${((Date.now() - begin) / 1000).toFixed(1)} s).`,
    '',
    `  Webapp       ${api}/`,
    `  API          ${api}/v1`,
    `  Health       ${api}/v1/health`,
    `  OpenAPI      ${api}/v1/openapi.json`,
    `  Temporal UI  ${temporalUi}`,
    ...(metrieken.API_METRICS_ADRES
      ? [`  Metrieken    http://${metrieken.API_METRICS_ADRES}/metrics (API, Prometheus)`]
      : []),
    ...(metrieken.WORKER_METRICS_ADRES
      ? [`               http://${metrieken.WORKER_METRICS_ADRES}/metrics (worker, Temporal)`]
      : []),
    `  Traces       ${
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
        ? 'OTLP/HTTP naar ' +
          (process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
            process.env.OTEL_EXPORTER_OTLP_ENDPOINT)
        : 'uit (zet OTEL_EXPORTER_OTLP_ENDPOINT, zie README "Observability")'
    }`,
    '',
    `Demo-accounts (wachtwoord ${DEMO_WACHTWOORD}), inloggen met POST ${api}/v1/sessies:`,
    ...demoGebruikers(DEMO_GEMEENTEN).map((g) => `  ${g.email.padEnd(34)} ${g.rol}`),
    '',
    'API-sleutels van signaalpartners (header X-Api-Key):',
    ...DEMO_SIGNAALPARTNERS.map(
      (p) => `  ${p.naam.padEnd(26)} ${p.type.padEnd(8)} ${p.apiSleutel}`,
    ),
    '',
    `DDAS-levering aan CBS (alle demogemeenten), zie README "DDAS-levering":`,
    `  POST ${api}/v1/ddas/token  client_id ${DEMO_DDAS_CLIENT.clientId}  client_secret ${DEMO_DDAS_CLIENT.clientSecret}`,
    '',
    'Stoppen: Ctrl-C.',
    '',
  ];
  process.stdout.write(regels.join('\n') + '\n');
}

main().catch(async (fout) => {
  log(`Starten mislukt: ${fout.message}`);
  await stop(1);
});
