import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { historieAlsTekst } from './hulp/historie.js';
import { wachtTot } from './hulp/omgeving.js';

// The first vertical slice on real infrastructure:
// HTTP → API → PostgreSQL + Temporal → worker → PostgreSQL → HTTP.

const sleutel = (naam: string) => DEMO_SIGNAALPARTNERS.find((p) => p.naam === naam)!.apiSleutel;
const THUISBAAS = sleutel('Woonstichting Thuisbaas');
const VALLEI = sleutel('Waterbedrijf Vallei');
const SAMEN = sleutel('Zorgverzekeraar Samen');

interface SignaalJson {
  id: string;
  referentie: string;
  bedragInCenten: number;
  signaalstatus: string;
  signaalpartner: { naam: string; type: string };
  routering: {
    status: string;
    gedeeltelijkeMatch: boolean;
    gemeente: { code: string; naam: string } | null;
    wijk: { code: string; naam: string } | null;
    buurt: { code: string; naam: string } | null;
    kern: { naam: string } | null;
  };
  persoon: { achternaam: string; bsn: string | null } | null;
  adres: { postcode: string; huisnummer: number } | null;
}
interface Probleem {
  title: string;
  status: number;
  detail?: string;
  invalidParams?: { name: string; code: string; reason: string }[];
}

describe('signaal intake slice', () => {
  let stack: Teststack;
  let operator: string;
  let utrecht: string;
  let zwolle: string;

  beforeAll(async () => {
    stack = await startStack();
    operator = await logIn(stack.basis, 'operator@vroegsignaal.demo', DEMO_WACHTWOORD);
    utrecht = await logIn(stack.basis, 'behandelaar@utrecht.demo', DEMO_WACHTWOORD);
    zwolle = await logIn(stack.basis, 'behandelaar@zwolle.demo', DEMO_WACHTWOORD);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function leverAan(apiSleutel: string, signaal = eenSignaal()) {
    return http<SignaalJson>('POST', `${stack.basis}/signalen`, { apiSleutel, body: signaal });
  }

  async function gerouteerd(id: string): Promise<SignaalJson> {
    return wachtTot(
      async () => {
        const antwoord = await http<SignaalJson>('GET', `${stack.basis}/signalen/${id}`, {
          token: operator,
        });
        return (
          antwoord.status === 200 && antwoord.body.routering.status !== 'ONTVANGEN' && antwoord.body
        );
      },
      { wat: `routering van signaal ${id}` },
    );
  }

  it('accepts a signal, routes it to gemeente, wijk and buurt, and shows it', async () => {
    const aangeleverd = await leverAan(THUISBAAS);
    expect(aangeleverd.status).toBe(201);
    expect(aangeleverd.headers.get('location')).toBe(`/v1/signalen/${aangeleverd.body.id}`);
    expect(aangeleverd.body).toMatchObject({
      bedragInCenten: 41250,
      signaalstatus: 'Nog niet opgepakt',
      signaalpartner: { naam: 'Woonstichting Thuisbaas', type: 'Huur' },
      adres: { postcode: '3531AB', huisnummer: 7 },
    });

    // Until it is routed the signal belongs to no gemeente, so Utrecht sees it only afterwards.
    await gerouteerd(aangeleverd.body.id);
    const { status, body: signaal } = await http<SignaalJson>(
      'GET',
      `${stack.basis}/signalen/${aangeleverd.body.id}`,
      { token: utrecht },
    );
    expect(status).toBe(200);
    expect(signaal.routering).toMatchObject({
      status: 'GEROUTEERD',
      gemeente: { code: '0344', naam: 'Utrecht' },
      wijk: { code: '034401', naam: 'West' },
      buurt: { code: '03440101', naam: 'Lombok' },
    });
    const rij = await stack.prisma.signaal.findUniqueOrThrow({
      where: { id: signaal.id },
      include: { gemeente: true },
    });
    expect(rij.gemeente?.code).toBe('0344');
    expect(rij.routeringsjaar).toBe(2025);
  });

  it('falls back to the postcode’s dominant area for a house number the table lacks, and says so', async () => {
    const aangeleverd = await leverAan(
      THUISBAAS,
      eenSignaal({ adres: { postcode: '3531AB', huisnummer: 999, woonplaats: 'Utrecht' } }),
    );
    const signaal = await gerouteerd(aangeleverd.body.id);
    expect(signaal.routering).toMatchObject({
      status: 'GEROUTEERD',
      gedeeltelijkeMatch: true,
      gemeente: { code: '0344' },
      buurt: { code: '03440101' },
    });
  });

  it('routes to the kern that the gemeente defined', async () => {
    const aangeleverd = await leverAan(
      SAMEN,
      eenSignaal({ adres: { postcode: '8601AA', huisnummer: 3, woonplaats: 'Sneek' } }),
    );
    const signaal = await gerouteerd(aangeleverd.body.id);
    expect(signaal.routering).toMatchObject({
      status: 'GEROUTEERD',
      gemeente: { naam: 'Súdwest-Fryslân' },
      kern: { naam: 'Sneek' },
    });
  });

  it('keeps a signal away from a gemeente the creditor has no koppeling with', async () => {
    const aangeleverd = await leverAan(
      VALLEI,
      eenSignaal({ adres: { postcode: '8601AA', huisnummer: 4, woonplaats: 'Sneek' } }),
    );
    const signaal = await gerouteerd(aangeleverd.body.id);
    expect(signaal.routering).toMatchObject({ status: 'GEEN_KOPPELING', gemeente: null });
  });

  it('marks an address outside every routing table as unknown', async () => {
    const aangeleverd = await leverAan(
      THUISBAAS,
      eenSignaal({ adres: { postcode: '1012AB', huisnummer: 1, woonplaats: 'Amsterdam' } }),
    );
    const signaal = await gerouteerd(aangeleverd.body.id);
    expect(signaal.routering).toMatchObject({ status: 'ONBEKEND_ADRES', gemeente: null });
  });

  it('gives the same signal for the same referentie and starts no second workflow', async () => {
    const signaal = eenSignaal();
    const eerste = await leverAan(THUISBAAS, signaal);
    const tweede = await leverAan(THUISBAAS, signaal);
    expect(eerste.status).toBe(201);
    expect(tweede.status).toBe(200);
    expect(tweede.body.id).toBe(eerste.body.id);
    await gerouteerd(eerste.body.id);

    expect(await stack.prisma.signaal.count({ where: { referentie: signaal.referentie } })).toBe(1);
    const uitvoeringen = [];
    for await (const u of stack.temporal.workflow.list({
      query: `WorkflowId = 'signaal-${eerste.body.id}'`,
    }))
      uitvoeringen.push(u);
    expect(uitvoeringen).toHaveLength(1);
    // The same referentie from another creditor is another signal.
    const anderePartner = await leverAan(SAMEN, signaal);
    expect(anderePartner.status).toBe(201);
    expect(anderePartner.body.id).not.toBe(eerste.body.id);
  });

  it('refuses a reused referentie with different content', async () => {
    const signaal = eenSignaal();
    await leverAan(THUISBAAS, signaal);
    const anders = await http<Probleem>('POST', `${stack.basis}/signalen`, {
      apiSleutel: THUISBAAS,
      body: { ...signaal, bedrag: '999,00' },
    });
    expect(anders.status).toBe(409);
    expect(anders.body.detail).toContain(signaal.referentie);
  });

  it('keeps personal data out of the workflow history and search attributes', async () => {
    const aangeleverd = await leverAan(
      THUISBAAS,
      eenSignaal({
        persoon: { achternaam: 'Zeldzaamnaam', geboortedatum: '1971-03-09', bsn: '123456782' },
      }),
    );
    await gerouteerd(aangeleverd.body.id);
    const handle = stack.temporal.workflow.getHandle(`signaal-${aangeleverd.body.id}`);
    // Routing runs as a local activity: its result reaches the history when
    // the workflow task completes, a moment after the database shows it.
    await handle.result();
    const historie = historieAlsTekst(handle.workflowId);
    const beschrijving = JSON.stringify((await handle.describe()).searchAttributes);
    for (const gevoelig of [
      'Zeldzaamnaam',
      '1971-03-09',
      '123456782',
      '3531AB',
      '3531 ab',
      'Kanaalstraat',
      'example.org',
      '41250',
      '412,50',
    ]) {
      expect(historie).not.toContain(gevoelig);
      expect(beschrijving).not.toContain(gevoelig);
    }
    // The decoded payloads are really searched: the ids and codes are there.
    expect(historie).toContain(`"signaalId":"${aangeleverd.body.id}"`);
    expect(historie).toContain('"gemeentecode":"0344"');
  });

  it('reports every invalid field at once as problem+json in Dutch', async () => {
    const antwoord = await http<Probleem>('POST', `${stack.basis}/signalen`, {
      apiSleutel: THUISBAAS,
      body: eenSignaal({
        signaaldatum: '2026-02-30',
        bedrag: '-5',
        persoon: { achternaam: 'Jansen', geboortedatum: '1980-01-01', bsn: '123456789' },
        adres: { postcode: '12345', huisnummer: 1, woonplaats: 'Utrecht' },
      }),
    });
    expect(antwoord.status).toBe(400);
    expect(antwoord.headers.get('content-type')).toContain('application/problem+json');
    expect(antwoord.body.title).toBe('De invoer is ongeldig.');
    const fouten = Object.fromEntries(antwoord.body.invalidParams!.map((p) => [p.name, p.reason]));
    expect(fouten).toEqual({
      signaaldatum: 'Signaaldatum is geen bestaande datum.',
      bedrag: 'Bedrag moet groter dan 0 zijn.',
      'persoon.bsn': 'BSN is ongeldig: het voldoet niet aan de elfproef.',
      'adres.postcode': 'Postcode moet vier cijfers en twee letters zijn, bijvoorbeeld 1234 AB.',
    });
    expect(await stack.prisma.signaal.count({ where: { referentie: 'x' } })).toBe(0);
  });

  it('answers malformed JSON with problem+json', async () => {
    const antwoord = await http<Probleem>('POST', `${stack.basis}/signalen`, {
      apiSleutel: THUISBAAS,
      ruw: '{"referentie": ',
    });
    expect(antwoord.status).toBe(400);
    expect(antwoord.body.title).toBe('De body is geen geldige JSON.');
  });

  describe('authentication and tenant scoping', () => {
    let signaalUtrecht: string;
    beforeAll(async () => {
      signaalUtrecht = (await leverAan(THUISBAAS)).body.id;
      await gerouteerd(signaalUtrecht);
    });

    it('refuses calls without credentials, with a wrong key or an ended session', async () => {
      expect((await http('GET', `${stack.basis}/signalen/${signaalUtrecht}`)).status).toBe(401);
      expect(
        (
          await http('GET', `${stack.basis}/signalen/${signaalUtrecht}`, {
            apiSleutel: 'vs_onbekend',
          })
        ).status,
      ).toBe(401);
      const token = await logIn(stack.basis, 'teamleider@utrecht.demo', DEMO_WACHTWOORD);
      expect(
        (await http('GET', `${stack.basis}/signalen/${signaalUtrecht}`, { token })).status,
      ).toBe(200);
      expect((await http('DELETE', `${stack.basis}/sessies/huidige`, { token })).status).toBe(204);
      expect(
        (await http('GET', `${stack.basis}/signalen/${signaalUtrecht}`, { token })).status,
      ).toBe(401);
    });

    it('refuses a wrong password without saying whether the account exists', async () => {
      const fout = await http<Probleem>('POST', `${stack.basis}/sessies`, {
        body: { email: 'behandelaar@utrecht.demo', wachtwoord: 'fout' },
      });
      const onbekend = await http<Probleem>('POST', `${stack.basis}/sessies`, {
        body: { email: 'niemand@utrecht.demo', wachtwoord: 'fout' },
      });
      expect(fout.status).toBe(401);
      expect(onbekend.status).toBe(401);
      expect(fout.body.detail).toBe(onbekend.body.detail);
    });

    it('shows a signal of gemeente A to A and answers 404 to a user of gemeente B', async () => {
      expect(
        (await http('GET', `${stack.basis}/signalen/${signaalUtrecht}`, { token: utrecht })).status,
      ).toBe(200);
      const anderGemeente = await http<Probleem>(
        'GET',
        `${stack.basis}/signalen/${signaalUtrecht}`,
        { token: zwolle },
      );
      expect(anderGemeente.status).toBe(404);
      expect(anderGemeente.body.title).toBe('Signaal niet gevonden.');
    });

    it('shows a creditor its own signals only', async () => {
      expect(
        (await http('GET', `${stack.basis}/signalen/${signaalUtrecht}`, { apiSleutel: THUISBAAS }))
          .status,
      ).toBe(200);
      const portaal = await logIn(stack.basis, 'portaal@thuisbaas.demo', DEMO_WACHTWOORD);
      expect(
        (await http('GET', `${stack.basis}/signalen/${signaalUtrecht}`, { token: portaal })).status,
      ).toBe(200);
      expect(
        (await http('GET', `${stack.basis}/signalen/${signaalUtrecht}`, { apiSleutel: SAMEN }))
          .status,
      ).toBe(404);
    });

    it('lets only creditors deliver signals', async () => {
      const antwoord = await http<Probleem>('POST', `${stack.basis}/signalen`, {
        token: utrecht,
        body: eenSignaal(),
      });
      expect(antwoord.status).toBe(403);
    });

    it('writes every read of personal data to the audit log, without the data itself', async () => {
      await http('GET', `${stack.basis}/signalen/${signaalUtrecht}`, { token: zwolle });
      const regels = await stack.prisma.auditLog.findMany({
        where: { objectId: signaalUtrecht, actie: 'signaal_inzien' },
      });
      expect(regels.map((r) => r.resultaat)).toEqual(
        expect.arrayContaining(['gelukt', 'niet_gevonden']),
      );
      expect(
        JSON.stringify(regels, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      ).not.toContain('Jansen');
    });
  });

  describe('API basics', () => {
    it('reports PostgreSQL and Temporal separately on /health', async () => {
      const antwoord = await http('GET', `${stack.basis}/health`);
      expect(antwoord.status).toBe(200);
      expect(antwoord.body).toEqual({
        status: 'ok',
        onderdelen: { postgresql: { status: 'ok' }, temporal: { status: 'ok' } },
      });
    });

    it('serves the OpenAPI document unauthenticated with an API-Version header', async () => {
      const antwoord = await http<{ openapi: string; paths: Record<string, unknown> }>(
        'GET',
        `${stack.basis}/openapi.json`,
      );
      expect(antwoord.status).toBe(200);
      expect(antwoord.headers.get('api-version')).toBe('1.0.0');
      expect(antwoord.body.openapi).toMatch(/^3\./);
      expect(Object.keys(antwoord.body.paths)).toEqual(
        expect.arrayContaining(['/signalen', '/signalen/{id}', '/health', '/sessies']),
      );
    });

    it('answers unknown URLs with problem+json', async () => {
      const antwoord = await http<Probleem>('GET', `${stack.basis}/bestaat-niet`, {
        token: operator,
      });
      expect(antwoord.status).toBe(404);
      expect(antwoord.headers.get('content-type')).toContain('application/problem+json');
      expect(antwoord.headers.get('api-version')).toBe('1.0.0');
    });
  });
});
