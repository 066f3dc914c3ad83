import { useState } from 'react';
import { SIGNAALPARTNER_TYPES } from '../../domain/ddas.js';
import {
  api,
  ApiFout,
  haalBestand,
  SessieVerlopen,
  type Aantallen,
  type Meldingenpagina,
  type MeldingInLijst,
  type Werkbak,
} from './api.js';
import { Bulkacties } from './bulkactie.js';
import {
  adres,
  datum,
  euro,
  Foutmelding,
  gaNaar,
  Labels,
  MATCHTYPES,
  naam,
  Paginering,
  STATUSSEN,
  useLaden,
} from './ui.js';

// Only codes go into the URL: it ends up in history and server logs.
const FILTERS = [
  'status',
  'matchtype',
  'wijk',
  'kern',
  'signaalpartnerType',
  'crisis',
  'teLaat',
  'behandelaar',
  'bedragVan',
  'bedragTot',
  'ouderDanDagen',
  'sortering',
] as const;
const SORTERINGEN = {
  urgentie: 'Urgentie (crisis en te laat eerst)',
  geopendOp: 'Oudste eerst',
  '-geopendOp': 'Nieuwste eerst',
  termijn: 'Eerstvolgende termijn',
};
const PAGINAGROOTTE = 25;

/** The filter as the API takes it, from the address bar. */
function filterUit(zoek: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams();
  for (const f of FILTERS) {
    const waarde = zoek.get(f);
    if (waarde) query.set(f, waarde);
  }
  return query;
}

const metAantal = (tekst: string, aantal: number | undefined) =>
  aantal === undefined ? tekst : `${tekst} (${aantal})`;

function Werkbakken({
  filter,
  versie,
  bijVerlopen,
}: {
  filter: string;
  versie: number;
  bijVerlopen: () => void;
}) {
  const [eigenVersie, zetEigenVersie] = useState(0);
  const { data } = useLaden<{ werkbakken: Werkbak[] }>(
    '/werkbakken',
    bijVerlopen,
    versie + eigenVersie,
  );
  const [naamNieuw, zetNaamNieuw] = useState('');
  const [fout, zetFout] = useState<string | null>(null);
  const bewaar = async () => {
    zetFout(null);
    try {
      await api('POST', '/werkbakken', { body: { naam: naamNieuw.trim(), filter } });
      zetNaamNieuw('');
      zetEigenVersie((v) => v + 1);
    } catch (f) {
      if (f instanceof SessieVerlopen) return bijVerlopen();
      zetFout(
        f instanceof ApiFout
          ? (Object.values(f.velden)[0] ?? f.detail ?? f.titel)
          : 'Niet bewaard.',
      );
    }
  };
  const verwijder = async (id: string) => {
    await api('DELETE', `/werkbakken/${encodeURIComponent(id)}`).catch(() => undefined);
    zetEigenVersie((v) => v + 1);
  };
  return (
    <nav aria-label="Werkbakken" className="vs-werkbakken">
      <ul className="vs-werkbakkenlijst">
        <li>
          <a
            className="utrecht-link"
            href="/"
            aria-current={filter === '' ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              gaNaar('/');
            }}
          >
            Alle meldingen
          </a>
        </li>
        {data?.werkbakken.map((w) => (
          <li key={w.id}>
            <a
              className="utrecht-link"
              href={`/?${w.filter}`}
              aria-current={filter === w.filter ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                gaNaar(`/?${w.filter}`);
              }}
            >
              {w.naam} <span className="vs-aantal">{w.aantal}</span>
            </a>
            {w.eigen && (
              <button
                type="button"
                className="utrecht-button utrecht-button--subtle vs-klein"
                aria-label={`Werkbak ${w.naam} verwijderen`}
                onClick={() => void verwijder(w.id)}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {filter && (
        <form
          className="vs-filters"
          onSubmit={(e) => {
            e.preventDefault();
            if (!naamNieuw.trim()) return zetFout('Geef de werkbak een naam.');
            void bewaar();
          }}
        >
          <div className="utrecht-form-field">
            <label className="utrecht-form-label" htmlFor="werkbak-naam">
              Dit filter bewaren als werkbak
            </label>
            <input
              id="werkbak-naam"
              className="utrecht-textbox"
              maxLength={60}
              value={naamNieuw}
              aria-invalid={fout ? true : undefined}
              aria-describedby={fout ? 'werkbak-fout' : undefined}
              onChange={(e) => zetNaamNieuw(e.target.value)}
            />
            {fout && (
              <p className="utrecht-form-field-error-message" id="werkbak-fout" role="alert">
                {fout}
              </p>
            )}
          </div>
          <button type="submit" className="utrecht-button utrecht-button--secondary-action">
            Bewaren
          </button>
        </form>
      )}
    </nav>
  );
}

export function Werkvoorraad({
  zoek,
  rol,
  bijVerlopen,
}: {
  zoek: URLSearchParams;
  rol: string;
  bijVerlopen: () => void;
}) {
  const filter = filterUit(zoek);
  const filtertekst = filter.toString();
  const pagina = Math.max(1, Number(zoek.get('pagina')) || 1);
  const [versie, zetVersie] = useState(0);
  const lijst = useLaden<Meldingenpagina>(
    `/meldingen?${filtertekst}${filtertekst ? '&' : ''}pagina=${pagina}&paginagrootte=${PAGINAGROOTTE}`,
    bijVerlopen,
    versie,
  );
  const aantallen = useLaden<Aantallen>(
    `/meldingen/aantallen${filtertekst ? `?${filtertekst}` : ''}`,
    bijVerlopen,
    versie,
  ).data;
  const [geselecteerd, zetGeselecteerd] = useState<Set<string>>(new Set());
  const [allesGeselecteerd, zetAllesGeselecteerd] = useState<string[] | null>(null);
  const [melding, zetMelding] = useState<string | null>(null);
  const data = lijst.data;

  const zet = (naamFilter: string, waarde: string) => {
    const nieuw = new URLSearchParams(filter);
    if (waarde) nieuw.set(naamFilter, waarde);
    else nieuw.delete(naamFilter);
    zetGeselecteerd(new Set());
    zetAllesGeselecteerd(null);
    const tekst = nieuw.toString();
    gaNaar(tekst ? `/?${tekst}` : '/');
  };

  const keuze = (naamFilter: string, label: string, opties: [string, string, number?][]) => (
    <div className="utrecht-form-field">
      <label className="utrecht-form-label" htmlFor={`filter-${naamFilter}`}>
        {label}
      </label>
      <select
        id={`filter-${naamFilter}`}
        className="utrecht-select"
        value={filter.get(naamFilter) ?? ''}
        onChange={(e) => zet(naamFilter, e.target.value)}
      >
        <option value="">Alle</option>
        {opties.map(([code, tekst, aantal]) => (
          <option key={code} value={code}>
            {metAantal(tekst, aantal)}
          </option>
        ))}
      </select>
    </div>
  );

  const bedrag = (naamFilter: 'bedragVan' | 'bedragTot', label: string) => {
    const centen = filter.get(naamFilter);
    return (
      <div className="utrecht-form-field">
        <label className="utrecht-form-label" htmlFor={`filter-${naamFilter}`}>
          {label}
        </label>
        <input
          id={`filter-${naamFilter}`}
          key={`${naamFilter}-${centen ?? ''}`}
          className="utrecht-textbox vs-smal"
          inputMode="decimal"
          defaultValue={centen ? String(Number(centen) / 100) : ''}
          // Applied when the caseworker leaves the field, not on every keystroke.
          onBlur={(e) => {
            const euros = Number(e.target.value.replace(',', '.'));
            const nieuw =
              e.target.value.trim() && Number.isFinite(euros) && euros >= 0
                ? String(Math.round(euros * 100))
                : '';
            if (nieuw !== (centen ?? '')) zet(naamFilter, nieuw);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          }}
        />
      </div>
    );
  };

  const download = async () => {
    zetMelding(null);
    try {
      const bestand = await haalBestand(`/meldingen/export${filtertekst ? `?${filtertekst}` : ''}`);
      const url = URL.createObjectURL(bestand);
      const a = document.createElement('a');
      a.href = url;
      a.download = `werkvoorraad-${new Date().toISOString().slice(0, 10)}.xlsx`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (f) {
      if (f instanceof SessieVerlopen) bijVerlopen();
      else zetMelding('De Excel-download is mislukt. Probeer het opnieuw.');
    }
  };

  const selecteerAlles = async () => {
    try {
      const { ids } = await api<{ ids: string[]; totaal: number }>(
        'GET',
        `/meldingen/ids${filtertekst ? `?${filtertekst}` : ''}`,
      );
      zetAllesGeselecteerd(ids);
    } catch (f) {
      if (f instanceof SessieVerlopen) bijVerlopen();
    }
  };

  const opPagina = data?.meldingen ?? [];
  const alleOpPagina = opPagina.length > 0 && opPagina.every((m) => geselecteerd.has(m.id));
  const selectie = allesGeselecteerd ?? [...geselecteerd];
  const wissel = (id: string) => {
    zetAllesGeselecteerd(null);
    zetGeselecteerd((vorige) => {
      const nieuw = new Set(vorige);
      if (nieuw.has(id)) nieuw.delete(id);
      else nieuw.add(id);
      return nieuw;
    });
  };
  const a = aantallen;

  return (
    <>
      <h1 className="utrecht-heading-1">Werkvoorraad</h1>
      <Werkbakken filter={filtertekst} versie={versie} bijVerlopen={bijVerlopen} />
      <div className="vs-filters" role="search" aria-label="Meldingen filteren">
        {keuze(
          'status',
          'Status',
          Object.entries(STATUSSEN).map(([c, t]) => [c, t, a?.status[c]]),
        )}
        {keuze(
          'matchtype',
          'Match',
          Object.entries(MATCHTYPES).map(([c, t]) => [c, t, a?.matchtype[c]]),
        )}
        {keuze(
          'wijk',
          'Wijk',
          (a?.wijk ?? []).map((w) => [w.code, w.naam, w.aantal]),
        )}
        {a &&
          a.kern.length > 0 &&
          keuze(
            'kern',
            'Kern',
            a.kern.map((k) => [k.naam, k.naam, k.aantal]),
          )}
        {keuze(
          'signaalpartnerType',
          'Soort schuldeiser',
          Object.entries(SIGNAALPARTNER_TYPES).map(([c, t]) => [c, t, a?.signaalpartnerType[c]]),
        )}
        {keuze('crisis', 'Crisis', [
          ['true', 'Alleen crisis', a?.crisis.ja],
          ['false', 'Geen crisis', a?.crisis.nee],
        ])}
        {keuze('teLaat', 'Termijn', [
          ['true', 'Te laat', a?.teLaat.ja],
          ['false', 'Op tijd', a?.teLaat.nee],
        ])}
        {keuze('behandelaar', 'Behandelaar', [
          ['ik', 'Mijn meldingen'],
          ...(a?.behandelaar ?? []).map((b): [string, string, number] => [b.id, b.naam, b.aantal]),
        ])}
        {bedrag('bedragVan', 'Bedrag vanaf (€)')}
        {bedrag('bedragTot', 'Bedrag tot en met (€)')}
        {keuze('ouderDanDagen', 'Leeftijd', [
          ['7', 'Ouder dan een week'],
          ['14', 'Ouder dan 2 weken'],
          ['28', 'Ouder dan 4 weken'],
          ['90', 'Ouder dan 3 maanden'],
        ])}
        <div className="utrecht-form-field">
          <label className="utrecht-form-label" htmlFor="filter-sortering">
            Sortering
          </label>
          <select
            id="filter-sortering"
            className="utrecht-select"
            value={filter.get('sortering') ?? 'urgentie'}
            onChange={(e) => zet('sortering', e.target.value === 'urgentie' ? '' : e.target.value)}
          >
            {Object.entries(SORTERINGEN).map(([code, tekst]) => (
              <option key={code} value={code}>
                {tekst}
              </option>
            ))}
          </select>
        </div>
        {filtertekst && (
          <button
            type="button"
            className="utrecht-button utrecht-button--subtle"
            onClick={() => gaNaar('/')}
          >
            Filters wissen
          </button>
        )}
      </div>
      {lijst.fout && (
        <Foutmelding>
          {lijst.fout.titel} {lijst.fout.detail}
        </Foutmelding>
      )}
      {!data && !lijst.fout && <p className="utrecht-paragraph">Meldingen laden…</p>}
      {data && (
        <>
          <div className="vs-balk">
            <p className="utrecht-paragraph" role="status" aria-live="polite">
              {lijst.laden ? 'Bijwerken…' : `${data.totaal} meldingen`}
            </p>
            <button
              type="button"
              className="utrecht-button utrecht-button--secondary-action"
              onClick={() => void download()}
            >
              Download als Excel
            </button>
          </div>
          {melding && <Foutmelding>{melding}</Foutmelding>}
          {selectie.length > 0 && (
            <section className="vs-bulk" aria-label="Bulkacties">
              <p className="utrecht-paragraph">
                {selectie.length} {selectie.length === 1 ? 'melding' : 'meldingen'} geselecteerd.{' '}
                {!allesGeselecteerd && data.totaal > geselecteerd.size && (
                  <button
                    type="button"
                    className="utrecht-button utrecht-button--subtle"
                    onClick={() => void selecteerAlles()}
                  >
                    Selecteer alle {Math.min(data.totaal, 1000)} meldingen die aan het filter
                    voldoen
                  </button>
                )}{' '}
                <button
                  type="button"
                  className="utrecht-button utrecht-button--subtle"
                  onClick={() => {
                    zetGeselecteerd(new Set());
                    zetAllesGeselecteerd(null);
                  }}
                >
                  Selectie opheffen
                </button>
              </p>
              <Bulkacties
                meldingIds={selectie}
                rol={rol}
                bijKlaar={() => zetVersie((v) => v + 1)}
                bijVerlopen={bijVerlopen}
              />
            </section>
          )}
          <table className="utrecht-table vs-werkvoorraad" aria-busy={lijst.laden}>
            <caption className="vs-verborgen">
              Meldingen, pagina {pagina}; crisis en te late meldingen zijn gemarkeerd
            </caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th className="utrecht-table__header-cell" scope="col">
                  <input
                    type="checkbox"
                    id="selecteer-pagina"
                    aria-label="Alle meldingen op deze pagina selecteren"
                    checked={alleOpPagina}
                    onChange={() => {
                      zetAllesGeselecteerd(null);
                      zetGeselecteerd((vorige) => {
                        const nieuw = new Set(vorige);
                        for (const m of opPagina)
                          if (alleOpPagina) nieuw.delete(m.id);
                          else nieuw.add(m.id);
                        return nieuw;
                      });
                    }}
                  />
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Huishouden
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Adres
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Wijk
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Status
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Match
                </th>
                <th className="utrecht-table__header-cell vs-getal" scope="col">
                  Signalen
                </th>
                <th className="utrecht-table__header-cell vs-getal" scope="col">
                  Bedrag
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Geopend
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Behandelaar
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Let op
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {opPagina.map((m) => (
                <Rij
                  key={m.id}
                  melding={m}
                  geselecteerd={
                    allesGeselecteerd ? allesGeselecteerd.includes(m.id) : geselecteerd.has(m.id)
                  }
                  bijWissel={() => wissel(m.id)}
                />
              ))}
            </tbody>
          </table>
          <Paginering
            pagina={pagina}
            totaal={data.totaal}
            paginagrootte={data.paginagrootte}
            naar={(p) => zet('pagina', String(p))}
          />
        </>
      )}
    </>
  );
}

function Rij({
  melding: m,
  geselecteerd,
  bijWissel,
}: {
  melding: MeldingInLijst;
  geselecteerd: boolean;
  bijWissel: () => void;
}) {
  return (
    <tr className={`utrecht-table__row${m.crisis || m.teLaat ? ' vs-rij-urgent' : ''}`}>
      <td className="utrecht-table__cell">
        <input
          type="checkbox"
          aria-label={`${naam(m)} selecteren`}
          checked={geselecteerd}
          onChange={bijWissel}
        />
      </td>
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
      <td className="utrecht-table__cell">{m.wijk?.naam ?? '—'}</td>
      <td className="utrecht-table__cell">{STATUSSEN[m.status]}</td>
      <td className="utrecht-table__cell">
        <span className={`vs-match vs-match-${m.matchtype.toLowerCase()}`}>
          {MATCHTYPES[m.matchtype]}
        </span>
      </td>
      <td className="utrecht-table__cell vs-getal">{m.aantalSignalen}</td>
      <td className="utrecht-table__cell vs-getal">{euro.format(m.totaalBedragInCenten / 100)}</td>
      <td className="utrecht-table__cell">{datum(m.geopendOp)}</td>
      <td className="utrecht-table__cell">{m.behandelaar?.naam ?? '—'}</td>
      <td className="utrecht-table__cell">
        <Labels melding={m} />
      </td>
    </tr>
  );
}
