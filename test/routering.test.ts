import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { wachtTot } from './hulp/omgeving.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// Signals that routing cannot place are held, not lost: they wait in the
// operator's queue until a gemeente is assigned, and their workflow then goes on.

const sleutel = (type: string) => DEMO_SIGNAALPARTNERS.find((p) => p.type === type)!.apiSleutel;

interface SignaalJson {
  id: string;
  routering: {
    status: string;
    toelichting: string;
    handmatig: boolean;
    gemeente: { code: string } | null;
  };
}
interface Pagina {
  signalen: SignaalJson[];
  totaal: number;
  _links: { next?: { href: string } };
}

describe('holding and releasing unroutable signals', () => {
  let stack: Teststack;
  let operator: string;
  let utrecht: string;
  beforeAll(async () => {
    stack = await startStack();
    operator = await logIn(stack.basis, 'operator@vroegsignaal.demo', DEMO_WACHTWOORD);
    utrecht = await logIn(stack.basis, 'behandelaar@utrecht.demo', DEMO_WACHTWOORD);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function geplaatst(id: string, apiSleutel: string): Promise<SignaalJson> {
    return wachtTot(
      async () => {
        const { body } = await http<SignaalJson>('GET', `${stack.basis}/signalen/${id}`, {
          apiSleutel,
        });
        return body.routering.status !== 'ONTVANGEN' && body;
      },
      { wat: `routering van ${id}` },
    );
  }

  async function inWachtrij(token: string): Promise<string[]> {
    const ids: string[] = [];
    let volgende: string | undefined = '/v1/signalen?status=niet-gerouteerd&paginagrootte=100';
    while (volgende) {
      const { status, body }: { status: number; body: Pagina } = await http<Pagina>(
        'GET',
        `${stack.basis}${volgende.replace('/v1', '')}`,
        { token },
      );
      expect(status).toBe(200);
      ids.push(...body.signalen.map((s) => s.id));
      volgende = body._links.next?.href;
    }
    return ids;
  }

  it('queues an unknown address for the operator and continues once a gemeente is assigned', async () => {
    const { body } = await http<SignaalJson>('POST', `${stack.basis}/signalen`, {
      apiSleutel: sleutel('HUUR'),
      body: eenSignaal({ adres: { postcode: '1012AB', huisnummer: 9, woonplaats: 'Amsterdam' } }),
    });
    const vastgehouden = await geplaatst(body.id, sleutel('HUUR'));
    expect(vastgehouden.routering).toMatchObject({
      status: 'ONBEKEND_ADRES',
      toelichting: 'Adres onbekend',
      gemeente: null,
    });
    const handle = stack.temporal.workflow.getHandle(`signaal-${body.id}`);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    expect(await inWachtrij(operator)).toContain(body.id);
    expect(await inWachtrij(utrecht)).not.toContain(body.id);
    expect(
      await stack.prisma.auditLog.count({ where: { objectId: body.id, actie: 'signaal_inzien' } }),
    ).toBeGreaterThan(0);

    const url = `${stack.basis}/signalen/${body.id}/routering`;
    expect(
      (await http('POST', url, { token: utrecht, body: { gemeentecode: '0344' } })).status,
    ).toBe(403);
    const onbekend = await http<{ invalidParams: { reason: string }[] }>('POST', url, {
      token: operator,
      body: { gemeentecode: '9999' },
    });
    expect(onbekend.status).toBe(400);
    expect(onbekend.body.invalidParams[0]!.reason).toBe(
      'Gemeente 9999 gebruikt Vroegsignaal niet.',
    );

    const toegewezen = await http<SignaalJson>('POST', url, {
      token: operator,
      body: { gemeentecode: '0344' },
    });
    expect(toegewezen.status).toBe(200);
    expect(toegewezen.body.routering).toMatchObject({
      status: 'GEROUTEERD',
      handmatig: true,
      gemeente: { code: '0344' },
    });
    expect(await handle.result()).toMatchObject({
      routeringsstatus: 'GEROUTEERD',
      gemeentecode: '0344',
    });
    expect(
      (await http('GET', `${stack.basis}/signalen/${body.id}`, { token: utrecht })).status,
    ).toBe(200);
    expect(await inWachtrij(operator)).not.toContain(body.id);

    const nogmaals = await http<{ title: string }>('POST', url, {
      token: operator,
      body: { gemeentecode: '0193' },
    });
    expect(nogmaals.status).toBe(409);
    expect(nogmaals.body.title).toBe('Signaal is al gerouteerd.');
  });

  it('tells the creditor when the gemeente is not connected', async () => {
    const { body } = await http<SignaalJson>('POST', `${stack.basis}/signalen`, {
      apiSleutel: sleutel('WATER'),
      body: eenSignaal({ adres: { postcode: '8601AA', huisnummer: 7, woonplaats: 'Sneek' } }),
    });
    expect((await geplaatst(body.id, sleutel('WATER'))).routering).toMatchObject({
      status: 'GEEN_KOPPELING',
      toelichting: 'Gemeente niet aangesloten',
    });

    // In a delivery's results too, the creditor reads per held signal why.
    const onbekend = eenSignaal({
      adres: { postcode: '1012AB', huisnummer: 12, woonplaats: 'Amsterdam' },
    });
    const nietAangesloten = eenSignaal({
      adres: { postcode: '8601AA', huisnummer: 8, woonplaats: 'Sneek' },
    });
    const { body: aanlevering } = await http<{ id: string }>(
      'POST',
      `${stack.basis}/aanleveringen`,
      {
        apiSleutel: sleutel('WATER'),
        body: { signalen: [onbekend, nietAangesloten, eenSignaal()] },
      },
    );
    const resultaat = await wachtTot(
      async () => {
        const { body: a } = await http<{
          routering: Record<string, number>;
          vastgehoudenSignalen: { referentie: string; toelichting: string }[];
        }>('GET', `${stack.basis}/aanleveringen/${aanlevering.id}`, {
          apiSleutel: sleutel('WATER'),
        });
        return a.routering.ONTVANGEN === undefined && a.routering.GEROUTEERD === 1 && a;
      },
      { wat: 'routering van de aanlevering' },
    );
    expect(resultaat.routering).toEqual({ GEROUTEERD: 1, ONBEKEND_ADRES: 1, GEEN_KOPPELING: 1 });
    expect(resultaat.vastgehoudenSignalen.map((v) => [v.referentie, v.toelichting]).sort()).toEqual(
      [
        [onbekend.referentie, 'Adres onbekend'],
        [nietAangesloten.referentie, 'Gemeente niet aangesloten'],
      ].sort(),
    );
  });

  it('stores a withdrawal, shows it to the gemeente and tells a waiting workflow', async () => {
    const signaal = eenSignaal();
    const { body } = await http<SignaalJson>('POST', `${stack.basis}/signalen`, {
      apiSleutel: sleutel('HUUR'),
      body: signaal,
    });
    await geplaatst(body.id, sleutel('HUUR'));
    const url = `${stack.basis}/signalen/${body.id}/intrekking`;
    expect((await http('POST', url, { token: utrecht, body: {} })).status).toBe(403);
    expect((await http('POST', url, { apiSleutel: sleutel('ZORG'), body: {} })).status).toBe(404);

    const eerste = await http<
      SignaalJson & { intrekking: { ingetrokkenOp: string; reden: string } }
    >('POST', url, { apiSleutel: sleutel('HUUR'), body: { reden: 'Klant heeft betaald' } });
    expect(eerste.status).toBe(200);
    expect(eerste.body.intrekking.reden).toBe('Klant heeft betaald');
    const tweede = await http<{ intrekking: { ingetrokkenOp: string; reden: string } }>(
      'POST',
      url,
      { apiSleutel: sleutel('HUUR'), body: { reden: 'anders' } },
    );
    expect(tweede.body.intrekking).toEqual(eerste.body.intrekking);
    const gezien = await http<{ intrekking: { reden: string } }>(
      'GET',
      `${stack.basis}/signalen/${body.id}`,
      { token: utrecht },
    );
    expect(gezien.body.intrekking.reden).toBe('Klant heeft betaald');

    // A held signal that is withdrawn by referentie no longer waits for a gemeente.
    const vast = eenSignaal({
      adres: { postcode: '1012AB', huisnummer: 11, woonplaats: 'Amsterdam' },
    });
    const aangeleverd = await http<SignaalJson>('POST', `${stack.basis}/signalen`, {
      apiSleutel: sleutel('HUUR'),
      body: vast,
    });
    await geplaatst(aangeleverd.body.id, sleutel('HUUR'));
    const opReferentie = await http<{ id: string }>(
      'POST',
      `${stack.basis}/signalen/intrekkingen`,
      { apiSleutel: sleutel('HUUR'), body: { referentie: vast.referentie } },
    );
    expect(opReferentie.status).toBe(200);
    expect(opReferentie.body.id).toBe(aangeleverd.body.id);
    expect(
      await stack.temporal.workflow.getHandle(`signaal-${aangeleverd.body.id}`).result(),
    ).toMatchObject({ routeringsstatus: 'ONBEKEND_ADRES' });
    expect(
      (
        await http('POST', `${stack.basis}/signalen/intrekkingen`, {
          apiSleutel: sleutel('ZORG'),
          body: { referentie: vast.referentie },
        })
      ).status,
    ).toBe(404);
  });
});
