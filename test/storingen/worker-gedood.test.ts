import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS } from '../../prisma/demo/organisaties.js';
import { controleerIntegriteit } from '../hulp/integriteit.js';
import { richtProefgemeenteIn } from '../hulp/proefgemeente.js';
import { eenSignaal } from '../hulp/signaal-bouwer.js';
import { http } from '../hulp/stack.js';
import { startStoringsstack, type Storingsstack } from '../hulp/storingsstack.js';

const ZORG = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'ZORG')!;

describe('a worker killed with SIGKILL', () => {
  let stack: Storingsstack;

  beforeAll(async () => {
    stack = await startStoringsstack();
    await stack.startApi();
    await stack.startWorker();
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('smoke: signals become meldingen with a letter and an e-mail each, exactly once', async () => {
    const gemeente = await richtProefgemeenteIn(stack, {
      code: '9701',
      naam: 'Storingsdorp',
      wijken: [{ code: '970101', naam: 'Oost', huisnummers: [1, 50] }],
      instellingen: {
        emailIngeschakeld: true,
        uitnodigingsreeksen: {
          create: {
            versie: 1,
            stappen: [
              { na: '0s', soort: 'BRIEF', sjabloon: 'uitnodiging' },
              { na: '0s', soort: 'EMAIL', sjabloon: 'uitnodiging' },
            ],
          },
        },
      },
    });
    const signalen = [1, 2, 3].map((huisnummer) =>
      eenSignaal({
        adres: { postcode: gemeente.postcode, huisnummer, woonplaats: 'Storingsdorp' },
      }),
    );
    for (const signaal of signalen) {
      const { status } = await http('POST', `${stack.basis}/signalen`, {
        apiSleutel: ZORG.apiSleutel,
        body: signaal,
      });
      expect(status).toBe(201);
    }
    const { id: signaalpartnerId } = await stack.prisma.signaalpartner.findUniqueOrThrow({
      where: { naam: ZORG.naam },
    });
    const telling = await controleerIntegriteit({
      prisma: stack.prisma,
      temporal: stack.temporal,
      taakwachtrij: stack.config.TEMPORAL_TASK_QUEUE,
      referenties: signalen.map((s) => ({ signaalpartnerId, referentie: s.referentie })),
      post: stack.postbus.post,
    });
    expect(telling).toMatchObject({ signalen: 3, meldingen: 3, brieven: 3, emails: 3 });
  }, 300_000);
});
