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

/** Loads from the API; an ended session goes back to the login screen. */
export function useLaden<T>(pad: string, bijVerlopen: () => void) {
  const [stand, zetStand] = useState<{ data?: T; fout?: ApiFout }>({});
  useEffect(() => {
    let actueel = true;
    zetStand({});
    api<T>('GET', pad).then(
      (data) => actueel && zetStand({ data }),
      (fout: unknown) => {
        if (!actueel) return;
        if (fout instanceof SessieVerlopen) bijVerlopen();
        else
          zetStand({
            fout: fout instanceof ApiFout ? fout : new ApiFout(0, 'Er ging iets mis.', undefined),
          });
      },
    );
    return () => {
      actueel = false;
    };
  }, [pad, bijVerlopen]);
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
      {melding.crisis && <span className="utrecht-badge-status vs-label">Crisis</span>}{' '}
      {melding.teLaat && <span className="utrecht-badge-status vs-label">Te laat</span>}
    </>
  );
}
