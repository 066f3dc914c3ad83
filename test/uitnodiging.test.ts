import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SIGNAALPARTNERS, DEMO_WACHTWOORD } from '../prisma/demo/organisaties.js';
import { wachtTot } from './hulp/omgeving.js';
import { pdfRegels, startPostbus } from './hulp/post-en-pdf.js';
import { eenSignaal } from './hulp/signaal-bouwer.js';
import { http, logIn, startStack, type Teststack } from './hulp/stack.js';

// The outreach sequence end to end: letters rendered by Debian's Chromium and
// read back from the PDF, e-mails delivered to a real SMTP server. A gemeente
// of its own, with a sequence in seconds, keeps other tests' meldingen quiet.

const ZORG = DEMO_SIGNAALPARTNERS.find((p) => p.type === 'ZORG')!;
const GEMEENTE = { code: '9998', naam: 'Proefwaarde' };
const POSTCODE = '9998AA';

describe('outreach: letters, e-mail, reminder and task', () => {
  let stack: Teststack;
  let postbus: Awaited<ReturnType<typeof startPostbus>>;
  const post = () => postbus.post;
  let behandelaar: string;
  let gemeenteId: string;

  beforeAll(async () => {
    postbus = await startPostbus();
    stack = await startStack({ SMTP_URL: postbus.url });

    const { prisma } = stack;
    const jaar = (await prisma.routeringstabel.findFirstOrThrow({ orderBy: { jaar: 'desc' } }))
      .jaar;
    const gemeente = await prisma.gemeente.upsert({
      where: { code: GEMEENTE.code },
      create: { ...GEMEENTE },
      update: {},
    });
    gemeenteId = gemeente.id;
    await prisma.gemeente.update({
      where: { id: gemeenteId },
      data: {
        telefoon: '14 0999',
        email: 'geldzorgen@proefwaarde.nl',
        website: 'www.proefwaarde.nl/geldzorgen',
        postadres: 'Postbus 1, 9998 AA Proefwaarde',
        emailIngeschakeld: true,
      },
    });
    await prisma.routeringsadres.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({
        jaar,
        postcode: POSTCODE,
        huisnummer: i + 1,
        buurtcode: '99980101',
        wijkcode: '999801',
        gemeentecode: GEMEENTE.code,
      })),
      skipDuplicates: true,
    });
    const partner = await prisma.signaalpartner.findFirstOrThrow({ where: { type: 'ZORG' } });
    await prisma.koppeling.upsert({
      where: { signaalpartnerId_gemeenteId: { signaalpartnerId: partner.id, gemeenteId } },
      create: {
        signaalpartnerId: partner.id,
        gemeenteId,
        grondslag: 'Wgs art. 3 (test)',
        startdatum: new Date('2020-01-01'),
      },
      update: {},
    });
    await prisma.uitnodigingsreeks.create({
      data: {
        gemeenteId,
        versie: 1 + (await prisma.uitnodigingsreeks.count({ where: { gemeenteId } })),
        stappen: [
          { na: '0s', soort: 'BRIEF', sjabloon: 'uitnodiging' },
          { na: '0s', soort: 'EMAIL', sjabloon: 'uitnodiging' },
          { na: '8s', soort: 'BRIEF', sjabloon: 'herinnering' },
          { na: '10s', soort: 'TAAK', sjabloon: 'bellen-of-bezoeken', termijnDagen: 7 },
        ],
      },
    });
    const gebruiker = await prisma.gebruiker.upsert({
      where: { email: 'behandelaar@proefwaarde.test' },
      create: {
        email: 'behandelaar@proefwaarde.test',
        naam: 'Bea Proef',
        rol: 'BEHANDELAAR',
        gemeenteId,
        wachtwoordHash: (
          await prisma.gebruiker.findUniqueOrThrow({ where: { email: 'behandelaar@zwolle.demo' } })
        ).wachtwoordHash,
      },
      update: {},
    });
    behandelaar = await logIn(stack.basis, gebruiker.email, DEMO_WACHTWOORD);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await postbus?.stop();
  });

  async function melding(huisnummer: number, email: string) {
    const { body } = await http<{ id: string }>('POST', `${stack.basis}/signalen`, {
      apiSleutel: ZORG.apiSleutel,
      body: eenSignaal({
        bedrag: '412,50',
        persoon: {
          voorletters: 'A.',
          tussenvoegsel: 'de',
          achternaam: 'Boer',
          geboortedatum: '1970-02-03',
          geslacht: 'VROUW',
        },
        adres: { straat: 'Proeflaan', postcode: POSTCODE, huisnummer, woonplaats: 'Proefwaarde' },
        contact: { email },
      }),
    });
    const signaal = await wachtTot(
      () => stack.prisma.signaal.findFirst({ where: { id: body.id, meldingId: { not: null } } }),
      { wat: 'melding gevormd' },
    );
    return signaal.meldingId!;
  }
  const brieven = (meldingId: string) =>
    stack.prisma.correspondentie.findMany({
      where: { meldingId, kanaal: 'BRIEF' },
      orderBy: { aangemaaktOp: 'asc' },
    });

  it('sends a B1 letter and an e-mail at once, a reminder and a task later, each exactly once', async () => {
    const meldingId = await melding(3, 'a.deboer@example.org');

    const [uitnodiging] = await wachtTot(
      async () => {
        const b = await brieven(meldingId);
        return b.length >= 1 && b;
      },
      { wat: 'eerste brief', timeoutMs: 60_000 },
    );
    const regels = await pdfRegels(Buffer.from(uitnodiging!.pdf!));
    const tekst = regels.map((r) => r.tekst).join('\n');
    expect(tekst).toContain('Beste mevrouw De Boer,');
    expect(tekst).toContain('Wij willen graag met u praten');
    expect(tekst).toContain('De gemeente Proefwaarde helpt u graag');
    expect(tekst).toContain('Bel ons op 14 0999.');
    expect(tekst).toContain('Mail naar geldzorgen@proefwaarde.nl.');
    expect(tekst).not.toMatch(/schuld/i);
    expect(tekst).not.toContain('412');
    expect(tekst).not.toContain(ZORG.naam);
    // The envelope window (50–75 mm from the top) shows who and where, nothing else.
    const venster = regels
      .filter((r) => r.mmVanBoven > 48 && r.mmVanBoven < 78)
      .map((r) => r.tekst);
    expect(venster).toEqual(['A. de Boer', 'Proeflaan 3', '9998 AA PROEFWAARDE']);
    expect(uitnodiging!.onderwerp).toBe('Wij willen graag met u praten');

    const mail = await wachtTot(
      () => Promise.resolve(post().find((m) => m.text?.includes('Beste mevrouw De Boer'))),
      {
        wat: 'e-mail',
      },
    );
    expect(mail.subject).toBe('Wij willen graag met u praten - gemeente Proefwaarde');
    expect((mail.to as { text: string }).text).toBe('a.deboer@example.org');
    expect(mail.text).toContain('Bel ons op 14 0999.');
    expect(mail.text).not.toMatch(/schuld|412|€/i);
    expect(mail.messageId).toBe(`<${meldingId}.reeks-1.stap-1@vroegsignaal>`);

    const [, herinnering] = await wachtTot(
      async () => {
        const b = await brieven(meldingId);
        return b.length >= 2 && b;
      },
      { wat: 'herinnering', timeoutMs: 60_000 },
    );
    expect(
      (await pdfRegels(Buffer.from(herinnering!.pdf!))).map((r) => r.tekst).join('\n'),
    ).toContain('Twee weken geleden stuurden wij u een brief.');
    const taak = await wachtTot(() => stack.prisma.taak.findFirst({ where: { meldingId } }), {
      wat: 'taak',
      timeoutMs: 60_000,
    });
    expect(taak.soort).toBe('bellen-of-bezoeken');

    // Exactly once each, also seen as contactpogingen and on the timeline.
    expect((await brieven(meldingId)).length).toBe(2);
    expect(post().filter((m) => m.messageId?.startsWith(`<${meldingId}`)).length).toBe(1);
    const { body } = await http<{
      contactpogingen: { soort: string; bereikt: boolean }[];
      tijdlijn: { soort: string }[];
      correspondentie: { kanaal: string; _links: { pdf?: { href: string } } }[];
    }>('GET', `${stack.basis}/meldingen/${meldingId}`, { token: behandelaar });
    expect(body.contactpogingen.map((c) => `${c.soort}:${c.bereikt}`).sort()).toEqual([
      'Brief:false',
      'Brief:false',
      'Mail:false',
    ]);
    expect(body.tijdlijn.map((g) => g.soort).filter((s) => s !== 'email')).toEqual([
      'geopend',
      'signaal_toegevoegd',
      'brief',
      'brief',
      'taak',
    ]);
    const pdf = await fetch(
      `${stack.basis.replace('/v1', '')}${body.correspondentie[0]!._links.pdf!.href}`,
      {
        headers: { authorization: `Bearer ${behandelaar}` },
      },
    );
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('stops the sequence when a caseworker picks the melding up', async () => {
    const meldingId = await melding(4, 'iemand@example.org');
    await wachtTot(async () => (await brieven(meldingId)).length === 1, { wat: 'eerste brief' });
    const opgepakt = await http('POST', `${stack.basis}/meldingen/${meldingId}/oppakken`, {
      token: behandelaar,
      body: {},
    });
    expect(opgepakt.status).toBe(200);
    await new Promise((r) => setTimeout(r, 12_000));
    expect((await brieven(meldingId)).length).toBe(1);
    expect(await stack.prisma.taak.count({ where: { meldingId } })).toBe(0);
  });
});
