// npm run bench:reports:ddas — what CBS waits for per page of the national
// DDAS delivery. Seeds BENCH_MELDINGEN meldingen (default 100,000) with their
// signals and personal data into one demo gemeente (SQL, as bench:ui does),
// takes a token with the demo DDAS client and fetches pages of 25,000
// records (signals and zaken) of the last year over HTTP: the first, a middle
// and the last page, each a few times. The full answer is parsed, so the
// figure includes serialising and transferring the JSON.
import path from 'node:path';
import { ROOT, log } from '../lib/omgeving.mjs';
import { draaiBench, positief } from './lib.mjs';
import { zaaiWerkvoorraad } from './zaaien.mjs';

const AANTAL = positief('BENCH_MELDINGEN', 100_000);
const HERHALINGEN = positief('BENCH_HERHALINGEN', 3);
const PAGE_SIZE = 25_000;
const DOEL_S = 5;
const GEMEENTE = 'sudwestfryslan';

await draaiBench('bench:reports:ddas', meet);

async function meet({ stack, db, regels }) {
  const { DEMO_DDAS_CLIENT } = await import(path.join(ROOT, 'dist/prisma/demo/ddas.js'));

  const begin = performance.now();
  await zaaiWerkvoorraad(db, { gemeente: GEMEENTE, meldingen: AANTAL });
  regels.push({
    figuur: `seed ${AANTAL} meldingen (SQL)`,
    waarde: (performance.now() - begin) / 1000,
    eenheid: 's',
  });
  const {
    rows: [{ code }],
  } = await db.query(
    `SELECT g.code FROM "Gemeente" g JOIN "Gebruiker" u ON u."gemeenteId" = g.id WHERE u.email = $1`,
    [`behandelaar@${GEMEENTE}.demo`],
  );

  const tokenAntwoord = await fetch(`${stack.basis}/ddas/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${DEMO_DDAS_CLIENT.clientId}:${DEMO_DDAS_CLIENT.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (tokenAntwoord.status !== 200) throw new Error(`token: ${tokenAntwoord.status}`);
  const { access_token: token } = await tokenAntwoord.json();

  const eind = new Date();
  const start = new Date(eind.getTime() - 365 * 86_400_000);
  const periode = {
    aanleverperiodeStartdatum: start.toISOString().slice(0, 10),
    aanleverperiodeEinddatum: eind.toISOString().slice(0, 10),
    gemeentecodes: [code],
  };
  const haal = async (page) => {
    const t0 = performance.now();
    const antwoord = await fetch(`${stack.basis}/ddas/gegevens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...periode, page, pageSize: PAGE_SIZE }),
    });
    const body = await antwoord.json();
    const seconden = (performance.now() - t0) / 1000;
    if (antwoord.status !== 200) throw new Error(`page ${page}: ${antwoord.status} ${body.detail}`);
    const levering = body.gegevens.leveringen?.[0];
    const aantal =
      (levering?.vroegsignalen.length ?? 0) + (levering?.vroegsignaalzaken.length ?? 0);
    return { seconden, aantal, paginering: body.paginering };
  };

  // Warm-up: the first query plans and loads the pages of the tables.
  const eerste = await haal(1);
  const { totalPages, totalRecords } = eerste.paginering;
  log(`DDAS: ${totalRecords} records in ${totalPages} pagina's van ${PAGE_SIZE}`);
  regels.push({
    figuur: `DDAS records in the year (gemeente ${code})`,
    waarde: totalRecords,
    eenheid: 'records',
  });
  const paginas = [...new Set([1, Math.ceil(totalPages / 2), totalPages])];
  for (const page of paginas) {
    const tijden = [];
    let aantal = 0;
    for (let i = 0; i < HERHALINGEN; i++) {
      const meting = await haal(page);
      tijden.push(meting.seconden);
      aantal = meting.aantal;
    }
    tijden.sort((x, y) => x - y);
    regels.push({
      figuur: `DDAS page ${page}/${totalPages} (${aantal} records), median of ${HERHALINGEN}`,
      waarde: tijden[Math.floor(tijden.length / 2)],
      eenheid: 's',
      basislijn: DOEL_S,
    });
  }
}
