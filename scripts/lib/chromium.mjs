// Finds or installs Chromium for rendering letters to PDF. puppeteer's own
// browser download fails offline; Debian's package comes from apt, which is reachable.
import { existsSync } from 'node:fs';
import { log, uitvoerVan, voerUit } from './omgeving.mjs';

const KANDIDATEN = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export async function zorgVoorChromium() {
  if (process.env.CHROMIUM_PAD) {
    if (existsSync(process.env.CHROMIUM_PAD)) return process.env.CHROMIUM_PAD;
    throw new Error(`CHROMIUM_PAD=${process.env.CHROMIUM_PAD} bestaat niet.`);
  }
  const gevonden = KANDIDATEN.find((pad) => existsSync(pad));
  if (gevonden) return gevonden;
  if (uitvoerVan('id', ['-u']) !== '0')
    throw new Error(
      'Chromium ontbreekt. Installeer het (sudo apt-get install -y chromium) of zet CHROMIUM_PAD.',
    );
  log('Chromium installeren met apt (voor de brieven als PDF)…');
  await voerUit('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: 'ignore',
  }).catch(async () => {
    // A fresh machine has no package lists yet.
    await voerUit('apt-get', ['update'], { stdio: 'ignore' });
    await voerUit('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: 'ignore',
    });
  });
  const na = KANDIDATEN.find((pad) => existsSync(pad));
  if (!na) throw new Error('apt-get install chromium gaf geen /usr/bin/chromium.');
  return na;
}
