// npm run bench:reports:export — the management export at scale. Seeds
// BENCH_EXPORT_MELDINGEN meldingen (default 73,500, which makes about 100,000
// signals with personal data) into one gemeente of a throw-away stack, then,
// logged in as its beheerder, downloads the whole range as .xlsx (all four
// sheets) and the signals as .csv, and a caseworker's werkvoorraad as Excel
// (the same writer): seconds per download, and the API process's resident
// memory sampled while it streams, against its RSS at rest just before.
import path from 'node:path';
import { ROOT, log } from '../lib/omgeving.mjs';
import { draaiBench, piekRss, positief, rssNu } from './lib.mjs';
import { zaaiWerkvoorraad } from './zaaien.mjs';

const AANTAL = positief('BENCH_EXPORT_MELDINGEN', 74_100);
const GEMEENTE = 'sudwestfryslan';

await draaiBench('bench:reports:export', meet);

async function meet({ stack, db, regels }) {
  const api = stack.processen.api;
  const { DEMO_WACHTWOORD } = await import(path.join(ROOT, 'dist/prisma/demo/organisaties.js'));

  const begin = performance.now();
  await zaaiWerkvoorraad(db, { gemeente: GEMEENTE, meldingen: AANTAL });
  const {
    rows: [{ signalen, gemeenteId }],
  } = await db.query(
    `SELECT count(*)::int AS signalen, min(s."gemeenteId"::text) AS "gemeenteId"
       FROM "Signaal" s JOIN "Gemeente" g ON g.id = s."gemeenteId"
       JOIN "Gebruiker" u ON u."gemeenteId" = g.id AND u.email = $1`,
    [`beheerder@${GEMEENTE}.demo`],
  );
  log(
    `${AANTAL} meldingen, ${signalen} signalen gezaaid in ${((performance.now() - begin) / 1000).toFixed(1)} s`,
  );
  regels.push({ figuur: 'signals seeded', waarde: signalen, eenheid: 'rows' });

  const token = async (email) => {
    const antwoord = await fetch(`${stack.basis}/sessies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, wachtwoord: DEMO_WACHTWOORD }),
    });
    if (antwoord.status !== 201) throw new Error(`inloggen als ${email}: ${antwoord.status}`);
    return (await antwoord.json()).token;
  };
  const beheerder = await token(`beheerder@${GEMEENTE}.demo`);
  const behandelaar = await token(`behandelaar@${GEMEENTE}.demo`);

  // The seed spreads the signals over the last two years.
  const dag = (ms) => new Date(ms).toISOString().slice(0, 10);
  const van = dag(Date.now() - 800 * 86_400_000);
  const tot = dag(Date.now() + 86_400_000);

  // At rest after the seed and a login: what the export adds is measured against this.
  await new Promise((r) => setTimeout(r, 1_000));
  const rust = rssNu(api.pid);
  regels.push({ figuur: 'RSS API at rest before the exports', waarde: rust, eenheid: 'MiB' });

  /** Downloads and discards the file, sampling the API's RSS all the while. */
  const download = async (naam, pad, wie) => {
    let piek = rssNu(api.pid);
    const meter = setInterval(() => {
      piek = Math.max(piek, rssNu(api.pid));
    }, 25);
    // An API that dies mid-download (out of memory) must fail the bench, not hang it.
    const afbreken = new AbortController();
    const weg = () => afbreken.abort(new Error(`de API stopte tijdens ${naam}`));
    api.once('exit', weg);
    const t = performance.now();
    let bytes = 0;
    let regeleinden = 0;
    try {
      const antwoord = await fetch(`${stack.basis}${pad}`, {
        headers: { authorization: `Bearer ${wie}` },
        signal: afbreken.signal,
      });
      if (!antwoord.ok) throw new Error(`${pad}: ${antwoord.status} ${await antwoord.text()}`);
      for await (const stuk of antwoord.body) {
        bytes += stuk.length;
        for (const b of stuk) if (b === 10) regeleinden += 1;
      }
    } finally {
      clearInterval(meter);
      api.off('exit', weg);
    }
    const seconden = (performance.now() - t) / 1000;
    piek = Math.max(piek, rssNu(api.pid));
    log(
      `${naam}: ${seconden.toFixed(1)} s, ${(bytes / 1024 / 1024).toFixed(1)} MiB, RSS-piek API ${piek.toFixed(0)} MiB`,
    );
    regels.push(
      { figuur: `${naam}: time`, waarde: seconden, eenheid: 's' },
      { figuur: `${naam}: size`, waarde: bytes / 1024 / 1024, eenheid: 'MiB' },
      {
        figuur: `${naam}: RSS API peak (vs at rest)`,
        waarde: piek,
        eenheid: 'MiB',
        basislijn: rust,
      },
    );
    return { regeleinden };
  };

  await download('beheer.xlsx, 4 sheets', `/exports/beheer.xlsx?van=${van}&tot=${tot}`, beheerder);
  const { rows: xlsxAudit } = await db.query(
    `SELECT "objectId" FROM "AuditLog" WHERE actie = 'beheerexport_xlsx' AND "organisatieId" = $1`,
    [gemeenteId],
  );
  if (!xlsxAudit[0]?.objectId.includes(`signalen=${signalen} `))
    throw new Error(`xlsx-export telde niet ${signalen} signalen: ${xlsxAudit[0]?.objectId}`);

  const { regeleinden } = await download(
    'beheer.csv?soort=signalen',
    `/exports/beheer.csv?soort=signalen&van=${van}&tot=${tot}`,
    beheerder,
  );
  // A header line and one line per signal (the seed has no line breaks in a field).
  if (regeleinden !== signalen + 1)
    throw new Error(`csv had ${regeleinden - 1} signalen, verwacht ${signalen}`);

  await download('werkvoorraad export (caseworker)', '/meldingen/export', behandelaar);

  regels.push({
    figuur: 'RSS API peak over the run (VmHWM)',
    waarde: piekRss(api.pid),
    eenheid: 'MiB',
  });
}
