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
  bron: string,
  invoer: NodeJS.ReadableStream,
): Promise<{ jaar: number; aantal: number }> {
  invoer.setEncoding('utf8');
  const regels = createInterface({ input: invoer, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const kop = await regels.next();
  if (kop.done) throw new RouteringstabelFout(`${bron} is leeg.`);
  let jaar: number;
  try {
    jaar = leesCbsKop(kop.value);
  } catch (fout) {
    throw new RouteringstabelFout(`${bron}: ${(fout as Error).message}`);
  }

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
    await vulGebiedenAan(client, jaar);
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

/**
 * Gives every wijk and buurt of a participating gemeente in this edition a row,
 * so routing can place signals there before anyone has supplied its name. The
 * name is the code until the companion names table or a beheerder sets it.
 */
async function vulGebiedenAan(client: pg.Client, jaar: number): Promise<void> {
  await client.query(
    `INSERT INTO "Wijk" (id, "gemeenteId", code, naam)
     SELECT gen_random_uuid(), g.id, a.wijkcode, 'Wijk ' || a.wijkcode
     FROM (SELECT DISTINCT gemeentecode, wijkcode FROM "Routeringsadres" WHERE jaar = $1) a
     JOIN "Gemeente" g ON g.code = a.gemeentecode
     ON CONFLICT (code) DO NOTHING`,
    [jaar],
  );
  await client.query(
    `INSERT INTO "Buurt" (id, "wijkId", code, naam)
     SELECT gen_random_uuid(), w.id, a.buurtcode, 'Buurt ' || a.buurtcode
     FROM (SELECT DISTINCT wijkcode, buurtcode FROM "Routeringsadres" WHERE jaar = $1) a
     JOIN "Wijk" w ON w.code = a.wijkcode
     ON CONFLICT (code) DO NOTHING`,
    [jaar],
  );
}
