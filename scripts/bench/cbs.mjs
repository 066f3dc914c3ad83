// npm run bench:cbs — imports a generated national-size CBS postcode-huisnummer
// table (8 million lines by default) with COPY and reports rows/s.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, log, zorgVoorNodeModules } from '../lib/omgeving.mjs';
import { printTabel } from './lib.mjs';

const RIJEN = Number(process.env.VS_BENCH_CBS_RIJEN ?? 8_000_000);

await zorgVoorNodeModules();
const { startWegwerpstack } = await import('../lib/wegwerpstack.mjs');
const { bouw } = await import('../lib/bouw.mjs');
await bouw();
const pg = await startWegwerpstack({ naam: 'bench-cbs' });
const werkmap = mkdtempSync(path.join(tmpdir(), 'vroegsignaal-cbs-bestand-'));
try {
  const bestand = path.join(werkmap, 'pc6hnr20990801_gwb.csv');
  log(`${RIJEN.toLocaleString('nl-NL')} regels genereren…`);
  const uit = createWriteStream(bestand);
  uit.write('PC6;Huisnummer;Buurt2099;Wijk2099;Gemeente2099\r\n');
  // 100 huisnummers per postcode, postcodes 1000AA upward, 352 gemeenten.
  const letters = 'ABCDEFGHJKLMNPRTVWXZ';
  for (let i = 0; i < RIJEN; i++) {
    const p = Math.floor(i / 100);
    const postcode = `${1000 + Math.floor(p / 400)}${letters[Math.floor(p / 20) % 20]}${letters[p % 20]}`;
    const gemeente = String(Math.floor(p / 2_000) % 352).padStart(4, '0');
    const wijk = `${gemeente}${String(Math.floor(p / 100) % 100).padStart(2, '0')}`;
    if (
      !uit.write(
        `${postcode};${(i % 100) + 1};${wijk}${String(p % 100).padStart(2, '0')};${wijk};${gemeente}\r\n`,
      )
    )
      await once(uit, 'drain');
  }
  uit.end();
  await once(uit, 'finish');
  const mb = statSync(bestand).size / 1024 / 1024;
  const { importeerRouteringstabel } = await import(
    path.join(ROOT, 'dist/prisma/routeringstabel.js')
  );
  const begin = performance.now();
  const { aantal } = await importeerRouteringstabel(
    pg.databaseUrl,
    path.basename(bestand),
    createReadStream(bestand),
  );
  const seconden = (performance.now() - begin) / 1000;
  printTabel([
    { figuur: `CBS table ${mb.toFixed(0)} MB: rows`, waarde: aantal, eenheid: 'rows' },
    { figuur: 'CBS import (COPY)', waarde: seconden, eenheid: 's' },
    { figuur: 'CBS import rate', waarde: aantal / seconden, eenheid: 'rows/s' },
    { figuur: 'peak RSS importer', waarde: process.resourceUsage().maxRSS / 1024, eenheid: 'MiB' },
  ]);
} finally {
  await pg.stop();
  rmSync(werkmap, { recursive: true, force: true });
}
