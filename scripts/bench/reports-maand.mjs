// npm run bench:reports:maand — the monthly report of a large gemeente: the
// werkvoorraad seed (BENCH_RAPPORT_MELDINGEN meldingen, default 73,500, about
// 100,000 signals over two years) plus contactpogingen, written with SQL into
// one demo gemeente; then, as its beheerder, POST /v1/rapportages for the
// last full month and time it until the report is stored (figures for three
// months and the trend, the .xlsx and the PDF through Chromium). The first
// run includes Chromium's start; the re-runs show the steady state.
import path from 'node:path';
import { ROOT, log } from '../lib/omgeving.mjs';
import { draaiBench, positief } from './lib.mjs';
import { zaaiWerkvoorraad } from './zaaien.mjs';

const MELDINGEN = positief('BENCH_RAPPORT_MELDINGEN', 73_500);
const HERHALINGEN = positief('BENCH_RAPPORT_HERHALINGEN', 3);
const GEMEENTE = 'sudwestfryslan';

await draaiBench('bench:reports:maand', meet);

async function meet({ stack, db, regels }) {
  const { DEMO_WACHTWOORD } = await import(path.join(ROOT, 'dist/prisma/demo/organisaties.js'));
  const { maandVan, volgendeMaand } = await import(path.join(ROOT, 'dist/domain/rapportage.js'));

  const begin = performance.now();
  await zaaiWerkvoorraad(db, { gemeente: GEMEENTE, meldingen: MELDINGEN });
  // Every melding that was picked up got a letter two days in and, for every
  // other one, a phone call that reached the resident on day five.
  await db.query(
    `INSERT INTO "Contactpoging" (id, "meldingId", soort, bereikt, datum)
     SELECT gen_random_uuid(), m.id, 'BRIEF'::"Contactsoort", false, (m."geopendOp" + interval '2 days')::date
     FROM "Melding" m WHERE m.adressleutel LIKE 'BENCH|%' AND m.status <> 'OPEN'
     UNION ALL
     SELECT gen_random_uuid(), m.id, 'TELEFOON'::"Contactsoort", true, (m."geopendOp" + interval '5 days')::date
     FROM "Melding" m WHERE m.adressleutel LIKE 'BENCH|%' AND m.status <> 'OPEN'
       AND substr(m.adressleutel, 7)::int % 2 = 0`,
  );
  await db.query('VACUUM ANALYZE');
  const {
    rows: [telling],
  } = await db.query(
    `SELECT (SELECT count(*)::int FROM "Signaal" s JOIN "Melding" m ON m.id = s."meldingId"
              WHERE m.adressleutel LIKE 'BENCH|%') AS signalen,
            (SELECT count(*)::int FROM "Melding" WHERE adressleutel LIKE 'BENCH|%') AS meldingen,
            (SELECT count(*)::int FROM "Contactpoging") AS contactpogingen`,
  );
  const seed = (performance.now() - begin) / 1000;
  log(
    `${telling.meldingen} meldingen, ${telling.signalen} signalen en ${telling.contactpogingen} contactpogingen gezaaid in ${seed.toFixed(1)} s`,
  );
  regels.push(
    { figuur: 'signals in the gemeente', waarde: telling.signalen, eenheid: 'count' },
    { figuur: 'meldingen in the gemeente', waarde: telling.meldingen, eenheid: 'count' },
    { figuur: 'seed (SQL)', waarde: seed, eenheid: 's' },
  );

  const inlog = await fetch(`${stack.basis}/sessies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `beheerder@${GEMEENTE}.demo`, wachtwoord: DEMO_WACHTWOORD }),
  });
  if (inlog.status !== 201) throw new Error(`inloggen mislukt: ${inlog.status}`);
  const { token } = await inlog.json();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const maand = volgendeMaand(maandVan(new Date()), -1);

  const run = async () => {
    const t = performance.now();
    const start = await fetch(`${stack.basis}/rapportages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ maand }),
    });
    if (start.status !== 202)
      throw new Error(`POST /rapportages: ${start.status} ${await start.text()}`);
    const { id } = await start.json();
    // The run is done when the row is KLAAR with a version newer than the request.
    for (;;) {
      const r = await (await fetch(`${stack.basis}/rapportages/${id}`, { headers })).json();
      if (r.status === 'KLAAR') return { seconden: (performance.now() - t) / 1000, rapportage: r };
      if (r.status === 'MISLUKT') throw new Error('de rapportage is mislukt');
      if (performance.now() - t > 10 * 60_000)
        throw new Error('de rapportage duurde langer dan 10 minuten');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const tijden = [];
  let laatste;
  for (let i = 0; i < HERHALINGEN; i++) {
    const { seconden, rapportage } = await run();
    tijden.push(seconden);
    laatste = rapportage;
    log(`rapportage ${maand} run ${i + 1}: ${seconden.toFixed(2)} s`);
  }
  const huidig = laatste.cijfers.huidig;
  if (!(huidig.signalen > 0 && huidig.meldingen > 0))
    throw new Error(`rapportage zonder cijfers: ${JSON.stringify(huidig).slice(0, 200)}`);
  const bestanden = await db.query(
    `SELECT length(xlsx) AS xlsx, length(pdf) AS pdf FROM "Rapportage" WHERE id = $1`,
    [laatste.id],
  );
  const herhaald = tijden.slice(1).sort((a, b) => a - b);
  regels.push(
    { figuur: `report ${maand}: signals in the month`, waarde: huidig.signalen, eenheid: 'count' },
    {
      figuur: `report ${maand}: meldingen in the month`,
      waarde: huidig.meldingen,
      eenheid: 'count',
    },
    { figuur: 'monthly report, first run (incl. Chromium start)', waarde: tijden[0], eenheid: 's' },
    ...(herhaald.length
      ? [
          {
            figuur: 'monthly report, re-run (median)',
            waarde: herhaald[Math.floor((herhaald.length - 1) / 2)],
            eenheid: 's',
          },
        ]
      : []),
    { figuur: 'report .xlsx size', waarde: bestanden.rows[0].xlsx / 1024, eenheid: 'KiB' },
    { figuur: 'report .pdf size', waarde: bestanden.rows[0].pdf / 1024, eenheid: 'KiB' },
  );
}
