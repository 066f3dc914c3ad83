import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { meldingIn, richtGemeenteIn } from './hulp/beheerstad.js';
import { wachtTot } from './hulp/omgeving.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// Users and invitations, the huisstijl and the letter preview, and the
// operator's creditors and held signals, through the API as each role sees
// them. A gemeente of its own (9981), so changing users touches no other test.

const CODE = '9981';
const uniek = () => Math.random().toString(36).slice(2, 8);

interface Probleemantwoord {
  title: string;
  detail?: string;
  invalidParams?: { name: string; reason: string }[];
}
interface Gebruiker {
  id: string;
  naam: string;
  rol: string;
  actief: boolean;
  email?: string;
  organisatie?: string | null;
  wijken?: { code: string; naam: string }[];
  uitgenodigd?: boolean;
}

describe('gebruikers, uitnodigingen en platformbeheer', () => {
  let stack: Teststack;
  let omgeving: Awaited<ReturnType<typeof richtGemeenteIn>>;
  const token = { beheerder: '', behandelaar: '', beheerderElders: '', operator: '', portaal: '' };
  const url = (pad: string) => `${stack.basis}${pad}`;

  beforeAll(async () => {
    stack = await startStack();
    omgeving = await richtGemeenteIn(stack, CODE, 'Beheerstad');
    token.beheerder = await logIn(stack.basis, omgeving.beheerder, DEMO_WACHTWOORD);
    token.behandelaar = await logIn(stack.basis, omgeving.behandelaar, DEMO_WACHTWOORD);
    token.beheerderElders = await logIn(stack.basis, 'beheerder@utrecht.demo', DEMO_WACHTWOORD);
    token.operator = await logIn(stack.basis, 'operator@vroegsignaal.demo', DEMO_WACHTWOORD);
    token.portaal = await logIn(stack.basis, 'portaal@thuisbaas.demo', DEMO_WACHTWOORD);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  async function nodigUit(body: Record<string, unknown>) {
    return http<{ gebruiker: Gebruiker; uitnodigingslink: string } & Probleemantwoord>(
      'POST',
      url('/gebruikers'),
      { token: token.beheerder, body },
    );
  }
  const tokenUit = (link: string) => link.split('#')[1]!;

  it('an external user is invited, accepts with a password and logs in', async () => {
    const email = `extern-${uniek()}@schuldhulp.test`;
    const uitnodiging = await nodigUit({
      email,
      naam: 'Eva Extern',
      rol: 'EXTERN',
      organisatie: 'Stichting Schuldhulp',
      wijken: [omgeving.wijkA.code],
    });
    expect(uitnodiging.status).toBe(201);
    expect(uitnodiging.body.uitnodigingslink).toMatch(/^\/uitnodiging#[A-Za-z0-9_-]{40,}$/);
    expect(uitnodiging.body.gebruiker).toMatchObject({
      email,
      rol: 'EXTERN',
      organisatie: 'Stichting Schuldhulp',
      wijken: [{ code: omgeving.wijkA.code, naam: 'Noorderwijk' }],
      uitgenodigd: true,
      actief: true,
    });
    // Only the hash is stored: the token appears nowhere in the database.
    const opgeslagen = await stack.prisma.gebruiker.findUniqueOrThrow({ where: { email } });
    expect(opgeslagen.wachtwoordHash).toBeNull();
    expect(opgeslagen.uitnodigingHash).not.toBe(tokenUit(uitnodiging.body.uitnodigingslink));
    expect(opgeslagen.uitnodigingVerlooptOp!.getTime() - Date.now()).toBeGreaterThan(
      6.9 * 86_400_000,
    );

    // Logging in before accepting fails like any wrong password.
    expect((await http('POST', url('/sessies'), { body: { email, wachtwoord: 'x' } })).status).toBe(
      401,
    );
    const kort = await http<Probleemantwoord>('POST', url('/uitnodigingen'), {
      body: { token: tokenUit(uitnodiging.body.uitnodigingslink), wachtwoord: 'kort' },
    });
    expect(kort.status).toBe(400);
    expect(kort.body.invalidParams).toEqual([
      expect.objectContaining({
        name: 'wachtwoord',
        reason: 'Kies een wachtwoord van minstens 12 tekens.',
      }),
    ]);
    const wachtwoord = 'Een-lang-wachtwoord-2026';
    const aanvaard = await http('POST', url('/uitnodigingen'), {
      body: { token: tokenUit(uitnodiging.body.uitnodigingslink), wachtwoord },
    });
    expect(aanvaard.status).toBe(204);
    // The link works once.
    const nogmaals = await http<Probleemantwoord>('POST', url('/uitnodigingen'), {
      body: { token: tokenUit(uitnodiging.body.uitnodigingslink), wachtwoord },
    });
    expect(nogmaals.status).toBe(400);
    expect(nogmaals.body.title).toBe('Deze uitnodiging is ongeldig.');

    const sessie = await logIn(stack.basis, email, wachtwoord);
    const ik = await http<{ rol: string; organisatie: string }>('GET', url('/sessies/huidige'), {
      token: sessie,
    });
    expect(ik.body).toMatchObject({ rol: 'EXTERN', organisatie: 'Stichting Schuldhulp' });

    const lijst = await http<{ gebruikers: Gebruiker[] }>('GET', url('/gebruikers'), {
      token: token.beheerder,
    });
    expect(lijst.body.gebruikers.find((g) => g.email === email)).toMatchObject({
      uitgenodigd: false,
    });
  });

  it('an expired invitation is refused with 410 and a Dutch explanation', async () => {
    const email = `verlopen-${uniek()}@beheerstad.test`;
    const { body } = await nodigUit({ email, naam: 'Vera Verlopen', rol: 'BEHANDELAAR' });
    await stack.prisma.gebruiker.update({
      where: { email },
      data: { uitnodigingVerlooptOp: new Date(Date.now() - 1000) },
    });
    const antwoord = await http<Probleemantwoord>('POST', url('/uitnodigingen'), {
      body: { token: tokenUit(body.uitnodigingslink), wachtwoord: 'Een-lang-wachtwoord-2026' },
    });
    expect(antwoord.status).toBe(410);
    expect(antwoord.body.title).toBe('Deze uitnodiging is verlopen.');
  });

  it('refuses an invitation with a taken e-mail, a missing organisation or a foreign wijk', async () => {
    const bestaand = await nodigUit({
      email: omgeving.behandelaar,
      naam: 'Dubbel',
      rol: 'BEHANDELAAR',
    });
    expect(bestaand.status).toBe(409);
    expect(bestaand.body.title).toBe('Dit e-mailadres heeft al een account.');

    const ongeldig = await nodigUit({
      email: 'geen-adres',
      naam: '',
      rol: 'EXTERN',
    });
    expect(ongeldig.status).toBe(400);
    expect(ongeldig.body.invalidParams!.map((p) => [p.name, p.reason])).toEqual(
      expect.arrayContaining([
        ['email', 'Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.'],
        ['naam', 'Naam is verplicht.'],
        ['organisatie', 'Vul de organisatie in van een externe gebruiker.'],
      ]),
    );

    // Utrecht's first wijk is not this gemeente's.
    const elders = await stack.prisma.wijk.findFirstOrThrow({
      where: { gemeente: { code: '0344' } },
    });
    const vreemdeWijk = await nodigUit({
      email: `wijk-${uniek()}@schuldhulp.test`,
      naam: 'Wim Wijk',
      rol: 'EXTERN',
      organisatie: 'Stichting',
      wijken: [elders.code],
    });
    expect(vreemdeWijk.status).toBe(400);
    expect(vreemdeWijk.body.invalidParams).toEqual([
      expect.objectContaining({
        name: 'wijken',
        reason: `Deze wijken horen niet bij uw gemeente: ${elders.code}.`,
      }),
    ]);
  });

  it('shows colleagues to every gemeente role, details only to the beheerder, nothing across gemeenten', async () => {
    const voorBehandelaar = await http<{ gebruikers: Gebruiker[] }>('GET', url('/gebruikers'), {
      token: token.behandelaar,
    });
    expect(voorBehandelaar.status).toBe(200);
    const beheerder = voorBehandelaar.body.gebruikers.find(
      (g) => g.naam === 'GEMEENTEBEHEERDER Beheerstad',
    );
    expect(beheerder).toEqual({
      id: expect.any(String),
      naam: 'GEMEENTEBEHEERDER Beheerstad',
      rol: 'GEMEENTEBEHEERDER',
      actief: true,
    });
    const elders = await http<{ gebruikers: Gebruiker[] }>('GET', url('/gebruikers'), {
      token: token.beheerderElders,
    });
    expect(elders.body.gebruikers.some((g) => g.id === beheerder!.id)).toBe(false);

    for (const [wie, status] of [
      ['portaal', 403],
      ['operator', 403],
    ] as const)
      expect((await http('GET', url('/gebruikers'), { token: token[wie] })).status).toBe(status);
    expect(
      (
        await http('POST', url('/gebruikers'), {
          token: token.behandelaar,
          body: { email: 'x@y.nl', naam: 'X', rol: 'BEHANDELAAR' },
        })
      ).status,
    ).toBe(403);
  });

  it('changes a role, deactivates (ending the session) and protects the beheerder from itself', async () => {
    const email = `collega-${uniek()}@beheerstad.test`;
    const { body } = await nodigUit({ email, naam: 'Cas Collega', rol: 'BEHANDELAAR' });
    const id = body.gebruiker.id;
    const wachtwoord = 'Een-lang-wachtwoord-2026';
    await http('POST', url('/uitnodigingen'), {
      body: { token: tokenUit(body.uitnodigingslink), wachtwoord },
    });
    const sessie = await logIn(stack.basis, email, wachtwoord);

    // Another gemeente's beheerder cannot tell the user exists.
    const elders = await http<Probleemantwoord>('PATCH', url(`/gebruikers/${id}`), {
      token: token.beheerderElders,
      body: { actief: false },
    });
    expect(elders.status).toBe(404);
    expect(
      (
        await http('PATCH', url(`/gebruikers/${id}`), {
          token: token.behandelaar,
          body: { actief: false },
        })
      ).status,
    ).toBe(403);

    const teamleider = await http<Gebruiker>('PATCH', url(`/gebruikers/${id}`), {
      token: token.beheerder,
      body: { rol: 'TEAMLEIDER' },
    });
    expect(teamleider.status).toBe(200);
    expect(teamleider.body.rol).toBe('TEAMLEIDER');
    expect((await http('GET', url('/sessies/huidige'), { token: sessie })).status).toBe(200);

    const uit = await http<Gebruiker>('PATCH', url(`/gebruikers/${id}`), {
      token: token.beheerder,
      body: { actief: false },
    });
    expect(uit.body.actief).toBe(false);
    expect((await http('GET', url('/sessies/huidige'), { token: sessie })).status).toBe(401);
    expect((await http('POST', url('/sessies'), { body: { email, wachtwoord } })).status).toBe(401);

    const ik = await http<{ id: string }>('GET', url('/sessies/huidige'), {
      token: token.beheerder,
    });
    for (const wijziging of [{ actief: false }, { rol: 'BEHANDELAAR' }]) {
      const zelf = await http<Probleemantwoord>('PATCH', url(`/gebruikers/${ik.body.id}`), {
        token: token.beheerder,
        body: wijziging,
      });
      expect(zelf.status).toBe(409);
      expect(zelf.body.title).toBe('U kunt uzelf niet deactiveren of een andere rol geven.');
    }
  });

  it('an external user limited to wijk A sees only meldingen in wijk A', async () => {
    const [inA, inB] = await Promise.all([
      meldingIn(stack, CODE, 'A'),
      meldingIn(stack, CODE, 'B'),
    ]);
    const email = `wijkbeperkt-${uniek()}@schuldhulp.test`;
    const { body } = await nodigUit({
      email,
      naam: 'Wendy Wijk',
      rol: 'EXTERN',
      organisatie: 'Stichting Schuldhulp',
      wijken: [omgeving.wijkA.code],
    });
    const wachtwoord = 'Een-lang-wachtwoord-2026';
    await http('POST', url('/uitnodigingen'), {
      body: { token: tokenUit(body.uitnodigingslink), wachtwoord },
    });
    const sessie = await logIn(stack.basis, email, wachtwoord);
    const lijst = await http<{ meldingen: { id: string; wijk: { code: string } | null }[] }>(
      'GET',
      url('/meldingen?paginagrootte=100'),
      { token: sessie },
    );
    expect(lijst.status).toBe(200);
    const ids = lijst.body.meldingen.map((m) => m.id);
    expect(ids).toContain(inA.id);
    expect(ids).not.toContain(inB.id);
    expect(lijst.body.meldingen.every((m) => m.wijk?.code === omgeving.wijkA.code)).toBe(true);
    expect((await http('GET', url(`/meldingen/${inB.id}`), { token: sessie })).status).toBe(404);
    expect((await http('GET', url(`/meldingen/${inA.id}`), { token: sessie })).status).toBe(200);
    // The whole gemeente's caseworker sees both.
    const behandelaar = await http<{ meldingen: { id: string }[] }>(
      'GET',
      url('/meldingen?paginagrootte=100'),
      { token: token.behandelaar },
    );
    expect(behandelaar.body.meldingen.map((m) => m.id)).toEqual(
      expect.arrayContaining([inA.id, inB.id]),
    );
  });

  it('stores a huisstijl colour with enough contrast and refuses a light one or an unsafe logo', async () => {
    const instellingen = url(`/gemeenten/${CODE}/instellingen`);
    const goed = await http<{ huisstijlKleur: string }>('PATCH', instellingen, {
      token: token.beheerder,
      body: { huisstijlKleur: '#1A5F8A' },
    });
    expect(goed.status).toBe(200);
    expect(goed.body.huisstijlKleur).toBe('#1a5f8a');
    const ik = await http<{ gemeente: { huisstijl: { kleur: string } } }>(
      'GET',
      url('/sessies/huidige'),
      { token: token.behandelaar },
    );
    expect(ik.body.gemeente.huisstijl.kleur).toBe('#1a5f8a');

    const licht = await http<Probleemantwoord>('PATCH', instellingen, {
      token: token.beheerder,
      body: { huisstijlKleur: '#ffcc00' },
    });
    expect(licht.status).toBe(400);
    expect(licht.body.invalidParams![0]).toMatchObject({ name: 'huisstijlKleur' });
    expect(licht.body.invalidParams![0]!.reason).toMatch(
      /^De kleur #ffcc00 is te licht: .* minstens 4,5:1/,
    );

    for (const logo of [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"/></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://elders.example/x.png"/></svg>',
    ]) {
      const fout = await http<Probleemantwoord>('PATCH', instellingen, {
        token: token.beheerder,
        body: { logoSvg: logo },
      });
      expect(fout.status).toBe(400);
      expect(fout.body.invalidParams![0]!.reason).toMatch(/zonder scripts/);
    }
    expect(
      (
        await http('PATCH', instellingen, {
          token: token.beheerderElders,
          body: { huisstijlKleur: '#000000' },
        })
      ).status,
    ).toBe(404);
  });

  it('previews a template being edited as a letter for a made-up resident, without saving it', async () => {
    const voorbeeld = (token: string, body: unknown) =>
      fetch(url(`/gemeenten/${CODE}/briefsjablonen/uitnodiging/voorbeeld`), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const antwoord = await voorbeeld(token.beheerder, {
      onderwerp: 'Hulp bij geldzaken in Beheerstad',
      tekst: '{{aanhef}}\n\nWij willen graag met u praten.\n\n{{achterstanden}}',
    });
    expect(antwoord.status).toBe(200);
    expect(antwoord.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await antwoord.text();
    expect(html).toContain('Hulp bij geldzaken in Beheerstad');
    expect(html).toContain('Wij willen graag met u praten.');
    expect(html).toContain('Voorbeeldstraat 1');
    expect(html).toContain('€ 1.234,56');
    expect(await stack.prisma.briefsjabloon.count({ where: { gemeente: { code: CODE } } })).toBe(0);

    const fout = await voorbeeld(token.beheerder, { onderwerp: 'Uw schuld', tekst: 'x' });
    expect(fout.status).toBe(400);
    const probleem = (await fout.json()) as Probleemantwoord;
    expect(probleem.invalidParams![0]).toMatchObject({ name: 'onderwerp' });
    expect((await voorbeeld(token.beheerderElders, { onderwerp: 'a', tekst: 'b' })).status).toBe(
      404,
    );
    expect((await voorbeeld(token.behandelaar, { onderwerp: 'a', tekst: 'b' })).status).toBe(403);
  });

  it('the operator creates a creditor, sets and ends a koppeling; others get 403', async () => {
    const naam = `Testpartner ${uniek()}`;
    const nieuw = await http<{ id: string; naam: string; typeNaam: string }>(
      'POST',
      url('/signaalpartners'),
      { token: token.operator, body: { naam, type: 'WATER' } },
    );
    expect(nieuw.status).toBe(201);
    expect(nieuw.body).toMatchObject({ naam, typeNaam: 'Water' });
    const dubbel = await http<Probleemantwoord>('POST', url('/signaalpartners'), {
      token: token.operator,
      body: { naam, type: 'WATER' },
    });
    expect(dubbel.status).toBe(409);
    const ongeldig = await http<Probleemantwoord>(
      'PUT',
      url(`/signaalpartners/${nieuw.body.id}/koppelingen/${CODE}`),
      { token: token.operator, body: { grondslag: '', startdatum: '2026-13-45' } },
    );
    expect(ongeldig.status).toBe(400);
    expect(ongeldig.body.invalidParams!.map((p) => p.name).sort()).toEqual([
      'grondslag',
      'startdatum',
    ]);
    const koppeling = await http(
      'PUT',
      url(`/signaalpartners/${nieuw.body.id}/koppelingen/${CODE}`),
      {
        token: token.operator,
        body: { grondslag: 'Wgs art. 3', startdatum: '2026-01-01', einddatum: '2027-12-31' },
      },
    );
    expect(koppeling.status).toBe(200);
    const lijst = await http<{
      signaalpartners: { id: string; koppelingen: unknown[]; aantalApiSleutels: number }[];
    }>('GET', url('/signaalpartners'), { token: token.operator });
    expect(lijst.body.signaalpartners.find((p) => p.id === nieuw.body.id)).toMatchObject({
      aantalApiSleutels: 0,
      koppelingen: [
        {
          gemeente: { code: CODE, naam: 'Beheerstad' },
          grondslag: 'Wgs art. 3',
          startdatum: '2026-01-01',
          einddatum: '2027-12-31',
        },
      ],
    });
    const thuisbaas = lijst.body.signaalpartners.find(
      (p) => (p as unknown as { naam: string }).naam === 'Woonstichting Thuisbaas',
    );
    expect(thuisbaas!.aantalApiSleutels).toBeGreaterThanOrEqual(1);
    expect(
      (
        await http('DELETE', url(`/signaalpartners/${nieuw.body.id}/koppelingen/${CODE}`), {
          token: token.operator,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await http('DELETE', url(`/signaalpartners/${nieuw.body.id}/koppelingen/${CODE}`), {
          token: token.operator,
        })
      ).status,
    ).toBe(404);

    for (const wie of ['beheerder', 'behandelaar', 'portaal'] as const) {
      expect((await http('GET', url('/signaalpartners'), { token: token[wie] })).status).toBe(403);
      expect((await http('GET', url('/vastgehouden-signalen'), { token: token[wie] })).status).toBe(
        403,
      );
    }
  });

  it('lists a held signal with reason, age and the address routing failed on, and logs the read', async () => {
    const huisnummer = 1 + Math.floor(Math.random() * 9000);
    const signaal = await http<{ id: string }>('POST', url('/signalen'), {
      apiSleutel: DEMO_SIGNAALPARTNERS.find((p) => p.type === 'HUUR')!.apiSleutel,
      body: eenSignaal({
        adres: { postcode: '9989ZZ', huisnummer, woonplaats: 'Nergens' },
      }),
    });
    expect(signaal.status).toBe(201);
    await wachtTot(
      async () =>
        (await stack.prisma.signaal.findUnique({ where: { id: signaal.body.id } }))
          ?.routeringsstatus === 'ONBEKEND_ADRES',
      { wat: 'signaal vastgehouden' },
    );
    const lijst = await http<{ signalen: Record<string, unknown>[] }>(
      'GET',
      url('/vastgehouden-signalen'),
      { token: token.operator },
    );
    expect(lijst.status).toBe(200);
    expect(lijst.body.signalen.find((s) => s.id === signaal.body.id)).toEqual({
      id: signaal.body.id,
      referentie: expect.any(String),
      signaalpartner: 'Woonstichting Thuisbaas',
      reden: 'ONBEKEND_ADRES',
      toelichting: 'Adres onbekend',
      gemeente: null,
      postcode: '9989ZZ',
      huisnummer,
      ontvangenOp: expect.any(String),
      leeftijdInDagen: 0,
    });
    expect(
      await stack.prisma.auditLog.count({
        where: { actie: 'signaal_inzien', objectId: signaal.body.id },
      }),
    ).toBeGreaterThanOrEqual(1);
  });
});
