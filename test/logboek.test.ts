import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger, type ArgumentsHost } from '@nestjs/common';
import { Writable } from 'node:stream';
import type { DestinationStream } from 'pino';
import { ProbleemFilter } from '../apps/api/infra/probleem.js';
import { configSamenvatting, leesConfig } from '../apps/shared/config.js';
import { logger, zetLogbestemming } from '../apps/shared/log.js';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// The logs leave the building (a log shipper, an operator's terminal), so no
// personal data may be in them. This runs the real API at level info with its
// log lines captured, feeds it requests and errors full of personal data, and
// scans every line.

const BSN = '111222334';
const NAAM = 'Geheimnaam-Voorbeeldpersoon';
const EMAIL = 'geheim.persoon@voorbeeld.nl';
const WACHTWOORD = 'Zeer-Geheim-Wachtwoord-42';
const DB_WACHTWOORD = 'Db-Wachtwoord-Sup3r';
const HUUR = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!.apiSleutel;

describe('logs without personal data', () => {
  const regels: string[] = [];
  let vorige: DestinationStream;
  let stack: Teststack;
  let operator: string;

  beforeAll(async () => {
    vorige = zetLogbestemming(
      new Writable({
        write(deel: Buffer, _codering, klaar) {
          regels.push(...deel.toString().split('\n').filter(Boolean));
          klaar();
        },
      }),
    );
    stack = await startStack({ LOG_LEVEL: 'info' });
    operator = await logIn(stack.basis, 'operator@vroegsignaal.demo', DEMO_WACHTWOORD);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    zetLogbestemming(vorige);
  });

  it('refuses to start without DATABASE_URL, naming it', () => {
    expect(() => leesConfig({})).toThrow(/DATABASE_URL: is verplicht/);
  });

  it('logs a failed validation full of personal data without any of it', async () => {
    const antwoord = await http('POST', `${stack.basis}/signalen`, {
      apiSleutel: HUUR,
      body: eenSignaal({
        persoon: { voorletters: 'G.', achternaam: NAAM, geboortedatum: '31-02-1980', bsn: BSN },
        adres: { postcode: '9851 AA', huisnummer: 3, woonplaats: 'Proeflog' },
        contact: { email: `${EMAIL}@@`, telefoonnummer: 'geen' },
      }),
    });
    expect(antwoord.status).toBe(400);
  });

  it('logs the route template, not a path with an e-mail address in it', async () => {
    const bekend = await http('GET', `${stack.basis}/meldingen/${EMAIL}`, { token: operator });
    // 403 or 404, depending on the operator's rights: either way it is logged.
    expect(bekend.status).toBeGreaterThanOrEqual(403);
    const onbekend = await http(
      'GET',
      `${stack.basis}/personen/${BSN}/${encodeURIComponent(EMAIL)}`,
      {
        token: operator,
      },
    );
    expect(onbekend.status).toBe(404);
    await new Promise((r) => setTimeout(r, 100));
    const http404 = regels
      .map((r) => JSON.parse(r) as Record<string, unknown>)
      .filter((r) => r.onderdeel === 'http' && Number(r.status) >= 403);
    expect(http404.map((r) => r.route)).toEqual(
      expect.arrayContaining(['/v1/meldingen/:id', '/v1/personen/[bsn]/[e-mail]']),
    );
  });

  it('logs a failed login without the password or the e-mail address', async () => {
    const antwoord = await http('POST', `${stack.basis}/sessies`, {
      body: { email: EMAIL, wachtwoord: WACHTWOORD },
    });
    expect(antwoord.status).toBe(401);
  });

  it('survives a value the database refuses, without logging the person', async () => {
    const antwoord = await http('POST', `${stack.basis}/signalen`, {
      apiSleutel: HUUR,
      body: eenSignaal({
        persoon: {
          voorletters: 'G.',
          achternaam: `${NAAM}\u0000`,
          geboortedatum: '1980-02-01',
          bsn: BSN,
        },
        contact: { email: EMAIL },
      }),
    });
    expect(antwoord.status).toBeGreaterThanOrEqual(400);
  });

  it('logs an internal error whose message carries a BSN and an e-mail address, scrubbed', () => {
    // A unique-constraint error that echoes the offending row, as database
    // drivers do, through the API's own exception filter.
    const fout = new Error(
      `duplicate key value violates unique constraint: (bsn, email)=(${BSN}, ${EMAIL}) at 9851 AA 3`,
    );
    let status = 0;
    const antwoord = {
      setHeader: () => undefined,
      status(s: number) {
        status = s;
        return this;
      },
      type() {
        return this;
      },
      send: () => undefined,
    };
    const host = {
      switchToHttp: () => ({
        getResponse: () => antwoord,
        getRequest: () => ({ originalUrl: `/v1/signalen?bsn=${BSN}`, method: 'POST' }),
      }),
    } as unknown as ArgumentsHost;
    new ProbleemFilter().catch(fout, host);
    expect(status).toBe(500);
    // Nest's own Logger, as services use it, goes through pino too.
    new Logger('Proef').error(`Verwerking mislukt voor ${EMAIL}`, fout.stack);

    const fouten = regels
      .map((r) => JSON.parse(r) as { level: string; onderdeel?: string; err?: { message: string } })
      .filter((r) => r.level === 'error');
    const filterRegel = fouten.find((r) => r.onderdeel === 'fout' && r.err);
    expect(filterRegel?.err?.message).toBe(
      'duplicate key value violates unique constraint: (bsn, email)=([bsn], [e-mail]) at [postcode]',
    );
    expect(fouten.some((r) => r.onderdeel === 'nest')).toBe(true);
  });

  it('logs the configuration at boot without its secrets', () => {
    const config = leesConfig({
      ...process.env,
      DATABASE_URL: `postgresql://vroegsignaal:${DB_WACHTWOORD}@db.intern:5432/vroegsignaal`,
      SMTP_URL: `smtp://mail:${DB_WACHTWOORD}@smtp.intern:587`,
    });
    const log = logger('api');
    log.info({ config: configSamenvatting(config) }, 'Vroegsignaal-API luistert');
    // Even the whole config object, logged by mistake, keeps its secrets.
    log.info({ config }, 'Configuratie');
    expect(regels.join('\n')).not.toContain(
      process.env.PAYLOAD_SLEUTELS!.split(':')[1]!.slice(0, 20),
    );
    expect(regels.some((r) => r.includes('db.intern:5432/vroegsignaal'))).toBe(true);
  });

  it('wrote only JSON lines with level, time and msg, and none of the personal data or secrets', async () => {
    await new Promise((r) => setTimeout(r, 200));
    expect(regels.length).toBeGreaterThan(10);
    for (const regel of regels) {
      const json = JSON.parse(regel) as Record<string, unknown>;
      expect(typeof json.level).toBe('string');
      expect(typeof json.time).toBe('number');
      expect(typeof json.msg).toBe('string');
    }
    const alles = regels.join('\n');
    for (const geheim of [
      BSN,
      NAAM,
      EMAIL,
      encodeURIComponent(EMAIL),
      WACHTWOORD,
      DB_WACHTWOORD,
      operator,
      HUUR,
      '9851 AA',
    ]) {
      expect({ geheim, gevonden: alles.includes(geheim) }).toEqual({ geheim, gevonden: false });
    }
    // The request lines are there, so the scan had something to read.
    expect(alles).toContain('"route":"/v1/signalen"');
    expect(alles).toContain('"route":"/v1/sessies"');
  });
});
