import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { nederlandseDatum } from '../domain/tijd.js';
import {
  type Aanroeper,
  CODE_A,
  CODE_B,
  type Matrixcontext,
  ROLLEN,
  type TenantA,
  type Uitkomst,
  metBeperking,
  richtTenantAIn,
  richtTenantBIn,
  roep,
  toestandVanA,
} from './hulp/isolatiematrix.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { logIn, startStack, type Teststack } from './hulp/stack.js';

// Tenant isolation, proven over the whole API: every operation of the
// OpenAPI document, called by every role of another tenant (and by A's own
// wijk-limited external user) with tenant A's ids, must refuse (403/404) or
// answer without a trace of A; afterwards A's data is exactly as before.

/**
 * How a row is judged:
 * - object:   the call points at one of A's objects: 403 or 404 for every caller.
 * - eigen:    a collection or the caller's own data: any answer below 500, without A's values.
 * - platform: platform operators only: 403 for every caller here.
 * - openbaar: no authentication (@Openbaar): called all the same, answer below 500 without A's values.
 * No 401 is accepted: every role here authenticates on every route (bearer
 * session, DDAS bearer token or X-Api-Key), and a DDAS token gets 403 on any
 * route whose @Rollen does not name DDAS_CLIENT. A new role that cannot
 * authenticate to some route style would need that stated in its row.
 */
type Soort = 'object' | 'eigen' | 'platform' | 'openbaar';

interface Rij {
  soort: Soort;
  /** Path parameter → A's value for it. */
  pad?: Record<string, (a: TenantA) => string>;
  query?: (a: TenantA) => Record<string, string>;
  body?: (a: TenantA, r: Aanroeper) => unknown;
  formulier?: (a: TenantA) => Record<string, string>;
  /** Sent next to the caller's own headers. */
  extraHeaders?: (a: TenantA) => Record<string, string>;
  /** Replaces the caller's own headers (the DDAS token endpoint authenticates with Basic). */
  headers?: (a: TenantA) => Record<string, string>;
  /** Ends the session it is called with: called with a throw-away session of the same user. */
  nieuweSessie?: true;
  /** The answer may repeat what the caller's tenant sent in any call of the matrix (an audit log). */
  eigenPogingen?: true;
  /** A check on top of the soort: returns what is wrong, or null. */
  controle?: (u: Uitkomst, r: Aanroeper) => string | null;
}

const id = (a: TenantA) => a.m2;
const melding = { id };
const geenMeldingen = (u: Uitkomst, r: Aanroeper, aantal: (json: never) => number) =>
  r.zonderMeldingen && u.status === 200 && aantal(u.json as never) !== 0
    ? `tenant B heeft geen meldingen, maar kreeg er ${aantal(u.json as never)}`
    : null;
/** A signal at an address in A: only a creditor with a koppeling to A gets it there. */
const signaalInA = (a: TenantA) =>
  eenSignaal({
    persoon: { voorletters: 'Z.', achternaam: 'Ongekoppeld', geboortedatum: '1990-01-01' },
    adres: {
      straat: 'Grensweg',
      postcode: a.gemeente.postcode,
      huisnummer: 30,
      woonplaats: 'Grensdorp',
    },
  });
const signaalZonderAdres = () =>
  eenSignaal({
    persoon: { voorletters: 'Z.', achternaam: 'Nergens', geboortedatum: '1990-01-01' },
    adres: { straat: 'Onbekendelaan', postcode: '9999 ZZ', huisnummer: 1, woonplaats: 'Nergens' },
  });

/**
 * Every operation of the API and how the matrix calls it. To add an endpoint:
 * add a row under its "METHOD /v1/path" exactly as in the OpenAPI document,
 * pick the soort, fill each path parameter with one of tenant A's values (add
 * the object to richtTenantAIn in test/hulp/isolatiematrix.ts when A has none
 * yet) and give a body that points at A's objects. The test fails for an
 * operation without a row and for a row without an operation. New roles go
 * in ROLLEN in test/hulp/isolatiematrix.ts.
 *
 * Example, a gemeente's own API keys: give A a key in richtTenantAIn (and its
 * revocation state in toestandVanA), then
 *   'GET /v1/apisleutels': { soort: 'eigen' },
 *   'DELETE /v1/apisleutels/{id}': { soort: 'object', pad: { id: (a) => a.apiSleutel } },
 * Public routes (OIDC callbacks, …) are { soort: 'openbaar' }; platform-only
 * ones (e.g. the Temporal codec, if only for operators) { soort: 'platform' }.
 */
export const DEKKING: Record<string, Rij> = {
  'POST /v1/sessies': {
    soort: 'openbaar',
    body: () => ({ email: 'niemand@isolatiestad.test', wachtwoord: 'geen-wachtwoord' }),
  },
  'GET /v1/sessies/huidige': { soort: 'eigen' },
  'DELETE /v1/sessies/huidige': { soort: 'eigen', nieuweSessie: true },
  // Creditor B has no koppeling with A: its signal to an address in A is held,
  // which the state check after the matrix proves. Creditor C may deliver to A,
  // so it sends one routing cannot place, leaving A's data as it was.
  'POST /v1/signalen': {
    soort: 'eigen',
    body: (a, r) => (r.rol.startsWith('C ') ? signaalZonderAdres() : signaalInA(a)),
  },
  'GET /v1/signalen': { soort: 'eigen' },
  'POST /v1/signalen/intrekkingen': {
    soort: 'object',
    body: (a) => ({ referentie: a.referentie, reden: 'Ingetrokken door een ander' }),
  },
  'POST /v1/signalen/{id}/intrekking': {
    soort: 'object',
    pad: { id: (a) => a.signalen[1]! },
    body: () => ({ reden: 'Ingetrokken door een ander' }),
  },
  'POST /v1/signalen/{id}/routering': {
    soort: 'platform',
    pad: { id: (a) => a.signalen[1]! },
    body: () => ({ gemeentecode: CODE_B }),
  },
  'GET /v1/signalen/{id}': { soort: 'object', pad: { id: (a) => a.signalen[1]! } },
  'POST /v1/aanleveringen': {
    soort: 'eigen',
    body: (a, r) => ({ signalen: [r.rol.startsWith('C ') ? signaalZonderAdres() : signaalInA(a)] }),
  },
  'GET /v1/aanleveringen': { soort: 'eigen' },
  'GET /v1/aanleveringen/sjabloon': { soort: 'eigen' },
  'GET /v1/aanleveringen/{id}/foutenrapport': {
    soort: 'object',
    pad: { id: (a) => a.aanlevering },
  },
  'GET /v1/aanleveringen/{id}': { soort: 'object', pad: { id: (a) => a.aanlevering } },
  'POST /v1/routeringstabellen': { soort: 'platform' },
  'GET /v1/routeringstabellen': { soort: 'platform' },
  'POST /v1/gebiedsnamen': { soort: 'platform' },
  'GET /v1/gebieden': { soort: 'eigen', query: () => ({ gemeente: CODE_A }) },
  'PATCH /v1/gebieden/{code}': {
    soort: 'object',
    pad: { code: (a) => a.w2.code },
    body: () => ({ naam: 'Overgenomen wijk' }),
  },
  // The name is per gemeente: another gemeente may have a kern of that name,
  // but never one made of A's wijken.
  'PUT /v1/kernen/{naam}': {
    soort: 'eigen',
    pad: { naam: (a) => a.kern },
    body: (a) => ({ wijken: [a.w1.code, a.w2.code] }),
    controle: (u, r) =>
      r.rol === 'B GEMEENTEBEHEERDER' && u.status !== 400
        ? `een kern uit de wijken van A moet 400 geven, niet ${u.status}`
        : null,
  },
  'GET /v1/gemeenten/{code}/instellingen': { soort: 'object', pad: { code: () => CODE_A } },
  'PATCH /v1/gemeenten/{code}/instellingen': {
    soort: 'object',
    pad: { code: () => CODE_A },
    body: () => ({ minimumBedragInCenten: 99_999 }),
  },
  'GET /v1/gemeenten/{code}/uitnodigingsreeks': { soort: 'object', pad: { code: () => CODE_A } },
  'PUT /v1/gemeenten/{code}/uitnodigingsreeks': {
    soort: 'object',
    pad: { code: () => CODE_A },
    body: () => ({ stappen: [] }),
  },
  'GET /v1/gemeenten/{code}/briefsjablonen': { soort: 'object', pad: { code: () => CODE_A } },
  'GET /v1/gemeenten/{code}/briefsjablonen/{naam}': {
    soort: 'object',
    pad: { code: () => CODE_A, naam: (a) => a.briefsjabloon },
  },
  'POST /v1/gemeenten/{code}/briefsjablonen/{naam}': {
    soort: 'object',
    pad: { code: () => CODE_A, naam: (a) => a.briefsjabloon },
    body: () => ({ onderwerp: 'Overgenomen', tekst: 'Overgenomen tekst' }),
  },
  'POST /v1/gemeenten/{code}/briefsjablonen/{naam}/voorbeeld': {
    soort: 'object',
    pad: { code: () => CODE_A, naam: (a) => a.briefsjabloon },
    body: () => ({ onderwerp: 'Voorbeeld', tekst: 'Voorbeeldtekst' }),
  },
  'GET /v1/meldingen': {
    soort: 'eigen',
    controle: (u, r) => geenMeldingen(u, r, (j: { totaal: number }) => j.totaal),
  },
  'GET /v1/meldingen/aantallen': {
    soort: 'eigen',
    controle: (u, r) => geenMeldingen(u, r, (j: { totaal: number }) => j.totaal),
  },
  'GET /v1/meldingen/ids': {
    soort: 'eigen',
    controle: (u, r) => geenMeldingen(u, r, (j: { totaal: number }) => j.totaal),
  },
  'GET /v1/meldingen/export': { soort: 'eigen' },
  'GET /v1/meldingen/{id}': { soort: 'object', pad: melding },
  'GET /v1/meldingen/{id}/correspondentie/{correspondentieId}': {
    soort: 'object',
    pad: { id, correspondentieId: (a) => a.brief },
  },
  'POST /v1/meldingen/{id}/oppakken': {
    soort: 'object',
    pad: melding,
    body: (_a, r) => (r.collegaId ? { behandelaarId: r.collegaId } : {}),
  },
  'POST /v1/meldingen/{id}/contactpogingen': {
    soort: 'object',
    pad: melding,
    body: () => ({ soort: 'TELEFOON', bereikt: true, datum: '2026-11-20', toelichting: 'Inbraak' }),
  },
  'POST /v1/meldingen/{id}/niet-opgepakt': {
    soort: 'object',
    pad: melding,
    body: () => ({ reden: 'NIET_OPGEPAKT_ANDERE_REDEN' }),
  },
  'POST /v1/meldingen/{id}/afsluiting': {
    soort: 'object',
    pad: melding,
    body: () => ({ resultaat: 'INWONER_HEEFT_ZELF_BETAALD' }),
  },
  // To a third gemeente (Utrecht, demo): transferring to one's own gemeente is refused as such.
  'POST /v1/meldingen/{id}/overdracht': {
    soort: 'object',
    pad: melding,
    body: () => ({ gemeentecode: '0344' }),
  },
  'POST /v1/meldingen/{id}/correspondentie': {
    soort: 'object',
    pad: melding,
    body: () => ({ kanaal: 'BRIEF', sjabloon: 'uitnodiging' }),
  },
  'POST /v1/meldingen/{id}/notities': {
    soort: 'object',
    pad: melding,
    body: () => ({ tekst: 'Notitie van een ander' }),
  },
  'GET /v1/notificaties': { soort: 'eigen' },
  'POST /v1/notificaties/{id}/gelezen': { soort: 'object', pad: { id: (a) => a.notificatie } },
  'GET /v1/health': { soort: 'openbaar' },
  'GET /v1/gebruikers': { soort: 'eigen' },
  // Limiting a new external user to A's wijken is refused: they are not B's.
  'POST /v1/gebruikers': {
    soort: 'eigen',
    body: (a) => ({
      email: 'isolatie-nieuw@scheidingsdorp.test',
      naam: 'Nieuw Extern',
      rol: 'EXTERN',
      wijken: [a.w1.code],
    }),
    controle: (u, r) =>
      r.rol === 'B GEMEENTEBEHEERDER' && u.status !== 400
        ? `een externe gebruiker in de wijken van A moet 400 geven, niet ${u.status}`
        : null,
  },
  'PATCH /v1/gebruikers/{id}': {
    soort: 'object',
    pad: { id: (a) => a.gebruikers.find((g) => g.rol === 'BEHANDELAAR')!.id },
    body: () => ({ actief: false, naam: 'Overgenomen' }),
  },
  'POST /v1/uitnodigingen': {
    soort: 'openbaar',
    body: () => ({ token: 'geen-echte-uitnodiging', wachtwoord: 'een-lang-genoeg-wachtwoord' }),
  },
  'GET /v1/signaalpartners': { soort: 'platform' },
  'POST /v1/signaalpartners': {
    soort: 'platform',
    body: () => ({ naam: 'Isolatie Nooit', type: 'OVERIGE' }),
  },
  'PUT /v1/signaalpartners/{id}/koppelingen/{gemeentecode}': {
    soort: 'platform',
    pad: { id: (a) => a.partnerC.id, gemeentecode: () => CODE_B },
    body: () => ({ grondslag: 'Zelf gekoppeld', startdatum: '2026-01-01' }),
  },
  'DELETE /v1/signaalpartners/{id}/koppelingen/{gemeentecode}': {
    soort: 'platform',
    pad: { id: (a) => a.partnerA.id, gemeentecode: () => CODE_A },
  },
  'GET /v1/vastgehouden-signalen': { soort: 'platform' },
  'GET /v1/werkbakken': {
    soort: 'eigen',
    controle: (u, r) =>
      geenMeldingen(u, r, (j: { werkbakken?: { aantal: number }[] } | { aantal: number }[]) =>
        (Array.isArray(j) ? j : (j.werkbakken ?? [])).reduce((s, b) => s + b.aantal, 0),
      ),
  },
  // A's wijk W2 is outside every caller's reach: nothing may be counted.
  'POST /v1/werkbakken': {
    soort: 'eigen',
    body: (a) => ({ naam: 'Isolatiebak', filter: `wijk=${a.w2.code}` }),
    controle: (u) =>
      u.status === 201 && (u.json as { aantal: number }).aantal !== 0
        ? `de werkbak telt ${(u.json as { aantal: number }).aantal} meldingen in wijk W2 van A`
        : null,
  },
  'DELETE /v1/werkbakken/{id}': { soort: 'object', pad: { id: (a) => a.werkbak } },
  'GET /v1/overzicht': { soort: 'eigen' },
  'GET /v1/exports/beheer.xlsx': {
    soort: 'eigen',
    query: () => ({ van: '2026-01-01', tot: '2026-12-31' }),
  },
  'GET /v1/exports/beheer.csv': {
    soort: 'eigen',
    query: () => ({ van: '2026-01-01', tot: '2026-12-31', soort: 'signalen' }),
  },
  'POST /v1/gemeenten': { soort: 'platform', body: () => ({ code: '9869', naam: 'Nooitdorp' }) },
  'DELETE /v1/gemeenten/{code}': { soort: 'platform', pad: { code: () => CODE_A } },
  'GET /v1/rapportages': { soort: 'eigen', query: () => ({ gemeente: CODE_A }) },
  'POST /v1/rapportages': {
    soort: 'object',
    body: () => ({ maand: '2026-10', gemeente: CODE_A }),
  },
  'GET /v1/rapportages/{id}': { soort: 'object', pad: { id: (a) => a.rapportage } },
  'GET /v1/rapportages/{id}/xlsx': { soort: 'object', pad: { id: (a) => a.rapportage } },
  'GET /v1/rapportages/{id}/pdf': { soort: 'object', pad: { id: (a) => a.rapportage } },
  // A PDF: the count header says whether A's letter of today (melding in W2) slipped in.
  'GET /v1/correspondentie/printbatch': {
    soort: 'eigen',
    query: () => ({ datum: nederlandseDatum(new Date()) }),
    controle: (u) =>
      u.status === 200 && u.headers.get('x-aantal-brieven') !== '0'
        ? `de printbatch bevat ${u.headers.get('x-aantal-brieven')} brieven van A`
        : null,
  },
  // A's external user names only the melding outside its wijk: one it may act on would change A.
  'POST /v1/bulkacties': {
    soort: 'eigen',
    body: (a, r) => ({
      meldingIds: r.rol.startsWith('A ') ? [a.m2] : [a.m1, a.m2, a.m3],
      actie: { soort: 'niet_oppakken', reden: 'NIET_OPGEPAKT_ANDERE_REDEN' },
    }),
  },
  'GET /v1/bulkacties': { soort: 'eigen' },
  'GET /v1/bulkacties/{id}': { soort: 'object', pad: { id: (a) => a.bulkactie } },
  // Knowing A's client id is not enough for a token.
  'POST /v1/ddas/token': {
    soort: 'openbaar',
    formulier: () => ({ grant_type: 'client_credentials' }),
    headers: (a) => ({
      authorization: `Basic ${Buffer.from(`${a.ddasClient.clientId}:geraden-geheim`).toString('base64')}`,
    }),
    controle: (u) => (u.status === 401 ? null : `verwacht 401, kreeg ${u.status}`),
  },
  'POST /v1/ddas/gegevens': {
    soort: 'eigen',
    body: () => ({
      aanleverperiodeStartdatum: '2026-11-01',
      aanleverperiodeEinddatum: '2026-11-30',
      gemeentecodes: [CODE_A],
    }),
  },
  'GET /v1/sessies/oidc/gemeenten': { soort: 'openbaar' },
  'GET /v1/sessies/oidc/{gemeentecode}/start': {
    soort: 'openbaar',
    pad: { gemeentecode: () => CODE_A },
  },
  'GET /v1/sessies/oidc/callback': {
    soort: 'openbaar',
    query: () => ({ state: 'geraden-state', code: 'geraden-code' }),
  },
  'POST /v1/sessies/oidc/inwisseling': {
    soort: 'openbaar',
    body: () => ({ code: 'geradencodegeradencodegeradencode' }),
  },
  'GET /v1/gemeenten/{code}/oidc': { soort: 'object', pad: { code: () => CODE_A } },
  'PUT /v1/gemeenten/{code}/oidc': {
    soort: 'object',
    pad: { code: () => CODE_A },
    body: () => ({
      issuer: 'https://idp.kwaadwillend.test',
      clientId: 'overgenomen',
      ingeschakeld: true,
    }),
  },
  // B's log holds its own callers' attempts on A's ids (refused as niet_gevonden,
  // like an id that does not exist): what they sent anywhere in the matrix is theirs.
  'GET /v1/auditregels': { soort: 'eigen', eigenPogingen: true },
  'POST /v1/apisleutels': { soort: 'eigen', body: () => ({ omschrijving: 'Isolatiesleutel' }) },
  'GET /v1/apisleutels': { soort: 'eigen' },
  'DELETE /v1/apisleutels/{id}': { soort: 'object', pad: { id: (a) => a.gemeentesleutel } },
  'POST /v1/webhookabonnementen': {
    soort: 'eigen',
    body: () => ({
      url: 'https://zaaksysteem.scheidingsdorp.test/webhook',
      gebeurtenistypen: ['melding.afgesloten'],
    }),
  },
  'GET /v1/webhookabonnementen': { soort: 'eigen' },
  'GET /v1/webhookabonnementen/{id}': {
    soort: 'object',
    pad: { id: (a) => a.webhookabonnement },
  },
  'DELETE /v1/webhookabonnementen/{id}': {
    soort: 'object',
    pad: { id: (a) => a.webhookabonnement },
  },
  'GET /v1/webhookabonnementen/{id}/afleveringen': {
    soort: 'object',
    pad: { id: (a) => a.webhookabonnement },
  },
  'POST /v1/webhookabonnementen/{id}/afleveringen/{afleveringId}/opnieuw-versturen': {
    soort: 'object',
    pad: { id: (a) => a.webhookabonnement, afleveringId: (a) => a.webhookaflevering },
  },
  // The Temporal Web UI's codec: A's workflow input must not decrypt for anyone outside A.
  'POST /v1/temporal-codec/sessie': { soort: 'eigen' },
  'DELETE /v1/temporal-codec/sessie': { soort: 'eigen' },
  'POST /v1/temporal-codec/decode': {
    soort: 'object',
    body: (a) => ({ payloads: [a.workflowpayload] }),
    extraHeaders: (a) => ({ 'x-namespace': a.namespace }),
  },
  // The caller's own second factor: A's user ids are never involved.
  'POST /v1/sessies/huidige/totp': { soort: 'eigen' },
  'DELETE /v1/sessies/huidige/totp': { soort: 'eigen', body: () => ({ code: '000000' }) },
  'POST /v1/sessies/huidige/totp/bevestiging': {
    soort: 'eigen',
    body: () => ({ code: '000000' }),
  },
  'GET /v1/ddas/clients': { soort: 'platform' },
  'POST /v1/ddas/clients': {
    soort: 'platform',
    body: () => ({ naam: 'Isolatie eigen client', gemeentecodes: [CODE_A] }),
  },
  'DELETE /v1/ddas/clients/{id}': { soort: 'platform', pad: { id: (a) => a.ddasClient.id } },
};

/** Routes the API serves outside the Nest document itself; called like the rest. */
const BUITEN_HET_DOCUMENT: Record<string, Rij> = {
  'GET /v1/openapi.json': { soort: 'openbaar' },
};

const ALLE_RIJEN = { ...DEKKING, ...BUITEN_HET_DOCUMENT };
const RIJEN = Object.keys(ALLE_RIJEN);
const ROLNAMEN = Object.keys(ROLLEN);

function beoordeel(rij: Rij, u: Uitkomst, r: Aanroeper, gestuurd: string): string[] {
  const fouten: string[] = [];
  if (u.status >= 500) fouten.push(`serverfout ${u.status}`);
  if (rij.soort === 'object' && ![403, 404].includes(u.status))
    fouten.push(`verwacht 403 of 404 voor een object van A, kreeg ${u.status}`);
  if (rij.soort === 'platform' && u.status !== 403)
    fouten.push(`verwacht 403 voor platformbeheer, kreeg ${u.status}`);
  // What the caller sent itself (a problem's `instance` repeats the path) is no leak.
  const gelekt = r.verboden.filter((w) => u.tekst.includes(w) && !gestuurd.includes(w));
  if (gelekt.length) fouten.push(`antwoord bevat gegevens van A: ${gelekt.slice(0, 5).join(', ')}`);
  const extra = rij.controle?.(u, r);
  if (extra) fouten.push(extra);
  return fouten;
}

describe('Tenant isolation over every OpenAPI operation', () => {
  let stack: Teststack;
  let context: Matrixcontext;
  let document: { servers: { url: string }[]; paths: Record<string, Record<string, unknown>> };
  const aanroepers = new Map<string, Aanroeper>();
  const uitkomsten = new Map<string, Uitkomst & { gestuurd: string }>();
  let voor: unknown;
  let na: unknown;
  let duur = 0;

  beforeAll(async () => {
    stack = await startStack();
    const operator = await logIn(stack.basis, 'operator@vroegsignaal.demo', DEMO_WACHTWOORD);
    const a = await richtTenantAIn(stack, operator);
    const b = await richtTenantBIn(stack, operator, a.partnerC);
    context = { stack, a, b };
    for (const naam of ROLNAMEN) aanroepers.set(naam, await ROLLEN[naam]!(context));
    document = (await (await fetch(`${stack.basis}/openapi.json`)).json()) as typeof document;
    const uitgezonderd = [...aanroepers.values()].flatMap((r) =>
      r.gebruikerIdInA ? [r.gebruikerIdInA] : [],
    );
    voor = await toestandVanA(stack, a, uitgezonderd);

    const begin = Date.now();
    const gestart = new Date();
    const taken = RIJEN.flatMap((sleutel) =>
      ROLNAMEN.map((rol) => async () => {
        const rij = ALLE_RIJEN[sleutel]!;
        const r = aanroepers.get(rol)!;
        const [methode, sjabloon] = sleutel.split(' ') as [string, string];
        const pad = sjabloon.replace(/\{(\w+)\}/g, (_, naam: string) => {
          const vul = rij.pad?.[naam];
          if (!vul) throw new Error(`${sleutel}: geen waarde voor padparameter ${naam}`);
          return encodeURIComponent(vul(a));
        });
        const headers = {
          ...(rij.headers
            ? rij.headers(a)
            : rij.nieuweSessie && r.nieuweSessie
              ? await r.nieuweSessie()
              : r.headers),
          ...rij.extraHeaders?.(a),
        };
        const verzoek = {
          body: rij.body?.(a, r),
          formulier: rij.formulier?.(a),
          query: rij.query?.(a),
        };
        const uitkomst = await roep(stack.basis, methode, pad, headers, verzoek);
        uitkomsten.set(`${sleutel} | ${rol}`, {
          ...uitkomst,
          gestuurd: `${decodeURIComponent(pad)} ${JSON.stringify(verzoek)}`,
        });
      }),
    );
    await metBeperking(6, taken);
    duur = Date.now() - begin;

    // Work the matrix started (bulkacties, signals) runs on in workflows: let it finish first.
    await wachtOpAchtergrond(stack, gestart);
    na = await toestandVanA(stack, a, uitgezonderd);
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('the matrix covers every operation of the OpenAPI document, and nothing else', () => {
    const operaties = Object.entries(document.paths).flatMap(([pad, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${document.servers[0]!.url}${pad}`),
    );
    const ontbrekend = operaties
      .filter((o) => !(o in DEKKING))
      .map((o) => `Endpoint ${o} staat niet in de isolatiematrix`);
    const verouderd = Object.keys(DEKKING)
      .filter((o) => !operaties.includes(o))
      .map(
        (o) => `Endpoint ${o} staat in de isolatiematrix maar niet (meer) in het OpenAPI-document`,
      );
    expect([...ontbrekend, ...verouderd]).toEqual([]);
  });

  describe.each(RIJEN)('%s', (sleutel) => {
    test.each(ROLNAMEN)('as %s', (rol) => {
      const uitkomst = uitkomsten.get(`${sleutel} | ${rol}`);
      expect(uitkomst).toBeDefined();
      const rij = ALLE_RIJEN[sleutel]!;
      const tenant = rol.split(' ')[0]!;
      const gestuurd = rij.eigenPogingen
        ? [...uitkomsten.entries()]
            .filter(([k]) => k.split(' | ')[1]!.startsWith(`${tenant} `))
            .map(([, u]) => u.gestuurd)
            .join('\n')
        : uitkomst!.gestuurd;
      const fouten = beoordeel(rij, uitkomst!, aanroepers.get(rol)!, gestuurd);
      expect({
        aanroep: `${sleutel} als ${rol}`,
        status: uitkomst!.status,
        fouten,
        antwoord: fouten.length ? uitkomst!.tekst.slice(0, 400) : '',
      }).toEqual({
        aanroep: `${sleutel} als ${rol}`,
        status: uitkomst!.status,
        fouten: [],
        antwoord: '',
      });
    });
  });

  // The control: called as A's own behandelaar, the same endpoints do return
  // A's values, so the leak check above is searching for something real.
  test("A's own behandelaar sees the values the matrix looks for", async () => {
    const { a } = context;
    const melding = await roep(
      stack.basis,
      'GET',
      `/v1/meldingen/${a.m2}`,
      {
        authorization: `Bearer ${a.behandelaarToken}`,
      },
      {},
    );
    expect(melding.status).toBe(200);
    expect(
      [a.m2, a.signalen[1]!, a.notitietekst, a.brief].filter((w) => !melding.tekst.includes(w)),
    ).toEqual([]);
    // The person's surname, BSN and street are among the values searched for.
    expect(a.waardenW2.filter((w) => melding.tekst.includes(w)).length).toBeGreaterThanOrEqual(6);
    const lijst = await roep(
      stack.basis,
      'GET',
      '/v1/meldingen',
      {
        authorization: `Bearer ${a.behandelaarToken}`,
      },
      {},
    );
    expect([a.m1, a.m2, a.m3].filter((w) => !lijst.tekst.includes(w))).toEqual([]);
  });

  test("tenant A's data is exactly as before the matrix", () => {
    expect(na).toEqual(voor);
  });

  test('the size of the matrix', () => {
    const operaties = Object.keys(DEKKING).length;
    const aanroepen = uitkomsten.size;
    console.log(
      `Isolatiematrix: ${operaties} endpoints (+${Object.keys(BUITEN_HET_DOCUMENT).length} buiten het document) × ${ROLNAMEN.length} rollen = ${aanroepen} aanroepen in ${(duur / 1000).toFixed(1)} s`,
    );
    expect(aanroepen).toBe(RIJEN.length * ROLNAMEN.length);
  });
});

async function wachtOpAchtergrond(stack: Teststack, sinds: Date): Promise<void> {
  const tot = Date.now() + 60_000;
  while (Date.now() < tot) {
    const [bulk, signalen] = await Promise.all([
      stack.prisma.bulkactie.count({ where: { aangemaaktOp: { gte: sinds }, status: 'BEZIG' } }),
      stack.prisma.signaal.count({
        where: { ontvangenOp: { gte: sinds }, routeringsstatus: 'ONTVANGEN' },
      }),
    ]);
    if (bulk === 0 && signalen === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}
