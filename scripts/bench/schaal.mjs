// npm run bench:schaal — intake rate end to end (POST until every signal is
// routed and in a melding) with 1, 2 and 4 worker processes on one stack,
// against the Temporal server's trivial-workflow rate in the same run. Per
// run it records the CPU seconds of PostgreSQL, the Temporal dev server, the
// workers and the API, against the run's wall time × cores: whichever is
// near its share of the machine is the bottleneck.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { log } from '../lib/omgeving.mjs';
import {
  benchSignalen,
  cpuSecondenBoom,
  draaiBench,
  nakomelingen,
  positief,
  trivialeWorkflows,
  wachtTotInMelding,
} from './lib.mjs';

const AANTAL_SIGNALEN = positief('BENCH_SCHAAL_SIGNALEN', 3_000);
const AANTAL_TRIVIAAL = positief('BENCH_SCHAAL_TRIVIAAL', 2_000);
const WORKERS = (process.env.BENCH_SCHAAL_WORKERS ?? '1,2,4')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const TIMEOUT_MINUTEN = positief('BENCH_TIMEOUT_MINUTEN', 60);
const DEMO_SLEUTEL = 'vs_demo_samen_6c2b8f4a0e9d';
const KERNEN = availableParallelism();

await draaiBench('schaal', async ({ stack, db, regels }) => {
  if (WORKERS.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('BENCH_SCHAAL_WORKERS is een lijst als 1,2,4');
  const triviaal = await trivialeWorkflows(stack.temporalAdres, AANTAL_TRIVIAAL);
  log(`basislijn: ${triviaal.toFixed(0)} triviale workflows/s`);
  regels.push({
    figuur: 'trivial workflows (baseline)',
    waarde: triviaal,
    eenheid: 'workflows/s',
  });

  let run = 0;
  for (const aantal of WORKERS) {
    while (stack.processen.workers.length < aantal) stack.startWorker();
    // A new worker needs a moment to connect and poll before it takes work.
    await new Promise((r) => setTimeout(r, 5_000));
    // Households of their own per run: joining the meldingen of the run
    // before would be less work and flatter the larger worker counts.
    const voorvoegsel = `SCHAAL-${randomUUID().slice(0, 8)}`;
    const signalen = benchSignalen(AANTAL_SIGNALEN, voorvoegsel, run++ * AANTAL_SIGNALEN);
    const voor = cpuPerOnderdeel(stack);
    const begin = performance.now();
    const antwoord = await fetch(`${stack.basis}/aanleveringen`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_SLEUTEL },
      body: JSON.stringify({ signalen }),
    });
    if (antwoord.status !== 202)
      throw new Error(`POST gaf ${antwoord.status}: ${await antwoord.text()}`);
    await wachtTotInMelding(db, voorvoegsel, AANTAL_SIGNALEN, TIMEOUT_MINUTEN);
    const wand = (performance.now() - begin) / 1000;
    const na = cpuPerOnderdeel(stack);
    const capaciteit = wand * KERNEN;
    log(`${aantal} workers: ${(AANTAL_SIGNALEN / wand).toFixed(0)} signalen/s`);
    regels.push({
      figuur: `${aantal} worker(s): intake end to end`,
      waarde: AANTAL_SIGNALEN / wand,
      eenheid: 'signals/s',
      basislijn: triviaal,
    });
    // CPU seconds against wall time × cores: the ratio is the share of the
    // whole machine that part used during the run.
    for (const onderdeel of Object.keys(na))
      regels.push({
        figuur: `${aantal} worker(s): CPU ${onderdeel}`,
        waarde: na[onderdeel] - voor[onderdeel],
        eenheid: 'CPU-s',
        basislijn: capaciteit,
      });
  }
});

/**
 * CPU seconds so far of each part of the stack, from /proc: the processes
 * this bench started, told apart by pid (worker, API) and by name
 * (PostgreSQL, the Temporal CLI), plus everything else on the machine.
 */
function cpuPerOnderdeel(stack) {
  const workers = new Set(stack.processen.workers.map((w) => w.pid));
  const deel = {
    PostgreSQL: 0,
    'Temporal dev server': 0,
    workers: 0,
    'Chromium (letters)': 0,
    API: 0,
  };
  for (const kind of nakomelingen(process.pid)) {
    if (kind.ppid !== process.pid) continue;
    const seconden = cpuSecondenBoom(kind.pid);
    if (workers.has(kind.pid)) {
      // The worker renders each melding's letters in its own Chromium: told
      // apart, because that, not the workflows, may be what takes the CPU.
      const chromium = nakomelingen(kind.pid)
        .filter((p) => /chrom/i.test(p.naam))
        .reduce((som, p) => som + p.cpu, 0);
      deel['Chromium (letters)'] += chromium;
      deel.workers += seconden - chromium;
    } else if (kind.pid === stack.processen.api.pid) deel.API += seconden;
    else if (kind.naam === 'postgres') deel.PostgreSQL += seconden;
    else if (kind.naam.includes('temporal')) deel['Temporal dev server'] += seconden;
  }
  deel['this bench'] = cpuSecondenBoom(process.pid) - Object.values(deel).reduce((a, b) => a + b);
  // Whatever else ran on the machine meanwhile (other jobs sharing it).
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
  const [user, nice, system, , , irq, softirq, steal] = cpu.map(Number);
  const bezet = (user + nice + system + irq + softirq + steal) / 100;
  deel['rest of the machine'] = bezet - cpuSecondenBoom(process.pid);
  return deel;
}
