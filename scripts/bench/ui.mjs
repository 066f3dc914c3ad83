// npm run bench:ui — what a caseworker waits for in the werkvoorraad. Seeds
// BENCH_MELDINGEN meldingen (default 100,000) with their signals and personal
// data straight into the read model of one gemeente of a throw-away stack
// (SQL generate_series; reads need no workflows), then, logged in as that
// gemeente's behandelaar, measures a filter change: the page of 25 and the
// facet counts fetched in parallel, as the screen does, over ~20 realistic
// filters. Also the werkbakken with their counts, and the overview.
import path from 'node:path';
import { ROOT, log } from '../lib/omgeving.mjs';
import { printTabel, startBenchStack } from './lib.mjs';

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

function positief(naam, standaard) {
  const waarde = Number(process.env[naam] ?? standaard);
  if (!Number.isInteger(waarde) || waarde <= 0) throw new Error(`${naam} is een positief getal`);
  return waarde;
}

function percentiel(gesorteerd, p) {
  return gesorteerd[Math.min(gesorteerd.length - 1, Math.ceil((p / 100) * gesorteerd.length) - 1)];
}

let stack;
let db;
const regels = [];
let fout;
try {
  await meet();
} catch (f) {
  fout = f;
} finally {
  await db?.end().catch(() => {});
  await stack?.stop();
}
if (regels.length) printTabel(regels);
if (fout) log(`bench:ui mislukt: ${fout.stack ?? fout.message}`);
process.exit(fout ? 1 : 0);

async function meet() {
  stack = await startBenchStack();
  const { default: pg } = await import('pg');
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const { DEMO_WACHTWOORD } = await import(path.join(ROOT, 'dist/prisma/demo/organisaties.js'));

  const begin = performance.now();
  await seed();
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

/** The read model of one gemeente, as workflows would have left it, in a few statements. */
async function seed() {
  const {
    rows: [gemeente],
  } = await db.query(
    `SELECT g.id FROM "Gemeente" g JOIN "Gebruiker" u ON u."gemeenteId" = g.id
    WHERE u.email = $1`,
    [`behandelaar@${GEMEENTE}.demo`],
  );
  const { rows: behandelaars } = await db.query(
    `SELECT id FROM "Gebruiker" WHERE "gemeenteId" = $1 AND rol <> 'SIGNAALPARTNER'`,
    [gemeente.id],
  );
  const { rows: wijken } = await db.query(`SELECT id FROM "Wijk" WHERE "gemeenteId" = $1`, [
    gemeente.id,
  ]);
  const { rows: kernen } = await db.query(
    `SELECT k.id, o."wijkId" FROM "Kern" k JOIN "KernOnderdeel" o ON o."kernId" = k.id
      WHERE k."gemeenteId" = $1 AND o."wijkId" IS NOT NULL`,
    [gemeente.id],
  );
  const { rows: partners } = await db.query(`SELECT id FROM "Signaalpartner" ORDER BY naam`);
  if (!wijken.length || !partners.length) throw new Error('demo zonder wijken of signaalpartners');
  const wijkIds = wijken.map((w) => w.id);
  const kernVanWijk = Object.fromEntries(kernen.map((k) => [k.wijkId, k.id]));
  await db.query('BEGIN');
  // Statuses 40/30/30, match 55/30/15, 3% crisis, deadlines spread around now
  // so about a fifth is late; opened over the last two years.
  await db.query(
    `CREATE TEMP TABLE bench_melding ON COMMIT DROP AS
     SELECT i, gen_random_uuid() AS id,
       (CASE WHEN i % 10 < 4 THEN 'OPEN' WHEN i % 10 < 7 THEN 'IN_BEHANDELING' ELSE 'AFGESLOTEN' END)
         ::"Meldingstatus" AS status,
       (CASE WHEN i % 20 < 11 THEN 'ENKELVOUDIG' WHEN i % 20 < 17 THEN 'MEERVOUDIG' ELSE 'OPEENVOLGEND' END)
         ::"Matchtype" AS matchtype,
       (i % 33 = 0) AS crisis,
       now() - ((i * 7919) % 730) * interval '1 day' - (i % 86400) * interval '1 second' AS "geopendOp"
     FROM generate_series(1, $1::int) i`,
    [AANTAL],
  );
  await db.query(
    `INSERT INTO "Melding" (id, "gemeenteId", adressleutel, "openSleutel", status, matchtype, crisis,
        "behandelaarId", "geopendOp", "opgepaktOp", "afgeslotenOp", resultaat,
        "termijnOppakken", "termijnEersteContact", "eersteContactOp")
     SELECT b.id, $1::uuid, 'BENCH|' || b.i,
       CASE WHEN b.status <> 'AFGESLOTEN' THEN $1::text || '|BENCH|' || b.i END,
       b.status, b.matchtype, b.crisis,
       CASE WHEN b.status <> 'OPEN' THEN ($2::uuid[])[1 + b.i % array_length($2::uuid[], 1)] END,
       b."geopendOp",
       CASE WHEN b.status <> 'OPEN' THEN b."geopendOp" + interval '3 days' END,
       CASE WHEN b.status = 'AFGESLOTEN' THEN b."geopendOp" + interval '40 days' END,
       CASE WHEN b.status = 'AFGESLOTEN' THEN 'INWONER_HEEFT_ZELF_BETAALD'::"Resultaat" END,
       now() + ((b.i % 50) - 10) * interval '1 day',
       now() + ((b.i % 40) - 8) * interval '1 day',
       CASE WHEN b.status = 'IN_BEHANDELING' AND b.i % 3 = 0 THEN b."geopendOp" + interval '5 days' END
     FROM bench_melding b`,
    [gemeente.id, behandelaars.map((b) => b.id)],
  );
  // One signal each, a second for meervoudig, a third for every fifth of those.
  await db.query(
    `CREATE TEMP TABLE bench_signaal ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, b.i, k, b.id AS "meldingId", b.crisis, b."geopendOp",
       ($1::uuid[])[1 + (b.i * 31 + k * 7) % array_length($1::uuid[], 1)] AS "wijkId",
       ($2::uuid[])[1 + (b.i + k) % array_length($2::uuid[], 1)] AS "signaalpartnerId"
     FROM bench_melding b
     CROSS JOIN LATERAL generate_series(1,
       CASE WHEN b.matchtype = 'MEERVOUDIG' THEN 2 + (b.i % 5 = 0)::int ELSE 1 END) k`,
    [wijkIds, partners.map((p) => p.id)],
  );
  // A bulk load summarises every melding once at the end instead of per signal.
  await db.query('ALTER TABLE "Signaal" DISABLE TRIGGER "signaal_wijzigt_melding"');
  await db.query(
    `INSERT INTO "Signaal" (id, "signaalpartnerId", referentie, signaaldatum, ontstaansdatum,
        "bedragInCenten", crisissignaal, routeringsstatus, routeringsjaar, "gemeenteId", "wijkId",
        "kernId", "gerouteerdOp", signaalstatus, "meldingId", "ontvangenOp", "ingetrokkenOp")
     SELECT s.id, s."signaalpartnerId", 'BENCH-' || s.i || '-' || s.k,
       (s."geopendOp" - s.k * interval '1 day')::date, (s."geopendOp" - interval '90 days')::date,
       2500 + ((s.i::bigint * 104729 + s.k * 7) % 400000)::int, s.crisis, 'GEROUTEERD', 2026, $1::uuid, s."wijkId",
       (($2::jsonb) ->> s."wijkId"::text)::uuid, s."geopendOp", 'NOG_NIET_OPGEPAKT', s."meldingId",
       s."geopendOp", CASE WHEN s.i % 50 = 0 THEN s."geopendOp" + interval '10 days' END
     FROM bench_signaal s`,
    [gemeente.id, JSON.stringify(kernVanWijk)],
  );
  await db.query('ALTER TABLE "Signaal" ENABLE TRIGGER "signaal_wijzigt_melding"');
  await db.query('SELECT "vat_meldingen_samen"(ARRAY(SELECT id FROM bench_melding))');
  await db.query(
    `INSERT INTO "SignaalPersoonsgegevens" ("signaalId", voorletters, achternaam, geboortedatum,
        straat, postcode, huisnummer, woonplaats, adressleutel)
     SELECT s.id, chr(65 + s.i % 26) || '.', 'Benchpersoon' || s.i,
       date '1950-01-01' + (s.i % 18000), 'Benchstraat', '8600' || chr(65 + s.i % 26) || chr(65 + (s.i / 26) % 26),
       1 + s.i % 200, 'Sneek', 'BENCH|' || s.i
     FROM bench_signaal s`,
  );
  await db.query('COMMIT');
  // As autovacuum leaves a table in production: statistics and a visibility map.
  await db.query('VACUUM ANALYZE');
}
