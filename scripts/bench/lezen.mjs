// npm run bench:lezen — read latency of the werkvoorraad API under load:
// GET /v1/meldingen with realistic filters at BENCH_LEZEN_SIGNALEN signals
// (default 1,000,000) in the database, spread over the three demo gemeenten
// (Utrecht 60 %, Zwolle 25 %, Súdwest-Fryslân 15 %, roughly by population),
// under BENCH_LEZEN_VERBINDINGEN concurrent clients (default 20, autocannon,
// loopback) for BENCH_LEZEN_DUUR seconds per filter (default 20). The
// baseline, in the same run and under the same load: GET /v1/sessies/huidige
// (authenticated, one small query) and GET /v1/health, so the ratio shows what
// the werkvoorraad's queries and audit entries cost on top of the HTTP stack
// and authentication. Any non-2xx answer or connection error fails the bench.
//
// What dominates: while each load runs, pg_stat_activity is sampled every
// 100 ms and the active backends are classed by statement (the page's ids,
// its count, the rows, the audit insert, authentication) and by whether they
// wait for a lock; and each filter's two SQL statements are run once with
// EXPLAIN ANALYZE on the otherwise idle stack.
import path from 'node:path';
import { ROOT, log } from '../lib/omgeving.mjs';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { draaiBench, nakomelingen, positief } from './lib.mjs';
import { zaaiSignalen } from './zaaien.mjs';

const SIGNALEN = positief('BENCH_LEZEN_SIGNALEN', 1_000_000);
const VERBINDINGEN = positief('BENCH_LEZEN_VERBINDINGEN', 20);
const DUUR = positief('BENCH_LEZEN_DUUR', 20);
const VERDELING = { utrecht: 0.6, zwolle: 0.25, sudwestfryslan: 0.15 };
// The gemeente with the largest share: its caseworker's lists are the slowest.
const GEMEENTE = 'utrecht';

// What a caseworker combines (see bench:ui): the default page, status, match,
// wijk, own cases, deadlines with another sort order, a later page, creditor
// type with crisis, amount and age.
const FILTERS = [
  '',
  'status=OPEN',
  'status=OPEN&matchtype=MEERVOUDIG',
  'wijk=034402&status=IN_BEHANDELING',
  'behandelaar=ik',
  'teLaat=true&sortering=termijn',
  'status=AFGESLOTEN&sortering=-geopendOp&pagina=2',
  'signaalpartnerType=ENERGIE&crisis=true',
  'bedragVan=100000&ouderDanDagen=30&status=OPEN',
];

await draaiBench('bench:lezen', meet);

async function meet({ stack, db, regels }) {
  const { default: autocannon } = await import('autocannon');
  const { DEMO_WACHTWOORD } = await import(path.join(ROOT, 'dist/prisma/demo/organisaties.js'));
  const begonnen = performance.now();

  log(`bench:lezen: ${SIGNALEN} signalen zaaien over ${Object.keys(VERDELING).join(', ')}…`);
  const beginZaaien = performance.now();
  const gezaaid = await zaaiSignalen(db, { signalen: SIGNALEN, verdeling: VERDELING });
  const zaaiSeconden = (performance.now() - beginZaaien) / 1000;
  const tel = async (tabel) =>
    (await db.query(`SELECT count(*)::int AS n FROM "${tabel}"`)).rows[0].n;
  const aantallen = {
    signalen: await tel('Signaal'),
    meldingen: await tel('Melding'),
    persoonsgegevens: await tel('SignaalPersoonsgegevens'),
  };
  log(
    `gezaaid in ${zaaiSeconden.toFixed(1)} s (met VACUUM ANALYZE): ${aantallen.signalen} signalen, ` +
      `${aantallen.meldingen} meldingen, ${aantallen.persoonsgegevens} persoonsgegevens; ` +
      Object.entries(gezaaid)
        .map(([g, a]) => `${g} ${a.meldingen} meldingen / ${a.signalen} signalen`)
        .join(', '),
  );
  if (aantallen.signalen < SIGNALEN)
    throw new Error(`verwacht ${SIGNALEN} signalen, er zijn er ${aantallen.signalen}`);
  regels.push(
    {
      figuur: `seed ${aantallen.signalen} signals (SQL, incl. VACUUM ANALYZE)`,
      waarde: zaaiSeconden,
      eenheid: 's',
    },
    { figuur: 'signals in the database', waarde: aantallen.signalen, eenheid: 'rows' },
    { figuur: 'meldingen in the database', waarde: aantallen.meldingen, eenheid: 'rows' },
    {
      figuur: `meldingen of ${GEMEENTE} (the measured gemeente)`,
      waarde: gezaaid[GEMEENTE].meldingen,
      eenheid: 'rows',
    },
  );

  // One session, created once: logins are rate-limited, reads are not.
  const inlog = await fetch(`${stack.basis}/sessies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `behandelaar@${GEMEENTE}.demo`, wachtwoord: DEMO_WACHTWOORD }),
  });
  if (inlog.status !== 201) throw new Error(`inloggen mislukt: ${inlog.status}`);
  const { token } = await inlog.json();
  const headers = { authorization: `Bearer ${token}` };
  const ik = await (await fetch(`${stack.basis}/sessies/huidige`, { headers })).json();

  // Warm-up and sanity: every filter answers 200, and the unfiltered list sees all of the gemeente.
  for (const filter of FILTERS) {
    const antwoord = await fetch(`${stack.basis}/meldingen?${filter}`, { headers });
    if (antwoord.status !== 200)
      throw new Error(`/meldingen?${filter}: ${antwoord.status} ${await antwoord.text()}`);
    const pagina = await antwoord.json();
    if (filter === '' && pagina.totaal !== gezaaid[GEMEENTE].meldingen)
      throw new Error(
        `lijst ziet ${pagina.totaal} meldingen, verwacht ${gezaaid[GEMEENTE].meldingen}`,
      );
    if (pagina.meldingen.length === 0) throw new Error(`/meldingen?${filter}: lege pagina`);
    log(`/meldingen?${filter || '(geen filter)'}: ${pagina.totaal} meldingen`);
  }

  const plannen = await leesPlannen(db, ik.id);

  const sampler = await activiteitsmeter(stack.databaseUrl);
  const lopen = [];
  const {
    rows: [{ pid: backend }],
  } = await db.query('SELECT pg_backend_pid() AS pid');
  const postmaster = ouder(backend);
  const cpu = () => ({
    api: cpuMs(stack.processen.api.pid),
    pg: nakomelingen(postmaster).reduce((som, { pid }) => som + cpuMs(pid), 0),
    bench: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  });
  const belast = async (naam, pad) => {
    sampler.begin();
    const voor = cpu();
    const uitslag = await laad(autocannon, `${stack.basis}${pad}`, headers);
    const na = cpu();
    const activiteit = sampler.eind();
    // CPU per answer: where the time goes on this 2-core machine. PostgreSQL's is
    // a lower bound: a parallel worker's CPU is lost once it exits.
    uitslag.cpu = Object.fromEntries(
      Object.keys(voor).map((k) => [k, (na[k] - voor[k]) / Math.max(1, uitslag.aantal)]),
    );
    log(
      `${naam}: p50 ${uitslag.p50.toFixed(0)} ms, p95 ${uitslag.p95.toFixed(0)} ms, ` +
        `p99 ${uitslag.p99.toFixed(0)} ms, ${uitslag.perSeconde.toFixed(1)} req/s, ` +
        `${uitslag.aantal} antwoorden, niet-2xx ${uitslag.niet2xx}, fouten ${uitslag.fouten}; ` +
        `CPU per antwoord: API ${uitslag.cpu.api.toFixed(1)} ms, PostgreSQL ${uitslag.cpu.pg.toFixed(1)} ms, ` +
        `autocannon ${uitslag.cpu.bench.toFixed(1)} ms; ` +
        `PostgreSQL actief gem. ${activiteit.gemiddeld.toFixed(1)} backends: ${activiteit.tekst}`,
    );
    lopen.push({ naam, uitslag });
    return { ...uitslag, activiteit };
  };

  // Other work on the machine skews every figure; the ratios to the baseline less so.
  regels.push({
    figuur: 'load average (1 min) before the loads',
    waarde: loadavg()[0],
    eenheid: `on ${availableParallelism()} cores`,
  });
  const basis = await belast('baseline GET /v1/sessies/huidige', '/sessies/huidige');
  const health = await belast('GET /v1/health', '/health');
  regels.push(
    ...rijen('GET /v1/health (unauthenticated)', health, basis),
    ...rijen('baseline GET /v1/sessies/huidige', basis),
  );
  const auditVoor = await tel('AuditLog');
  for (const filter of FILTERS) {
    const naam = `GET /v1/meldingen?${filter || '(no filter)'}`;
    const uitslag = await belast(naam, `/meldingen?${filter}`);
    regels.push(...rijen(naam, uitslag, basis));
    const plan = plannen.get(filter);
    regels.push(
      {
        figuur: `  … SQL alone (EXPLAIN ANALYZE, 1 client): page ids + count`,
        waarde: plan.ids + plan.telling,
        eenheid: 'ms',
      },
      {
        figuur: `  … under load: PG backends busy with count / ids / rows / audit / auth`,
        waarde: uitslag.activiteit.gemiddeld,
        eenheid: uitslag.activiteit.kort,
      },
    );
  }
  const auditNa = await tel('AuditLog');
  await sampler.stop();
  regels.push({
    figuur: 'audit entries written during the list loads',
    waarde: auditNa - auditVoor,
    eenheid: 'rows',
  });
  regels.push({
    figuur: 'bench:lezen total duration',
    waarde: (performance.now() - begonnen) / 1000,
    eenheid: 's',
  });

  const mis = lopen.filter(({ uitslag }) => uitslag.niet2xx > 0 || uitslag.fouten > 0);
  if (mis.length)
    throw new Error(
      `niet-2xx of verbindingsfouten: ${mis
        .map(
          ({ naam, uitslag }) =>
            `${naam}: ${uitslag.niet2xx} niet-2xx ${JSON.stringify(uitslag.codes)}, ${uitslag.fouten} fouten`,
        )
        .join('; ')}`,
    );
}

/** User plus system CPU of a process so far, in ms; 0 once it has exited. */
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const velden = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of stat, in clock ticks of 10 ms.
    return (Number(velden[11]) + Number(velden[12])) * 10;
  } catch {
    return 0;
  }
}

function ouder(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** The table's rows for one load, with the baseline's figures beside them. */
function rijen(naam, uitslag, basis) {
  return [
    { figuur: `${naam} p50`, waarde: uitslag.p50, eenheid: 'ms', basislijn: basis?.p50 },
    { figuur: `${naam} p95`, waarde: uitslag.p95, eenheid: 'ms', basislijn: basis?.p95 },
    { figuur: `${naam} p99`, waarde: uitslag.p99, eenheid: 'ms', basislijn: basis?.p99 },
    {
      figuur: `${naam} throughput`,
      waarde: uitslag.perSeconde,
      eenheid: 'req/s',
      basislijn: basis?.perSeconde,
    },
    {
      figuur: `  … CPU per answer in the API process`,
      waarde: uitslag.cpu.api,
      eenheid: 'ms',
      basislijn: basis?.cpu.api,
    },
    {
      figuur: `  … CPU per answer in PostgreSQL`,
      waarde: uitslag.cpu.pg,
      eenheid: 'ms',
      basislijn: basis?.cpu.pg,
    },
  ];
}

/**
 * One autocannon load. Latencies are collected per response, because
 * autocannon's own histogram has no p95.
 */
async function laad(autocannon, url, headers) {
  const tijden = [];
  const instantie = autocannon({
    url,
    headers,
    connections: VERBINDINGEN,
    duration: DUUR,
    // A slow answer is a figure, not an error: autocannon's default gives up after 10 s.
    timeout: 120,
  });
  instantie.on('response', (_client, _status, _bytes, ms) => tijden.push(ms));
  const uitslag = await instantie;
  tijden.sort((a, b) => a - b);
  const p = (n) =>
    tijden.length
      ? tijden[Math.min(tijden.length - 1, Math.ceil((n / 100) * tijden.length) - 1)]
      : NaN;
  return {
    p50: p(50),
    p95: p(95),
    p99: p(99),
    aantal: tijden.length,
    perSeconde: tijden.length / uitslag.duration,
    niet2xx: uitslag.non2xx,
    fouten: uitslag.errors + uitslag.timeouts,
    codes: uitslag.statusCodeStats,
  };
}

/**
 * Each filter's two statements as the API sends them (the same SQL builder,
 * in the behandelaar's tenant scope), once with EXPLAIN ANALYZE: execution
 * time and the plan's top node.
 */
async function leesPlannen(db, behandelaarId) {
  const { binnenVerzoek, zetToegang } = await import(path.join(ROOT, 'dist/prisma/toegang.js'));
  const filtermodule = await import(
    path.join(ROOT, 'dist/apps/api/meldingen/werkvoorraadfilter.js')
  );
  const { Prisma } = await import(path.join(ROOT, 'dist/prisma/database.js'));
  const {
    rows: [gemeente],
  } = await db.query(`SELECT "gemeenteId" FROM "Gebruiker" WHERE id = $1`, [behandelaarId]);
  const plannen = new Map();
  for (const filter of FILTERS) {
    const query = filtermodule.lijstSchema.parse(Object.fromEntries(new URLSearchParams(filter)));
    const { ids, telling } = binnenVerzoek(() => {
      zetToegang({ soort: 'gemeente', gemeenteId: gemeente.gemeenteId });
      const where = filtermodule.werkvoorraadWhere(
        filtermodule.meldingenfilter(query, behandelaarId),
        new Date(),
      );
      return {
        ids: Prisma.sql`SELECT m."id" FROM "Melding" m WHERE ${where} ${filtermodule.werkvoorraadVolgorde(query.sortering)}
          LIMIT ${query.paginagrootte} OFFSET ${(query.pagina - 1) * query.paginagrootte}`,
        telling: Prisma.sql`SELECT count(*)::int AS "totaal" FROM "Melding" m WHERE ${where}`,
      };
    });
    const leg = async (sql) => {
      const { rows } = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql.text}`, sql.values);
      const [{ Plan: plan, 'Execution Time': ms }] = rows[0]['QUERY PLAN'];
      const knoop = (p) =>
        p.Plans?.length &&
        ['Limit', 'Aggregate', 'Sort', 'Gather', 'Gather Merge', 'Incremental Sort'].includes(
          p['Node Type'],
        )
          ? `${p['Node Type']} → ${knoop(p.Plans[0])}`
          : `${p['Node Type']}${p['Index Name'] ? ` ${p['Index Name']}` : ''}`;
      return { ms, plan: knoop(plan) };
    };
    const idsPlan = await leg(ids);
    const tellingPlan = await leg(telling);
    log(
      `plan ${filter || '(geen filter)'}: ids ${idsPlan.ms.toFixed(1)} ms (${idsPlan.plan}); ` +
        `count ${tellingPlan.ms.toFixed(1)} ms (${tellingPlan.plan})`,
    );
    plannen.set(filter, { ids: idsPlan.ms, telling: tellingPlan.ms });
  }
  // The audit entries of one page: 25 rows through the hash-chain trigger, rolled back.
  await db.query('BEGIN');
  const begin = performance.now();
  await db.query(
    `INSERT INTO "AuditLog" ("actorType", "actorId", "organisatieType", "organisatieId", "gemeenteId",
       actie, "objectType", "objectId", resultaat)
     SELECT 'gebruiker', $1, 'gemeente', $2::text, $3::uuid, 'melding_in_lijst', 'Melding', gen_random_uuid()::text, 'gelukt'
     FROM generate_series(1, 25)`,
    [behandelaarId, gemeente.gemeenteId, gemeente.gemeenteId],
  );
  log(`25 auditregels (één pagina) invoegen: ${(performance.now() - begin).toFixed(1)} ms`);
  await db.query('ROLLBACK');
  return plannen;
}

/**
 * Samples pg_stat_activity every 100 ms: which statements the active
 * backends run, and how many of them wait for a lock. (A function, not a
 * class: the bench runs at the top level, before a class would be defined.)
 */
async function activiteitsmeter(databaseUrl) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let tellers = null;
  let loopt = true;
  const lus = (async () => {
    while (loopt) {
      if (tellers) {
        const { rows } = await client.query(
          `SELECT wait_event_type, query FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
        );
        tellers.monsters++;
        for (const { wait_event_type: wacht, query } of rows) {
          const soort = /"AuditLog"/.test(query)
            ? 'audit'
            : /count\(\*\)/.test(query)
              ? 'count'
              : /^\s*SELECT m\."id"/.test(query)
                ? 'ids'
                : /"Sessie"|"Gebruiker"|"ApiSleutel"/.test(query)
                  ? 'auth'
                  : /"Melding"|"Signaal"/.test(query)
                    ? 'rows'
                    : 'other';
          tellers[soort] = (tellers[soort] ?? 0) + 1;
          if (wacht === 'Lock') tellers.lock = (tellers.lock ?? 0) + 1;
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    begin() {
      tellers = { monsters: 0 };
    },
    /** Average active backends per class over the load. */
    eind() {
      const { monsters, ...rest } = tellers;
      tellers = null;
      const gem = (k) => (monsters ? (rest[k] ?? 0) / monsters : 0);
      const soorten = ['count', 'ids', 'rows', 'audit', 'auth', 'other'];
      const gemiddeld = soorten.reduce((som, k) => som + gem(k), 0);
      return {
        gemiddeld,
        tekst:
          soorten.map((k) => `${k} ${gem(k).toFixed(1)}`).join(', ') +
          `; waarvan wachtend op een lock ${gem('lock').toFixed(1)}`,
        kort: `${soorten
          .slice(0, 5)
          .map((k) => gem(k).toFixed(1))
          .join('/')} (lock ${gem('lock').toFixed(1)})`,
      };
    },
    async stop() {
      loopt = false;
      await lus;
      await client.end();
    },
  };
}
