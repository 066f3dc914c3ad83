// npm run bench:intake — intake end to end (POST until every signal is routed
// and sits in a melding) for a JSON batch and an .xlsx upload, against the
// rate at which the same Temporal server runs trivial workflows in the same
// run. Memory while a large file is read is bench:bestand's.
import { randomUUID } from 'node:crypto';
import {
  benchSignalen,
  benchWerkmap,
  draaiBench,
  piekRss,
  positief,
  trivialeWorkflows,
  wachtTotInMelding,
} from './lib.mjs';
import { log } from '../lib/omgeving.mjs';

const AANTAL_SIGNALEN = positief('VS_BENCH_SIGNALEN', 3_000);
const AANTAL_TRIVIAAL = positief('VS_BENCH_TRIVIAAL', 2_000);
const TIMEOUT_MINUTEN = positief('BENCH_TIMEOUT_MINUTEN', 60);
const DEMO_SLEUTEL = 'vs_demo_samen_6c2b8f4a0e9d';

await draaiBench('intake', async ({ stack, db, regels }) => {
  const triviaal = await trivialeWorkflows(stack.temporalAdres, AANTAL_TRIVIAAL);
  log(`basislijn: ${triviaal.toFixed(0)} triviale workflows/s`);
  regels.push({ figuur: 'trivial workflows (baseline)', waarde: triviaal, eenheid: 'workflows/s' });

  /** Delivers, then waits until every signal of the delivery is in a melding. */
  async function meet(naam, voorvoegsel, lever) {
    const begin = performance.now();
    const antwoord = await lever();
    if (antwoord.status !== 202)
      throw new Error(`${naam}: POST gaf ${antwoord.status}: ${await antwoord.text()}`);
    const { id } = await antwoord.json();
    regels.push({
      figuur: `${naam}: POST answered`,
      waarde: performance.now() - begin,
      eenheid: 'ms',
    });
    for (;;) {
      const { rows } = await db.query(`SELECT status FROM "Aanlevering" WHERE id = $1`, [id]);
      if (rows[0].status === 'VERWERKT') break;
      if (rows[0].status === 'MISLUKT') throw new Error(`${naam}: aanlevering mislukt`);
      await new Promise((r) => setTimeout(r, 250));
    }
    regels.push({
      figuur: `${naam}: all rows stored`,
      waarde: (performance.now() - begin) / 1000,
      eenheid: 's',
    });
    await wachtTotInMelding(db, voorvoegsel, AANTAL_SIGNALEN, TIMEOUT_MINUTEN);
    const seconden = (performance.now() - begin) / 1000;
    log(`${naam}: ${seconden.toFixed(0)} s`);
    regels.push(
      { figuur: `${naam}: all routed and in a melding`, waarde: seconden, eenheid: 's' },
      {
        figuur: `${naam}: intake end to end`,
        waarde: AANTAL_SIGNALEN / seconden,
        eenheid: 'signals/s',
        basislijn: triviaal,
      },
    );
  }

  const json = `INTAKE-JSON-${randomUUID().slice(0, 8)}`;
  await meet(`JSON batch ${AANTAL_SIGNALEN}`, json, () =>
    fetch(`${stack.basis}/aanleveringen`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_SLEUTEL },
      body: JSON.stringify({ signalen: benchSignalen(AANTAL_SIGNALEN, json) }),
    }),
  );
  // Households after the JSON batch's, so the file's signals open meldingen of their own.
  const xlsx = `INTAKE-XLSX-${randomUUID().slice(0, 8)}`;
  const werkmap = await benchWerkmap(AANTAL_SIGNALEN, xlsx, AANTAL_SIGNALEN);
  await meet(`.xlsx ${AANTAL_SIGNALEN} rows`, xlsx, () => {
    const formulier = new FormData();
    formulier.append('bestand', new Blob([werkmap]), 'bench.xlsx');
    return fetch(`${stack.basis}/aanleveringen`, {
      method: 'POST',
      headers: { 'x-api-key': DEMO_SLEUTEL },
      body: formulier,
    });
  });
  regels.push(
    { figuur: 'peak RSS API', waarde: piekRss(stack.processen.api.pid), eenheid: 'MiB' },
    { figuur: 'peak RSS worker', waarde: piekRss(stack.processen.worker.pid), eenheid: 'MiB' },
  );
});
