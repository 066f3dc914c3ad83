import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS } from '../../prisma/demo/organisaties.js';
import { controleerIntegriteit } from '../hulp/integriteit.js';
import { wachtTot } from '../hulp/omgeving.js';
import {
  EEN_MAAND_STIL,
  METEEN_BRIEF_EN_EMAIL,
  richtProefgemeenteIn,
} from '../hulp/proefgemeente.js';
import { eenSignaal } from '../hulp/signaal-bouwer.js';
import { http } from '../hulp/stack.js';
import { startStoringsstack, type Storingsstack } from '../hulp/storingsstack.js';

// Issue 8, fault 3: PostgreSQL stops for 30 seconds during intake and
// outreach. The API answers 503 problem+json at once meanwhile; activities
// retry with backoff and complete after it returns; nothing accepted before
// the outage is lost.

const HUUR = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!;
const SIGNALEN = 600;
const UITNODIGINGEN = 20;
const HUISHOUDENS = 100;
const ONBEREIKBAAR = 'De database is tijdelijk niet bereikbaar. Probeer het later opnieuw.';

describe('PostgreSQL away for 30 seconds', () => {
  let stack: Storingsstack;

  beforeAll(async () => {
    stack = await startStoringsstack({ eigenPostgres: true });
    await stack.startApi();
    await stack.startWorker();
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 503 promptly, retries, and loses nothing', async () => {
    const { prisma } = stack;
    const brieven = await richtProefgemeenteIn(stack, {
      code: '9711',
      naam: 'Storingsmeer',
      wijken: [{ code: '971101', naam: 'Oost', huisnummers: [1, UITNODIGINGEN] }],
      instellingen: { emailIngeschakeld: true },
      uitnodigingsreeks: METEEN_BRIEF_EN_EMAIL,
    });
    const stil = await richtProefgemeenteIn(stack, {
      code: '9712',
      naam: 'Storingsbroek',
      wijken: [{ code: '971201', naam: 'West', huisnummers: [1, HUISHOUDENS] }],
      uitnodigingsreeks: EEN_MAAND_STIL,
    });
    const behandelaar = await brieven.gebruiker('behandelaar@storingsmeer.test', 'BEHANDELAAR');
    const signalen = Array.from({ length: SIGNALEN }, (_, i) =>
      i < UITNODIGINGEN
        ? eenSignaal({ adres: { postcode: brieven.postcode, huisnummer: i + 1, woonplaats: 'S' } })
        : eenSignaal({
            adres: { postcode: stil.postcode, huisnummer: (i % HUISHOUDENS) + 1, woonplaats: 'S' },
          }),
    );
    const { status, body } = await http<{ id: string }>('POST', `${stack.basis}/aanleveringen`, {
      apiSleutel: HUUR.apiSleutel,
      body: { signalen },
    });
    expect({ status, logboek: status === 202 ? '' : stack.logboek() }).toEqual({
      status: 202,
      logboek: '',
    });
    const aanleveringId = body.id;
    await wachtTot(
      async () =>
        (await prisma.signaal.count({ where: { aanleveringId, meldingId: { not: null } } })) > 0,
      { wat: 'eerste signalen in een melding', timeoutMs: 120_000 },
    );
    const inMelding = await prisma.signaal.count({
      where: { aanleveringId, meldingId: { not: null } },
    });

    await stack.pg!.stop();
    const weg = Date.now();
    // The outage must land mid-intake, or this test proves nothing.
    expect(inMelding).toBeLessThan(SIGNALEN);

    for (const verzoek of [
      () => http('GET', `${stack.basis}/meldingen`, { token: behandelaar }),
      () =>
        http('POST', `${stack.basis}/signalen`, {
          apiSleutel: HUUR.apiSleutel,
          body: eenSignaal({ adres: { postcode: stil.postcode, huisnummer: 1, woonplaats: 'S' } }),
        }),
    ]) {
      const begin = Date.now();
      const antwoord = await verzoek();
      expect(Date.now() - begin).toBeLessThan(5_000);
      expect({
        status: antwoord.status,
        type: antwoord.headers.get('content-type'),
        retryAfter: antwoord.headers.get('retry-after'),
        detail: antwoord.body.detail,
      }).toEqual({
        status: 503,
        type: expect.stringContaining('application/problem+json'),
        retryAfter: '30',
        detail: ONBEREIKBAAR,
      });
    }
    await new Promise((r) => setTimeout(r, Math.max(0, weg + 30_000 - Date.now())));
    await stack.pg!.start();

    // Back without restarting the API.
    const lijst = await wachtTot(
      async () => {
        const antwoord = await http('GET', `${stack.basis}/meldingen`, { token: behandelaar });
        return antwoord.status === 200 && antwoord;
      },
      { wat: 'API weer 200 na de storing', timeoutMs: 30_000 },
    );
    expect(lijst.status).toBe(200);

    const { id: huurId } = await prisma.signaalpartner.findUniqueOrThrow({
      where: { naam: HUUR.naam },
    });
    const telling = await controleerIntegriteit({
      prisma,
      temporal: stack.temporal,
      taakwachtrij: stack.config.TEMPORAL_TASK_QUEUE,
      aanleveringIds: [aanleveringId],
      referenties: signalen.map((s) => ({ signaalpartnerId: huurId, referentie: s.referentie })),
      post: stack.postbus.post,
      timeoutMs: 240_000,
    });
    expect(telling).toMatchObject({
      signalen: SIGNALEN,
      meldingen: HUISHOUDENS + UITNODIGINGEN,
      brieven: UITNODIGINGEN,
      emails: UITNODIGINGEN,
    });
  }, 600_000);
});
