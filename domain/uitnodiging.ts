// The outreach sequence and the words it uses. Plain Dutch at B1 level: the
// letter invites, it does not accuse. Neither the envelope window nor the
// subject says "schulden", and no creditor or amount is named, so a housemate
// or neighbour learns nothing from the envelope.

export type Stapsoort = 'BRIEF' | 'EMAIL' | 'TAAK';

export interface Uitnodigingsstap {
  /** Time after the melding opened, as Temporal reads durations ("14 days", "2s"). */
  na: string;
  soort: Stapsoort;
  sjabloon: string;
  /** For a TAAK: days the caseworker has for it. */
  termijnDagen?: number;
}

/** The default: letter and e-mail at once, a reminder at day 14, a visit task at day 21. */
export const STANDAARD_REEKS: Uitnodigingsstap[] = [
  { na: '0 days', soort: 'BRIEF', sjabloon: 'uitnodiging' },
  { na: '0 days', soort: 'EMAIL', sjabloon: 'uitnodiging' },
  { na: '14 days', soort: 'BRIEF', sjabloon: 'herinnering' },
  { na: '21 days', soort: 'TAAK', sjabloon: 'bellen-of-bezoeken', termijnDagen: 7 },
];

export interface Huisgenoot {
  voorletters: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
  geslacht: 'MAN' | 'VROUW' | 'ONBEKEND' | null;
}

export interface Briefgegevens {
  gemeente: {
    naam: string;
    telefoon: string | null;
    email: string | null;
    website: string | null;
    postadres: string | null;
    logoSvg: string | null;
  };
  personen: Huisgenoot[];
  adres: {
    straat: string | null;
    huisnummer: number;
    huisletter: string | null;
    toevoeging: string | null;
    postcode: string;
    woonplaats: string;
  };
  /** JJJJ-MM-DD */
  datum: string;
}

const MAANDEN = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];

function lange(datum: string): string {
  const [jaar, maand, dag] = datum.split('-').map(Number);
  return `${dag} ${MAANDEN[maand! - 1]} ${jaar}`;
}

function naam(p: Huisgenoot): string {
  return [p.voorletters, p.tussenvoegsel, p.achternaam].filter(Boolean).join(' ');
}

/** "Beste mevrouw De Vries", or the household when more people live there. */
export function aanhef(personen: Huisgenoot[]): string {
  if (personen.length !== 1) return 'Beste bewoners';
  const [p] = personen as [Huisgenoot];
  const achternaam = [p.tussenvoegsel, p.achternaam].filter(Boolean).join(' ');
  const hoofdletter = achternaam.charAt(0).toUpperCase() + achternaam.slice(1);
  if (p.geslacht === 'VROUW') return `Beste mevrouw ${hoofdletter}`;
  if (p.geslacht === 'MAN') return `Beste meneer ${hoofdletter}`;
  return `Beste ${naam(p)}`;
}

/** The lines in the envelope window: who and where, nothing else. */
export function adresregels(g: Briefgegevens): string[] {
  const namen =
    g.personen.length === 0
      ? ['De bewoners']
      : g.personen.length <= 2
        ? g.personen.map(naam)
        : ['De bewoners'];
  const huis = `${g.adres.huisnummer}${g.adres.huisletter ?? ''}${g.adres.toevoeging ? `-${g.adres.toevoeging}` : ''}`;
  const postcode = `${g.adres.postcode.slice(0, 4)} ${g.adres.postcode.slice(4)}`;
  return [
    ...namen,
    g.adres.straat ? `${g.adres.straat} ${huis}` : `Huisnummer ${huis}`,
    `${postcode} ${g.adres.woonplaats.toUpperCase()}`,
  ];
}

function contactregels(g: Briefgegevens['gemeente']): string[] {
  return [
    g.telefoon ? `Bel ons op ${g.telefoon}. Dat kan op werkdagen.` : null,
    g.email ? `Mail naar ${g.email}.` : null,
    g.website ? `Kijk op ${g.website}. Daar kunt u ook een afspraak maken.` : null,
  ].filter((r): r is string => r !== null);
}

export interface Tekst {
  onderwerp: string;
  alineas: string[];
  /** What the reader can do, as a list. */
  acties: string[];
}

const SJABLONEN: Record<string, (g: Briefgegevens) => Tekst> = {
  uitnodiging: (g) => ({
    onderwerp: 'Wij willen graag met u praten',
    alineas: [
      `Wij hebben gehoord dat het u misschien niet lukt om een rekening op tijd te betalen. Dat kan iedereen overkomen. De gemeente ${g.gemeente.naam} helpt u graag, zodat het geen groter probleem wordt.`,
      'Onze hulp is gratis. U hoeft niets voor te bereiden. Wij luisteren naar u en kijken samen wat u nodig heeft.',
      'Wilt u contact met ons opnemen? Dat kan zo:',
    ],
    acties: contactregels(g.gemeente),
  }),
  herinnering: (g) => ({
    onderwerp: 'Wij helpen u graag',
    alineas: [
      `Twee weken geleden stuurden wij u een brief. Wij hebben nog niets van u gehoord. Misschien had u geen tijd, of vond u het lastig. Dat begrijpen wij.`,
      `De gemeente ${g.gemeente.naam} wil u nog steeds graag helpen. Onze hulp is gratis en u zit nergens aan vast.`,
      'Neem contact met ons op:',
    ],
    acties: contactregels(g.gemeente),
  }),
};

/** The words of a letter or e-mail; throws for a template that does not exist. */
export function tekstVan(sjabloon: string, gegevens: Briefgegevens): Tekst {
  const maak = SJABLONEN[sjabloon];
  if (!maak) throw new Error(`Onbekend sjabloon: ${sjabloon}`);
  return maak(gegevens);
}

function html(tekst: string): string {
  return tekst
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** The letter as an A4 page, the address placed in the window of a standard envelope. */
export function briefHtml(sjabloon: string, g: Briefgegevens): { onderwerp: string; html: string } {
  const t = tekstVan(sjabloon, g);
  const afzender = [g.gemeente.naam, g.gemeente.postadres].filter(Boolean).map((r) => html(r!));
  return {
    onderwerp: t.onderwerp,
    html: `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${html(t.onderwerp)}</title><style>
@page { size: A4; margin: 0 }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.5; margin: 0 }
.kop { position: absolute; top: 15mm; left: 20mm; right: 20mm; display: flex; justify-content: space-between; align-items: flex-start }
.logo svg { max-height: 18mm; max-width: 60mm }
.afzender { font-size: 9pt; text-align: right }
.venster { position: absolute; top: 50mm; left: 22mm; width: 85mm; height: 25mm; font-size: 10.5pt; line-height: 1.3 }
.inhoud { position: absolute; top: 95mm; left: 22mm; right: 22mm }
h1 { font-size: 13pt; margin: 0 0 6mm }
.datum { margin-bottom: 6mm }
</style></head><body>
<div class="kop"><div class="logo">${g.gemeente.logoSvg ?? `<strong>${html(g.gemeente.naam)}</strong>`}</div><div class="afzender">${afzender.join('<br>')}</div></div>
<div class="venster">${adresregels(g).map(html).join('<br>')}</div>
<div class="inhoud">
<p class="datum">${html(g.gemeente.naam)}, ${lange(g.datum)}</p>
<h1>${html(t.onderwerp)}</h1>
<p>${html(aanhef(g.personen))},</p>
${t.alineas.map((a) => `<p>${html(a)}</p>`).join('\n')}
<ul>${t.acties.map((a) => `<li>${html(a)}</li>`).join('')}</ul>
<p>Met vriendelijke groet,</p>
<p>Team Vroegsignalering<br>Gemeente ${html(g.gemeente.naam)}</p>
</div></body></html>`,
  };
}

/** The e-mail: the same invitation, without address, amounts or creditors. */
export function emailTekst(
  sjabloon: string,
  g: Briefgegevens,
): { onderwerp: string; tekst: string } {
  const t = tekstVan(sjabloon, g);
  return {
    onderwerp: `${t.onderwerp} - gemeente ${g.gemeente.naam}`,
    tekst: [
      `${aanhef(g.personen)},`,
      '',
      ...t.alineas.flatMap((a) => [a, '']),
      ...t.acties.map((a) => `- ${a}`),
      '',
      'Met vriendelijke groet,',
      '',
      'Team Vroegsignalering',
      `Gemeente ${g.gemeente.naam}`,
    ].join('\n'),
  };
}
