// Writes the demo sample of the CBS table "buurt, wijk en gemeente voor
// postcode-huisnummer" in its exact published format. Run after `npm run build`;
// the output is committed so a fresh clone has it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib/omgeving.mjs';

const {
  DEMO_GEMEENTEN,
  DEMO_BUITEN_PLATFORM,
  DEMO_HUISNUMMERS,
  DEMO_ROUTERINGSJAAR: jaar,
} = await import(path.join(ROOT, 'dist/prisma/demo/gebieden.js'));
const regels = [`PC6;Huisnummer;Buurt${jaar};Wijk${jaar};Gemeente${jaar}`];
for (const gemeente of DEMO_GEMEENTEN)
  for (const wijk of gemeente.wijken)
    for (const buurt of wijk.buurten)
      for (const postcode of buurt.postcodes)
        for (const huisnummer of DEMO_HUISNUMMERS)
          regels.push(`${postcode};${huisnummer};${buurt.code};${wijk.code};${gemeente.code}`);
for (const postcode of DEMO_BUITEN_PLATFORM.postcodes)
  for (const huisnummer of DEMO_HUISNUMMERS)
    regels.push(
      `${postcode};${huisnummer};${DEMO_BUITEN_PLATFORM.buurtcode};${DEMO_BUITEN_PLATFORM.wijkcode};${DEMO_BUITEN_PLATFORM.gemeentecode}`,
    );
const doel = path.join(ROOT, `prisma/demo/pc6hnr${jaar}0801_gwb.csv`);
writeFileSync(doel, regels.join('\r\n') + '\r\n');
console.log(`${regels.length - 1} adressen geschreven naar ${path.relative(ROOT, doel)}`);
