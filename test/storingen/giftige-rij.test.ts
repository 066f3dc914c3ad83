import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS } from '../../prisma/demo/organisaties.js';
import { aanleveringWorkflowId } from '../../workflows/contracts.js';
import { upload } from '../hulp/bestanden.js';
import { controleerIntegriteit } from '../hulp/integriteit.js';
import { eenSignaal } from '../hulp/signaal-bouwer.js';
import { wachtTot } from '../hulp/omgeving.js';
import { EEN_MAAND_STIL, type Proefgemeente, richtProefgemeenteIn } from '../hulp/proefgemeente.js';
import { http, startStack, type Teststack } from '../hulp/stack.js';

// Fault 6, poison input: one row of a creditor's file that passes the API's
// checks but that PostgreSQL cannot store (a NUL byte, as legacy exports pad
// fields with, past the 8 KB the API inspects for binary content). Before the
// fix the activity that reads the file failed on it over and over, and the
// whole delivery sat IN_VERWERKING with nothing to show. Now that one row is
// refused with a Dutch reason the creditor reads on its aanlevering, no
// activity runs twice, and every other row of the file is routed and in a
// melding.

const HUUR = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!.apiSleutel;
const RIJEN = 150;
const GIFTIG = 140;

interface AanleveringJson {
  status: string;
  aantallen: Record<string, number>;
  afgewezenRijen: {
    rijnummer: number;
    regel: number | null;
    referentie: string | null;
    fouten: { veld: string; code: string; melding: string }[];
  }[];
}

describe('storing 6: a poisonous row in an upload', () => {
  let stack: Teststack;
  let gemeente: Proefgemeente;

  beforeAll(async () => {
    stack = await startStack();
    gemeente = await richtProefgemeenteIn(stack, {
      code: '9716',
      naam: 'Gifwaarde',
      wijken: [{ code: '971601', naam: 'Gifwaarde-Noord', huisnummers: [1, 20] }],
      uitnodigingsreeks: EEN_MAAND_STIL,
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses that row with a reason, retries nothing and processes the rest', async () => {
    const sinds = new Date();
    const reeks = randomUUID().slice(0, 8);
    const referentie = (i: number) => `GIF-${reeks}-${i}`;
    const regels = [
      'Referentie;Signaaldatum;Ontstaansdatum;Bedrag achterstand;Achternaam;Geboortedatum;Postcode;Huisnummer;Woonplaats',
      ...Array.from(
        { length: RIJEN },
        (_, n) =>
          `${referentie(n + 1)};02-11-2026;01-08-2026;99,95;${n + 1 === GIFTIG ? 'Vis\u0000ser' : 'Visser'};17-05-1980;${gemeente.postcode};${(n % 20) + 1};Gifwaarde`,
      ),
    ];
    const bestand = Buffer.from(regels.join('\r\n') + '\r\n', 'utf8');
    // The poison lies past what the API inspects, so the API accepts the file.
    expect(bestand.indexOf(0)).toBeGreaterThan(8192);

    const antwoord = await upload<{ id: string }>(
      `${stack.basis}/aanleveringen`,
      HUUR,
      'debiteuren-export.csv',
      bestand,
    );
    expect(antwoord.status).toBe(202);
    const id = antwoord.body.id;

    // What the creditor sees: the delivery done, the one row refused and why.
    const aanlevering = await wachtTot(
      async () => {
        const { body } = await http<AanleveringJson>('GET', `${stack.basis}/aanleveringen/${id}`, {
          apiSleutel: HUUR,
        });
        return body.status === 'VERWERKT' && body;
      },
      { wat: 'verwerking van de aanlevering', timeoutMs: 60_000 },
    );
    expect(aanlevering.aantallen).toMatchObject({
      ontvangen: RIJEN,
      geaccepteerd: RIJEN - 1,
      afgewezen: 1,
    });
    expect(aanlevering.afgewezenRijen).toEqual([
      {
        rijnummer: GIFTIG,
        regel: GIFTIG + 1,
        referentie: referentie(GIFTIG),
        fouten: [
          {
            veld: 'persoon.achternaam',
            code: 'onleesbaar_teken',
            melding: expect.stringContaining('onleesbaar teken') as unknown as string,
          },
        ],
      },
    ]);

    // It was not retried: every activity of the delivery ran exactly once.
    const handle = stack.temporal.workflow.getHandle(aanleveringWorkflowId(id));
    await handle.result();
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    const pogingen = (await handle.fetchHistory())
      .events!.filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt);
    expect(pogingen.length).toBeGreaterThanOrEqual(4);
    expect(pogingen.every((p) => p === 1)).toBe(true);

    // The rest of the batch went on: routed and in a melding, the poison row stored nowhere.
    await wachtTot(
      async () =>
        (await stack.prisma.signaal.count({
          where: { aanleveringId: id, routeringsstatus: 'GEROUTEERD', meldingId: { not: null } },
        })) ===
        RIJEN - 1,
      { wat: 'alle andere signalen in een melding', timeoutMs: 90_000 },
    );
    expect(await stack.prisma.signaal.count({ where: { referentie: referentie(GIFTIG) } })).toBe(0);
    const telling = await controleerIntegriteit({
      prisma: stack.prisma,
      temporal: stack.temporal,
      taakwachtrij: stack.config.TEMPORAL_TASK_QUEUE,
      aanleveringIds: [id],
      sinds,
    });
    expect(telling.signalen).toBe(RIJEN - 1);
  }, 240_000);

  it('does the same for a NUL in an API batch, which PostgreSQL refused for the whole batch', async () => {
    const sinds = new Date();
    const signalen = [1, 2, 3].map((huisnummer) =>
      eenSignaal({
        adres: { postcode: gemeente.postcode, huisnummer, woonplaats: 'Gifwaarde' },
      }),
    );
    signalen[1]!.persoon.achternaam = 'Vis\u0000ser';
    const { status, body } = await http<{ id: string }>('POST', `${stack.basis}/aanleveringen`, {
      apiSleutel: HUUR,
      body: { signalen },
    });
    expect(status).toBe(202);
    const aanlevering = await wachtTot(
      async () => {
        const { body: a } = await http<AanleveringJson>(
          'GET',
          `${stack.basis}/aanleveringen/${body.id}`,
          { apiSleutel: HUUR },
        );
        return a.status === 'VERWERKT' && a;
      },
      { wat: 'verwerking van de batch' },
    );
    expect(aanlevering.aantallen).toMatchObject({ geaccepteerd: 2, afgewezen: 1 });
    expect(aanlevering.afgewezenRijen[0]).toMatchObject({
      rijnummer: 2,
      fouten: [{ veld: 'persoon.achternaam', code: 'onleesbaar_teken' }],
    });
    const telling = await controleerIntegriteit({
      prisma: stack.prisma,
      temporal: stack.temporal,
      taakwachtrij: stack.config.TEMPORAL_TASK_QUEUE,
      aanleveringIds: [body.id],
      sinds,
    });
    expect(telling.signalen).toBe(2);
  }, 120_000);
});
