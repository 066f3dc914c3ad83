import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { meldingWorkflowId, signaalWorkflowId } from '../workflows/contracts.js';
import { DEMO_SIGNAALPARTNERS } from '../prisma/demo/organisaties.js';
import { SLEUTEL_ID, VERSLEUTELD, VersleutelCodec } from '../apps/shared/payloadcodec.js';
import { exporteerHistorie, historieAlsTekst } from './hulp/historie.js';
import { wachtTot } from './hulp/omgeving.js';
import { richtProefgemeenteIn, type Proefgemeente } from './hulp/proefgemeente.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, startStack, type Teststack } from './hulp/stack.js';

// Payload encryption end to end: what the Temporal server stores is
// unreadable without the codec, and the Temporal Web UI's path (a teamleider's
// browser calling the API's codec endpoint from the UI's origin) reads it.

const THUISBAAS = DEMO_SIGNAALPARTNERS.find((p) => p.naam === 'Woonstichting Thuisbaas')!;
const UNIEK = {
  achternaam: 'Versleutelinga',
  voorletters: 'Q.X.',
  geboortedatum: '1963-07-29',
  bsn: '246813581', // passes the 11-proef
  straat: 'Cijfertekststraat',
  email: 'q.versleutelinga@example.org',
  telefoon: '06-98765432',
  bedrag: '1.234,87',
  centen: '123487',
};

type JsonPayload = { metadata?: Record<string, string>; data?: string };
const tekstVan = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64').toString('utf8');

/** Every payload in an exported history, with where it sits; search attributes apart. */
function payloadsIn(historie: unknown): { pad: string; payload: JsonPayload }[] {
  const gevonden: { pad: string; payload: JsonPayload }[] = [];
  const loop = (waarde: unknown, pad: string): void => {
    if (Array.isArray(waarde)) waarde.forEach((w, i) => loop(w, `${pad}[${i}]`));
    else if (waarde && typeof waarde === 'object') {
      const object = waarde as Record<string, unknown>;
      const metadata = object.metadata as Record<string, unknown> | undefined;
      if (metadata && typeof metadata.encoding === 'string') {
        gevonden.push({ pad, payload: object });
        return;
      }
      for (const [k, w] of Object.entries(object)) loop(w, `${pad}.${k}`);
    }
  };
  loop(historie, '');
  return gevonden;
}

describe('encrypted workflow payloads and the Temporal UI codec endpoint', () => {
  let stack: Teststack;
  let gemeente: Proefgemeente;
  let anderGemeente: Proefgemeente;
  let teamleider: string;
  let behandelaar: string;
  let teamleiderElders: string;
  let signaalId: string;
  let meldingId: string;
  let uiOrigin: string;
  const codec = () => `${stack.basis}/temporal-codec`;

  beforeAll(async () => {
    stack = await startStack();
    uiOrigin = new URL(stack.config.TEMPORAL_UI_URL).origin;
    gemeente = await richtProefgemeenteIn(stack, {
      code: '9801',
      naam: 'Codecdam',
      wijken: [{ code: '980101', naam: 'Sleutelwijk', huisnummers: [1, 50] }],
    });
    anderGemeente = await richtProefgemeenteIn(stack, {
      code: '9802',
      naam: 'Anderdam',
      wijken: [{ code: '980201', naam: 'Andere wijk', huisnummers: [1, 50] }],
    });
    teamleider = await gemeente.gebruiker('teamleider@codec9801.test', 'TEAMLEIDER');
    behandelaar = await gemeente.gebruiker('behandelaar@codec9801.test', 'BEHANDELAAR');
    teamleiderElders = await anderGemeente.gebruiker('teamleider@codec9802.test', 'TEAMLEIDER');

    const aangeleverd = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
      apiSleutel: THUISBAAS.apiSleutel,
      body: eenSignaal({
        bedrag: UNIEK.bedrag,
        persoon: {
          voorletters: UNIEK.voorletters,
          achternaam: UNIEK.achternaam,
          geboortedatum: UNIEK.geboortedatum,
          bsn: UNIEK.bsn,
        },
        adres: {
          straat: UNIEK.straat,
          postcode: gemeente.postcode,
          huisnummer: 17,
          woonplaats: 'Codecdam',
        },
        contact: { email: UNIEK.email, telefoonnummer: UNIEK.telefoon },
      }),
    });
    expect(aangeleverd.status).toBe(201);
    signaalId = aangeleverd.body.id;
    meldingId = await wachtTot(
      async () =>
        (await stack.prisma.signaal.findUnique({ where: { id: signaalId } }))?.meldingId ?? null,
      { wat: 'de melding van het signaal', timeoutMs: 60_000 },
    );
    // Routing and joining the melding run inside one workflow task: the
    // signal's history has them once its workflow completed.
    await stack.temporal.workflow.getHandle(signaalWorkflowId(signaalId)).result();
    // The melding workflow has taken the signal in once its read model shows it.
    await wachtTot(
      () =>
        Promise.resolve(
          historieAlsTekst(meldingWorkflowId(meldingId)).includes(`"signaalId":"${signaalId}"`),
        ),
      { wat: 'het signaal in de meldingworkflow', timeoutMs: 60_000 },
    );
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('stores no readable value of the melding in any payload of the raw history', async () => {
    const persoon = await stack.prisma.signaalPersoonsgegevens.findUniqueOrThrow({
      where: { signaalId },
    });
    const gevoelig = [
      UNIEK.achternaam,
      UNIEK.geboortedatum,
      UNIEK.bsn,
      UNIEK.straat,
      UNIEK.email,
      UNIEK.telefoon,
      UNIEK.centen,
      UNIEK.bedrag,
      signaalId,
      meldingId,
      persoon.signaalId,
      gemeente.postcode,
    ];
    for (const workflowId of [signaalWorkflowId(signaalId), meldingWorkflowId(meldingId)]) {
      const ruw = exporteerHistorie(workflowId);
      const payloads = payloadsIn(JSON.parse(ruw));
      // Three kinds stay readable by design, and are searched below all the same:
      // search attributes (the server indexes them; codes only), the patch
      // markers the SDK writes itself (a patch name, for replay) and its
      // local-activity markers' bookkeeping (sequence, activity type, times);
      // a local activity's result beside it is encrypted.
      const versleuteld = payloads.filter(
        ({ pad }) =>
          !pad.includes('searchAttributes') &&
          !pad.includes('patch-data') &&
          !pad.includes('markerRecordedEventAttributes.details.data.'),
      );
      expect(versleuteld.length).toBeGreaterThanOrEqual(2);
      for (const { pad, payload } of versleuteld) {
        expect({ pad, encoding: tekstVan(payload.metadata!.encoding) }).toEqual({
          pad,
          encoding: VERSLEUTELD,
        });
        expect(tekstVan(payload.metadata![SLEUTEL_ID])).toBe(stack.config.PAYLOAD_SLEUTEL_ACTUEEL);
      }
      const ruwMetData = historieAlsTekst(workflowId, { ontsleutelen: false });
      for (const waarde of gevoelig) {
        for (const { payload } of payloads) {
          expect(tekstVan(payload.data)).not.toContain(waarde);
          expect(payload.data ?? '').not.toContain(waarde);
        }
      }
      for (const waarde of gevoelig.slice(0, 8)) expect(ruwMetData).not.toContain(waarde);
      // Decrypted, the same history does carry the workflow's ids and codes:
      // the search above looked at real workflow input, not at empty payloads.
      const open = historieAlsTekst(workflowId);
      expect(open).toContain(`"signaalId":"${signaalId}"`);
      for (const waarde of gevoelig.slice(0, 8)) expect(open).not.toContain(waarde);
    }
  });

  async function sessieCookie(token: string): Promise<{ status: number; cookie: string }> {
    const antwoord = await fetch(`${codec()}/sessie`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: antwoord.status, cookie: antwoord.headers.get('set-cookie') ?? '' };
  }

  /** The raw input payloads of a workflow (the signal's unless named), as the UI would send them. */
  function startinvoer(workflowId = signaalWorkflowId(signaalId)): JsonPayload[] {
    const historie = JSON.parse(exporteerHistorie(workflowId)) as {
      events: {
        workflowExecutionStartedEventAttributes?: { input: { payloads: JsonPayload[] } };
      }[];
    };
    return historie.events[0]!.workflowExecutionStartedEventAttributes!.input.payloads;
  }

  function decode(
    payloads: JsonPayload[],
    { cookie, token, origin = uiOrigin, namespace = 'default' }: Record<string, string> = {},
  ) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      origin,
      'x-namespace': namespace,
    };
    if (cookie) headers.cookie = cookie;
    if (token) headers.authorization = `Bearer ${token}`;
    return fetch(`${codec()}/decode`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ payloads }),
    });
  }

  it('answers the Temporal UI’s CORS preflight for its own origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${codec()}/decode`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace',
        },
      });
    const eigen = await preflight(uiOrigin);
    expect(eigen.status).toBe(204);
    expect(eigen.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect(eigen.headers.get('access-control-allow-credentials')).toBe('true');
    expect(eigen.headers.get('access-control-allow-methods')).toContain('POST');
    const toegestaan = (eigen.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['authorization', 'content-type', 'x-namespace'])
      expect(toegestaan).toContain(header);

    const vreemd = await preflight('https://kwaadaardig.example');
    expect(vreemd.headers.get('access-control-allow-origin')).toBeNull();
    expect(vreemd.headers.get('access-control-allow-credentials')).toBeNull();
    const antwoord = await decode(startinvoer(), {
      token: teamleider,
      origin: 'https://kwaadaardig.example',
    });
    expect(antwoord.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('decodes the history for a teamleider through the session cookie, as the UI does', async () => {
    const { status, cookie } = await sessieCookie(teamleider);
    expect(status).toBe(204);
    expect(cookie).toMatch(/^vs_temporal_codec=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/v1/temporal-codec');
    const voor = new Date();
    const antwoord = await decode(startinvoer(), { cookie: cookie.split(';')[0]! });
    expect(antwoord.status).toBe(200);
    expect(antwoord.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    const { payloads } = (await antwoord.json()) as { payloads: JsonPayload[] };
    expect(tekstVan(payloads[0]!.metadata!.encoding)).toBe('json/plain');
    const invoer = JSON.parse(tekstVan(payloads[0]!.data)) as Record<string, unknown>;
    expect(invoer).toMatchObject({ signaalId });
    expect(JSON.stringify(invoer)).not.toContain(UNIEK.achternaam);

    // Reading workflow data is on the record: who, when, how many; not what.
    const regels = await stack.prisma.auditLog.findMany({
      where: { actie: 'temporal_payloads_ontsleuteld', tijdstip: { gte: voor } },
    });
    expect(regels).toHaveLength(1);
    expect(regels[0]).toMatchObject({
      organisatieId: gemeente.id,
      objectType: 'TemporalPayload',
      objectId: `default aantal=${payloads.length}`,
      resultaat: 'gelukt',
    });
  });

  it('accepts the bearer token too, and passes unencrypted payloads through', async () => {
    const onversleuteld = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('"ongewijzigd"').toString('base64'),
    };
    const antwoord = await decode([onversleuteld], { token: teamleider });
    expect(antwoord.status).toBe(200);
    expect(await antwoord.json()).toEqual({ payloads: [onversleuteld] });
  });

  it('refuses anyone but a teamleider', async () => {
    expect((await decode(startinvoer())).status).toBe(401);
    expect((await decode(startinvoer(), { cookie: 'vs_temporal_codec=verzonnen' })).status).toBe(
      401,
    );
    const alsBehandelaar = await decode(startinvoer(), { token: behandelaar });
    expect(alsBehandelaar.status).toBe(403);
    expect(((await alsBehandelaar.json()) as { title: string }).title).toBe('Geen toegang.');
    expect((await sessieCookie(behandelaar)).status).toBe(403);
    const signaalpartner = await fetch(`${codec()}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': THUISBAAS.apiSleutel },
      body: JSON.stringify({ payloads: [] }),
    });
    expect(signaalpartner.status).toBe(403);
  });

  it('refuses another namespace, and a tampered payload, naming the key but not the data', async () => {
    const verkeerd = await decode(startinvoer(), { token: teamleider, namespace: 'anders' });
    expect(verkeerd.status).toBe(400);
    const [payload] = startinvoer();
    const data = Buffer.from(payload!.data!, 'base64');
    data[30] = data[30]! ^ 0xff;
    const gewijzigd = await decode([{ ...payload, data: data.toString('base64') }], {
      token: teamleider,
    });
    expect(gewijzigd.status).toBe(400);
    const probleem = (await gewijzigd.json()) as { detail: string };
    expect(probleem.detail).toContain(`sleutel "${stack.config.PAYLOAD_SLEUTEL_ACTUEEL}"`);
    expect(gewijzigd.headers.get('content-type')).toContain('application/problem+json');
  });

  /** A payload encrypted in-test with the stack's key, as the worker would write it. */
  async function versleuteld(waarde: unknown): Promise<JsonPayload> {
    const codec = new VersleutelCodec({
      sleutels: stack.config.PAYLOAD_SLEUTELS,
      actueel: stack.config.PAYLOAD_SLEUTEL_ACTUEEL,
    });
    const [payload] = await codec.encode([
      {
        metadata: { encoding: Buffer.from('json/plain') },
        data: Buffer.from(JSON.stringify(waarde)),
      },
    ]);
    return {
      metadata: Object.fromEntries(
        Object.entries(payload!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(payload!.data!).toString('base64'),
    };
  }

  it('reveals the melding workflow’s input to its own gemeente’s teamleider', async () => {
    const antwoord = await decode(startinvoer(meldingWorkflowId(meldingId)), { token: teamleider });
    expect(antwoord.status).toBe(200);
    const { payloads } = (await antwoord.json()) as { payloads: JsonPayload[] };
    expect(JSON.parse(tekstVan(payloads[0]!.data))).toMatchObject({
      meldingId,
      gemeentecode: '9801',
    });
  });

  it('refuses another gemeente’s teamleider, revealing none of the ids', async () => {
    for (const workflowId of [signaalWorkflowId(signaalId), meldingWorkflowId(meldingId)]) {
      const voor = new Date();
      const invoer = startinvoer(workflowId);
      const antwoord = await decode(invoer, { token: teamleiderElders });
      const tekst = await antwoord.text();
      expect(antwoord.status).toBe(404);
      expect(antwoord.headers.get('content-type')).toContain('application/problem+json');
      expect((JSON.parse(tekst) as { title: string }).title).toBe(
        'Deze workflowgegevens horen niet bij uw gemeente.',
      );
      for (const id of [signaalId, meldingId]) expect(tekst).not.toContain(id);
      const regels = await stack.prisma.auditLog.findMany({
        where: { actie: 'temporal_payloads_ontsleuteld', tijdstip: { gte: voor } },
      });
      expect(regels).toEqual([
        expect.objectContaining({
          organisatieId: anderGemeente.id,
          objectId: `default aantal=${invoer.length}`,
          resultaat: 'geweigerd',
        }),
      ]);
    }

    // Mixed with a payload it may read, the refused one comes back still
    // encrypted (the UI shows it as undecodable) and the other decoded.
    const vrij = await versleuteld({ x: 1 });
    const [vreemd] = startinvoer();
    const gemengd = await decode([vreemd!, vrij], { token: teamleiderElders });
    const tekst = await gemengd.text();
    expect(gemengd.status).toBe(200);
    const { payloads } = JSON.parse(tekst) as { payloads: JsonPayload[] };
    expect(payloads[0]).toEqual(vreemd);
    expect(tekstVan(payloads[0]!.metadata!.encoding)).toBe(VERSLEUTELD);
    expect(JSON.parse(tekstVan(payloads[1]!.data))).toEqual({ x: 1 });
    for (const id of [signaalId, meldingId]) expect(tekst).not.toContain(id);
  });

  it('decodes a payload without identifiers for any teamleider, nothing more', async () => {
    const vrij = await versleuteld({ x: 1, status: 'OPEN' });
    for (const token of [teamleider, teamleiderElders]) {
      const antwoord = await decode([vrij], { token });
      expect(antwoord.status).toBe(200);
      const { payloads } = (await antwoord.json()) as { payloads: JsonPayload[] };
      expect(JSON.parse(tekstVan(payloads[0]!.data))).toEqual({ x: 1, status: 'OPEN' });
    }
    // A gemeente code is the caller's own or refused, also without any id.
    const rapport = await versleuteld({ gemeentecode: '9801', maand: '2026-10' });
    expect((await decode([rapport], { token: teamleider })).status).toBe(200);
    expect((await decode([rapport], { token: teamleiderElders })).status).toBe(404);
    // An id nobody can find is refused even to the own gemeente: fail closed.
    const onbekend = await versleuteld({ meldingId: '0d6f0a59-7f3c-4c8e-9f56-3f5d7f2b9e11' });
    expect((await decode([onbekend], { token: teamleider })).status).toBe(404);
    // An id of the own gemeente inside free text counts as well.
    const inTekst = await versleuteld({ message: `Melding ${meldingId} niet gevonden` });
    expect((await decode([inTekst], { token: teamleider })).status).toBe(200);
    expect((await decode([inTekst], { token: teamleiderElders })).status).toBe(404);
  });

  it('has no encode endpoint: actions go through the API, not the Temporal UI', async () => {
    const antwoord = await fetch(`${codec()}/encode`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${teamleider}`,
        origin: uiOrigin,
      },
      body: JSON.stringify({ payloads: [] }),
    });
    expect(antwoord.status).toBe(404);
  });
});
