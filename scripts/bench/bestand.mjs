// npm run bench:bestand — memory while a large upload is read: peak RSS of API
// and worker for a 100,000-row .xlsx against a 10,000-row one, and how long
// reading it into rows takes. Routing the signals is measured by bench:intake.
import { meetBestandGeheugen, printTabel } from './lib.mjs';

const GROOT = Number(process.env.VS_BENCH_BESTAND_RIJEN ?? 100_000);
const KLEIN = Math.max(1, Math.round(GROOT / 10));

const regels = [];
for (const [rijen, naam] of [
  [KLEIN, 'klein'],
  [GROOT, 'groot'],
])
  regels.push(...(await meetBestandGeheugen(rijen, naam)));
printTabel(regels);
