// npm run bench:burst — BENCH_BURST_SIGNALEN signals (default 50,000)
// delivered at once: every demo creditor POSTs its batches of at most 10,000
// at the same moment. Measures the time until every POST has its 202, the
// time until every signal is routed and sits in a melding, the peak memory
// of worker and API, and the Temporal history length of the largest workflow
// against the 10,240-event warning threshold.
import { randomUUID } from 'node:crypto';
import { log } from '../lib/omgeving.mjs';
import { draaiBench, piekRss, positief } from './lib.mjs';

const AANTAL_SIGNALEN = positief('BENCH_BURST_SIGNALEN', 50_000);
// Households the signals are spread over: on average several signals per
// household, from different creditors, so matching into one melding happens.
const AANTAL_HUISHOUDENS = positief(
  'BENCH_BURST_HUISHOUDENS',
  Math.max(1, Math.round(AANTAL_SIGNALEN / 4)),
);
// A guard against a hang, not a target: it only fires below one signal per
// second, so the default 50,000 take hours on 2 cores without tripping it.
const TIMEOUT_MINUTEN = positief(
  'BENCH_TIMEOUT_MINUTEN',
  Math.max(60, Math.ceil(AANTAL_SIGNALEN / 60)),
);
// The API takes at most 10,000 signals per request.
const BATCH = 10_000;
const HISTORIE_DREMPEL = 10_240;

// The demo creditors (prisma/demo/organisaties.ts). Vallei has no koppeling
// with Súdwest-Fryslân, so it only delivers for Utrecht and Zwolle: every
// signal of the burst can then end in a melding.
const SCHULDEISERS = [
  { sleutel: 'vs_demo_thuisbaas_4f9c2a7e1b3d', overal: true },
  { sleutel: 'vs_demo_stroomwerk_8d1e6b0a5c2f', overal: true },
  { sleutel: 'vs_demo_vallei_3a7f9e2d6b1c', overal: false },
  { sleutel: 'vs_demo_samen_6c2b8f4a0e9d', overal: true },
];
// Postcodes of the demo gemeenten (prisma/demo/gebieden.ts).
// The last four are Súdwest-Fryslân's.
const POSTCODES = [
  ...['3531AB', '3532AA', '3553AA', '3562AA', '8011AA', '8013AA', '8043AA'],
  ...['8601AA', '8602AA', '8701AA', '8711AA'],
];
const IN_SUDWEST = 7;

/** Household h: a fixed address and person, whoever reports it. */
function huishouden(h) {
  const postcodes = POSTCODES;
  const postcode = postcodes[h % postcodes.length];
  return {
    persoon: { achternaam: `Burst${h}`, geboortedatum: '1980-05-17' },
    adres: {
      postcode,
      huisnummer: Math.floor(h / postcodes.length) + 1,
      woonplaats: 'Demo',
    },
  };
}

/** The batches of the burst, round robin over the creditors. */
function batches() {
  const uit = [];
  for (let van = 0, b = 0; van < AANTAL_SIGNALEN; van += BATCH, b++) {
    const schuldeiser = SCHULDEISERS[b % SCHULDEISERS.length];
    const aantal = Math.min(BATCH, AANTAL_SIGNALEN - van);
    const signalen = Array.from({ length: aantal }, (_, i) => {
      // A multiplicative hash spreads each batch over all households.
      let h = ((van + i) * 2_654_435_761) % AANTAL_HUISHOUDENS;
      // Vallei reports the Utrecht or Zwolle household next to it instead.
      if (!schuldeiser.overal && h % POSTCODES.length >= IN_SUDWEST) h -= 4;
      return {
        referentie: `BURST-${randomUUID()}`,
        signaaldatum: '2026-11-02',
        ontstaansdatum: '2026-08-01',
        bedrag: '123,45',
        ...huishouden(h),
      };
    });
    uit.push({ sleutel: schuldeiser.sleutel, body: JSON.stringify({ signalen }) });
  }
  return uit;
}

await draaiBench('burst', async ({ stack, db, regels }) => {
  const { Client, Connection } = await import('@temporalio/client');
  const verbinding = await Connection.connect({ address: stack.temporalAdres });
  const client = new Client({ connection: verbinding });
  try {
    const teLeveren = batches();
    log(
      `burst: ${AANTAL_SIGNALEN} signalen over ${AANTAL_HUISHOUDENS} huishoudens in ${teLeveren.length} gelijktijdige POSTs…`,
    );
    const begin = performance.now();
    const ids = await Promise.all(
      teLeveren.map(async ({ sleutel, body }) => {
        const antwoord = await fetch(`${stack.basis}/aanleveringen`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': sleutel },
          body,
        });
        // A 429 here would mean the intake rate limit got in the way.
        if (antwoord.status !== 202)
          throw new Error(`POST gaf ${antwoord.status}: ${await antwoord.text()}`);
        return (await antwoord.json()).id;
      }),
    );
    const aangenomen = (performance.now() - begin) / 1000;
    log(`burst: alle 202 na ${aangenomen.toFixed(1)} s`);

    // Drained: every delivery processed, and every signal it accepted routed
    // and, when routed to a gemeente, in a melding.
    const tot = Date.now() + TIMEOUT_MINUTEN * 60_000;
    let stand;
    for (;;) {
      const { rows } = await db.query(
        `SELECT (SELECT count(*)::int FROM "Aanlevering"
                  WHERE id = ANY($1::uuid[]) AND status = 'VERWERKT') AS verwerkt,
                count(*)::int AS totaal,
                count(*) FILTER (WHERE routeringsstatus = 'ONTVANGEN'
                                    OR (routeringsstatus = 'GEROUTEERD' AND "meldingId" IS NULL))::int AS onderweg,
                count(*) FILTER (WHERE routeringsstatus NOT IN ('ONTVANGEN', 'GEROUTEERD'))::int AS onrouteerbaar
           FROM "Signaal" WHERE "aanleveringId" = ANY($1::uuid[])`,
        [ids],
      );
      stand = rows[0];
      if (stand.verwerkt === ids.length && stand.onderweg === 0) break;
      if (Date.now() > tot)
        throw new Error(`niet leeg na ${TIMEOUT_MINUTEN} min: ${JSON.stringify(stand)}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const leeg = (performance.now() - begin) / 1000;
    const {
      rows: [{ meldingen, meervoudig }],
    } = await db.query(
      `SELECT count(*)::int AS meldingen,
              count(*) FILTER (WHERE matchtype <> 'ENKELVOUDIG')::int AS meervoudig
         FROM "Melding"`,
    );
    log(`burst: leeg na ${leeg.toFixed(1)} s, ${meldingen} meldingen`);
    regels.push(
      {
        figuur: `burst ${AANTAL_SIGNALEN}: all POSTs answered 202`,
        waarde: aangenomen,
        eenheid: 's',
      },
      {
        figuur: `burst ${AANTAL_SIGNALEN}: drained (routed, in a melding)`,
        waarde: leeg,
        eenheid: 's',
      },
      { figuur: 'burst: drain rate', waarde: AANTAL_SIGNALEN / leeg, eenheid: 'signals/s' },
      { figuur: 'burst: signals accepted', waarde: stand.totaal, eenheid: 'signals' },
      { figuur: 'burst: signals not routable', waarde: stand.onrouteerbaar, eenheid: 'signals' },
      { figuur: 'burst: meldingen (households)', waarde: meldingen, eenheid: 'meldingen' },
      { figuur: 'burst: of which meervoudig', waarde: meervoudig, eenheid: 'meldingen' },
      { figuur: 'burst: peak RSS API', waarde: piekRss(stack.processen.api.pid), eenheid: 'MiB' },
      {
        figuur: 'burst: peak RSS worker',
        waarde: piekRss(stack.processen.worker.pid),
        eenheid: 'MiB',
      },
    );

    // The largest history per workflow type. Visibility's historyLength is
    // only refreshed when a workflow closes or changes its search
    // attributes, so running workflows are described one by one.
    const perType = new Map();
    const lopend = [];
    let bekeken = 0;
    for await (const wf of client.workflow.list()) {
      bekeken++;
      if (wf.status.name === 'RUNNING') lopend.push(wf);
      else bewaarGrootste(perType, wf.type, wf.historyLength, wf.workflowId);
    }
    for (let i = 0; i < lopend.length; i += 32) {
      await Promise.all(
        lopend.slice(i, i + 32).map(async (wf) => {
          const beschrijving = await client.workflow.getHandle(wf.workflowId, wf.runId).describe();
          bewaarGrootste(perType, wf.type, beschrijving.historyLength, wf.workflowId);
        }),
      );
    }
    log(`burst: ${bekeken} workflows bekeken, ${lopend.length} lopend`);
    const grootste = [...perType.entries()].sort((a, b) => b[1].lengte - a[1].lengte);
    if (grootste.length === 0) throw new Error('geen workflows gevonden');
    regels.push({
      figuur: `burst: largest workflow history (${grootste[0][0]})`,
      waarde: grootste[0][1].lengte,
      eenheid: 'events',
      basislijn: HISTORIE_DREMPEL,
    });
    for (const [type, { lengte }] of grootste.slice(1))
      regels.push({
        figuur: `burst: largest ${type} history`,
        waarde: lengte,
        eenheid: 'events',
        basislijn: HISTORIE_DREMPEL,
      });
  } finally {
    await verbinding.close();
  }
});

function bewaarGrootste(perType, type, lengte, workflowId) {
  if ((perType.get(type)?.lengte ?? -1) < lengte) perType.set(type, { lengte, workflowId });
}
