import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { leesCbsKop, leesCbsRegel } from '../domain/cbs-routeringstabel.js';

const MAXIMAAL_GEMELDE_FOUTEN = 20;

export class RouteringstabelFout extends Error {}

/**
 * Imports one edition of the CBS table "buurt, wijk en gemeente voor
 * postcode-huisnummer" (about 8 million lines nationally) with PostgreSQL's
 * COPY, streaming, in one transaction that first removes that year's rows:
 * routing keeps seeing the previous state until the new edition is complete.
 * A malformed line aborts the whole import with its line number, rather than
 * leaving addresses silently unroutable.
 */
export async function importeerRouteringstabel(
  databaseUrl: string,
  bestand: string,
): Promise<{ jaar: number; aantal: number }> {
  const bron = path.basename(bestand);
  const regels = createInterface({ input: createReadStream(bestand, 'utf8'), crlfDelay: Infinity })[
    Symbol.asyncIterator
  ]();
  const kop = await regels.next();
  if (kop.done) throw new RouteringstabelFout(`${bron} is leeg.`);
  const jaar = leesCbsKop(kop.value);

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM "Routeringsadres" WHERE jaar = $1', [jaar]);
    await client.query(
      `INSERT INTO "Routeringstabel" (jaar, bron, "aantalAdressen", "geimporteerdOp") VALUES ($1, $2, 0, now())
       ON CONFLICT (jaar) DO UPDATE SET bron = EXCLUDED.bron, "geimporteerdOp" = now()`,
      [jaar, bron],
    );
    let aantal = 0;
    let regelnummer = 1;
    const fouten: string[] = [];
    // COPY's text format: tab-separated; the codes never contain tabs or backslashes (checked per line).
    async function* copyRegels() {
      for (let r = await regels.next(); !r.done; r = await regels.next()) {
        regelnummer++;
        if (r.value.trim() === '') continue;
        const adres = leesCbsRegel(r.value);
        if (typeof adres === 'string') {
          if (fouten.length < MAXIMAAL_GEMELDE_FOUTEN)
            fouten.push(`regel ${regelnummer}: ${adres}`);
          continue;
        }
        aantal++;
        if (fouten.length === 0)
          yield `${jaar}\t${adres.postcode}\t${adres.huisnummer}\t${adres.buurtcode}\t${adres.wijkcode}\t${adres.gemeentecode}\n`;
      }
    }
    await pipeline(
      Readable.from(copyRegels()),
      client.query(
        copyFrom(
          'COPY "Routeringsadres" (jaar, postcode, huisnummer, buurtcode, wijkcode, gemeentecode) FROM STDIN',
        ),
      ),
    );
    if (fouten.length > 0) {
      await client.query('ROLLBACK');
      throw new RouteringstabelFout(`${bron} niet geïmporteerd:\n  ${fouten.join('\n  ')}`);
    }
    await client.query('UPDATE "Routeringstabel" SET "aantalAdressen" = $2 WHERE jaar = $1', [
      jaar,
      aantal,
    ]);
    await client.query('COMMIT');
    return { jaar, aantal };
  } catch (fout) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (fout instanceof Error && /duplicate key/.test(fout.message)) {
      throw new RouteringstabelFout(
        `${bron} niet geïmporteerd: een postcode-huisnummercombinatie staat er dubbel in.`,
        { cause: fout },
      );
    }
    throw fout;
  } finally {
    await client.end();
  }
}
