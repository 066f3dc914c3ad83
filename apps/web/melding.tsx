import { useEffect, useRef, useState } from 'react';
import { CONTACTSOORTEN, RESULTATEN, SIGNAALSTATUSSEN } from '../../domain/ddas.js';
import { apiRuw, haalBestand, type Ik, type MeldingDetail } from './api.js';
import { Acties } from './meldingacties.js';
import {
  adres,
  datum,
  datumTijd,
  euro,
  Foutmelding,
  GEBEURTENISSEN,
  Labels,
  MATCHTYPES,
  STATUSSEN,
  useLaden,
} from './ui.js';

type Gebeurtenis = MeldingDetail['tijdlijn'][number];

const TERMIJNEN: Record<string, string> = {
  eersteContact: 'eerste contact',
  oppakken: 'oppakken',
};
const SLUITGRONDEN: Record<string, string> = {
  ALLES_INGETROKKEN: 'alle signalen zijn ingetrokken',
  ONDER_MINIMUMBEDRAG: 'alle signalen liggen onder het minimumbedrag',
};

const label = (tabel: Record<string, string>, code: unknown) =>
  typeof code === 'string' ? (tabel[code] ?? code) : '';

/** What happened, in words a caseworker reads at a glance. */
function beschrijving(g: Gebeurtenis, m: MeldingDetail): string {
  const gegevens = g.gegevens ?? {};
  const kop = GEBEURTENISSEN[g.soort] ?? g.soort;
  switch (g.soort) {
    case 'signaal_toegevoegd': {
      const s = m.signalen.find((x) => x.id === gegevens.signaalId);
      return s
        ? `Signaal van ${s.signaalpartner.naam} (${s.signaalpartner.type}) toegevoegd, ${euro.format(s.bedragInCenten / 100)}`
        : kop;
    }
    case 'brief':
    case 'email': {
      const c = m.correspondentie.find((x) => x.id === gegevens.correspondentieId);
      return c ? `${kop}: ${c.onderwerp}` : kop;
    }
    case 'contactpoging': {
      const c = m.contactpogingen.find((x) => x.id === gegevens.contactpogingId);
      const soort = label(CONTACTSOORTEN, gegevens.soort);
      const uitkomst = gegevens.bereikt ? 'bereikt' : 'niet bereikt';
      return `Contactpoging (${soort}) op ${datum(String(gegevens.datum))}: ${uitkomst}${
        c?.toelichting ? ` — ${c.toelichting}` : ''
      }`;
    }
    case 'oppakken':
      return gegevens.behandelaarId === g.door?.id ? 'Opgepakt' : 'Toegewezen aan een collega';
    case 'niet_oppakken':
      return `${kop}: ${label(SIGNAALSTATUSSEN, gegevens.reden)}`;
    case 'afsluiten':
      return `Afgesloten met resultaat: ${label(RESULTATEN, gegevens.resultaat)}`;
    case 'automatisch_sluiten':
      return `${kop}: ${label(SLUITGRONDEN, gegevens.grond)}`;
    case 'notitie': {
      const n = m.notities.find((x) => x.id === gegevens.notitieId);
      return n ? `Notitie: ${n.tekst}` : kop;
    }
    case 'termijn_overschreden':
      return `Termijn voor ${label(TERMIJNEN, gegevens.termijn)} overschreden, teamleider gewaarschuwd`;
    case 'taak':
      return `Taak aangemaakt: ${label({}, gegevens.taak)}, uiterlijk ${datum(String(gegevens.deadline))}`;
    default:
      return kop;
  }
}

/** A letter as the person received it, fetched with the session token. */
function Briefvoorbeeld({
  meldingId,
  correspondentieId,
  onderwerp,
}: {
  meldingId: string;
  correspondentieId: string;
  onderwerp: string;
}) {
  const [url, zetUrl] = useState<string | null>(null);
  const [fout, zetFout] = useState<string | null>(null);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  if (url)
    return (
      <div className="vs-briefvoorbeeld">
        <iframe title={`Brief: ${onderwerp}`} src={url} />
        <button
          type="button"
          className="utrecht-button utrecht-button--subtle"
          onClick={() => zetUrl(null)}
        >
          Voorbeeld sluiten
        </button>
      </div>
    );
  return (
    <>
      <button
        type="button"
        className="utrecht-button utrecht-button--subtle"
        onClick={() => {
          zetFout(null);
          haalBestand(`/meldingen/${meldingId}/correspondentie/${correspondentieId}`).then(
            (pdf) => zetUrl(URL.createObjectURL(pdf)),
            () => zetFout('De brief kon niet worden opgehaald.'),
          );
        }}
      >
        Bekijk brief (PDF)
      </button>
      {fout && <Foutmelding>{fout}</Foutmelding>}
    </>
  );
}

export function Meldingweergave({
  id,
  ik,
  rol,
  bijVerlopen,
}: {
  id: string;
  ik: Ik | null;
  rol: string;
  bijVerlopen: () => void;
}) {
  const geladen = useLaden<MeldingDetail>(`/meldingen/${encodeURIComponent(id)}`, bijVerlopen);
  // An action answers with the melding as it now stands: the view follows without a reload.
  const [bijgewerkt, zetBijgewerkt] = useState<MeldingDetail | null>(null);
  const [bericht, zetBericht] = useState('');
  const kop = useRef<HTMLHeadingElement>(null);
  useEffect(() => zetBijgewerkt(null), [id]);
  useEffect(() => kop.current?.focus(), [id]);

  const m = bijgewerkt?.id === id ? bijgewerkt : geladen.data?.id === id ? geladen.data : undefined;
  if (geladen.fout)
    return (
      <>
        <h1 className="utrecht-heading-1">Melding</h1>
        <Foutmelding>
          {geladen.fout.status === 404
            ? 'Deze melding is niet gevonden. Misschien bestaat hij niet of hoort hij bij een andere gemeente.'
            : geladen.fout.titel}
        </Foutmelding>
      </>
    );
  if (!m) return <p className="utrecht-paragraph">Melding laden…</p>;
  const uitgevoerd = (nieuw: MeldingDetail, wat: string) => {
    zetBijgewerkt(nieuw);
    zetBericht(wat);
  };

  return (
    <>
      <h1 className="utrecht-heading-1" ref={kop} tabIndex={-1}>
        Melding
      </h1>
      <p className="utrecht-paragraph vs-kenmerken">
        <span className={`vs-match vs-match-${m.matchtype.toLowerCase()}`}>
          Match: {MATCHTYPES[m.matchtype]}
        </span>{' '}
        <span className="vs-label">Status: {STATUSSEN[m.status]}</span>
        {m.resultaat && <span className="vs-label">Resultaat: {m.resultaat}</span>}
        {m.behandelaar && <span className="vs-label">Behandelaar: {m.behandelaar.naam}</span>}
        <Labels melding={m} />
      </p>
      {ik?.temporalWorkflows && (
        <p className="utrecht-paragraph">
          <a
            className="utrecht-link"
            href={`${ik.temporalWorkflows}${encodeURIComponent(`melding-${m.id}`)}`}
            target="_blank"
            rel="noreferrer"
            // The Web UI decrypts payloads through our codec endpoint with this
            // HttpOnly cookie; the UI is another origin and has no bearer token.
            onClick={() => void apiRuw('POST', '/temporal-codec/sessie').catch(() => undefined)}
          >
            Bekijk in Temporal (opent in een nieuw venster)
          </a>
        </p>
      )}
      <div className="vs-status" role="status" aria-live="polite">
        {bericht}
      </div>

      <div className="vs-twee-kolommen">
        <section aria-labelledby="kop-huishouden">
          <h2 className="utrecht-heading-2" id="kop-huishouden">
            Huishouden
          </h2>
          <dl className="vs-gegevens">
            <dt>Adres</dt>
            <dd>{adres(m)}</dd>
            {m.huishouden.personen.map((p) => (
              <div key={`${p.achternaam}|${p.geboortedatum}`}>
                <dt>Persoon</dt>
                <dd>
                  {[p.voorletters, p.tussenvoegsel, p.achternaam].filter(Boolean).join(' ')},
                  geboren {datum(p.geboortedatum)}
                </dd>
              </div>
            ))}
            {m.wijk && (
              <>
                <dt>Wijk</dt>
                <dd>
                  {m.wijk.naam}
                  {m.kern ? ` (kern ${m.kern})` : ''}
                </dd>
              </>
            )}
          </dl>
        </section>
        <Acties
          melding={m}
          rol={rol}
          ik={ik}
          bijUitgevoerd={uitgevoerd}
          bijVerlopen={bijVerlopen}
        />
      </div>

      <h2 className="utrecht-heading-2">Signalen</h2>
      <table className="utrecht-table">
        <caption className="vs-verborgen">Signalen van dit huishouden</caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="col">
              Schuldeiser
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              Soort
            </th>
            <th className="utrecht-table__header-cell vs-getal" scope="col">
              Bedrag
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              Ontstaan
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              Signaaldatum
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              Status
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {m.signalen.map((s) => (
            <tr key={s.id} className="utrecht-table__row">
              <td className="utrecht-table__cell">{s.signaalpartner.naam}</td>
              <td className="utrecht-table__cell">
                {s.signaalpartner.type}
                {s.crisissignaal && ' '}
                {s.crisissignaal && <span className="vs-label vs-crisis">Crisis</span>}
              </td>
              <td className="utrecht-table__cell vs-getal">
                {euro.format(s.bedragInCenten / 100)}
              </td>
              <td className="utrecht-table__cell">{datum(s.ontstaansdatum)}</td>
              <td className="utrecht-table__cell">{datum(s.signaaldatum)}</td>
              <td className="utrecht-table__cell">
                {s.ingetrokkenOp ? 'Ingetrokken' : s.signaalstatus}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 className="utrecht-heading-2">Tijdlijn</h2>
      <ol className="vs-tijdlijn">
        {m.tijdlijn.map((g, i) => {
          const correspondentieId =
            g.soort === 'brief' ? (g.gegevens?.correspondentieId as string | undefined) : undefined;
          const brief = m.correspondentie.find((c) => c.id === correspondentieId);
          return (
            <li key={i} className={`vs-gebeurtenis vs-gebeurtenis-${g.soort}`}>
              <time dateTime={g.op}>{datumTijd(g.op)}</time> <span>{beschrijving(g, m)}</span>
              <span className="vs-door">{g.door ? ` — ${g.door.naam}` : ' — Vroegsignaal'}</span>
              {brief && (
                <Briefvoorbeeld
                  meldingId={m.id}
                  correspondentieId={brief.id}
                  onderwerp={brief.onderwerp}
                />
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
