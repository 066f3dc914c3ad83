// The DDAS v1.2 vocabularies (VNG exchange model for vroegsignalering). The
// database stores stable identifiers; these tables give the exact strings the
// national standard prescribes, for the API, the UI and the CBS export.

export const SIGNAALPARTNER_TYPES = {
  BELASTINGDIENST: 'Belastingdienst',
  CAK_EIGEN_BIJDRAGE: 'CAK Eigen bijdrage',
  CAK_ZORGVERZEKERINGEN: 'CAK Zorgverzekeringen',
  DIENST_TOESLAGEN: 'Dienst Toeslagen',
  DUO: 'DUO',
  ENERGIE: 'Energie',
  HUUR: 'Huur',
  HYPOTHEEK: 'Hypotheek',
  OVERIGE: 'Overige',
  WATER: 'Water',
  ZORG: 'Zorg',
} as const;
export type SignaalpartnerTypeCode = keyof typeof SIGNAALPARTNER_TYPES;

export const SIGNAALSTATUSSEN = {
  NOG_NIET_OPGEPAKT: 'Nog niet opgepakt',
  OPGEPAKT: 'Opgepakt',
  NIET_OPGEPAKT_ONTERECHT_SIGNAAL: 'Niet opgepakt: onterecht signaal',
  NIET_OPGEPAKT_HERHAALDE_MELDING: 'Niet opgepakt: herhaalde melding',
  NIET_OPGEPAKT_ANDERE_REDEN: 'Niet opgepakt: andere reden',
  INWONER_IS_OVERLEDEN: 'Inwoner is overleden',
  GEEN_INWONER_GEMEENTE: 'Persoon is geen inwoner (meer) in de gemeente',
  INWONER_AL_BEKEND_BIJ_SCHULDHULPVERLENING: 'Inwoner al bekend bij schuldhulpverlening',
} as const;
export type SignaalstatusCode = keyof typeof SIGNAALSTATUSSEN;

export const RESULTATEN = {
  BUDGETADVIES_OF_QUICK_FIX: '(Budget)advies en/of quick fix',
  DEFINITIEF_GEEN_CONTACT: 'Definitief geen contact kunnen krijgen',
  GEEN_REACTIE_NA_EERDER_CONTACT: 'Geen reactie na eerder contact',
  INWONER_AL_BEKEND_BIJ_SCHULDHULPVERLENING: 'Inwoner al bekend bij schuldhulpverlening',
  INWONER_HEEFT_ANDER_LOPEND_TRAJECT: 'Inwoner heeft al een ander lopend traject',
  INWONER_HEEFT_ZELF_BETAALD: 'Inwoner heeft zelf al betaald/betalingsregeling getroffen',
  INWONER_IS_OVERLEDEN: 'Inwoner is overleden',
  INWONER_REGELT_HET_ZELF: 'Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering',
  NIET_OPGEPAKT_ANDERE_REDEN: 'Niet opgepakt: andere reden',
  NIET_OPGEPAKT_HERHAALDE_MELDING: 'Niet opgepakt: herhaalde melding',
  NIET_OPGEPAKT_ONTERECHT_SIGNAAL: 'Niet opgepakt: onterecht signaal',
  GEEN_INWONER_GEMEENTE: 'Persoon is geen inwoner (meer) in de gemeente',
  VERVOLGHULP_OF_VERWIJZING: 'Vervolghulp en/of verwijzing',
  VERVOLGHULP_OF_VERWIJZING_FINANCIEEL: 'Vervolghulp en/of verwijzing financieel',
  VERVOLGHULP_OF_VERWIJZING_NIET_FINANCIEEL: 'Vervolghulp en/of verwijzing niet financieel',
  VERWIJZING_ZONDER_TUSSENKOMST_INWONER: 'Verwijzing zonder tussenkomst inwoner',
} as const;
export type ResultaatCode = keyof typeof RESULTATEN;

export const CONTACTSOORTEN = {
  ADMINISTRATIEF: 'Administratief',
  AFSPRAAK_OP_LOCATIE: 'Afspraak op locatie',
  BRIEF: 'Brief',
  HUISBEZOEK: 'Huisbezoek',
  KAARTJE: 'Kaartje',
  MAIL: 'Mail',
  ONBEKEND: 'Onbekend',
  OVERIGE: 'Overige',
  SMS_WHATSAPP: 'SMS/Whatsapp',
  TELEFOON: 'Telefoon',
} as const;
export type ContactsoortCode = keyof typeof CONTACTSOORTEN;

export const DAGDELEN = { OCHTEND: 'Ochtend', MIDDAG: 'Middag', AVOND: 'Avond' } as const;

/** Looks a DDAS label up case- and space-tolerantly, as creditors type them. */
export function codeVoorLabel<T extends Record<string, string>>(
  tabel: T,
  label: string,
): keyof T | undefined {
  const gezocht = normaliseerLabel(label);
  return (Object.keys(tabel) as (keyof T)[]).find(
    (code) =>
      normaliseerLabel(tabel[code] as string) === gezocht ||
      normaliseerLabel(String(code)) === gezocht,
  );
}

function normaliseerLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();
}
