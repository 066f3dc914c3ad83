// Shared by the benchmarks: the embedded stack with API and worker as real
// processes, RSS sampling and the summary table.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  PROCESVLAGGEN,
  ROOT,
  log,
  voerUit,
  vrijePoort,
  zorgVoorNodeModules,
} from '../lib/omgeving.mjs';

/**
 * `workers` worker processes (default one); more can be added later with
 * startWorker(), with the same environment, for the scaling bench.
 */
export async function startBenchStack({ workers = 1 } = {}) {
  await zorgVoorNodeModules();
  const { zorgVoorTemporalCli } = await import('../lib/temporal-cli.mjs');
  const { startWegwerpstack } = await import('../lib/wegwerpstack.mjs');
  const { bouw } = await import('../lib/bouw.mjs');
  const cli = await zorgVoorTemporalCli();
  const { zorgVoorChromium } = await import('../lib/chromium.mjs');
  const chromium = await zorgVoorChromium();
  await bouw();
  const stack = await startWegwerpstack({ naam: 'bench', temporalCli: cli });
  const afsluiters = [stack.stop];
  const pg = { databaseUrl: stack.databaseUrl };
  const temporal = { adres: stack.temporalAdres };
  await voerUit('node', ['dist/prisma/seed.js'], {
    env: { ...process.env, DATABASE_URL: pg.databaseUrl },
  });

  const apiPoort = await vrijePoort();
  const env = {
    ...process.env,
    DATABASE_URL: pg.databaseUrl,
    TEMPORAL_ADDRESS: temporal.adres,
    API_PORT: String(apiPoort),
    API_HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    CHROMIUM_PAD: chromium,
    // A throw-away payload key, like the throw-away Temporal server.
    PAYLOAD_SLEUTELS: `bench:${randomBytes(32).toString('base64')}`,
    PAYLOAD_SLEUTEL_ACTUEEL: 'bench',
  };
  const processen = { workers: [] };
  const start = (script) => {
    const kind = spawn(process.execPath, [...PROCESVLAGGEN, script], {
      cwd: ROOT,
      env,
      // VS_BENCH_UITVOER=1 shows the processes' logs too, to find why a bench failed.
      stdio: ['ignore', process.env.VS_BENCH_UITVOER ? 'inherit' : 'ignore', 'inherit'],
    });
    afsluiters.push(
      () =>
        new Promise((resolve) => {
          if (kind.exitCode !== null) return resolve();
          kind.once('exit', resolve);
          kind.kill('SIGTERM');
        }),
    );
    return kind;
  };
  const startWorker = () => {
    const kind = start('dist/apps/worker/main.js');
    processen.workers.push(kind);
    return kind;
  };
  for (let i = 0; i < workers; i++) startWorker();
  processen.worker = processen.workers[0];
  processen.api = start('dist/apps/api/main.js');
  const basis = `http://127.0.0.1:${apiPoort}/v1`;
  const tot = Date.now() + 60_000;
  while (
    !(await fetch(`${basis}/health`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > tot) throw new Error('API werd niet gezond');
    await new Promise((r) => setTimeout(r, 250));
  }
  let gestopt;
  const benchStack = {
    basis,
    databaseUrl: pg.databaseUrl,
    temporalAdres: temporal.adres,
    processen,
    startWorker,
    stop() {
      gestopt ??= (async () => {
        for (const afsluiter of afsluiters.reverse()) {
          await Promise.resolve()
            .then(afsluiter)
            .catch((fout) => log(`opruimen: ${fout.message}`));
        }
      })();
      return gestopt;
    },
  };
  // An interrupted benchmark must not leave its processes running to skew the next one.
  for (const signaal of ['SIGINT', 'SIGTERM'])
    process.once(signaal, () => void benchStack.stop().finally(() => process.exit(130)));
  return benchStack;
}

// Postcodes of the demo gemeenten (prisma/demo/gebieden.ts): Utrecht,
// Zwolle and Súdwest-Fryslân, which the demo creditor Samen serves all of.
const BENCH_POSTCODES = ['3531AB', '3553AA', '8011AA', '8043AA', '8601AA', '8711AA'];

/**
 * `aantal` signals of the demo creditor Samen, two per household on average,
 * so routing and joining a melding both happen as in production. Household h
 * has its own address; give each delivery of one stack its own range of
 * households (`eersteHuishouden`), or its signals join the meldingen of the
 * delivery before and the bench measures less work.
 */
export function benchSignalen(aantal, voorvoegsel, eersteHuishouden = 0) {
  const huishoudens = Math.ceil(aantal / 2);
  return Array.from({ length: aantal }, (_, i) => {
    const h = eersteHuishouden + (i % huishoudens);
    return {
      referentie: `${voorvoegsel}-${i}`,
      signaaldatum: '2026-11-02',
      ontstaansdatum: '2026-08-01',
      bedrag: '123,45',
      persoon: { achternaam: `Bench${h}`, geboortedatum: '1980-05-17' },
      adres: {
        postcode: BENCH_POSTCODES[h % BENCH_POSTCODES.length],
        huisnummer: Math.floor(h / BENCH_POSTCODES.length) + 1,
        woonplaats: 'Demo',
      },
    };
  });
}

/**
 * The signals of benchSignalen as an .xlsx a creditor would upload; written
 * streaming, so the bench itself stays small.
 */
export async function benchWerkmap(rijen, voorvoegsel, eersteHuishouden = 0) {
  const { default: ExcelJS } = await import('exceljs');
  const { PassThrough } = await import('node:stream');
  const uit = new PassThrough();
  const delen = [];
  uit.on('data', (deel) => delen.push(deel));
  const boek = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: uit, useSharedStrings: true });
  const blad = boek.addWorksheet('Signalen');
  blad
    .addRow([
      'Referentie',
      'Signaaldatum',
      'Ontstaansdatum',
      'Bedrag achterstand',
      'Achternaam',
      'Geboortedatum',
      'Postcode',
      'Huisnummer',
      'Woonplaats',
    ])
    .commit();
  const datum = (iso) => iso.split('-').reverse().join('-');
  for (const s of benchSignalen(rijen, voorvoegsel, eersteHuishouden))
    blad
      .addRow([
        s.referentie,
        datum(s.signaaldatum),
        datum(s.ontstaansdatum),
        123.45,
        s.persoon.achternaam,
        datum(s.persoon.geboortedatum),
        s.adres.postcode,
        s.adres.huisnummer,
        s.adres.woonplaats,
      ])
      .commit();
  blad.commit();
  await boek.commit();
  return Buffer.concat(delen);
}

/**
 * Waits until all `aantal` signals whose referentie starts with
 * `voorvoegsel-` are routed and sit in a melding: intake end to end. A signal
 * that cannot be routed fails the bench, since it would never get there.
 */
export async function wachtTotInMelding(db, voorvoegsel, aantal, timeoutMinuten) {
  const tot = Date.now() + timeoutMinuten * 60_000;
  for (;;) {
    const {
      rows: [stand],
    } = await db.query(
      `SELECT count(*) FILTER (WHERE "meldingId" IS NOT NULL)::int AS "inMelding",
              count(*) FILTER (WHERE routeringsstatus IN ('ONBEKEND_ADRES', 'GEEN_KOPPELING'))::int AS onrouteerbaar
         FROM "Signaal" WHERE referentie LIKE $1`,
      [`${voorvoegsel}-%`],
    );
    if (stand.onrouteerbaar > 0)
      throw new Error(`${voorvoegsel}: ${stand.onrouteerbaar} signalen niet te routeren`);
    if (stand.inMelding === aantal) return;
    if (Date.now() > tot)
      throw new Error(
        `${voorvoegsel}: ${stand.inMelding} van ${aantal} in een melding na ${timeoutMinuten} min`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The baseline for intake: how fast this Temporal server starts and
 * completes `aantal` workflows that do nothing, on their own queue and an
 * in-process worker, 50 started at a time.
 */
export async function trivialeWorkflows(adres, aantal) {
  const { Client, Connection } = await import('@temporalio/client');
  const { Worker, NativeConnection, Runtime, DefaultLogger } = await import('@temporalio/worker');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const verbinding = await Connection.connect({ address: adres });
  const nativeVerbinding = await NativeConnection.connect({ address: adres });
  try {
    const client = new Client({ connection: verbinding });
    const worker = await Worker.create({
      connection: nativeVerbinding,
      taskQueue: 'bench-triviaal',
      workflowsPath: path.join(ROOT, 'scripts/bench/triviaal-workflow.mjs'),
    });
    return await worker.runUntil(async () => {
      const begin = performance.now();
      const handles = [];
      for (let i = 0; i < aantal; i += 50)
        handles.push(
          ...(await Promise.all(
            Array.from({ length: Math.min(50, aantal - i) }, () =>
              client.workflow.start('triviaalWorkflow', {
                taskQueue: 'bench-triviaal',
                workflowId: `triviaal-${randomUUID()}`,
              }),
            ),
          )),
        );
      await Promise.all(handles.map((h) => h.result()));
      return aantal / ((performance.now() - begin) / 1000);
    });
  } finally {
    await verbinding.close();
    await nativeVerbinding.close();
  }
}

/**
 * Uploads an .xlsx of `rijen` rows to a fresh stack and reports how long
 * reading it into rows took and the peak RSS of API and worker before and
 * after. A fresh stack, so the worker's peak covers this one file only.
 */
export async function meetBestandGeheugen(rijen, naam) {
  const stack = await startBenchStack();
  try {
    const { maakPrismaClient } = await import(path.join(ROOT, 'dist/prisma/database.js'));
    const prisma = maakPrismaClient(stack.databaseUrl);
    const inhoud = await benchWerkmap(rijen, `${naam}-${Date.now()}`);
    const voor = {
      api: piekRss(stack.processen.api.pid),
      worker: piekRss(stack.processen.worker.pid),
    };
    log(`${naam}: ${rijen} rijen, ${(inhoud.length / 1024 / 1024).toFixed(1)} MB uploaden…`);
    const formulier = new FormData();
    formulier.append('bestand', new Blob([inhoud]), `${naam}.xlsx`);
    const begin = performance.now();
    const antwoord = await fetch(`${stack.basis}/aanleveringen`, {
      method: 'POST',
      headers: { 'x-api-key': 'vs_demo_thuisbaas_4f9c2a7e1b3d' },
      body: formulier,
    });
    if (antwoord.status !== 202)
      throw new Error(`upload gaf ${antwoord.status}: ${await antwoord.text()}`);
    const { id } = await antwoord.json();
    while ((await prisma.aanlevering.findUnique({ where: { id } })).aantalRijen !== rijen)
      await new Promise((r) => setTimeout(r, 250));
    const gelezen = (performance.now() - begin) / 1000;
    await prisma.$disconnect();
    return [
      { figuur: `.xlsx ${rijen} rows: read into rows`, waarde: gelezen, eenheid: 's' },
      { figuur: `.xlsx ${rijen} rows: rows read`, waarde: rijen / gelezen, eenheid: 'rows/s' },
      { figuur: `peak RSS API idle`, waarde: voor.api, eenheid: 'MiB' },
      {
        figuur: `peak RSS API after ${rijen} rows`,
        waarde: piekRss(stack.processen.api.pid),
        eenheid: 'MiB',
      },
      { figuur: `peak RSS worker idle`, waarde: voor.worker, eenheid: 'MiB' },
      {
        figuur: `peak RSS worker after ${rijen} rows`,
        waarde: piekRss(stack.processen.worker.pid),
        eenheid: 'MiB',
      },
    ];
  } finally {
    await stack.stop();
  }
}

/** Peak resident memory of a process so far (VmHWM), in MiB. */
export function piekRss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

/**
 * Prints the figures as a table. With VS_BENCH_RESULTATEN set (by
 * `npm run bench`, scripts/bench/alles.mjs) each row is also appended to that
 * file as a JSON line with the bench's name, for the one summary table.
 */
export function printTabel(regels) {
  const bestand = process.env.VS_BENCH_RESULTATEN;
  if (bestand) {
    const bench = path.basename(process.argv[1] ?? 'onbekend', '.mjs');
    appendFileSync(
      bestand,
      regels
        .map((r) =>
          JSON.stringify({
            bench,
            figuur: r.figuur,
            waarde: r.waarde,
            eenheid: r.eenheid,
            basislijn: r.basislijn,
          }),
        )
        .map((regel) => `${regel}\n`)
        .join(''),
    );
  }
  const kop = ['figure', 'value', 'unit', 'baseline', 'ratio'];
  const rijen = regels.map((r) => [
    r.figuur,
    fmt(r.waarde),
    r.eenheid,
    r.basislijn === undefined ? '' : fmt(r.basislijn),
    r.basislijn ? `${((r.waarde / r.basislijn) * 100).toFixed(0)}%` : '',
  ]);
  const breedtes = kop.map((k, i) => Math.max(k.length, ...rijen.map((r) => r[i].length)));
  const lijn = (cellen) =>
    cellen
      .map((c, i) => (i === 0 || i === 2 ? c.padEnd(breedtes[i]) : c.padStart(breedtes[i])))
      .join('  ');
  process.stdout.write(
    `\n${lijn(kop)}\n${breedtes.map((b) => '-'.repeat(b)).join('  ')}\n${rijen.map(lijn).join('\n')}\n`,
  );
}

export function fmt(getal) {
  return getal >= 100 ? getal.toFixed(0) : getal.toFixed(1);
}

/** Current resident memory of a process (VmRSS), in MiB; 0 once it has exited. */
export function rssNu(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * Every living process below `pid`, with its start time: a pid alone may be
 * reused once the process is gone, the pair identifies it.
 */
export function nakomelingen(pid) {
  const kinderen = new Map();
  for (const naam of readdirSync('/proc')) {
    if (!/^\d+$/.test(naam)) continue;
    const stat = leesStat(Number(naam));
    if (!stat) continue;
    if (!kinderen.has(stat.ppid)) kinderen.set(stat.ppid, []);
    kinderen.get(stat.ppid).push(stat);
  }
  const gevonden = [];
  const rij = [pid];
  while (rij.length > 0)
    for (const kind of kinderen.get(rij.shift()) ?? []) {
      gevonden.push(kind);
      rij.push(kind.pid);
    }
  return gevonden;
}

/**
 * CPU seconds used so far by `pid` and every living process below it,
 * including children they already reaped (cutime/cstime): a PostgreSQL
 * backend that exited still counts through the postmaster.
 */
export function cpuSecondenBoom(pid) {
  return [leesStat(pid), ...nakomelingen(pid)].reduce((som, p) => som + (p?.cpu ?? 0), 0);
}

// sysconf(_SC_CLK_TCK); 100 on every Linux this runs on.
const KLOKTIKKEN = 100;

function leesStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name in parentheses may itself hold spaces and parentheses.
    const eind = stat.lastIndexOf(')');
    const velden = stat.slice(eind + 2).split(' ');
    // A zombie has exited; only its parent's wait is missing.
    if (velden[0] === 'Z') return undefined;
    return {
      pid,
      naam: stat.slice(stat.indexOf('(') + 1, eind),
      ppid: Number(velden[1]),
      start: velden[19],
      // Fields 14-17 of proc(5): utime, stime, cutime, cstime; the last two
      // keep the time of children that already exited, such as Chromium's.
      cpu:
        (Number(velden[11]) + Number(velden[12]) + Number(velden[13]) + Number(velden[14])) /
        KLOKTIKKEN,
    };
  } catch {
    return undefined;
  }
}

/**
 * Proportional memory (PSS) of every process below `pid` together, in MiB.
 * PSS rather than RSS: Chromium's processes share most of their pages, and
 * adding their RSS would count those once per process.
 */
export function pssVanNakomelingen(pid) {
  let kB = 0;
  for (const { pid: kind } of nakomelingen(pid)) {
    try {
      const rollup = readFileSync(`/proc/${kind}/smaps_rollup`, 'utf8');
      kB += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // Gone between listing and reading.
    }
  }
  return kB / 1024;
}

/**
 * Stops what is left of `processen` (from nakomelingen()): SIGTERM, and
 * SIGKILL after `wachtMs`. Only a process with the same pid and start time
 * is signalled, so a reused pid is left alone. Returns what was still running.
 */
export async function stopOverblijvers(processen, wachtMs = 10_000) {
  const levend = () =>
    processen.filter(({ pid, start }) => {
      const nu = leesStat(pid);
      return nu !== undefined && nu.start === start;
    });
  const over = levend();
  for (const { pid } of over) stuur(pid, 'SIGTERM');
  const tot = Date.now() + wachtMs;
  while (levend().length > 0 && Date.now() < tot) await new Promise((r) => setTimeout(r, 200));
  for (const { pid } of levend()) stuur(pid, 'SIGKILL');
  return over;
}

function stuur(pid, signaal) {
  try {
    process.kill(pid, signaal);
  } catch {
    // Already gone.
  }
}

/** A positive whole number from the environment, or the default. */
export function positief(naam, standaard) {
  const waarde = Number(process.env[naam] ?? standaard);
  if (!Number.isInteger(waarde) || waarde <= 0) throw new Error(`${naam} is een positief getal`);
  return waarde;
}

/**
 * Runs one benchmark on a fresh stack with a PostgreSQL client on its
 * database, prints the figures it collected (also those before a failure),
 * always stops the stack, and exits non-zero when it failed.
 */
export async function draaiBench(naam, meet) {
  let stack;
  let db;
  const regels = [];
  let fout;
  try {
    stack = await startBenchStack();
    const { default: pg } = await import('pg');
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    await meet({ stack, db, regels });
  } catch (f) {
    fout = f;
  } finally {
    await db?.end().catch(() => {});
    await stack?.stop();
  }
  if (regels.length) printTabel(regels);
  if (fout) log(`${naam} mislukt: ${fout.stack ?? fout.message}`);
  process.exit(fout ? 1 : 0);
}
