import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import {
  api,
  ApiFout,
  bewaarSessie,
  huidigeSessie,
  SessieVerlopen,
  vergeetSessie,
  type MeldingDetail,
  type MeldingInLijst,
  type Meldingenpagina,
  type Sessie,
} from './api.js';

const STATUSSEN = { OPEN: 'Open', IN_BEHANDELING: 'In behandeling', AFGESLOTEN: 'Afgesloten' };
const MATCHTYPES = {
  ENKELVOUDIG: 'Enkelvoudig',
  MEERVOUDIG: 'Meervoudig',
  OPEENVOLGEND: 'Opeenvolgend',
};
const GEBEURTENISSEN: Record<string, string> = {
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

const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
const datum = (iso: string) =>
  new Date(iso).toLocaleDateString('nl-NL', { timeZone: 'Europe/Amsterdam' });
const datumTijd = (iso: string) =>
  new Date(iso).toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam' });

function gaNaar(pad: string): void {
  history.pushState(null, '', pad);
  dispatchEvent(new PopStateEvent('popstate'));
}

function useLocatie(): URL {
  const [href, zetHref] = useState(location.href);
  useEffect(() => {
    const bij = () => zetHref(location.href);
    addEventListener('popstate', bij);
    return () => removeEventListener('popstate', bij);
  }, []);
  return new URL(href);
}

export function App() {
  const [sessie, zetSessie] = useState<Sessie | null>(huidigeSessie);
  const locatie = useLocatie();
  const verlopen = useCallback(() => {
    vergeetSessie();
    zetSessie(null);
  }, []);

  if (!sessie) return <Inloggen bijIngelogd={zetSessie} />;

  const melding = /^\/meldingen\/([^/]+)$/.exec(locatie.pathname);
  return (
    <>
      <header className="vs-kop">
        <a
          className="utrecht-link"
          href="/"
          onClick={(e) => {
            e.preventDefault();
            gaNaar('/');
          }}
        >
          Vroegsignaal — Werkvoorraad
        </a>
        <button
          type="button"
          className="utrecht-button utrecht-button--secondary-action"
          onClick={() => {
            // Ending the session on the server is best effort: locally it ends anyway.
            api('DELETE', '/sessies/huidige').catch(() => undefined);
            verlopen();
          }}
        >
          Uitloggen
        </button>
      </header>
      <main className="vs-inhoud">
        {melding ? (
          <Meldingweergave id={decodeURIComponent(melding[1]!)} bijVerlopen={verlopen} />
        ) : (
          <Werkvoorraad zoek={locatie.searchParams} bijVerlopen={verlopen} />
        )}
      </main>
    </>
  );
}

function Melding({ children }: { children: ReactNode }) {
  return (
    <div className="utrecht-alert utrecht-alert--error" role="alert">
      <div className="utrecht-alert__message">{children}</div>
    </div>
  );
}

function Inloggen({ bijIngelogd }: { bijIngelogd: (sessie: Sessie) => void }) {
  const [email, zetEmail] = useState('');
  const [wachtwoord, zetWachtwoord] = useState('');
  const [fout, zetFout] = useState<ApiFout | null>(null);
  const [bezig, zetBezig] = useState(false);

  const verstuur = async (e: FormEvent) => {
    e.preventDefault();
    zetBezig(true);
    zetFout(null);
    try {
      const antwoord = await api<Sessie>('POST', '/sessies', {
        body: { email, wachtwoord },
        zonderSessie: true,
      });
      const sessie = { token: antwoord.token, verlooptOp: antwoord.verlooptOp, rol: antwoord.rol };
      bewaarSessie(sessie);
      bijIngelogd(sessie);
    } catch (f) {
      zetFout(
        f instanceof ApiFout ? f : new ApiFout(0, 'De server is niet bereikbaar.', undefined),
      );
    } finally {
      zetBezig(false);
    }
  };

  return (
    <main className="vs-inhoud">
      <h1 className="utrecht-heading-1">Inloggen</h1>
      {fout && (
        <Melding>
          <p className="utrecht-paragraph">{fout.titel}</p>
          {fout.detail && <p className="utrecht-paragraph">{fout.detail}</p>}
        </Melding>
      )}
      <form className="utrecht-form" onSubmit={(e) => void verstuur(e)}>
        <div className="utrecht-form-field">
          <label className="utrecht-form-label" htmlFor="email">
            E-mailadres
          </label>
          <input
            id="email"
            className="utrecht-textbox"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => zetEmail(e.target.value)}
          />
        </div>
        <div className="utrecht-form-field">
          <label className="utrecht-form-label" htmlFor="wachtwoord">
            Wachtwoord
          </label>
          <input
            id="wachtwoord"
            className="utrecht-textbox"
            type="password"
            autoComplete="current-password"
            required
            value={wachtwoord}
            onChange={(e) => zetWachtwoord(e.target.value)}
          />
        </div>
        <button
          type="submit"
          className="utrecht-button utrecht-button--primary-action"
          disabled={bezig}
        >
          Inloggen
        </button>
      </form>
    </main>
  );
}

/** Loads from the API; an ended session goes back to the login screen. */
function useLaden<T>(pad: string, bijVerlopen: () => void) {
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

const FILTERS = ['status', 'matchtype', 'crisis', 'teLaat'] as const;

function Werkvoorraad({ zoek, bijVerlopen }: { zoek: URLSearchParams; bijVerlopen: () => void }) {
  // Only codes go into the URL: it ends up in history and server logs.
  const query = new URLSearchParams();
  for (const f of FILTERS) {
    const waarde = zoek.get(f);
    if (waarde) query.set(f, waarde);
  }
  const pagina = Math.max(1, Number(zoek.get('pagina')) || 1);
  if (pagina > 1) query.set('pagina', String(pagina));
  const { data, fout } = useLaden<Meldingenpagina>(
    `/meldingen?${query.toString()}&paginagrootte=25`,
    bijVerlopen,
  );

  const zet = (naam: string, waarde: string) => {
    const nieuw = new URLSearchParams(query);
    if (waarde) nieuw.set(naam, waarde);
    else nieuw.delete(naam);
    if (naam !== 'pagina') nieuw.delete('pagina');
    const tekst = nieuw.toString();
    gaNaar(tekst ? `/?${tekst}` : '/');
  };

  const keuze = (naam: string, label: string, opties: Record<string, string>) => (
    <div className="utrecht-form-field">
      <label className="utrecht-form-label" htmlFor={`filter-${naam}`}>
        {label}
      </label>
      <select
        id={`filter-${naam}`}
        className="utrecht-select"
        value={query.get(naam) ?? ''}
        onChange={(e) => zet(naam, e.target.value)}
      >
        <option value="">Alle</option>
        {Object.entries(opties).map(([code, tekst]) => (
          <option key={code} value={code}>
            {tekst}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <>
      <h1 className="utrecht-heading-1">Werkvoorraad</h1>
      <div className="vs-filters" role="search">
        {keuze('status', 'Status', STATUSSEN)}
        {keuze('matchtype', 'Match', MATCHTYPES)}
        {keuze('crisis', 'Crisis', { true: 'Alleen crisis', false: 'Geen crisis' })}
        {keuze('teLaat', 'Termijn', { true: 'Te laat', false: 'Op tijd' })}
      </div>
      {fout && <Melding>{fout.titel}</Melding>}
      {!data && !fout && <p className="utrecht-paragraph">Meldingen laden…</p>}
      {data && (
        <>
          <p className="utrecht-paragraph">{data.totaal} meldingen</p>
          <table className="utrecht-table">
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th className="utrecht-table__header-cell">Huishouden</th>
                <th className="utrecht-table__header-cell">Adres</th>
                <th className="utrecht-table__header-cell">Status</th>
                <th className="utrecht-table__header-cell">Match</th>
                <th className="utrecht-table__header-cell">Signalen</th>
                <th className="utrecht-table__header-cell">Bedrag</th>
                <th className="utrecht-table__header-cell">Geopend</th>
                <th className="utrecht-table__header-cell">Let op</th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {data.meldingen.map((m) => (
                <Rij key={m.id} melding={m} />
              ))}
            </tbody>
          </table>
          <nav aria-label="Paginering" className="vs-filters">
            {pagina > 1 && (
              <button
                type="button"
                className="utrecht-button utrecht-button--subtle"
                onClick={() => zet('pagina', String(pagina - 1))}
              >
                Vorige
              </button>
            )}
            <span className="utrecht-paragraph">
              Pagina {pagina} van {Math.max(1, Math.ceil(data.totaal / data.paginagrootte))}
            </span>
            {pagina * data.paginagrootte < data.totaal && (
              <button
                type="button"
                className="utrecht-button utrecht-button--subtle"
                onClick={() => zet('pagina', String(pagina + 1))}
              >
                Volgende
              </button>
            )}
          </nav>
        </>
      )}
    </>
  );
}

function naam(m: MeldingInLijst): string {
  const p = m.huishouden.personen[0];
  if (!p) return 'Onbekend';
  return [p.voorletters, p.tussenvoegsel, p.achternaam].filter(Boolean).join(' ');
}

function adres(m: MeldingInLijst): string {
  const a = m.huishouden.adres;
  if (!a) return 'Onbekend';
  const nummer = `${a.huisnummer}${a.huisletter ?? ''}${a.toevoeging ? `-${a.toevoeging}` : ''}`;
  return [a.straat ? `${a.straat} ${nummer}` : nummer, a.postcode, a.woonplaats]
    .filter(Boolean)
    .join(', ');
}

function Labels({ melding }: { melding: MeldingInLijst }) {
  return (
    <>
      {melding.crisis && <span className="utrecht-badge-status vs-label">Crisis</span>}{' '}
      {melding.teLaat && <span className="utrecht-badge-status vs-label">Te laat</span>}
    </>
  );
}

function Rij({ melding: m }: { melding: MeldingInLijst }) {
  return (
    <tr className={`utrecht-table__row${m.crisis || m.teLaat ? ' vs-rij-urgent' : ''}`}>
      <td className="utrecht-table__cell">
        <a
          className="utrecht-link"
          href={`/meldingen/${m.id}`}
          onClick={(e) => {
            e.preventDefault();
            gaNaar(`/meldingen/${m.id}`);
          }}
        >
          {naam(m)}
        </a>
      </td>
      <td className="utrecht-table__cell">{adres(m)}</td>
      <td className="utrecht-table__cell">{STATUSSEN[m.status]}</td>
      <td className="utrecht-table__cell">
        <span className="utrecht-data-badge">{MATCHTYPES[m.matchtype]}</span>
      </td>
      <td className="utrecht-table__cell">{m.aantalSignalen}</td>
      <td className="utrecht-table__cell">{euro.format(m.totaalBedragInCenten / 100)}</td>
      <td className="utrecht-table__cell">{datum(m.geopendOp)}</td>
      <td className="utrecht-table__cell">
        <Labels melding={m} />
      </td>
    </tr>
  );
}

function Meldingweergave({ id, bijVerlopen }: { id: string; bijVerlopen: () => void }) {
  const { data: m, fout } = useLaden<MeldingDetail>(
    `/meldingen/${encodeURIComponent(id)}`,
    bijVerlopen,
  );
  if (fout)
    return (
      <>
        <h1 className="utrecht-heading-1">Melding</h1>
        <Melding>
          {fout.status === 404
            ? 'Deze melding is niet gevonden. Misschien bestaat hij niet of hoort hij bij een andere gemeente.'
            : fout.titel}
        </Melding>
      </>
    );
  if (!m) return <p className="utrecht-paragraph">Melding laden…</p>;
  return (
    <>
      <h1 className="utrecht-heading-1">Melding</h1>
      <p className="utrecht-paragraph">
        <span className="utrecht-data-badge vs-label">Match: {MATCHTYPES[m.matchtype]}</span>{' '}
        <span className="vs-label">Status: {STATUSSEN[m.status]}</span> <Labels melding={m} />
      </p>

      <h2 className="utrecht-heading-2">Huishouden</h2>
      <dl>
        <dt>Adres</dt>
        <dd>{adres(m)}</dd>
        {m.huishouden.personen.map((p) => (
          <div key={`${p.achternaam}|${p.geboortedatum}`}>
            <dt>Persoon</dt>
            <dd>
              {[p.voorletters, p.tussenvoegsel, p.achternaam].filter(Boolean).join(' ')}, geboren{' '}
              {datum(p.geboortedatum)}
            </dd>
          </div>
        ))}
      </dl>

      <h2 className="utrecht-heading-2">Signalen</h2>
      <table className="utrecht-table">
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell">Schuldeiser</th>
            <th className="utrecht-table__header-cell">Soort</th>
            <th className="utrecht-table__header-cell">Bedrag</th>
            <th className="utrecht-table__header-cell">Signaaldatum</th>
            <th className="utrecht-table__header-cell">Ontstaan</th>
            <th className="utrecht-table__header-cell">Status</th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {m.signalen.map((s) => (
            <tr key={s.id} className="utrecht-table__row">
              <td className="utrecht-table__cell">{s.signaalpartner.naam}</td>
              <td className="utrecht-table__cell">
                {s.signaalpartner.type}
                {s.crisissignaal && ' '}
                {s.crisissignaal && <span className="utrecht-badge-status vs-label">Crisis</span>}
              </td>
              <td className="utrecht-table__cell">{euro.format(s.bedragInCenten / 100)}</td>
              <td className="utrecht-table__cell">{datum(s.signaaldatum)}</td>
              <td className="utrecht-table__cell">{datum(s.ontstaansdatum)}</td>
              <td className="utrecht-table__cell">
                {s.ingetrokkenOp ? 'Ingetrokken' : s.signaalstatus}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 className="utrecht-heading-2">Tijdlijn</h2>
      <ol className="utrecht-ordered-list">
        {m.tijdlijn.map((g, i) => (
          <li key={i} className="utrecht-ordered-list__item">
            {datumTijd(g.op)}: {GEBEURTENISSEN[g.soort] ?? g.soort}
            {g.door ? ` (${g.door.naam})` : ''}
          </li>
        ))}
      </ol>
    </>
  );
}
