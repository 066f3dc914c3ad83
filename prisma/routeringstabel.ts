import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type CbsAdres, leesCbsKop, leesCbsRegel } from '../domain/cbs-routeringstabel.js';
import type { PrismaClient } from './generated/client.js';

const BATCH = 5_000;
const MAXIMAAL_GEMELDE_FOUTEN = 20;

/**
 * Imports one edition of the CBS postcode-huisnummer table (about 8 million
 * lines nationally), streaming it in batches inside one transaction: routing
 * keeps using the previous state until the new edition is complete. A
 * malformed line aborts the whole import with its line number, rather than
 * leaving addresses silently unroutable.
 */
export async function importeerRouteringstabel(
  prisma: PrismaClient,
  bestand: string,
): Promise<{ jaar: number; aantal: number }> {
  const bron = path.basename(bestand);
  return prisma.$transaction(
    async (tx) => {
      const regels = createInterface({
        input: createReadStream(bestand, 'utf8'),
        crlfDelay: Infinity,
      });
      let jaar: number | undefined;
      let batch: CbsAdres[] = [];
      let aantal = 0;
      const fouten: string[] = [];
      let regelnummer = 0;
      const schrijf = async () => {
        if (batch.length === 0 || fouten.length > 0) return;
        await tx.routeringsadres.createMany({ data: batch.map((a) => ({ jaar: jaar!, ...a })) });
        aantal += batch.length;
        batch = [];
      };
      for await (const regel of regels) {
        regelnummer++;
        if (jaar === undefined) {
          jaar = leesCbsKop(regel);
          await tx.routeringsadres.deleteMany({ where: { jaar } });
          await tx.routeringstabel.upsert({
            where: { jaar },
            create: { jaar, bron, aantalAdressen: 0 },
            update: { bron, geimporteerdOp: new Date() },
          });
          continue;
        }
        if (regel.trim() === '') continue;
        const adres = leesCbsRegel(regel);
        if (typeof adres === 'string') {
          if (fouten.length < MAXIMAAL_GEMELDE_FOUTEN)
            fouten.push(`regel ${regelnummer}: ${adres}`);
          continue;
        }
        batch.push(adres);
        if (batch.length >= BATCH) await schrijf();
      }
      await schrijf();
      if (jaar === undefined) throw new Error(`${bron} is leeg.`);
      if (fouten.length > 0)
        throw new Error(`${bron} niet geïmporteerd:\n  ${fouten.join('\n  ')}`);
      await tx.routeringstabel.update({ where: { jaar }, data: { aantalAdressen: aantal } });
      return { jaar, aantal };
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
}
