import { useEffect, useRef, useState, type FormEvent } from 'react';
import { apiRuw, type ApiFout } from './api.js';
import { alsFout, Probleemmelding } from './beheer.js';
import { datum, datumTijd, euro, Foutmelding, gaNaar, useLaden, Veld } from './ui.js';

// The creditor's portal: deliver a file and watch it being processed, look
// back at earlier deliveries with their rejected rows, and see what the
// gemeenten reported back per signal. Only what a creditor may see: no
// gemeente-internal data ever reaches this screen.

const STATUS: Record<string, string> = {
  ONTVANGEN: 'Ontvangen',
  IN_VERWERKING: 'In verwerking',
  VERWERKT: 'Verwerkt',
  MISLUKT: 'Mislukt',
};

interface Aantallen {
  ontvangen: number;
  gevalideerd?: number;
  geaccepteerd: number;
  alBekend: number;
  afgewezen: number;
}

interface Aanlevering {
  id: string;
  bron: string;
  bestandsnaam: string | null;
  status: string;
  ontvangenOp: string;
  afgerondOp: string | null;
  fout?: string | null;
  aantallen: Aantallen;
  afgewezenRijen?: {
    rijnummer: number;
    regel: number | null;
    referentie: string | null;
    fouten: { veld: string; melding: string }[];
  }[];
  vastgehoudenSignalen?: { referentie: string; toelichting: string }[];
}

interface Signaal {
  id: string;
  referentie: string;
  signaaldatum: string;
  bedragInCenten: number;
  signaalstatus: string;
  routering: { toelichting: string };
  terugkoppelingen: { gemeente: string; signaalstatus: string }[];
}

/** Fetches a file with the session token and hands it to the browser as a download. */
async function download(pad: string, bestandsnaam: string): Promise<void> {
  const antwoord = await apiRuw('GET', pad);
  const url = URL.createObjectURL(await antwoord.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = bestandsnaam;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const MENU = [
  { pad: '/', tekst: 'Aanleveren' },
  { pad: '/signalen', tekst: 'Terugkoppeling per signaal' },
];

export function Portaal({ pad, bijVerlopen }: { pad: string; bijVerlopen: () => void }) {
  const detail = /^\/aanleveringen\/([^/]+)$/.exec(pad);
  return (
    <>
      <nav aria-label="Portaal">
        <ul className="vs-menu" style={{ listStyle: 'none', padding: 0 }}>
          {MENU.map((m) => (
            <li key={m.pad}>
              <a
                className="utrecht-link"
                href={m.pad}
                aria-current={pad === m.pad ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  gaNaar(m.pad);
                }}
              >
                {m.tekst}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {detail ? (
        <AanleveringDetail id={decodeURIComponent(detail[1]!)} bijVerlopen={bijVerlopen} />
      ) : pad === '/signalen' ? (
        <Signalen bijVerlopen={bijVerlopen} />
      ) : (
        <Aanleveren bijVerlopen={bijVerlopen} />
      )}
    </>
  );
}

function Aanleveren({ bijVerlopen }: { bijVerlopen: () => void }) {
  const [bestand, zetBestand] = useState<File | null>(null);
  const [fout, zetFout] = useState<ApiFout | null>(null);
  const [bezig, zetBezig] = useState(false);
  const [id, zetId] = useState<string | null>(null);
  const [versie, zetVersie] = useState(0);
  const invoer = useRef<HTMLInputElement>(null);

  const lever = async (e: FormEvent) => {
    e.preventDefault();
    if (!bestand) return;
    zetFout(null);
    zetBezig(true);
    zetId(null);
    try {
      const formulier = new FormData();
      formulier.append('bestand', bestand);
      const antwoord = await apiRuw('POST', '/aanleveringen', { body: formulier });
      zetId(((await antwoord.json()) as { id: string }).id);
      zetBestand(null);
      if (invoer.current) invoer.current.value = '';
    } catch (f) {
      zetFout(alsFout(f, bijVerlopen));
    } finally {
      zetBezig(false);
    }
  };

  const sjabloon = async () => {
    zetFout(null);
    try {
      await download('/aanleveringen/sjabloon', 'vroegsignaal-aanleversjabloon.xlsx');
    } catch (f) {
      zetFout(alsFout(f, bijVerlopen));
    }
  };

  return (
    <>
      <h1 className="utrecht-heading-1">Aanleveren</h1>
      <p className="utrecht-paragraph">
        Lever signalen aan als Excel-bestand (.xlsx) of CSV, in de kolommen van het sjabloon.{' '}
        <button
          type="button"
          className="utrecht-button utrecht-button--secondary-action"
          onClick={() => void sjabloon()}
        >
          Sjabloon downloaden
        </button>
      </p>
      <form className="utrecht-form" onSubmit={(e) => void lever(e)}>
        <Probleemmelding fout={fout} />
        <Veld
          id="aanleverbestand"
          label="Bestand met signalen"
          hulp=".xlsx of .csv, hoogstens 50 MB."
          fout={fout?.velden.bestand}
        >
          {(p) => (
            <input
              {...p}
              ref={invoer}
              type="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              onChange={(e) => zetBestand(e.target.files?.[0] ?? null)}
            />
          )}
        </Veld>
        <button
          type="submit"
          className="utrecht-button utrecht-button--primary-action"
          disabled={!bestand || bezig}
        >
          Aanleveren
        </button>
      </form>
      {id && (
        <Voortgang id={id} bijVerlopen={bijVerlopen} bijKlaar={() => zetVersie((v) => v + 1)} />
      )}
      {/* A new key reloads the list once a delivery is processed. */}
      <Aanleveringen key={versie} bijVerlopen={bijVerlopen} />
    </>
  );
}

/** Polls the delivery until it is processed; the bar and the text follow the rows. */
function Voortgang({
  id,
  bijVerlopen,
  bijKlaar,
}: {
  id: string;
  bijVerlopen: () => void;
  bijKlaar: () => void;
}) {
  const [aanlevering, zetAanlevering] = useState<Aanlevering | null>(null);
  const [fout, zetFout] = useState<ApiFout | null>(null);
  // The parent's callback may change on every render; polling must not restart for it.
  const klaarRef = useRef(bijKlaar);
  klaarRef.current = bijKlaar;

  useEffect(() => {
    let actueel = true;
    let wekker: ReturnType<typeof setTimeout> | undefined;
    const kijk = async () => {
      try {
        const antwoord = await apiRuw('GET', `/aanleveringen/${id}`);
        const a = (await antwoord.json()) as Aanlevering;
        if (!actueel) return;
        zetAanlevering(a);
        if (a.status === 'VERWERKT' || a.status === 'MISLUKT') klaarRef.current();
        else wekker = setTimeout(() => void kijk(), 500);
      } catch (f) {
        if (actueel) zetFout(alsFout(f, bijVerlopen));
      }
    };
    void kijk();
    return () => {
      actueel = false;
      clearTimeout(wekker);
    };
  }, [id, bijVerlopen]);

  if (fout) return <Probleemmelding fout={fout} />;
  const totaal = aanlevering?.aantallen.ontvangen ?? 0;
  const verwerkt =
    aanlevering?.status === 'VERWERKT'
      ? totaal
      : Math.min(totaal, aanlevering?.aantallen.gevalideerd ?? 0);
  const klaar = aanlevering?.status === 'VERWERKT';
  return (
    <section aria-labelledby="voortgang-kop">
      <h2 className="utrecht-heading-2" id="voortgang-kop">
        Verwerking {aanlevering?.bestandsnaam ?? ''}
      </h2>
      <label className="utrecht-form-label" htmlFor="voortgang">
        Voortgang
      </label>{' '}
      <progress
        id="voortgang"
        max={Math.max(totaal, 1)}
        value={verwerkt}
        aria-describedby="voortgang-tekst"
      />
      <p className="utrecht-paragraph" id="voortgang-tekst" aria-live="polite">
        {aanlevering
          ? `${verwerkt} van ${totaal} rijen verwerkt${klaar ? '. Klaar.' : '…'}`
          : 'Aanlevering ontvangen, verwerking start…'}
      </p>
      {aanlevering?.status === 'MISLUKT' && (
        <Foutmelding>De verwerking is mislukt. {aanlevering.fout ?? ''}</Foutmelding>
      )}
      {klaar && aanlevering && <Samenvatting aanlevering={aanlevering} bijVerlopen={bijVerlopen} />}
    </section>
  );
}

function Samenvatting({
  aanlevering,
  bijVerlopen,
}: {
  aanlevering: Aanlevering;
  bijVerlopen: () => void;
}) {
  const [fout, zetFout] = useState<ApiFout | null>(null);
  const a = aanlevering.aantallen;
  return (
    <>
      <dl>
        <dt>Geaccepteerd</dt>
        <dd>{a.geaccepteerd}</dd>
        <dt>Al eerder aangeleverd</dt>
        <dd>{a.alBekend}</dd>
        <dt>Afgewezen</dt>
        <dd>{a.afgewezen}</dd>
      </dl>
      <Probleemmelding fout={fout} />
      {a.afgewezen > 0 && (
        <>
          <button
            type="button"
            className="utrecht-button utrecht-button--secondary-action"
            onClick={() =>
              void download(
                `/aanleveringen/${aanlevering.id}/foutenrapport`,
                `foutenrapport-${aanlevering.id}.xlsx`,
              ).catch((f: unknown) => zetFout(alsFout(f, bijVerlopen)))
            }
          >
            Foutenrapport downloaden
          </button>
          <AfgewezenRijen rijen={aanlevering.afgewezenRijen ?? []} />
        </>
      )}
      {(aanlevering.vastgehoudenSignalen?.length ?? 0) > 0 && (
        <>
          <h3 className="utrecht-heading-3">Nog niet doorgezet</h3>
          <ul className="utrecht-unordered-list">
            {aanlevering.vastgehoudenSignalen!.map((v) => (
              <li key={v.referentie}>
                {v.referentie}: {v.toelichting}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function AfgewezenRijen({ rijen }: { rijen: NonNullable<Aanlevering['afgewezenRijen']> }) {
  return (
    <table className="utrecht-table">
      <caption className="utrecht-table__caption">Afgewezen rijen</caption>
      <thead className="utrecht-table__header">
        <tr className="utrecht-table__row">
          <th className="utrecht-table__header-cell" scope="col">
            Regel
          </th>
          <th className="utrecht-table__header-cell" scope="col">
            Referentie
          </th>
          <th className="utrecht-table__header-cell" scope="col">
            Wat niet klopt
          </th>
        </tr>
      </thead>
      <tbody className="utrecht-table__body">
        {rijen.map((r) => (
          <tr className="utrecht-table__row" key={r.rijnummer}>
            <td className="utrecht-table__cell">{r.regel ?? r.rijnummer}</td>
            <td className="utrecht-table__cell">{r.referentie ?? ''}</td>
            <td className="utrecht-table__cell">
              <ul className="utrecht-unordered-list">
                {r.fouten.map((f, i) => (
                  <li key={i}>{f.melding}</li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Aanleveringen({ bijVerlopen }: { bijVerlopen: () => void }) {
  const { data, fout } = useLaden<{ aanleveringen: Aanlevering[] }>(
    '/aanleveringen?paginagrootte=50',
    bijVerlopen,
  );
  return (
    <section aria-labelledby="eerder-kop">
      <h2 className="utrecht-heading-2" id="eerder-kop">
        Eerdere aanleveringen
      </h2>
      {fout && <Foutmelding>{fout.titel}</Foutmelding>}
      {data && data.aanleveringen.length === 0 && (
        <p className="utrecht-paragraph">U heeft nog niets aangeleverd.</p>
      )}
      {data && data.aanleveringen.length > 0 && (
        <table className="utrecht-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                Ontvangen
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Bestand
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Status
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Rijen
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Geaccepteerd
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Afgewezen
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {data.aanleveringen.map((a) => (
              <tr className="utrecht-table__row" key={a.id}>
                <td className="utrecht-table__cell">
                  <a
                    className="utrecht-link"
                    href={`/aanleveringen/${a.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      gaNaar(`/aanleveringen/${a.id}`);
                    }}
                  >
                    {datumTijd(a.ontvangenOp)}
                  </a>
                </td>
                <td className="utrecht-table__cell">
                  {a.bestandsnaam ?? (a.bron === 'API' ? 'Via de API' : '')}
                </td>
                <td className="utrecht-table__cell">{STATUS[a.status] ?? a.status}</td>
                <td className="utrecht-table__cell">{a.aantallen.ontvangen}</td>
                <td className="utrecht-table__cell">{a.aantallen.geaccepteerd}</td>
                <td className="utrecht-table__cell">{a.aantallen.afgewezen}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AanleveringDetail({ id, bijVerlopen }: { id: string; bijVerlopen: () => void }) {
  const { data, fout } = useLaden<Aanlevering>(
    `/aanleveringen/${encodeURIComponent(id)}`,
    bijVerlopen,
  );
  if (fout) return <Foutmelding>{fout.titel}</Foutmelding>;
  if (!data) return <p className="utrecht-paragraph">Laden…</p>;
  return (
    <>
      <h1 className="utrecht-heading-1">Aanlevering van {datumTijd(data.ontvangenOp)}</h1>
      <p className="utrecht-paragraph">
        {data.bestandsnaam ?? 'Via de API'} — {STATUS[data.status] ?? data.status},{' '}
        {data.aantallen.ontvangen} rijen
      </p>
      <Samenvatting aanlevering={data} bijVerlopen={bijVerlopen} />
    </>
  );
}

function Signalen({ bijVerlopen }: { bijVerlopen: () => void }) {
  const [pagina, zetPagina] = useState(1);
  const { data, fout } = useLaden<{ signalen: Signaal[]; totaal: number; paginagrootte: number }>(
    `/signalen?pagina=${pagina}&paginagrootte=50`,
    bijVerlopen,
  );
  return (
    <>
      <h1 className="utrecht-heading-1">Terugkoppeling per signaal</h1>
      {fout && <Foutmelding>{fout.titel}</Foutmelding>}
      {!data && !fout && <p className="utrecht-paragraph">Signalen laden…</p>}
      {data && (
        <>
          <table className="utrecht-table">
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th className="utrecht-table__header-cell" scope="col">
                  Referentie
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Signaaldatum
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Bedrag
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Routering
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {data.signalen.map((s) => (
                <tr className="utrecht-table__row" key={s.id}>
                  <td className="utrecht-table__cell">{s.referentie}</td>
                  <td className="utrecht-table__cell">{datum(s.signaaldatum)}</td>
                  <td className="utrecht-table__cell">{euro.format(s.bedragInCenten / 100)}</td>
                  <td className="utrecht-table__cell">{s.routering.toelichting}</td>
                  <td className="utrecht-table__cell">{s.signaalstatus}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="utrecht-paragraph">
            Pagina {pagina} van {Math.max(1, Math.ceil(data.totaal / data.paginagrootte))}{' '}
            {pagina > 1 && (
              <button
                type="button"
                className="utrecht-button utrecht-button--secondary-action"
                onClick={() => zetPagina((p) => p - 1)}
              >
                Vorige pagina
              </button>
            )}{' '}
            {pagina * data.paginagrootte < data.totaal && (
              <button
                type="button"
                className="utrecht-button utrecht-button--secondary-action"
                onClick={() => zetPagina((p) => p + 1)}
              >
                Volgende pagina
              </button>
            )}
          </p>
        </>
      )}
    </>
  );
}
