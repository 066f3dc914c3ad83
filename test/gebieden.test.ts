import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// The operator maintains the routing table and the area names through the API;
// a gemeente's beheerder names its own wijken and buurten and composes kernen.
// An old edition (2018) is used, so routing in other tests keeps the newest.

const JAAR = 2018;
const WIJK = '019399';
const BUURT = '01939901';

interface Indeling {
  gemeente: { code: string; naam: string };
  wijken: { code: string; naam: string; buurten: { code: string; naam: string }[] }[];
  kernen: { naam: string; wijken: string[]; buurten: string[]; postcodes: string[] }[];
}

describe('routing table and area names through the API', () => {
  let stack: Teststack;
  const token: Record<string, string> = {};

  async function csv(pad: string, inhoud: string, wie: string, contentType = 'text/csv') {
    const antwoord = await fetch(`${stack.basis}${pad}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token[wie]}`, 'content-type': contentType },
      body: inhoud,
    });
    return { status: antwoord.status, body: (await antwoord.json()) as Record<string, unknown> };
  }
  const indeling = async (wie: string, query = '') =>
    http<Indeling>('GET', `${stack.basis}/gebieden${query}`, { token: token[wie] });

  beforeAll(async () => {
    stack = await startStack();
    for (const [wie, email] of [
      ['operator', 'operator@vroegsignaal.demo'],
      ['zwolle', 'beheerder@zwolle.demo'],
      ['zwolleBehandelaar', 'behandelaar@zwolle.demo'],
      ['utrecht', 'beheerder@utrecht.demo'],
    ] as const)
      token[wie] = await logIn(stack.basis, email, DEMO_WACHTWOORD);
  });
  afterAll(async () => {
    await stack.prisma.kern.deleteMany({ where: { naam: 'Testkern' } });
    await stack.prisma.buurt.deleteMany({ where: { code: BUURT } });
    await stack.prisma.wijk.deleteMany({ where: { code: WIJK } });
    await stack.prisma.routeringsadres.deleteMany({ where: { jaar: JAAR } });
    await stack.prisma.routeringstabel.deleteMany({ where: { jaar: JAAR } });
    await stack.stop();
  });

  it('imports an edition streamed from the request, and refuses a faulty one whole', async () => {
    const kop = `PC6;Huisnummer;Buurt${JAAR};Wijk${JAAR};Gemeente${JAAR}`;
    const goed = await csv(
      '/routeringstabellen',
      `${kop}\r\n8011AA;1;${BUURT};${WIJK};0193\r\n1012AB;1;0363AF01;0363AF;0363\r\n`,
      'operator',
    );
    expect(goed).toMatchObject({ status: 201, body: { jaar: JAAR, aantalAdressen: 2 } });

    // The new Zwolle wijk got a row at once (Amsterdam does not use Vroegsignaal).
    const { body } = await indeling('zwolle');
    expect(body.wijken.find((w) => w.code === WIJK)).toEqual({
      code: WIJK,
      naam: `Wijk ${WIJK}`,
      buurten: [{ code: BUURT, naam: `Buurt ${BUURT}` }],
    });
    expect(await stack.prisma.wijk.count({ where: { code: '0363AF' } })).toBe(0);

    const fout = await csv(
      '/routeringstabellen',
      `${kop}\n8011AA;1;${BUURT};${WIJK};0193\n8011 AB;2;${BUURT};${WIJK};0193\n`,
      'operator',
    );
    expect(fout.status).toBe(400);
    expect(fout.body.detail).toContain('regel 3: ongeldige postcode "8011 AB"');
    const andereKop = await csv('/routeringstabellen', 'postcode;gemeente\n', 'operator');
    expect(andereKop.status).toBe(400);
    expect(andereKop.body.detail).toContain(
      'verwacht PC6;Huisnummer;BuurtJJJJ;WijkJJJJ;GemeenteJJJJ',
    );

    const lijst = await http<{ routeringstabellen: { jaar: number; aantalAdressen: number }[] }>(
      'GET',
      `${stack.basis}/routeringstabellen`,
      { token: token.operator },
    );
    expect(lijst.body.routeringstabellen.find((t) => t.jaar === JAAR)?.aantalAdressen).toBe(2);
  });

  it('takes names from the CBS companion list, for participating gemeenten only', async () => {
    const antwoord = await csv(
      '/gebiedsnamen',
      `\uFEFFWK_CODE;WK_NAAM\r\nWK${WIJK};Proefwijk\r\nWK0363AF;Centrum-West\r\n`,
      'operator',
    );
    expect(antwoord).toEqual({
      status: 200,
      body: { gemeente: 0, wijk: 1, buurt: 0, overgeslagen: 1 },
    });
    expect(
      (
        await csv(
          '/gebiedsnamen',
          `BU_CODE;BU_NAAM\nBU${BUURT};Proefbuurt\nGM0193;Zwolle\n`,
          'operator',
        )
      ).body,
    ).toEqual({ gemeente: 1, wijk: 0, buurt: 1, overgeslagen: 0 });

    const fout = await csv(
      '/gebiedsnamen',
      `code;naam\n${WIJK};Goed\nXX12;Fout\n${BUURT};\n`,
      'operator',
    );
    expect(fout.status).toBe(400);
    expect(fout.body.detail).toContain('regel 3: "XX12" is geen gemeente-, wijk- of buurtcode');
    expect(fout.body.detail).toContain(`regel 4: geen naam bij ${BUURT}`);
    // Refused as a whole: line 2 was not applied.
    expect((await stack.prisma.wijk.findUnique({ where: { code: WIJK } }))?.naam).toBe('Proefwijk');

    const { body } = await indeling('zwolleBehandelaar');
    expect(body.gemeente).toEqual({ code: '0193', naam: 'Zwolle' });
    expect(body.wijken.find((w) => w.code === WIJK)).toEqual({
      code: WIJK,
      naam: 'Proefwijk',
      buurten: [{ code: BUURT, naam: 'Proefbuurt' }],
    });
  });

  it('lets a gemeente beheerder rename its own wijken and buurten only', async () => {
    const hernoem = (wie: string, code: string, naam: string) =>
      http('PATCH', `${stack.basis}/gebieden/${code}`, { token: token[wie], body: { naam } });
    expect((await hernoem('zwolle', `BU${BUURT}`, 'Nieuwe naam')).status).toBe(200);
    expect((await stack.prisma.buurt.findUnique({ where: { code: BUURT } }))?.naam).toBe(
      'Nieuwe naam',
    );
    expect((await hernoem('utrecht', WIJK, 'Gekaapt')).status).toBe(404);
    expect((await hernoem('utrecht', BUURT, 'Gekaapt')).status).toBe(404);
    expect((await hernoem('zwolleBehandelaar', WIJK, 'Mag niet')).status).toBe(403);
    const leeg = await hernoem('zwolle', WIJK, ' ');
    expect(leeg.status).toBe(400);
    expect(leeg.body.invalidParams).toEqual([
      expect.objectContaining({ name: 'naam', reason: 'naam is verplicht.' }),
    ]);
    expect((await stack.prisma.wijk.findUnique({ where: { code: WIJK } }))?.naam).toBe('Proefwijk');
  });

  it('keeps each gemeente to its own indeling', async () => {
    expect((await indeling('utrecht', '?gemeente=0193')).status).toBe(404);
    expect((await indeling('utrecht')).body.wijken.some((w) => w.code === WIJK)).toBe(false);
    expect((await indeling('operator')).status).toBe(400);
    expect((await indeling('operator', '?gemeente=0193')).body.gemeente.code).toBe('0193');
  });

  it('composes a kern from wijken and postcodes, refusing areas of another gemeente', async () => {
    const zet = (wie: string, body: unknown) =>
      http('PUT', `${stack.basis}/kernen/Testkern`, { token: token[wie], body });
    expect((await zet('zwolle', { wijken: [WIJK], postcodes: ['8011'] })).status).toBe(200);
    const weigering = await zet('zwolle', { wijken: [WIJK, '034401'] });
    expect(weigering.status).toBe(400);
    expect(weigering.body.detail).toBe('Deze codes horen niet bij uw gemeente: 034401.');
    expect((await zet('zwolleBehandelaar', { wijken: [WIJK] })).status).toBe(403);

    expect((await indeling('zwolle')).body.kernen.find((k) => k.naam === 'Testkern')).toEqual({
      naam: 'Testkern',
      wijken: [WIJK],
      buurten: [],
      postcodes: ['8011'],
    });
    expect((await indeling('utrecht')).body.kernen.some((k) => k.naam === 'Testkern')).toBe(false);
  });

  it('refuses other media types and non-operators for imports', async () => {
    const json = await csv('/gebiedsnamen', '{}', 'operator', 'application/json');
    expect(json.status).toBe(415);
    expect((await csv('/routeringstabellen', 'x', 'zwolle')).status).toBe(403);
  });
});
