import { useState, type FormEvent } from 'react';
import { datumTijd, Foutmelding, Paginering, useLaden } from './ui.js';

// The gemeente's audit log for its teamleiders and beheerders: who did what
// with which data, from where. The filter is applied on "Zoeken" only, so
// every search the API logs is one the user meant to make.

interface Auditregel {
  id: string;
  tijdstip: string;
  actor: { type: string; id: string | null; naam: string | null; email: string | null };
  organisatie: { type: string | null; id: string | null; naam: string | null };
  actie: string;
  object: { type: string; id: string | null };
  resultaat: string;
  herkomst: { ip: string | null; userAgent: string | null };
}

interface Zoekresultaat {
  auditregels: Auditregel[];
  pagina: number;
  paginagrootte: number;
  totaal: number;
}

const PAGINAGROOTTE = 25;

/** The actions a gemeente meets most, as suggestions; any other can be typed. */
const ACTIES = [
  'melding_inzien',
  'melding_in_lijst',
  'melding_in_export',
  'brief_downloaden',
  'werkvoorraad_exporteren',
  'beheerexport_xlsx',
  'beheerexport_csv',
  'ddas_gegevens_ophalen',
  'printbatch_lezen',
  'inloggen',
  'auditlog_inzien',
  'gemeente_instellingen_wijzigen',
];

const RESULTATEN: Record<string, string> = {
  gelukt: 'Gelukt',
  geweigerd: 'Geweigerd',
  mislukt: 'Mislukt',
  niet_gevonden: 'Niet gevonden',
};

const ACTORSOORTEN: Record<string, string> = {
  gebruiker: 'Gebruiker',
  'api-sleutel': 'Systeem (API-sleutel)',
  'ddas-client': 'DDAS-client',
  anoniem: 'Niet ingelogd',
};

interface Filter {
  van: string;
  tot: string;
  actie: string;
  objectType: string;
  objectId: string;
  actorId: string;
  resultaat: string;
}

const LEEG: Filter = {
  van: '',
  tot: '',
  actie: '',
  objectType: '',
  objectId: '',
  actorId: '',
  resultaat: '',
};

/** Dates as the user means them: from the start of "van" to the end of "tot", in local time. */
function zoekvraag(filter: Filter, pagina: number): string {
  const vraag = new URLSearchParams();
  if (filter.van) vraag.set('van', new Date(`${filter.van}T00:00:00`).toISOString());
  if (filter.tot) {
    const eind = new Date(`${filter.tot}T00:00:00`);
    eind.setDate(eind.getDate() + 1);
    vraag.set('tot', eind.toISOString());
  }
  for (const veld of ['actie', 'objectType', 'objectId', 'actorId', 'resultaat'] as const)
    if (filter[veld].trim()) vraag.set(veld, filter[veld].trim());
  vraag.set('pagina', String(pagina));
  vraag.set('paginagrootte', String(PAGINAGROOTTE));
  return vraag.toString();
}

function wie(r: Auditregel): string {
  if (r.actor.naam) return `${r.actor.naam} (${r.actor.email})`;
  const soort = ACTORSOORTEN[r.actor.type] ?? r.actor.type;
  return r.actor.id ? `${soort} ${r.actor.id}` : soort;
}

export function Auditlog({ bijVerlopen }: { bijVerlopen: () => void }) {
  const [invoer, zetInvoer] = useState<Filter>(LEEG);
  const [filter, zetFilter] = useState<Filter>(LEEG);
  const [pagina, zetPagina] = useState(1);
  const lijst = useLaden<Zoekresultaat>(`/auditregels?${zoekvraag(filter, pagina)}`, bijVerlopen);
  const data = lijst.data;

  const zoek = (e: FormEvent) => {
    e.preventDefault();
    zetFilter(invoer);
    zetPagina(1);
  };
  const tekstveld = (veld: keyof Filter, label: string, extra: Record<string, string> = {}) => (
    <div className="utrecht-form-field">
      <label className="utrecht-form-label" htmlFor={`audit-${veld}`}>
        {label}
      </label>
      <input
        id={`audit-${veld}`}
        className="utrecht-textbox"
        type="text"
        value={invoer[veld]}
        onChange={(e) => zetInvoer({ ...invoer, [veld]: e.target.value })}
        {...extra}
      />
    </div>
  );

  return (
    <>
      <h1 className="utrecht-heading-1">Auditlog</h1>
      <p className="utrecht-paragraph">
        Wie wat deed met de gegevens van uw gemeente, nieuwste eerst. Uw eigen zoekopdrachten hier
        worden ook vastgelegd.
      </p>
      <form className="vs-filters" role="search" aria-label="Auditlog doorzoeken" onSubmit={zoek}>
        <div className="utrecht-form-field">
          <label className="utrecht-form-label" htmlFor="audit-van">
            Vanaf datum
          </label>
          <input
            id="audit-van"
            className="utrecht-textbox"
            type="date"
            value={invoer.van}
            onChange={(e) => zetInvoer({ ...invoer, van: e.target.value })}
          />
        </div>
        <div className="utrecht-form-field">
          <label className="utrecht-form-label" htmlFor="audit-tot">
            Tot en met datum
          </label>
          <input
            id="audit-tot"
            className="utrecht-textbox"
            type="date"
            value={invoer.tot}
            onChange={(e) => zetInvoer({ ...invoer, tot: e.target.value })}
          />
        </div>
        {tekstveld('actie', 'Actie', { list: 'audit-acties' })}
        <datalist id="audit-acties">
          {ACTIES.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        {tekstveld('objectType', 'Objecttype')}
        {tekstveld('objectId', 'Object-id')}
        {tekstveld('actorId', 'Gebruiker-id')}
        <div className="utrecht-form-field">
          <label className="utrecht-form-label" htmlFor="audit-resultaat">
            Resultaat
          </label>
          <select
            id="audit-resultaat"
            className="utrecht-select"
            value={invoer.resultaat}
            onChange={(e) => zetInvoer({ ...invoer, resultaat: e.target.value })}
          >
            <option value="">Alle</option>
            {Object.entries(RESULTATEN).map(([waarde, tekst]) => (
              <option key={waarde} value={waarde}>
                {tekst}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          Zoeken
        </button>
        <button
          type="button"
          className="utrecht-button utrecht-button--secondary-action"
          onClick={() => {
            zetInvoer(LEEG);
            zetFilter(LEEG);
            zetPagina(1);
          }}
        >
          Filter wissen
        </button>
      </form>
      {lijst.fout && (
        <Foutmelding>
          <p className="utrecht-paragraph">{lijst.fout.titel}</p>
          {lijst.fout.detail && <p className="utrecht-paragraph">{lijst.fout.detail}</p>}
        </Foutmelding>
      )}
      <p className="utrecht-paragraph" role="status" aria-live="polite">
        {lijst.laden ? 'Bijwerken…' : data ? `${data.totaal} regels` : ''}
      </p>
      {data && (
        <>
          <table className="utrecht-table">
            <caption className="utrecht-table__caption">Auditregels, nieuwste eerst</caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                {['Tijdstip', 'Wie', 'Organisatie', 'Actie', 'Object', 'Resultaat', 'Herkomst'].map(
                  (kop) => (
                    <th key={kop} scope="col" className="utrecht-table__header-cell">
                      {kop}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {data.auditregels.map((r) => (
                <tr key={r.id} className="utrecht-table__row">
                  <td className="utrecht-table__cell">{datumTijd(r.tijdstip)}</td>
                  <td className="utrecht-table__cell">{wie(r)}</td>
                  <td className="utrecht-table__cell">
                    {r.organisatie.naam ?? r.organisatie.type ?? '—'}
                  </td>
                  <td className="utrecht-table__cell">{r.actie}</td>
                  <td className="utrecht-table__cell">
                    {r.object.type}
                    {r.object.id ? ` ${r.object.id}` : ''}
                  </td>
                  <td className="utrecht-table__cell">{RESULTATEN[r.resultaat] ?? r.resultaat}</td>
                  <td className="utrecht-table__cell" title={r.herkomst.userAgent ?? undefined}>
                    {r.herkomst.ip ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Paginering
            pagina={pagina}
            totaal={data.totaal}
            paginagrootte={data.paginagrootte}
            naar={zetPagina}
          />
        </>
      )}
    </>
  );
}
