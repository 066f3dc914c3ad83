// Finds or installs LibreOffice, which the tests use as an independent reader
// of the report's .xlsx: a file it opens and converts the same way Excel would
// show it has no repair prompt. Debian's calc package without the GUI is
// enough for `--headless --convert-to csv`; apt is reachable, nothing else is.
import { existsSync } from 'node:fs';
import { log, uitvoerVan, voerUit } from './omgeving.mjs';

const KANDIDATEN = [
  '/usr/bin/libreoffice',
  '/usr/bin/soffice',
  '/usr/lib/libreoffice/program/soffice',
];
const PAKKET = 'libreoffice-calc-nogui';

export async function zorgVoorLibreoffice() {
  if (process.env.LIBREOFFICE_PAD) {
    if (existsSync(process.env.LIBREOFFICE_PAD)) return process.env.LIBREOFFICE_PAD;
    throw new Error(`LIBREOFFICE_PAD=${process.env.LIBREOFFICE_PAD} bestaat niet.`);
  }
  const gevonden = KANDIDATEN.find((pad) => existsSync(pad));
  if (gevonden) return gevonden;
  if (uitvoerVan('id', ['-u']) !== '0')
    throw new Error(
      `LibreOffice ontbreekt. Installeer het (sudo apt-get install -y --no-install-recommends ${PAKKET}) of zet LIBREOFFICE_PAD.`,
    );
  log(`LibreOffice installeren met apt (${PAKKET}, om de rapportage-Excel na te lezen)…`);
  const installeer = () =>
    voerUit('apt-get', ['install', '-y', '--no-install-recommends', PAKKET], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: 'ignore',
    });
  await installeer().catch(async () => {
    // A fresh machine has no package lists yet.
    await voerUit('apt-get', ['update'], { stdio: 'ignore' });
    await installeer();
  });
  const na = KANDIDATEN.find((pad) => existsSync(pad));
  if (!na) throw new Error(`apt-get install ${PAKKET} gaf geen /usr/bin/libreoffice.`);
  return na;
}
