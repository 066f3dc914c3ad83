// npm run bench:ui — what a caseworker waits for in the werkvoorraad. Seeds
// BENCH_MELDINGEN meldingen (default 100,000) with their signals and personal
// data straight into the read model of one gemeente of a throw-away stack
// (SQL generate_series; reads need no workflows), then, logged in as that
// gemeente's behandelaar, measures a filter change: the page of 25 and the
// facet counts fetched in parallel, as the screen does, over ~20 realistic
// filters. Also the werkbakken with their counts, and the overview.
import path from 'node:path';
import { ROOT, log } from '../lib/omgeving.mjs';
import { draaiBench, positief } from './lib.mjs';
import { zaaiWerkvoorraad } from './zaaien.mjs';

const AANTAL = positief('BENCH_MELDINGEN', 100_000);
const METINGEN = positief('BENCH_METINGEN', 220);
const OPWARMEN = positief('BENCH_OPWARMEN', 20);
const DOEL_MS = 300;
const GEMEENTE = 'sudwestfryslan';

// Filters a caseworker actually combines: status, match, wijk, kern, creditor
// type, crisis, deadlines, own cases, amounts and age; every one paged and counted.
const FILTERS = [
  '',
  'status=OPEN',
  'status=IN_BEHANDELING',
  'status=OPEN&matchtype=MEERVOUDIG',
  'crisis=true',
  'teLaat=true',
  'status=OPEN&teLaat=true',
  'behandelaar=ik',
  'behandelaar=ik&status=IN_BEHANDELING',
  'wijk=190001',
  'wijk=190002&status=OPEN',
  'kern=Sneek',
  'signaalpartnerType=HUUR',
  'signaalpartnerType=ENERGIE&status=OPEN',
  'matchtype=OPEENVOLGEND&crisis=false',
  'bedragVan=100000',
  'bedragVan=50000&bedragTot=200000&status=OPEN',
  'ouderDanDagen=30&status=OPEN',
  'status=AFGESLOTEN&sortering=-geopendOp',
  'status=OPEN&sortering=termijn&pagina=3',
  'wijk=190003&signaalpartnerType=ZORG&teLaat=false',
];

function percentiel(gesorteerd, p) {
  return gesorteerd[Math.min(gesorteerd.length - 1, Math.ceil((p / 100) * gesorteerd.length) - 1)];
}

await draaiBench('bench:ui', meet);

async function meet({ stack, db, regels }) {
  const { DEMO_WACHTWOORD } = await import(path.join(ROOT, 'dist/prisma/demo/organisaties.js'));

  const begin = performance.now();
  await zaaiWerkvoorraad(db, { gemeente: GEMEENTE, meldingen: AANTAL });
  const seedSeconden = (performance.now() - begin) / 1000;
  log(`${AANTAL} meldingen gezaaid in ${seedSeconden.toFixed(1)} s`);
  regels.push({ figuur: `seed ${AANTAL} meldingen (SQL)`, waarde: seedSeconden, eenheid: 's' });

  const inlog = await fetch(`${stack.basis}/sessies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `behandelaar@${GEMEENTE}.demo`, wachtwoord: DEMO_WACHTWOORD }),
  });
  if (inlog.status !== 201) throw new Error(`inloggen mislukt: ${inlog.status}`);
  const { token } = await inlog.json();
  const haal = async (pad) => {
    const antwoord = await fetch(`${stack.basis}${pad}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!antwoord.ok) throw new Error(`${pad}: ${antwoord.status} ${await antwoord.text()}`);
    return antwoord.json();
  };
  const filterwissel = (filter) =>
    Promise.all([
      haal(`/meldingen?${filter}${filter ? '&' : ''}paginagrootte=25`),
      haal(`/meldingen/aantallen?${filter.replace(/&?(sortering|pagina)=[^&]*/g, '')}`),
    ]);

  // Sanity: the counts agree with the list, and the data is as large as meant.
  const [pagina, aantallen] = await filterwissel('');
  if (pagina.totaal !== AANTAL || aantallen.totaal !== AANTAL)
    throw new Error(
      `verwacht ${AANTAL} meldingen, lijst ${pagina.totaal}, aantallen ${aantallen.totaal}`,
    );

  const meetReeks = async (naam, stap, metingen) => {
    for (let i = 0; i < OPWARMEN; i++) await stap(i);
    const tijden = [];
    for (let i = 0; i < metingen; i++) {
      const t = performance.now();
      await stap(i);
      tijden.push(performance.now() - t);
    }
    tijden.sort((a, b) => a - b);
    const [p50, p95, p99] = [50, 95, 99].map((p) => percentiel(tijden, p));
    log(
      `${naam}: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms ` +
        `(${metingen} metingen) — p95 < ${DOEL_MS} ms: ${p95 < DOEL_MS ? 'ja' : 'NEE'}`,
    );
    regels.push(
      { figuur: `${naam} p50`, waarde: p50, eenheid: 'ms' },
      { figuur: `${naam} p95 (target < ${DOEL_MS})`, waarde: p95, eenheid: 'ms' },
      { figuur: `${naam} p99`, waarde: p99, eenheid: 'ms' },
    );
    return p95;
  };

  // Per filter once, slowest first, to show where the time goes.
  const perFilter = [];
  for (const filter of FILTERS) {
    const t = performance.now();
    await filterwissel(filter);
    perFilter.push([performance.now() - t, filter || '(geen filter)']);
  }
  perFilter.sort((a, b) => b[0] - a[0]);
  log(
    `traagste filters: ${perFilter
      .slice(0, 5)
      .map(([ms, f]) => `${f} ${ms.toFixed(0)} ms`)
      .join('; ')}`,
  );

  const p95 = await meetReeks(
    `filter change (list + counts, ${FILTERS.length} filters)`,
    (i) => filterwissel(FILTERS[i % FILTERS.length]),
    METINGEN,
  );
  await meetReeks('werkbakken with counts', () => haal('/werkbakken'), Math.ceil(METINGEN / 4));
  await meetReeks('overzicht (month)', () => haal('/overzicht'), Math.ceil(METINGEN / 10));
  regels.push({
    figuur: `filter change p95 < ${DOEL_MS} ms`,
    waarde: p95 < DOEL_MS ? 1 : 0,
    eenheid: '1 = yes',
  });
}
