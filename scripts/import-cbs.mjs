// npm run import:cbs -- <pc6hnrYYYY0801_gwb.csv>
// Imports an edition of the CBS postcode-huisnummer table into DATABASE_URL
// (default: the embedded database of `npm start`), replacing that year.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { ROOT, log, zorgVoorNodeModules } from './lib/omgeving.mjs';

const bestand = process.argv[2];
if (!bestand) {
  console.error('Gebruik: npm run import:cbs -- <pad naar pc6hnrJJJJ0801_gwb.csv>');
  process.exit(2);
}
await zorgVoorNodeModules();
const { bouw } = await import('./lib/bouw.mjs');
await bouw();
const databaseUrl =
  process.env.DATABASE_URL ?? 'postgresql://vroegsignaal:vroegsignaal@127.0.0.1:54320/vroegsignaal';
if (!process.env.DATABASE_URL)
  log('DATABASE_URL niet gezet: de database van `npm start` gebruiken.');
const { importeerRouteringstabel } = await import(
  path.join(ROOT, 'dist/prisma/routeringstabel.js')
);
const begin = performance.now();
try {
  const { jaar, aantal } = await importeerRouteringstabel(
    databaseUrl,
    path.basename(bestand),
    createReadStream(path.resolve(bestand)),
  );
  const seconden = (performance.now() - begin) / 1000;
  log(
    `Routeringstabel ${jaar}: ${aantal.toLocaleString('nl-NL')} adressen in ${seconden.toFixed(1)} s (${Math.round(aantal / seconden).toLocaleString('nl-NL')}/s).`,
  );
} catch (fout) {
  console.error(fout.message);
  process.exit(1);
}
