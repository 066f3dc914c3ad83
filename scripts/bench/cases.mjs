// npm run bench:cases — case handling end to end: BENCH_SIGNALEN signals
// (default 5,000) over BENCH_ADRESSEN households (default 3,500) of one
// gemeente, from three creditors. Measures how long after the last
// signal is routed every household has its melding and its first letter as a
// PDF, the letter rate against Chromium rendering the same letters without
// Temporal or the database, and the memory of worker, its Chromium and API.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ROOT, log } from '../lib/omgeving.mjs';
import {
  nakomelingen,
  piekRss,
  printTabel,
  pssVanNakomelingen,
  rssNu,
  startBenchStack,
  stopOverblijvers,
} from './lib.mjs';

const AANTAL_SIGNALEN = positief('BENCH_SIGNALEN', 5_000);
const AANTAL_ADRESSEN = positief('BENCH_ADRESSEN', 3_500);
// A creditor delivers in batches; the API takes at most 10,000 per request.
const BATCHGROOTTE = Math.min(positief('BENCH_BATCHGROOTTE', 1_000), 10_000);
const BASISLIJN_BRIEVEN = positief('BENCH_BASISLIJN_BRIEVEN', 200);
// Rendering is CPU-bound: more pages at once than cores only adds switching.
const DRUK_PARALLEL = positief('BENCH_DRUK_PARALLEL', Math.max(2, availableParallelism()));
const TIMEOUT_MINUTEN = positief('BENCH_TIMEOUT_MINUTEN', 60);
const GEMEENTE = 'utrecht';
const AANTAL_SCHULDEISERS = 3;
const SIGNALEN = ['SIGINT', 'SIGTERM'];

const huishoudens = Math.min(AANTAL_ADRESSEN, AANTAL_SIGNALEN);
// Signal i goes to household i mod huishoudens: the first ones get a second
// (or third) signal, in the same month, so their melding is meervoudig.
const verwachtMeervoudig = Math.min(huishoudens, AANTAL_SIGNALEN - huishoudens);

let opstart;
let stack;
let db;
let drukker;
let opruimen;
let afgebroken = false;
const regels = [];

for (const signaal of SIGNALEN)
  process.on(signaal, () => {
    if (afgebroken) return;
    afgebroken = true;
    log(`${signaal}: bench stoppen en opruimen…`);
    void ruimOp().finally(() => process.exit(130));
  });

let fout;
try {
  await meet();
} catch (f) {
  fout = f;
} finally {
  await ruimOp();
}
// Reported after the cleanup, so the worker's shutdown messages do not bury it.
if (afgebroken) process.exit(130);
if (regels.length > 0) printTabel(regels);
if (fout) log(`bench:cases mislukt: ${fout.message}`);
process.exit(fout ? 1 : 0);

async function meet() {
  log(
    `bench:cases: ${AANTAL_SIGNALEN} signalen over ${huishoudens} adressen, ` +
      `${AANTAL_SCHULDEISERS} schuldeisers, batches van ${BATCHGROOTTE}`,
  );
  const eerdere = new Map(SIGNALEN.map((s) => [s, process.listeners(s)]));
  opstart = startBenchStack();
  stack = await opstart;
  // startBenchStack's own handler exits as soon as the stack is down; this
  // script also has its own Chromium to close and checks that nothing is left.
  for (const s of SIGNALEN)
    for (const l of process.listeners(s))
      if (!eerdere.get(s).includes(l)) process.removeListener(s, l);
  if (afgebroken) throw new Error('afgebroken');

  const { default: pg } = await import('pg');
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const { DEMO_SIGNAALPARTNERS } = await import(
    path.join(ROOT, 'dist/prisma/demo/organisaties.js')
  );
  const { DEMO_GEMEENTEN } = await import(path.join(ROOT, 'dist/prisma/demo/gebieden.js'));
  const gemeentecode = DEMO_GEMEENTEN.find((g) => g.slug === GEMEENTE).code;
  const schuldeisers = DEMO_SIGNAALPARTNERS.filter((p) => p.gemeenten.includes(GEMEENTE)).slice(
    0,
    AANTAL_SCHULDEISERS,
  );

  // Letters only: no signal carries an e-mail address and e-mail stays off,
  // so the outreach's e-mail step is skipped and no SMTP server is needed.
  const {
    rows: [gemeente],
  } = await db.query(
    `UPDATE "Gemeente" SET "emailIngeschakeld" = false WHERE code = $1
     RETURNING id, naam, telefoon, email, website, postadres, "logoSvg"`,
    [gemeentecode],
  );
  const adressen = await maakAdressen(gemeentecode);
  const signalen = maakSignalen(adressen, schuldeisers);

  const raw = await basislijn(gemeente, adressen);
  regels.push({
    figuur: `baseline: Chromium alone, ${BASISLIJN_BRIEVEN} letters, ${DRUK_PARALLEL} at once`,
    waarde: raw,
    eenheid: 'letters/s',
  });

  const { worker, api } = stack.processen;
  const geheugen = {
    worker: { begin: rssNu(worker.pid), max: 0, eind: 0 },
    api: { begin: rssNu(api.pid), max: 0, eind: 0 },
    chromium: { max: 0, eind: 0 },
  };
  const bemonster = () => {
    for (const [naam, kind] of [
      ['worker', worker],
      ['api', api],
    ]) {
      const nu = rssNu(kind.pid);
      geheugen[naam].eind = nu;
      geheugen[naam].max = Math.max(geheugen[naam].max, nu);
    }
    geheugen.chromium.eind = pssVanNakomelingen(worker.pid);
    geheugen.chromium.max = Math.max(geheugen.chromium.max, geheugen.chromium.eind);
  };
  const bemonsteraar = setInterval(bemonster, 1_000);

  try {
    const begin = Date.now();
    const aanleveringen = await leverAan(signalen);
    const aangenomen = Date.now();
    log(`${aanleveringen.length} aanleveringen aangenomen in ${aangenomen - begin} ms`);
    const stand = await wachtTotKlaar(aanleveringen, gemeente.id);
    bemonster();

    const tijden = await db.query(
      `SELECT max(g.op) AS "laatstGekoppeld"
         FROM "Meldinggebeurtenis" g JOIN "Melding" m ON m.id = g."meldingId"
        WHERE m."gemeenteId" = $1 AND g.soort = 'signaal_toegevoegd'`,
      [gemeente.id],
    );
    const gerouteerd = stand.laatstGerouteerd.getTime();
    // Done when the last letter is stored and the last signal is in its melding
    // (a household's second signal may join after its letter went out).
    const klaar = Math.max(
      stand.laatsteBrief.getTime(),
      tijden.rows[0].laatstGekoppeld?.getTime() ?? 0,
    );
    const {
      rows: [{ binnen }],
    } = await db.query(
      `SELECT count(*)::int AS binnen FROM "Correspondentie" c JOIN "Melding" m ON m.id = c."meldingId"
        WHERE m."gemeenteId" = $1 AND c.kanaal = 'BRIEF' AND c."idempotentieSleutel" LIKE '%/stap-0'
          AND c.pdf IS NOT NULL AND c."aangemaaktOp" > $2`,
      [gemeente.id, stand.laatstGerouteerd],
    );
    const periode = (klaar - gerouteerd) / 1000;
    const brievenSpan = (stand.laatsteBrief - stand.eersteBrief) / 1000;

    regels.push(
      { figuur: 'signals delivered', waarde: AANTAL_SIGNALEN, eenheid: 'signals' },
      {
        figuur: `POST ${aanleveringen.length} batches (${schuldeisers.length} creditors)`,
        waarde: aangenomen - begin,
        eenheid: 'ms',
      },
      { figuur: 'meldingen formed', waarde: stand.meldingen, eenheid: 'meldingen' },
      { figuur: 'of which meervoudig', waarde: stand.meervoudig, eenheid: 'meldingen' },
      { figuur: 'first letters rendered', waarde: stand.brieven, eenheid: 'letters' },
      { figuur: 'first POST → all routed', waarde: (gerouteerd - begin) / 1000, eenheid: 's' },
      {
        figuur: 'all routed → every melding formed with its first letter',
        waarde: periode,
        eenheid: 's',
      },
      { figuur: 'first POST → done', waarde: (klaar - begin) / 1000, eenheid: 's' },
      { figuur: 'letters rendered after all routed', waarde: binnen, eenheid: 'letters' },
    );
    if (binnen > 0)
      regels.push({
        figuur: 'letter rate, all routed → done',
        waarde: binnen / periode,
        eenheid: 'letters/s',
        basislijn: raw,
      });
    if (brievenSpan > 0)
      regels.push({
        figuur: 'letter rate, first → last letter',
        waarde: (stand.brieven - 1) / brievenSpan,
        eenheid: 'letters/s',
        basislijn: raw,
      });
    regels.push(
      { figuur: 'RSS worker at first POST', waarde: geheugen.worker.begin, eenheid: 'MiB' },
      { figuur: 'RSS worker peak (VmHWM)', waarde: piekRss(worker.pid), eenheid: 'MiB' },
      { figuur: 'RSS worker when done', waarde: geheugen.worker.eind, eenheid: 'MiB' },
      {
        figuur: "PSS worker's Chromium, peak sampled",
        waarde: geheugen.chromium.max,
        eenheid: 'MiB',
      },
      { figuur: "PSS worker's Chromium when done", waarde: geheugen.chromium.eind, eenheid: 'MiB' },
      { figuur: 'RSS API at first POST', waarde: geheugen.api.begin, eenheid: 'MiB' },
      { figuur: 'RSS API peak (VmHWM)', waarde: piekRss(api.pid), eenheid: 'MiB' },
      { figuur: 'RSS API when done', waarde: geheugen.api.eind, eenheid: 'MiB' },
    );
    if (stand.meervoudig !== verwachtMeervoudig)
      throw new Error(
        `${stand.meervoudig} meervoudige meldingen, verwacht ${verwachtMeervoudig}: de classificatie klopt niet`,
      );
  } finally {
    clearInterval(bemonsteraar);
  }
}

/**
 * One routing address per household, in the gemeente's own postcodes at house
 * numbers the demo table does not use, added to the newest routing table so
 * every signal routes exactly (not by the postcode's dominant gemeente).
 */
async function maakAdressen(gemeentecode) {
  const { rows: postcodes } = await db.query(
    `SELECT DISTINCT ON (postcode) jaar, postcode, buurtcode, wijkcode
       FROM "Routeringsadres"
      WHERE jaar = (SELECT max(jaar) FROM "Routeringstabel") AND gemeentecode = $1
      ORDER BY postcode, huisnummer`,
    [gemeentecode],
  );
  if (postcodes.length === 0)
    throw new Error(`De routeringstabel kent geen adressen in gemeente ${gemeentecode}`);
  const adressen = Array.from({ length: huishoudens }, (_, h) => ({
    postcode: postcodes[h % postcodes.length].postcode,
    huisnummer: 1_000 + Math.floor(h / postcodes.length),
  }));
  const { jaar } = postcodes[0];
  const { rowCount } = await db.query(
    `INSERT INTO "Routeringsadres" (jaar, postcode, huisnummer, buurtcode, wijkcode, gemeentecode)
     SELECT $1, a.postcode, a.huisnummer, p.buurtcode, p.wijkcode, $4
       FROM unnest($2::text[], $3::int[]) AS a(postcode, huisnummer)
       JOIN unnest($5::text[], $6::text[], $7::text[]) AS p(postcode, buurtcode, wijkcode)
         USING (postcode)
     ON CONFLICT DO NOTHING`,
    [
      jaar,
      adressen.map((a) => a.postcode),
      adressen.map((a) => a.huisnummer),
      gemeentecode,
      postcodes.map((p) => p.postcode),
      postcodes.map((p) => p.buurtcode),
      postcodes.map((p) => p.wijkcode),
    ],
  );
  await db.query(
    `UPDATE "Routeringstabel" SET "aantalAdressen" = "aantalAdressen" + $2 WHERE jaar = $1`,
    [jaar, rowCount],
  );
  log(`${rowCount} routeringsadressen toegevoegd in gemeente ${gemeentecode}`);
  return adressen;
}

function maakSignalen(adressen, schuldeisers) {
  // Yesterday, so no signal lies in the future whatever the time zone; all in
  // one month, so a household's signals make a meervoudige melding.
  const signaaldatum = new Date(Date.now() - 86_400_000);
  const ontstaan = new Date(signaaldatum);
  ontstaan.setUTCMonth(ontstaan.getUTCMonth() - 3);
  const run = Date.now().toString(36);
  const perSchuldeiser = new Map(schuldeisers.map((s) => [s, []]));
  for (let i = 0; i < AANTAL_SIGNALEN; i++) {
    const h = i % adressen.length;
    // A household's signals come from different creditors, as they do when
    // arrears pile up.
    perSchuldeiser.get(schuldeisers[i % schuldeisers.length]).push({
      referentie: `CASES-${run}-${i}`,
      signaaldatum: signaaldatum.toISOString().slice(0, 10),
      ontstaansdatum: ontstaan.toISOString().slice(0, 10),
      bedrag: `${100 + (i % 900)},${String(i % 100).padStart(2, '0')}`,
      persoon: {
        voorletters: 'A.',
        achternaam: `Huishouden${h}`,
        geboortedatum: '1980-05-17',
        geslacht: h % 2 === 0 ? 'VROUW' : 'MAN',
      },
      adres: { straat: 'Benchlaan', ...adressen[h], woonplaats: 'Utrecht' },
    });
  }
  return perSchuldeiser;
}

/**
 * The raw rate: the worker's own printer class and letter HTML, in this
 * process, without Temporal or the database, after one untimed letter that
 * starts Chromium.
 */
async function basislijn(gemeente, adressen) {
  const { zorgVoorChromium } = await import('../lib/chromium.mjs');
  const { ChromiumDrukker } = await import(
    path.join(ROOT, 'dist/apps/worker/infra/chromium-drukker.js')
  );
  const { briefHtml } = await import(path.join(ROOT, 'dist/domain/uitnodiging.js'));
  drukker = new ChromiumDrukker(await zorgVoorChromium());
  const brief = (k) =>
    briefHtml('uitnodiging', {
      gemeente: {
        naam: gemeente.naam,
        telefoon: gemeente.telefoon,
        email: gemeente.email,
        website: gemeente.website,
        postadres: gemeente.postadres,
        logoSvg: gemeente.logoSvg,
      },
      personen: [
        {
          voorletters: 'A.',
          tussenvoegsel: null,
          achternaam: `Huishouden${k}`,
          geslacht: k % 2 === 0 ? 'VROUW' : 'MAN',
        },
      ],
      adres: {
        straat: 'Benchlaan',
        ...adressen[k % adressen.length],
        huisletter: null,
        toevoeging: null,
        woonplaats: 'Utrecht',
      },
      datum: new Date().toISOString().slice(0, 10),
      achterstanden: [{ soort: 'Huur', bedragInCenten: 12_345 }],
    }).html;
  log(`basislijn: ${BASISLIJN_BRIEVEN} brieven rechtstreeks met Chromium…`);
  try {
    await drukker.drukAf(brief(0));
    let volgende = 0;
    const begin = performance.now();
    await Promise.all(
      Array.from({ length: DRUK_PARALLEL }, async () => {
        while (volgende < BASISLIJN_BRIEVEN && !afgebroken) await drukker.drukAf(brief(volgende++));
      }),
    );
    if (afgebroken) throw new Error('afgebroken');
    const rate = BASISLIJN_BRIEVEN / ((performance.now() - begin) / 1000);
    log(`basislijn: ${rate.toFixed(1)} brieven/s`);
    return rate;
  } finally {
    await drukker.onModuleDestroy();
    drukker = undefined;
  }
}

/** Each creditor posts its batches one after another; the creditors at the same time. */
async function leverAan(perSchuldeiser) {
  const ids = await Promise.all(
    [...perSchuldeiser].map(async ([schuldeiser, signalen]) => {
      const eigen = [];
      for (let i = 0; i < signalen.length; i += BATCHGROOTTE) {
        const antwoord = await fetch(`${stack.basis}/aanleveringen`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': schuldeiser.apiSleutel },
          body: JSON.stringify({ signalen: signalen.slice(i, i + BATCHGROOTTE) }),
        });
        if (antwoord.status !== 202)
          throw new Error(
            `POST /v1/aanleveringen (${schuldeiser.naam}) gaf ${antwoord.status}: ${await antwoord.text()}`,
          );
        eigen.push((await antwoord.json()).id);
      }
      return eigen;
    }),
  );
  return ids.flat();
}

/**
 * Polls PostgreSQL until every signal is routed and in a melding and every
 * melding has its first letter as a PDF. Stops early on what can never
 * complete: rejected rows, unroutable signals, a worker or API that died.
 */
async function wachtTotKlaar(aanleveringen, gemeenteId) {
  const tot = Date.now() + TIMEOUT_MINUTEN * 60_000;
  let gemeld = 0;
  for (;;) {
    if (afgebroken) throw new Error('afgebroken');
    for (const [naam, kind] of benoemd(stack.processen))
      if (kind.exitCode !== null || kind.signalCode !== null)
        throw new Error(`${naam} stopte onverwacht (${kind.signalCode ?? kind.exitCode})`);
    const stand = await leesStand(aanleveringen, gemeenteId);
    if (stand.afgewezen > 0 || stand.mislukt > 0) {
      const { rows } = await db.query(
        `SELECT fouten FROM "AanleveringRij" WHERE "aanleveringId" = ANY($1::uuid[]) AND status = 'AFGEWEZEN' LIMIT 3`,
        [aanleveringen],
      );
      throw new Error(
        `${stand.afgewezen} rijen afgewezen, ${stand.mislukt} aanleveringen mislukt: ${JSON.stringify(rows.map((r) => r.fouten))}`,
      );
    }
    if (stand.onrouteerbaar > 0)
      throw new Error(`${stand.onrouteerbaar} signalen niet gerouteerd naar een gemeente`);
    const klaar =
      stand.gerouteerd === AANTAL_SIGNALEN &&
      stand.gekoppeld === AANTAL_SIGNALEN &&
      stand.meldingen >= huishoudens &&
      stand.brieven === stand.meldingen;
    if (klaar) {
      if (stand.meldingen !== huishoudens)
        throw new Error(`${stand.meldingen} meldingen voor ${huishoudens} huishoudens`);
      log(voortgang(stand));
      return stand;
    }
    if (Date.now() > tot)
      throw new Error(`niet klaar binnen ${TIMEOUT_MINUTEN} minuten: ${ontbrekend(stand)}`);
    if (Date.now() - gemeld >= 10_000) {
      log(voortgang(stand));
      gemeld = Date.now();
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

async function leesStand(aanleveringen, gemeenteId) {
  const vragen = [
    [
      `SELECT coalesce(sum("aantalAfgewezen"), 0)::int AS afgewezen,
              count(*) FILTER (WHERE status = 'MISLUKT')::int AS mislukt
         FROM "Aanlevering" WHERE id = ANY($1::uuid[])`,
      [aanleveringen],
    ],
    [
      `SELECT count(*)::int AS signalen,
              count(*) FILTER (WHERE routeringsstatus <> 'ONTVANGEN')::int AS gerouteerd,
              count(*) FILTER (WHERE routeringsstatus NOT IN ('ONTVANGEN', 'GEROUTEERD'))::int AS onrouteerbaar,
              count("meldingId")::int AS gekoppeld,
              max("gerouteerdOp") AS "laatstGerouteerd"
         FROM "Signaal" WHERE "aanleveringId" = ANY($1::uuid[])`,
      [aanleveringen],
    ],
    [
      `SELECT count(*)::int AS meldingen,
              count(*) FILTER (WHERE matchtype = 'MEERVOUDIG')::int AS meervoudig
         FROM "Melding" WHERE "gemeenteId" = $1`,
      [gemeenteId],
    ],
    // The first step's letter: its key ends in /stap-0, and it counts once its PDF is stored.
    [
      `SELECT count(*)::int AS brieven, min(c."aangemaaktOp") AS "eersteBrief",
              max(c."aangemaaktOp") AS "laatsteBrief"
         FROM "Correspondentie" c JOIN "Melding" m ON m.id = c."meldingId"
        WHERE m."gemeenteId" = $1 AND c.kanaal = 'BRIEF'
          AND c."idempotentieSleutel" LIKE '%/stap-0' AND c.pdf IS NOT NULL`,
      [gemeenteId],
    ],
  ];
  const stand = {};
  // One by one: a pg client runs a single query at a time.
  for (const [sql, parameters] of vragen)
    Object.assign(stand, (await db.query(sql, parameters)).rows[0]);
  return stand;
}

function voortgang(s) {
  return (
    `signalen ${s.signalen}/${AANTAL_SIGNALEN}, gerouteerd ${s.gerouteerd}, in een melding ${s.gekoppeld}, ` +
    `meldingen ${s.meldingen}/${huishoudens}, eerste brieven ${s.brieven}`
  );
}

function ontbrekend(s) {
  const delen = [
    [AANTAL_SIGNALEN - s.signalen, 'signalen niet opgeslagen'],
    [AANTAL_SIGNALEN - s.gerouteerd, 'signalen niet gerouteerd'],
    [AANTAL_SIGNALEN - s.gekoppeld, 'signalen in geen melding'],
    [huishoudens - s.meldingen, 'huishoudens zonder melding'],
    [s.meldingen - s.brieven, 'meldingen zonder eerste brief'],
  ].filter(([aantal]) => aantal > 0);
  return delen.map(([aantal, wat]) => `${aantal} ${wat}`).join(', ') || voortgang(s);
}

/**
 * Stops everything this run started, once, however it ends. A worker or API
 * that does not stop within a minute is killed, so the stack's stop (which
 * waits for them) cannot hang; whatever still runs below this process after
 * that (e.g. the stack when it failed halfway through starting) is stopped too.
 */
function ruimOp() {
  opruimen ??= (async () => {
    const gestart = await opstart?.catch(() => undefined);
    await drukker?.onModuleDestroy().catch(() => {});
    await db?.end().catch(() => {});
    const processen = nakomelingen(process.pid);
    if (gestart) {
      const waakhond = setTimeout(() => {
        for (const [, kind] of benoemd(gestart.processen))
          if (kind.exitCode === null && kind.signalCode === null) kind.kill('SIGKILL');
      }, 60_000);
      await gestart.stop();
      clearTimeout(waakhond);
    }
    const over = await stopOverblijvers([...processen, ...nakomelingen(process.pid)]);
    if (over.length > 0)
      log(`nog gestopt na de stack: ${over.map((p) => `${p.naam} (${p.pid})`).join(', ')}`);
  })();
  return opruimen;
}

/** The stack's processes by name; `processen.worker` is `workers[0]` again, so it is left out. */
function benoemd({ workers, api }) {
  return [...workers.map((kind, i) => [`worker ${i + 1}`, kind]), ['api', api]];
}

function positief(naam, standaard) {
  const waarde = Number(process.env[naam] ?? standaard);
  if (!Number.isInteger(waarde) || waarde < 1)
    throw new Error(`${naam} moet een positief geheel getal zijn, niet ${process.env[naam]}`);
  return waarde;
}
