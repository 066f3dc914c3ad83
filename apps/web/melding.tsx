import type { Ik, MeldingDetail } from './api.js';
import {
  adres,
  datum,
  datumTijd,
  Foutmelding,
  GEBEURTENISSEN,
  Labels,
  MATCHTYPES,
  STATUSSEN,
  euro,
  useLaden,
} from './ui.js';

export function Meldingweergave({
  id,
  bijVerlopen,
}: {
  id: string;
  ik: Ik | null;
  rol: string;
  bijVerlopen: () => void;
}) {
  const { data: m, fout } = useLaden<MeldingDetail>(
    `/meldingen/${encodeURIComponent(id)}`,
    bijVerlopen,
  );
  if (fout)
    return (
      <>
        <h1 className="utrecht-heading-1">Melding</h1>
        <Foutmelding>
          {fout.status === 404
            ? 'Deze melding is niet gevonden. Misschien bestaat hij niet of hoort hij bij een andere gemeente.'
            : fout.titel}
        </Foutmelding>
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
