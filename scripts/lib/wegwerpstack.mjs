// A throw-away PostgreSQL (migrated) and optionally a Temporal dev server, on
// free ports, for `npm test` and the benchmarks. stop() removes all of it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPostgres, startTemporal } from './infrastructuur.mjs';
import { ROOT, log, voerUit, vrijePoort } from './omgeving.mjs';

export async function startWegwerpstack({
  naam,
  temporalCli,
  schaduwdatabase = false,
  temporalUi = false,
}) {
  const afsluiters = [];
  const stop = async () => {
    for (const afsluiter of afsluiters.reverse()) {
      await Promise.resolve()
        .then(afsluiter)
        .catch((fout) => log(`Opruimen mislukt: ${fout.message}`));
    }
  };
  try {
    // The data folder's parent must be reachable by the postgres user.
    const werkmap = mkdtempSync(path.join(tmpdir(), `vroegsignaal-${naam}-`));
    chmodSync(werkmap, 0o755);
    afsluiters.push(() => rmSync(werkmap, { recursive: true, force: true }));
    const pg = await startPostgres({
      dataMap: path.join(werkmap, 'postgres'),
      poort: await vrijePoort(),
      persistent: false,
    });
    afsluiters.push(pg.stop);
    let shadowUrl;
    if (schaduwdatabase) {
      shadowUrl = pg.databaseUrl.replace(/\/vroegsignaal$/, '/vroegsignaal_shadow');
      const { default: pgLib } = await import('pg');
      const beheer = new pgLib.Client({ connectionString: pg.databaseUrl });
      await beheer.connect();
      await beheer.query('CREATE DATABASE vroegsignaal_shadow');
      await beheer.end();
    }
    await voerUit('node', ['scripts/prisma.mjs', 'migrate', 'deploy'], {
      env: { ...process.env, DATABASE_URL: pg.databaseUrl },
      stdio: 'ignore',
    });
    let temporalAdres;
    let temporalUiUrl;
    if (temporalCli) {
      const uiPoort = temporalUi ? await vrijePoort() : undefined;
      const { ZOEKATTRIBUUT_REGISTRATIE } = await import(
        path.join(ROOT, 'dist/workflows/contracts.js')
      );
      const temporal = await startTemporal({
        cli: temporalCli,
        poort: await vrijePoort(),
        uiPoort,
        zoekattributen: ZOEKATTRIBUUT_REGISTRATIE,
      });
      afsluiters.push(temporal.stop);
      temporalAdres = temporal.adres;
      if (uiPoort) temporalUiUrl = `http://127.0.0.1:${uiPoort}`;
    }
    return { databaseUrl: pg.databaseUrl, shadowUrl, temporalAdres, temporalUiUrl, stop };
  } catch (fout) {
    await stop();
    throw fout;
  }
}
