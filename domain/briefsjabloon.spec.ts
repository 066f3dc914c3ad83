import { describe, expect, it } from '@jest/globals';
import { msToNumber } from '@temporalio/common/lib/time.js';
import { euro, noemtSchuld, valideerBriefsjabloon, vulIn } from './briefsjabloon.js';
import {
  type Briefgegevens,
  briefHtml,
  duurInMs,
  emailTekst,
  INGEBOUWDE_SJABLONEN,
  valideerStappen,
} from './uitnodiging.js';

const gegevens = (overschrijvingen: Partial<Briefgegevens> = {}): Briefgegevens => ({
  gemeente: {
    naam: 'Sjabloonstad',
    telefoon: '14 0997',
    email: 'geldzorgen@sjabloonstad.nl',
    website: null,
    postadres: 'Postbus 7, 9997 AA Sjabloonstad',
    logoSvg: null,
  },
  personen: [{ voorletters: 'A.', tussenvoegsel: 'de', achternaam: 'Boer', geslacht: 'VROUW' }],
  adres: {
    straat: 'Proeflaan',
    huisnummer: 3,
    huisletter: null,
    toevoeging: null,
    postcode: '9997AA',
    woonplaats: 'Sjabloonstad',
  },
  datum: '2026-12-03',
  achterstanden: [
    { soort: 'Zorg', bedragInCenten: 41250 },
    { soort: 'Huur', bedragInCenten: 123456 },
  ],
  ...overschrijvingen,
});

const EIGEN = {
  onderwerp: 'Een brief van {{gemeente.naam}}',
  tekst: [
    '{{aanhef}},',
    'Op {{datum}} schrijven wij u.\nBel {{gemeente.telefoon}} of kijk op {{gemeente.website}}.',
    'Het gaat om deze rekeningen:\n{{achterstanden}}',
    '- Bel ons\n- Of mail {{gemeente.email}}',
  ].join('\n\n'),
};

describe('validating a letter template', () => {
  it('accepts a template with known placeholders, and every built-in text', () => {
    expect(valideerBriefsjabloon(EIGEN)).toEqual([]);
    for (const sjabloon of Object.values(INGEBOUWDE_SJABLONEN))
      expect(valideerBriefsjabloon(sjabloon)).toEqual([]);
  });

  it('names an unknown placeholder', () => {
    const fouten = valideerBriefsjabloon({
      onderwerp: 'Hallo',
      tekst: 'U staat {{ bedrag }} rood',
    });
    expect(fouten.map((f) => `${f.veld}:${f.code}`)).toEqual(['tekst:onbekende_plaatshouder']);
    expect(fouten[0]!.melding).toContain('Onbekende plaatshouder {{bedrag}}');
  });

  it('refuses "schuld" in the subject in any form, and amounts or names there', () => {
    for (const onderwerp of [
      'Uw schulden',
      'SCHULDHULP',
      'Hulp bij schuld-problemen',
      'S c h u l d',
    ])
      expect(valideerBriefsjabloon({ onderwerp, tekst: 'x' }).map((f) => f.code)).toEqual([
        'verraadt_schulden',
      ]);
    expect(
      valideerBriefsjabloon({ onderwerp: 'Over {{achterstanden}}', tekst: 'x' }).map((f) => f.code),
    ).toEqual(['plaatshouder_niet_in_onderwerp']);
    expect(
      valideerBriefsjabloon({ onderwerp: '{{aanhef}}', tekst: 'x' }).map((f) => f.code),
    ).toEqual(['plaatshouder_niet_in_onderwerp']);
    // The body may use the word: the gemeente decides how plainly it speaks inside.
    expect(valideerBriefsjabloon({ onderwerp: 'Hulp', tekst: 'Schulden zijn lastig.' })).toEqual(
      [],
    );
  });

  it('refuses an empty text or subject and a placeholder left open', () => {
    expect(valideerBriefsjabloon({ onderwerp: ' ', tekst: ' \n ' }).map((f) => f.melding)).toEqual([
      'Het onderwerp is leeg.',
      'De tekst is leeg.',
    ]);
    expect(
      valideerBriefsjabloon({ onderwerp: 'Hallo', tekst: '{{aanhef' }).map((f) => f.code),
    ).toEqual(['plaatshouder_niet_afgesloten']);
  });

  it('recognises schuld however it is written', () => {
    expect(noemtSchuld('Schuldeisers')).toBe(true);
    expect(noemtSchuld('schüld')).toBe(true);
    expect(noemtSchuld('Wij helpen u graag')).toBe(false);
  });
});

describe('filling in a template', () => {
  it('builds paragraphs, lists and the arrears for a letter', () => {
    const { onderwerp, blokken } = vulIn(
      EIGEN,
      {
        aanhef: 'Beste mevrouw De Boer',
        datum: '3 december 2026',
        'gemeente.naam': 'Sjabloonstad',
        'gemeente.telefoon': '14 0997',
        'gemeente.email': 'geldzorgen@sjabloonstad.nl',
        'gemeente.website': '',
        'gemeente.postadres': '',
        achterstanden: [{ soort: 'Zorg', bedragInCenten: 41250 }],
      },
      'BRIEF',
    );
    expect(onderwerp).toBe('Een brief van Sjabloonstad');
    expect(blokken).toEqual([
      { soort: 'alinea', regels: ['Beste mevrouw De Boer,'] },
      // The line with the missing website is left out, not printed half.
      { soort: 'alinea', regels: ['Op 3 december 2026 schrijven wij u.'] },
      { soort: 'alinea', regels: ['Het gaat om deze rekeningen:'] },
      { soort: 'lijst', punten: ['Zorg: € 412,50'] },
      { soort: 'lijst', punten: ['Bel ons', 'Of mail geldzorgen@sjabloonstad.nl'] },
    ]);
  });

  it('writes amounts exactly, the Dutch way', () => {
    expect(euro(41250)).toBe('€ 412,50');
    expect(euro(123456789)).toBe('€ 1.234.567,89');
    expect(euro(5)).toBe('€ 0,05');
  });
});

describe('letters and e-mails from a template', () => {
  it('puts the template in the standard layout, escaping every value', () => {
    const g = gegevens({
      gemeente: { ...gegevens().gemeente, naam: 'Sjabloonstad <script>' },
    });
    const { onderwerp, html } = briefHtml('uitnodiging', g, EIGEN);
    expect(onderwerp).toBe('Een brief van Sjabloonstad <script>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Een brief van Sjabloonstad &lt;script&gt;');
    expect(html).toContain('<li>Zorg: € 412,50</li><li>Huur: € 1.234,56</li>');
    // Layout still the platform's: the address window and the reply options.
    expect(html).toContain(
      '<div class="venster">A. de Boer<br>Proeflaan 3<br>9997 AA SJABLOONSTAD',
    );
    expect(html).toContain('<li>Bel ons op 14 0997. Dat kan op werkdagen.</li>');
  });

  it('leaves template markup inert', () => {
    const { html } = briefHtml('uitnodiging', gegevens(), {
      onderwerp: 'Hallo',
      tekst: '<img src="http://example.org/x.png"> {{aanhef}}',
    });
    expect(html).toContain('&lt;img src=&quot;http://example.org/x.png&quot;&gt; Beste mevrouw');
  });

  it('never puts amounts or creditors in an e-mail: paragraphs with {{achterstanden}} drop out', () => {
    const { onderwerp, tekst } = emailTekst('uitnodiging', gegevens(), EIGEN);
    expect(onderwerp).toBe('Een brief van Sjabloonstad - gemeente Sjabloonstad');
    expect(tekst).not.toMatch(/412|1\.234|Zorg|Huur|€|Het gaat om/);
    expect(tekst).toContain('Beste mevrouw De Boer,\n\nOp 3 december 2026 schrijven wij u.');
    expect(tekst).toContain('- Of mail geldzorgen@sjabloonstad.nl');
  });

  it('keeps the built-in texts as they were, without amounts', () => {
    const { html } = briefHtml('uitnodiging', gegevens());
    expect(html).toContain('<h1>Wij willen graag met u praten</h1>\n<p>Beste mevrouw De Boer,</p>');
    expect(html).toContain('De gemeente Sjabloonstad helpt u graag');
    expect(html).not.toMatch(/412|Zorg/);
    const mail = emailTekst('herinnering', gegevens());
    expect(mail.tekst.split('\n').slice(0, 3)).toEqual([
      'Beste mevrouw De Boer,',
      '',
      'Twee weken geleden stuurden wij u een brief. Wij hebben nog niets van u gehoord. Misschien had u geen tijd, of vond u het lastig. Dat begrijpen wij.',
    ]);
    expect(() => briefHtml('bestaat-niet', gegevens())).toThrow('Onbekend sjabloon');
  });
});

describe('the outreach sequence', () => {
  it('reads durations exactly as the workflow timers do', () => {
    for (const na of ['0 days', '14 days', '2 hours', '8s', '1 week', '30 minutes', '500ms'])
      expect(duurInMs(na)).toBe(msToNumber(na as Parameters<typeof msToNumber>[0]));
    expect(duurInMs('twee weken')).toBeUndefined();
    expect(duurInMs('-1 days')).toBeUndefined();
  });

  it('checks templates, task deadlines and time order', () => {
    expect(
      valideerStappen(
        [
          { na: '0 days', soort: 'BRIEF', sjabloon: 'uitnodiging' },
          { na: '0 days', soort: 'EMAIL', sjabloon: 'eigen-brief' },
          { na: '21 days', soort: 'TAAK', sjabloon: 'bellen-of-bezoeken', termijnDagen: 7 },
        ],
        ['eigen-brief'],
      ),
    ).toEqual([]);
    expect(
      valideerStappen(
        [
          { na: '14 days', soort: 'BRIEF', sjabloon: 'onbekend' },
          { na: '2 days', soort: 'TAAK', sjabloon: 'bellen' },
          { na: '400 days', soort: 'EMAIL', sjabloon: 'uitnodiging', termijnDagen: 3 },
        ],
        [],
      ).map((f) => `${f.veld}:${f.code}`),
    ).toEqual([
      'stappen.0.sjabloon:onbekend_sjabloon',
      'stappen.1.na:volgorde',
      'stappen.1.termijnDagen:verplicht',
      'stappen.2.na:te_laat',
      'stappen.2.termijnDagen:ongeldig',
    ]);
  });
});
