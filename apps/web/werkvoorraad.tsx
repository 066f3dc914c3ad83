import type { Meldingenpagina, MeldingInLijst } from './api.js';
import {
  adres,
  datum,
  euro,
  Foutmelding,
  gaNaar,
  Labels,
  MATCHTYPES,
  naam,
  STATUSSEN,
  useLaden,
} from './ui.js';

const FILTERS = ['status', 'matchtype', 'crisis', 'teLaat'] as const;

export function Werkvoorraad({
  zoek,
  bijVerlopen,
}: {
  zoek: URLSearchParams;
  rol: string;
  bijVerlopen: () => void;
}) {
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
      {fout && <Foutmelding>{fout.titel}</Foutmelding>}
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
