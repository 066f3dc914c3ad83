import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS } from '../../prisma/demo/organisaties.js';
import { controleerIntegriteit, wachtZolangErVoortgangIs } from '../hulp/integriteit.js';
import { wachtTot } from '../hulp/omgeving.js';
import {
  EEN_MAAND_STIL,
  METEEN_BRIEF_EN_EMAIL,
  richtProefgemeenteIn,
} from '../hulp/proefgemeente.js';
import { eenSignaal } from '../hulp/signaal-bouwer.js';
import { http } from '../hulp/stack.js';
import { startStoringsstack, type Storingsstack } from '../hulp/storingsstack.js';

// Issue 8, fault 2: the Temporal dev server (file persistence) stops and
// starts again in the middle of a batch. The API and worker reconnect by
// themselves and everything completes, exactly once.

const HUUR = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!;
// Enough that the restart lands mid-batch on any machine; the rest would only
// lengthen the drain on a loaded one.
const SIGNALEN = 150;
const UITNODIGINGEN = 10;
const HUISHOUDENS = 50;

describe('the Temporal server restarted mid-batch', () => {
  let stack: Storingsstack;

  beforeAll(async () => {
    stack = await startStoringsstack({ eigenTemporal: true });
    await stack.startApi();
    await stack.startWorker();
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('loses, duplicates and blocks nothing; API and worker reconnect by themselves', async () => {
    const { prisma } = stack;
    const brieven = await richtProefgemeenteIn(stack, {
      code: '9703',
      naam: 'Herstartdam',
      wijken: [{ code: '970301', naam: 'Noord', huisnummers: [1, UITNODIGINGEN + 1] }],
      instellingen: { emailIngeschakeld: true },
      uitnodigingsreeks: METEEN_BRIEF_EN_EMAIL,
    });
    const stil = await richtProefgemeenteIn(stack, {
      code: '9704',
      naam: 'Herstartveen',
      wijken: [{ code: '970401', naam: 'Zuid', huisnummers: [1, HUISHOUDENS] }],
      uitnodigingsreeks: EEN_MAAND_STIL,
    });
    const signalen = Array.from({ length: SIGNALEN }, (_, i) =>
      i < UITNODIGINGEN
        ? eenSignaal({ adres: { postcode: brieven.postcode, huisnummer: i + 1, woonplaats: 'H' } })
        : eenSignaal({
            adres: { postcode: stil.postcode, huisnummer: (i % HUISHOUDENS) + 1, woonplaats: 'H' },
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

    await stack.temporalServer!.stop();
    // The restart must land mid-batch, or this test proves nothing.
    const inMelding = await prisma.signaal.count({
      where: { aanleveringId, meldingId: { not: null } },
    });
    expect(inMelding).toBeLessThan(SIGNALEN);
    await new Promise((r) => setTimeout(r, 3_000));
    await stack.temporalServer!.start();

    // The API, not restarted, starts workflows again.
    const daarna = eenSignaal({
      adres: { postcode: brieven.postcode, huisnummer: UITNODIGINGEN + 1, woonplaats: 'H' },
    });
    const nieuw = await wachtTot(
      async () => {
        const antwoord = await http('POST', `${stack.basis}/signalen`, {
          apiSleutel: HUUR.apiSleutel,
          body: daarna,
        });
        return [200, 201].includes(antwoord.status) && antwoord;
      },
      { wat: 'API weer bruikbaar na de herstart', timeoutMs: 60_000 },
    );
    expect(nieuw.status).toBeGreaterThanOrEqual(200);

    const { id: huurId } = await prisma.signaalpartner.findUniqueOrThrow({
      where: { naam: HUUR.naam },
    });
    // Draining the batch takes as long as this machine's load makes it: wait while
    // signals keep reaching their melding; a stall after the restart fails at once.
    await wachtZolangErVoortgangIs({
      telling: () =>
        prisma.signaal.count({
          where: {
            meldingId: { not: null },
            OR: [{ aanleveringId }, { signaalpartnerId: huurId, referentie: daarna.referentie }],
          },
        }),
      doel: SIGNALEN + 1,
      wat: 'Signalen in een melding na de herstart',
      beschrijf: () => Promise.resolve(stack.logboek()),
    });
    const telling = await controleerIntegriteit({
      prisma,
      temporal: stack.temporal,
      taakwachtrij: stack.config.TEMPORAL_TASK_QUEUE,
      aanleveringIds: [aanleveringId],
      referenties: [{ signaalpartnerId: huurId, referentie: daarna.referentie }],
      post: stack.postbus.post,
      timeoutMs: 180_000,
    });
    expect(telling).toMatchObject({
      signalen: SIGNALEN + 1,
      meldingen: HUISHOUDENS + UITNODIGINGEN + 1,
      brieven: UITNODIGINGEN + 1,
      emails: UITNODIGINGEN + 1,
    });
    expect(stack.postbus.post).toHaveLength(UITNODIGINGEN + 1);
  }, 1_800_000);
});
