import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { aanleveringWorkflowId, type AanleveringVoortgang } from '../workflows/contracts.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { wachtTot } from './hulp/omgeving.js';

// Batch delivery through the aanleveringWorkflow, on the real stack.

const sleutel = (naam: string) => DEMO_SIGNAALPARTNERS.find((p) => p.naam === naam)!.apiSleutel;
const SAMEN = sleutel('Zorgverzekeraar Samen');
const STROOMWERK = sleutel('Stroomwerk Energie');

interface AanleveringJson {
  id: string;
  status: string;
  aantallen: Record<
    'ontvangen' | 'gevalideerd' | 'geaccepteerd' | 'alBekend' | 'afgewezen' | 'gestart',
    number
  >;
  afgewezenRijen: {
    rijnummer: number;
    referentie: string | null;
    fouten: { veld: string; code: string; melding: string }[];
  }[];
  alBekendeRijen: { rijnummer: number; referentie: string | null; signaal: { href: string } }[];
}

describe('aanleveringen (batch over the API)', () => {
  let stack: Teststack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function verwerkt(id: string, apiSleutel = SAMEN): Promise<AanleveringJson> {
    return wachtTot(
      async () => {
        const antwoord = await http<AanleveringJson>('GET', `${stack.basis}/aanleveringen/${id}`, {
          apiSleutel,
        });
        return antwoord.body.status === 'VERWERKT' && antwoord.body;
      },
      { wat: `verwerking van aanlevering ${id}`, timeoutMs: 240_000 },
    );
  }

  function batch() {
    const utrecht = eenSignaal();
    return [
      utrecht,
      eenSignaal({ adres: { postcode: '3553AA', huisnummer: 2, woonplaats: 'Utrecht' } }),
      eenSignaal({ adres: { postcode: '8601AB', huisnummer: 9, woonplaats: 'Sneek' } }),
      eenSignaal({
        adres: { postcode: '35311', huisnummer: 3, woonplaats: 'Utrecht' },
        persoon: { achternaam: 'X', geboortedatum: '1970-01-01', bsn: '123456789' },
      }),
      { referentie: 'ZONDER-VELDEN' },
      utrecht,
      'geen signaal',
    ];
  }

  it('accepts valid rows, reports every invalid one, and never drops or duplicates a row', async () => {
    const signalen = batch();
    const aangenomen = await http<{ id: string }>('POST', `${stack.basis}/aanleveringen`, {
      apiSleutel: SAMEN,
      body: { signalen },
    });
    expect(aangenomen.status).toBe(202);
    expect(aangenomen.headers.get('location')).toBe(`/v1/aanleveringen/${aangenomen.body.id}`);

    const aanlevering = await verwerkt(aangenomen.body.id);
    expect(aanlevering.aantallen).toEqual({
      ontvangen: 7,
      gevalideerd: 7,
      geaccepteerd: 3,
      alBekend: 1,
      afgewezen: 3,
      gestart: 3,
    });
    const fouten = Object.fromEntries(
      aanlevering.afgewezenRijen.map((r) => [
        r.rijnummer,
        Object.fromEntries(r.fouten.map((f) => [f.veld, f.melding])),
      ]),
    );
    expect(Object.keys(fouten)).toEqual(['4', '5', '7']);
    expect(fouten['4']).toEqual({
      'adres.postcode': 'Postcode moet vier cijfers en twee letters zijn, bijvoorbeeld 1234 AB.',
      'persoon.bsn': 'BSN is ongeldig: het voldoet niet aan de elfproef.',
    });
    expect(fouten['5']).toMatchObject({
      signaaldatum: 'Signaaldatum is verplicht.',
      persoon: 'Persoon ontbreekt.',
    });
    expect(aanlevering.afgewezenRijen.find((r) => r.rijnummer === 5)?.referentie).toBe(
      'ZONDER-VELDEN',
    );
    expect(Object.keys(fouten['7']!)).toEqual(['(body)']);
    expect(aanlevering.alBekendeRijen).toEqual([
      expect.objectContaining({
        rijnummer: 6,
        referentie: (signalen[0] as { referentie: string }).referentie,
      }),
    ]);

    const referenties = signalen.slice(0, 3).map((s) => (s as { referentie: string }).referentie);
    const opgeslagen = await stack.prisma.signaal.findMany({
      where: { referentie: { in: referenties } },
    });
    expect(opgeslagen).toHaveLength(3);
    expect(opgeslagen.every((s) => s.aanleveringId === aangenomen.body.id)).toBe(true);
    await wachtTot(
      async () =>
        (await stack.prisma.signaal.count({
          where: { referentie: { in: referenties }, routeringsstatus: 'GEROUTEERD' },
        })) === 3,
      { wat: 'routering van de batch' },
    );

    const naRoutering = await http<
      AanleveringJson & { routering: Record<string, number>; vastgehoudenSignalen: unknown[] }
    >('GET', `${stack.basis}/aanleveringen/${aangenomen.body.id}`, { apiSleutel: SAMEN });
    expect(naRoutering.body.routering).toEqual({ GEROUTEERD: 3 });
    expect(naRoutering.body.vastgehoudenSignalen).toEqual([]);

    const voortgang = await stack.temporal.workflow
      .getHandle(aanleveringWorkflowId(aangenomen.body.id))
      .query<AanleveringVoortgang>('voortgang');
    expect(voortgang).toEqual({
      rijen: 7,
      gevalideerd: 7,
      geaccepteerd: 3,
      alBekend: 1,
      afgewezen: 3,
      gestart: 3,
      klaar: true,
    });

    // Sending the same batch again stores nothing new and says which rows were known.
    const opnieuw = await http<{ id: string }>('POST', `${stack.basis}/aanleveringen`, {
      apiSleutel: SAMEN,
      body: { signalen },
    });
    const tweede = await verwerkt(opnieuw.body.id);
    expect(tweede.aantallen).toMatchObject({
      geaccepteerd: 0,
      alBekend: 4,
      afgewezen: 3,
      gestart: 0,
    });
    expect(await stack.prisma.signaal.count({ where: { referentie: { in: referenties } } })).toBe(
      3,
    );
  });

  it('works through a batch larger than one part', async () => {
    const aantal = 550; // two parts of RIJEN_PER_DEEL
    const signalen = Array.from({ length: aantal }, (_, i) =>
      eenSignaal({
        adres: { postcode: '3531AC', huisnummer: (i % 30) + 1, woonplaats: 'Utrecht' },
      }),
    );
    const aangenomen = await http<{ id: string }>('POST', `${stack.basis}/aanleveringen`, {
      apiSleutel: STROOMWERK,
      body: { signalen },
    });
    const aanlevering = await verwerkt(aangenomen.body.id, STROOMWERK);
    expect(aanlevering.aantallen).toEqual({
      ontvangen: aantal,
      gevalideerd: aantal,
      geaccepteerd: aantal,
      alBekend: 0,
      afgewezen: 0,
      gestart: aantal,
    });
    expect(await stack.prisma.signaal.count({ where: { aanleveringId: aangenomen.body.id } })).toBe(
      aantal,
    );
    // About the counts, not the speed (npm run bench:intake measures that): on
    // a loaded 2-core CI machine the 550 routing workflows this batch starts
    // share the worker with it and took longer than the default minute.
  }, 300_000);

  it('refuses a batch that is empty or too large, storing nothing', async () => {
    const voor = await stack.prisma.aanlevering.count();
    const leeg = await http<{ invalidParams: { reason: string }[] }>(
      'POST',
      `${stack.basis}/aanleveringen`,
      { apiSleutel: SAMEN, body: { signalen: [] } },
    );
    expect(leeg.status).toBe(400);
    expect(leeg.body.invalidParams[0]!.reason).toBe('De aanlevering bevat geen signalen.');
    const teGroot = await http<{ invalidParams: { reason: string }[] }>(
      'POST',
      `${stack.basis}/aanleveringen`,
      {
        apiSleutel: SAMEN,
        body: { signalen: Array.from({ length: 10_001 }, () => ({})) },
      },
    );
    expect(teGroot.status).toBe(400);
    expect(teGroot.body.invalidParams[0]!.reason).toBe(
      'Een aanlevering bevat hoogstens 10.000 signalen; splits de batch.',
    );
    expect(await stack.prisma.aanlevering.count()).toBe(voor);
  });

  it('shows a delivery only to the creditor that made it', async () => {
    const { body } = await http<{ id: string }>('POST', `${stack.basis}/aanleveringen`, {
      apiSleutel: SAMEN,
      body: { signalen: [eenSignaal()] },
    });
    await verwerkt(body.id);
    expect(
      (await http('GET', `${stack.basis}/aanleveringen/${body.id}`, { apiSleutel: STROOMWERK }))
        .status,
    ).toBe(404);
    const gemeente = await logIn(stack.basis, 'behandelaar@utrecht.demo', DEMO_WACHTWOORD);
    expect(
      (await http('GET', `${stack.basis}/aanleveringen/${body.id}`, { token: gemeente })).status,
    ).toBe(404);
    expect(
      (
        await http('POST', `${stack.basis}/aanleveringen`, {
          token: gemeente,
          body: { signalen: [eenSignaal()] },
        })
      ).status,
    ).toBe(403);
    const operator = await logIn(stack.basis, 'operator@vroegsignaal.demo', DEMO_WACHTWOORD);
    expect(
      (await http('GET', `${stack.basis}/aanleveringen/${body.id}`, { token: operator })).status,
    ).toBe(200);
    // Its one signal waits behind the 10,000 of the earlier test on the same
    // worker; how long that takes is for the benchmarks to say, not this test.
  }, 180_000);
});
