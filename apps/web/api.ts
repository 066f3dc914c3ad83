// The session token is the only thing the app keeps in the browser, and only
// for this tab: personal data never goes into storage, URLs or titles.
const SLEUTEL = 'vroegsignaal.sessie';

export interface Sessie {
  token: string;
  verlooptOp: string;
  rol: string;
}

export function huidigeSessie(): Sessie | null {
  const ruw = sessionStorage.getItem(SLEUTEL);
  if (!ruw) return null;
  const sessie = JSON.parse(ruw) as Sessie;
  if (Date.parse(sessie.verlooptOp) <= Date.now()) {
    sessionStorage.removeItem(SLEUTEL);
    return null;
  }
  return sessie;
}

export function bewaarSessie(sessie: Sessie): void {
  sessionStorage.setItem(SLEUTEL, JSON.stringify(sessie));
}

export function vergeetSessie(): void {
  sessionStorage.removeItem(SLEUTEL);
}

/** A problem+json answer, with the API's Dutch title, detail and per-field reasons. */
export class ApiFout extends Error {
  constructor(
    readonly status: number,
    readonly titel: string,
    readonly detail: string | undefined,
    /** Per invalid field (invalidParams) its Dutch reason, to show next to the field. */
    readonly velden: Record<string, string> = {},
    /** The whole problem+json, for extension members such as tweedeFactorVereist. */
    readonly probleem: Record<string, unknown> = {},
  ) {
    super(titel);
  }
}

/** Raised when the session is gone, so the app can return to the login screen. */
export class SessieVerlopen extends Error {}

/**
 * One request to the API, with the session token unless `zonderSessie`: an
 * ended session raises SessieVerlopen, a refusal an ApiFout with the
 * problem+json's Dutch title, detail and per-field reasons. The answer comes
 * back as it is, for files; `api` reads JSON from it.
 */
export async function apiRuw(
  methode: string,
  pad: string,
  { body, type, zonderSessie }: { body?: BodyInit; type?: string; zonderSessie?: boolean } = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json, */*' };
  if (type) headers['content-type'] = type;
  if (!zonderSessie) {
    const sessie = huidigeSessie();
    if (!sessie) throw new SessieVerlopen();
    headers.authorization = `Bearer ${sessie.token}`;
  }
  const antwoord = await fetch(`/v1${pad}`, { method: methode, headers, body });
  if (antwoord.status === 401 && !zonderSessie) {
    vergeetSessie();
    throw new SessieVerlopen();
  }
  if (!antwoord.ok) {
    const probleem = (await antwoord.json().catch(() => ({}))) as {
      title?: string;
      detail?: string;
      invalidParams?: { name: string; reason: string }[];
    };
    throw new ApiFout(
      antwoord.status,
      probleem.title ?? 'Er ging iets mis. Probeer het later opnieuw.',
      probleem.detail,
      // Reversed, so a field's first message is the one that stays.
      Object.fromEntries(
        [...(probleem.invalidParams ?? [])].reverse().map((p) => [p.name, p.reason]),
      ),
      probleem,
    );
  }
  return antwoord;
}

export async function api<T>(
  methode: string,
  pad: string,
  { body, zonderSessie }: { body?: unknown; zonderSessie?: boolean } = {},
): Promise<T> {
  const antwoord = await apiRuw(methode, pad, {
    body: body === undefined ? undefined : JSON.stringify(body),
    type: body === undefined ? undefined : 'application/json',
    zonderSessie,
  });
  const tekst = await antwoord.text();
  return (tekst ? JSON.parse(tekst) : undefined) as T;
}

export interface MeldingInLijst {
  id: string;
  status: 'OPEN' | 'IN_BEHANDELING' | 'AFGESLOTEN';
  matchtype: 'ENKELVOUDIG' | 'MEERVOUDIG' | 'OPEENVOLGEND';
  geopendOp: string;
  wijk: { code: string; naam: string } | null;
  kern: string | null;
  behandelaar: { id: string; naam: string } | null;
  crisis: boolean;
  teLaat: boolean;
  aantalSignalen: number;
  totaalBedragInCenten: number;
  signaalpartnerTypes: string[];
  huishouden: {
    adres: {
      straat: string | null;
      postcode: string;
      huisnummer: number;
      huisletter: string | null;
      toevoeging: string | null;
      woonplaats: string | null;
    } | null;
    personen: {
      voorletters: string | null;
      tussenvoegsel: string | null;
      achternaam: string;
      geboortedatum: string;
    }[];
  };
}

export interface Meldingenpagina {
  meldingen: MeldingInLijst[];
  pagina: number;
  paginagrootte: number;
  totaal: number;
}

/** A file the API only gives with the session token, as a blob for download or preview. */
export async function haalBestand(pad: string): Promise<Blob> {
  return (await apiRuw('GET', pad)).blob();
}

export interface MeldingDetail extends MeldingInLijst {
  resultaat: string | null;
  afgeslotenOp: string | null;
  termijnen: { eersteContact: string | null; oppakken: string | null };
  signalen: {
    id: string;
    referentie: string;
    signaalpartner: { naam: string; type: string };
    signaaldatum: string;
    ontstaansdatum: string;
    bedragInCenten: number;
    crisissignaal: boolean;
    signaalstatus: string;
    uitnodiging: string;
    ingetrokkenOp: string | null;
  }[];
  contactpogingen: {
    id: string;
    soort: string;
    bereikt: boolean;
    datum: string;
    dagdeel: string | null;
    toelichting: string | null;
    door: { id: string; naam: string } | null;
  }[];
  notities: { id: string; tekst: string; door: { id: string; naam: string } | null; op: string }[];
  correspondentie: {
    id: string;
    kanaal: 'BRIEF' | 'EMAIL';
    sjabloon: string;
    onderwerp: string;
    status: string;
    verzondenOp: string | null;
  }[];
  tijdlijn: {
    soort: string;
    op: string;
    door: { id: string; naam: string } | null;
    gegevens: Record<string, unknown> | null;
  }[];
}

/** The logged-in user, with the gemeente's huisstijl. */
export interface Ik {
  id: string;
  naam: string;
  email: string;
  rol: string;
  organisatie: string | null;
  gemeente: {
    code: string;
    naam: string;
    huisstijl: { kleur: string | null; logoSvg: string | null };
  } | null;
  signaalpartner: { naam: string; type: string } | null;
  /** For supervisors: the Temporal Web UI's workflow page, to which the workflow id is appended. */
  temporalWorkflows: string | null;
  /** The user's TOTP second factor, and whether the gemeente requires one. */
  tweedeFactor?: { actief: boolean; verplicht: boolean };
}

/** Counts per filter value, each with the other filters applied. */
export interface Aantallen {
  totaal: number;
  status: Record<string, number>;
  matchtype: Record<string, number>;
  signaalpartnerType: Record<string, number>;
  wijk: { code: string; naam: string; aantal: number }[];
  kern: { naam: string; aantal: number }[];
  behandelaar: { id: string; naam: string; aantal: number }[];
  crisis: { ja: number; nee: number };
  teLaat: { ja: number; nee: number };
}

export interface Werkbak {
  id: string;
  naam: string;
  filter: string;
  aantal: number;
  eigen: boolean;
}
