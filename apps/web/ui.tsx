import { useEffect, useState, type ReactNode } from 'react';
import { api, ApiFout, SessieVerlopen, type MeldingInLijst } from './api.js';

// What every screen shares: navigation, loading, errors and Dutch formatting.

export const STATUSSEN = {
  OPEN: 'Open',
  IN_BEHANDELING: 'In behandeling',
  AFGESLOTEN: 'Afgesloten',
};
export const MATCHTYPES = {
  ENKELVOUDIG: 'Enkelvoudig',
  MEERVOUDIG: 'Meervoudig',
  OPEENVOLGEND: 'Opeenvolgend',
};
export const GEBEURTENISSEN: Record<string, string> = {
  geopend: 'Melding geopend',
  signaal_toegevoegd: 'Signaal toegevoegd',
  termijn_overschreden: 'Termijn overschreden',
  taak: 'Taak aangemaakt',
  notitie: 'Notitie toegevoegd',
  brief: 'Brief gemaakt',
  email: 'E-mail verstuurd',
  oppakken: 'Opgepakt',
  contactpoging: 'Contactpoging vastgelegd',
  niet_oppakken: 'Niet opgepakt',
  afsluiten: 'Afgesloten',
  automatisch_sluiten: 'Automatisch afgesloten',
  overdragen: 'Overgedragen aan andere gemeente',
  bewaartermijn_verstreken: 'Bewaartermijn verstreken, persoonsgegevens verwijderd',
};

export const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
export const datum = (iso: string) =>
  new Date(iso).toLocaleDateString('nl-NL', { timeZone: 'Europe/Amsterdam' });
export const datumTijd = (iso: string) =>
  new Date(iso).toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam' });

export function gaNaar(pad: string): void {
  history.pushState(null, '', pad);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useLocatie(): URL {
  const [href, zetHref] = useState(location.href);
  useEffect(() => {
    const bij = () => zetHref(location.href);
    addEventListener('popstate', bij);
    return () => removeEventListener('popstate', bij);
  }, []);
  return new URL(href);
}

export function Foutmelding({ children }: { children: ReactNode }) {
  return (
    <div className="utrecht-alert utrecht-alert--error" role="alert">
      <div className="utrecht-alert__message">{children}</div>
    </div>
  );
}

/**
 * Loads from the API; an ended session goes back to the login screen. While
 * a new answer loads, the previous one stays on screen (`laden` says so), so
 * a filter change does not blank the table. A higher `versie` loads again.
 */
export function useLaden<T>(pad: string, bijVerlopen: () => void, versie = 0) {
  const [stand, zetStand] = useState<{ data?: T; fout?: ApiFout; laden: boolean }>({
    laden: true,
  });
  useEffect(() => {
    let actueel = true;
    zetStand((vorige) => ({ data: vorige.data, laden: true }));
    api<T>('GET', pad).then(
      (data) => actueel && zetStand({ data, laden: false }),
      (fout: unknown) => {
        if (!actueel) return;
        if (fout instanceof SessieVerlopen) bijVerlopen();
        else
          zetStand({
            fout: fout instanceof ApiFout ? fout : new ApiFout(0, 'Er ging iets mis.', undefined),
            laden: false,
          });
      },
    );
    return () => {
      actueel = false;
    };
  }, [pad, bijVerlopen, versie]);
  return stand;
}

export function naam(m: MeldingInLijst): string {
  const p = m.huishouden.personen[0];
  if (!p) return 'Onbekend';
  return [p.voorletters, p.tussenvoegsel, p.achternaam].filter(Boolean).join(' ');
}

export function adres(m: MeldingInLijst): string {
  const a = m.huishouden.adres;
  if (!a) return 'Onbekend';
  const nummer = `${a.huisnummer}${a.huisletter ?? ''}${a.toevoeging ? `-${a.toevoeging}` : ''}`;
  return [a.straat ? `${a.straat} ${nummer}` : nummer, a.postcode, a.woonplaats]
    .filter(Boolean)
    .join(', ');
}

export function Labels({ melding }: { melding: MeldingInLijst }) {
  return (
    <>
      {melding.crisis && <span className="vs-label vs-crisis">Crisis</span>}{' '}
      {melding.teLaat && <span className="vs-label vs-te-laat">Te laat</span>}
    </>
  );
}

/** A labelled field whose error message is linked to it and read out with it. */
export function Veld({
  id,
  label,
  fout,
  hulp,
  children,
}: {
  id: string;
  label: string;
  fout?: string | undefined;
  hulp?: string;
  children: (props: {
    id: string;
    'aria-invalid': boolean | undefined;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const beschrijving = [hulp ? `${id}-hulp` : null, fout ? `${id}-fout` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`utrecht-form-field${fout ? ' utrecht-form-field--invalid' : ''}`}>
      <label className="utrecht-form-label" htmlFor={id}>
        {label}
      </label>
      {hulp && (
        <p className="utrecht-form-field-description" id={`${id}-hulp`}>
          {hulp}
        </p>
      )}
      {fout && (
        <p className="utrecht-form-field-error-message" id={`${id}-fout`}>
          {fout}
        </p>
      )}
      {children({
        id,
        'aria-invalid': fout ? true : undefined,
        'aria-describedby': beschrijving || undefined,
      })}
    </div>
  );
}

/**
 * The errors of a form that was sent, announced at once, each a link that
 * takes the keyboard to its field.
 */
export function Foutensamenvatting({
  fouten,
  titel = 'Controleer de invoer.',
}: {
  fouten: Record<string, string>;
  titel?: string;
}) {
  const lijst = Object.entries(fouten);
  if (!lijst.length) return null;
  return (
    <div className="utrecht-alert utrecht-alert--error" role="alert">
      <div className="utrecht-alert__message">
        <p className="utrecht-paragraph">{titel}</p>
        <ul className="utrecht-unordered-list">
          {lijst.map(([veld, melding]) => (
            <li key={veld}>
              <a
                className="utrecht-link"
                href={`#${veld}`}
                onClick={(e) => {
                  e.preventDefault();
                  document.getElementById(veld)?.focus();
                }}
              >
                {melding}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** Previous / next under a paged list, the same on every screen. */
export function Paginering({
  pagina,
  totaal,
  paginagrootte,
  naar,
}: {
  pagina: number;
  totaal: number;
  paginagrootte: number;
  naar: (pagina: number) => void;
}) {
  return (
    <nav aria-label="Paginering" className="vs-filters">
      {pagina > 1 && (
        <button
          type="button"
          className="utrecht-button utrecht-button--subtle"
          onClick={() => naar(pagina - 1)}
        >
          Vorige
        </button>
      )}
      <span className="utrecht-paragraph">
        Pagina {pagina} van {Math.max(1, Math.ceil(totaal / paginagrootte))}
      </span>
      {pagina * paginagrootte < totaal && (
        <button
          type="button"
          className="utrecht-button utrecht-button--subtle"
          onClick={() => naar(pagina + 1)}
        >
          Volgende
        </button>
      )}
    </nav>
  );
}
