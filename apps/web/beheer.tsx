import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { SIGNAALPARTNER_TYPES } from '../../domain/ddas.js';
import { api, ApiFout, apiRuw, SessieVerlopen, type Ik } from './api.js';
import { datum, datumTijd, Foutmelding, useLaden, Veld } from './ui.js';

// Beheer: the gemeente's users, areas, outreach and settings for the
// GEMEENTEBEHEERDER; creditors, the routing table and held signals for the
// platform operator. Each tab loads its own data, so one failing API call
// never blanks the others.

const ROLNAMEN: Record<string, string> = {
  GEMEENTEBEHEERDER: 'Gemeentebeheerder',
  TEAMLEIDER: 'Teamleider',
  BEHANDELAAR: 'Behandelaar',
  EXTERN: 'Extern',
};

/** Turns any failure into an ApiFout to show, or ends the session. */
export function alsFout(fout: unknown, bijVerlopen: () => void): ApiFout | null {
  if (fout instanceof SessieVerlopen) {
    bijVerlopen();
    return null;
  }
  return fout instanceof ApiFout
    ? fout
    : new ApiFout(0, 'De server is niet bereikbaar.', undefined);
}

/** The problem's title and detail, announced; the field messages stand next to their fields. */
export function Probleemmelding({ fout }: { fout: ApiFout | null }) {
  if (!fout) return null;
  return (
    <Foutmelding>
      <p className="utrecht-paragraph">{fout.titel}</p>
      {fout.detail && Object.keys(fout.velden).length === 0 && (
        <p className="utrecht-paragraph">{fout.detail}</p>
      )}
      {Object.keys(fout.velden).length > 0 && (
        <p className="utrecht-paragraph">Controleer de velden met een foutmelding.</p>
      )}
    </Foutmelding>
  );
}

/** Loads again after a change: bump the version. */
function useHerladen(): [number, () => void] {
  const [versie, zetVersie] = useState(0);
  return [versie, useCallback(() => zetVersie((v) => v + 1), [])];
}

interface Tab {
  sleutel: string;
  tekst: string;
}

const GEMEENTETABS: Tab[] = [
  { sleutel: 'gebruikers', tekst: 'Gebruikers' },
  { sleutel: 'gebieden', tekst: 'Wijken en kernen' },
  { sleutel: 'uitnodiging', tekst: 'Uitnodigingsreeks en brieven' },
  { sleutel: 'instellingen', tekst: 'Instellingen' },
];
const PLATFORMTABS: Tab[] = [
  { sleutel: 'signaalpartners', tekst: 'Signaalpartners' },
  { sleutel: 'routeringstabel', tekst: 'Routeringstabel' },
  { sleutel: 'vastgehouden', tekst: 'Vastgehouden signalen' },
];

export function Beheer({ rol, bijVerlopen }: { rol: string; bijVerlopen: () => void }) {
  const tabs = rol === 'PLATFORMBEHEERDER' ? PLATFORMTABS : GEMEENTETABS;
  const [tab, zetTab] = useState(tabs[0]!.sleutel);
  const huidig = tabs.find((t) => t.sleutel === tab) ?? tabs[0]!;
  return (
    <>
      <h1 className="utrecht-heading-1">Beheer</h1>
      <nav aria-label="Onderdelen van beheer">
        <ul className="vs-menu" style={{ listStyle: 'none', padding: 0 }}>
          {tabs.map((t) => (
            <li key={t.sleutel}>
              <button
                type="button"
                className={`utrecht-button utrecht-button--${t.sleutel === huidig.sleutel ? 'primary' : 'secondary'}-action`}
                aria-current={t.sleutel === huidig.sleutel ? 'true' : undefined}
                onClick={() => zetTab(t.sleutel)}
              >
                {t.tekst}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="beheer-onderdeel">
        <h2 className="utrecht-heading-2" id="beheer-onderdeel">
          {huidig.tekst}
        </h2>
        {huidig.sleutel === 'gebruikers' && <Gebruikers bijVerlopen={bijVerlopen} />}
        {huidig.sleutel === 'gebieden' && <Gebieden bijVerlopen={bijVerlopen} />}
        {huidig.sleutel === 'uitnodiging' && (
          <MetGemeente bijVerlopen={bijVerlopen} scherm="uitnodiging" />
        )}
        {huidig.sleutel === 'instellingen' && (
          <MetGemeente bijVerlopen={bijVerlopen} scherm="instellingen" />
        )}
        {huidig.sleutel === 'signaalpartners' && <Signaalpartners bijVerlopen={bijVerlopen} />}
        {huidig.sleutel === 'routeringstabel' && <Routeringstabel bijVerlopen={bijVerlopen} />}
        {huidig.sleutel === 'vastgehouden' && <Vastgehouden bijVerlopen={bijVerlopen} />}
      </section>
    </>
  );
}

/** The gemeente-scoped screens need the gemeente's code, from the session. */
function MetGemeente({
  bijVerlopen,
  scherm,
}: {
  bijVerlopen: () => void;
  scherm: 'uitnodiging' | 'instellingen';
}) {
  const { data, fout } = useLaden<Ik>('/sessies/huidige', bijVerlopen);
  if (fout) return <Foutmelding>{fout.titel}</Foutmelding>;
  if (!data?.gemeente) return <p className="utrecht-paragraph">Laden…</p>;
  return scherm === 'uitnodiging' ? (
    <Uitnodigingsreeks code={data.gemeente.code} bijVerlopen={bijVerlopen} />
  ) : (
    <Instellingen code={data.gemeente.code} bijVerlopen={bijVerlopen} />
  );
}

// ------------------------------------------------------------- gebruikers

interface Gebruiker {
  id: string;
  naam: string;
  rol: string;
  actief: boolean;
  email: string;
  organisatie: string | null;
  wijken: { code: string; naam: string }[];
  uitgenodigd: boolean;
  aangemaaktOp: string;
}

interface Indeling {
  gemeente: { code: string; naam: string };
  wijken: { code: string; naam: string; buurten: { code: string; naam: string }[] }[];
  kernen: { naam: string; wijken: string[]; buurten: string[]; postcodes: string[] }[];
}

function Gebruikers({ bijVerlopen }: { bijVerlopen: () => void }) {
  const [versie, herlaad] = useHerladen();
  const lijst = useLaden<{ gebruikers: Gebruiker[] }>('/gebruikers', bijVerlopen, versie);
  const indeling = useLaden<Indeling>('/gebieden', bijVerlopen);
  const [melding, zetMelding] = useState<string | null>(null);
  const [fout, zetFout] = useState<ApiFout | null>(null);
  const [bevestig, zetBevestig] = useState<string | null>(null);

  const wijzig = async (g: Gebruiker, wijziging: Record<string, unknown>, tekst: string) => {
    zetFout(null);
    zetMelding(null);
    try {
      await api('PATCH', `/gebruikers/${g.id}`, { body: wijziging });
      zetMelding(tekst);
      zetBevestig(null);
      herlaad();
    } catch (f) {
      zetFout(alsFout(f, bijVerlopen));
    }
  };

  return (
    <>
      <UitnodigingFormulier
        wijken={indeling.data?.wijken ?? []}
        bijVerlopen={bijVerlopen}
        bijUitgenodigd={herlaad}
      />
      <h3 className="utrecht-heading-3">Gebruikers van de gemeente</h3>
      <div aria-live="polite">{melding && <p className="utrecht-paragraph">{melding}</p>}</div>
      <Probleemmelding fout={fout} />
      {lijst.fout && <Foutmelding>{lijst.fout.titel}</Foutmelding>}
      {lijst.data && (
        <table className="utrecht-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                Naam
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                E-mailadres
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Rol
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Organisatie en wijken
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Status
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Acties
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {lijst.data.gebruikers.map((g) => (
              <tr className="utrecht-table__row" key={g.id}>
                <td className="utrecht-table__cell">{g.naam}</td>
                <td className="utrecht-table__cell">{g.email}</td>
                <td className="utrecht-table__cell">
                  <label className="utrecht-form-label" htmlFor={`rol-${g.id}`}>
                    <span style={verborgen}>Rol van {g.naam}</span>
                  </label>
                  <select
                    id={`rol-${g.id}`}
                    className="utrecht-select"
                    value={g.rol}
                    onChange={(e) =>
                      void wijzig(
                        g,
                        { rol: e.target.value },
                        `${g.naam} is nu ${ROLNAMEN[e.target.value] ?? e.target.value}.`,
                      )
                    }
                  >
                    {Object.entries(ROLNAMEN).map(([code, tekst]) => (
                      <option key={code} value={code}>
                        {tekst}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="utrecht-table__cell">
                  {g.organisatie ?? ''}
                  {g.rol === 'EXTERN' &&
                    (g.wijken.length > 0
                      ? ` — ${g.wijken.map((w) => w.naam).join(', ')}`
                      : ' — hele gemeente')}
                </td>
                <td className="utrecht-table__cell">
                  {!g.actief ? 'Gedeactiveerd' : g.uitgenodigd ? 'Uitgenodigd' : 'Actief'}
                </td>
                <td className="utrecht-table__cell">
                  {bevestig === g.id ? (
                    <span role="group" aria-label={`Bevestigen voor ${g.naam}`}>
                      <span>{g.actief ? `${g.naam} deactiveren?` : `${g.naam} activeren?`} </span>
                      <button
                        type="button"
                        className="utrecht-button utrecht-button--primary-action"
                        onClick={() =>
                          void wijzig(
                            g,
                            { actief: !g.actief },
                            g.actief
                              ? `${g.naam} is gedeactiveerd en is uitgelogd.`
                              : `${g.naam} is weer actief.`,
                          )
                        }
                      >
                        Ja, {g.actief ? 'deactiveren' : 'activeren'}
                      </button>{' '}
                      <button
                        type="button"
                        className="utrecht-button utrecht-button--secondary-action"
                        onClick={() => zetBevestig(null)}
                      >
                        Annuleren
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="utrecht-button utrecht-button--secondary-action"
                      aria-label={`${g.actief ? 'Deactiveren' : 'Activeren'}: ${g.naam}`}
                      onClick={() => zetBevestig(g.id)}
                    >
                      {g.actief ? 'Deactiveren' : 'Activeren'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const verborgen: React.CSSProperties = {
  position: 'absolute',
  inlineSize: '1px',
  blockSize: '1px',
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
};

function UitnodigingFormulier({
  wijken,
  bijVerlopen,
  bijUitgenodigd,
}: {
  wijken: { code: string; naam: string }[];
  bijVerlopen: () => void;
  bijUitgenodigd: () => void;
}) {
  const [email, zetEmail] = useState('');
  const [naam, zetNaam] = useState('');
  const [rol, zetRol] = useState('BEHANDELAAR');
  const [organisatie, zetOrganisatie] = useState('');
  const [gekozen, zetGekozen] = useState<string[]>([]);
  const [fout, zetFout] = useState<ApiFout | null>(null);
  const [link, zetLink] = useState<string | null>(null);
  const [gekopieerd, zetGekopieerd] = useState(false);
  const [bezig, zetBezig] = useState(false);

  const verstuur = async (e: FormEvent) => {
    e.preventDefault();
    zetBezig(true);
    zetFout(null);
    zetLink(null);
    try {
      const antwoord = await api<{ uitnodigingslink: string }>('POST', '/gebruikers', {
        body: {
          email,
          naam,
          rol,
          ...(rol === 'EXTERN' ? { organisatie, wijken: gekozen } : {}),
        },
      });
      zetLink(`${location.origin}${antwoord.uitnodigingslink}`);
      zetGekopieerd(false);
      zetEmail('');
      zetNaam('');
      zetOrganisatie('');
      zetGekozen([]);
      bijUitgenodigd();
    } catch (f) {
      zetFout(alsFout(f, bijVerlopen));
    } finally {
      zetBezig(false);
    }
  };
  const v = fout?.velden ?? {};

  return (
    <form className="utrecht-form" onSubmit={(e) => void verstuur(e)} noValidate>
      <h3 className="utrecht-heading-3">Gebruiker uitnodigen</h3>
      <Probleemmelding fout={fout} />
      <Veld id="uitnodiging-email" label="E-mailadres" fout={v.email}>
        {(p) => (
          <input
            {...p}
            className="utrecht-textbox"
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => zetEmail(e.target.value)}
          />
        )}
      </Veld>
      <Veld id="uitnodiging-naam" label="Naam" fout={v.naam}>
        {(p) => (
          <input
            {...p}
            className="utrecht-textbox"
            value={naam}
            onChange={(e) => zetNaam(e.target.value)}
          />
        )}
      </Veld>
      <Veld id="uitnodiging-rol" label="Rol" fout={v.rol}>
        {(p) => (
          <select
            {...p}
            className="utrecht-select"
            value={rol}
            onChange={(e) => zetRol(e.target.value)}
          >
            {Object.entries(ROLNAMEN).map(([code, tekst]) => (
              <option key={code} value={code}>
                {tekst}
              </option>
            ))}
          </select>
        )}
      </Veld>
      {rol === 'EXTERN' && (
        <>
          <Veld id="uitnodiging-organisatie" label="Organisatie" fout={v.organisatie}>
            {(p) => (
              <input
                {...p}
                className="utrecht-textbox"
                value={organisatie}
                onChange={(e) => zetOrganisatie(e.target.value)}
              />
            )}
          </Veld>
          <fieldset
            className="utrecht-form-fieldset"
            aria-describedby={v.wijken ? 'uitnodiging-wijken-fout' : 'uitnodiging-wijken-hulp'}
          >
            <legend className="utrecht-form-fieldset__legend">Wijken</legend>
            <p className="utrecht-form-field-description" id="uitnodiging-wijken-hulp">
              De externe gebruiker ziet alleen meldingen in deze wijken. Geen wijk gekozen: de hele
              gemeente.
            </p>
            {v.wijken && (
              <p className="utrecht-form-field-error-message" id="uitnodiging-wijken-fout">
                {v.wijken}
              </p>
            )}
            {wijken.map((w) => (
              <div className="utrecht-form-field utrecht-form-field--checkbox" key={w.code}>
                <input
                  id={`uitnodiging-wijk-${w.code}`}
                  className="utrecht-checkbox"
                  type="checkbox"
                  checked={gekozen.includes(w.code)}
                  onChange={(e) =>
                    zetGekozen((g) =>
                      e.target.checked ? [...g, w.code] : g.filter((c) => c !== w.code),
                    )
                  }
                />{' '}
                <label className="utrecht-form-label" htmlFor={`uitnodiging-wijk-${w.code}`}>
                  {w.naam} ({w.code})
                </label>
              </div>
            ))}
          </fieldset>
        </>
      )}
      <button
        type="submit"
        className="utrecht-button utrecht-button--primary-action"
        disabled={bezig}
      >
        Uitnodigen
      </button>
      <div aria-live="polite">
        {link && (
          <div className="utrecht-form-field">
            <p className="utrecht-paragraph">
              De uitnodiging is gemaakt. Stuur deze link naar de gebruiker; hij wordt maar één keer
              getoond en is 7 dagen geldig.
            </p>
            <label className="utrecht-form-label" htmlFor="uitnodigingslink">
              Uitnodigingslink
            </label>
            <input
              id="uitnodigingslink"
              className="utrecht-textbox"
              readOnly
              value={link}
              size={80}
              onFocus={(e) => e.target.select()}
            />{' '}
            <button
              type="button"
              className="utrecht-button utrecht-button--secondary-action"
              onClick={() =>
                void navigator.clipboard.writeText(link).then(
                  () => zetGekopieerd(true),
                  () => zetGekopieerd(false),
                )
              }
            >
              Link kopiëren
            </button>
            {gekopieerd && <span> Gekopieerd.</span>}
          </div>
        )}
      </div>
    </form>
  );
}

// ----------------------------------------------------------------- gebieden

function Gebieden({ bijVerlopen }: { bijVerlopen: () => void }) {
  const [versie, herlaad] = useHerladen();
  const { data, fout } = useLaden<Indeling>('/gebieden', bijVerlopen, versie);
  const [namen, zetNamen] = useState<Record<string, string>>({});
  const [melding, zetMelding] = useState<string | null>(null);
  const [actieFout, zetActieFout] = useState<ApiFout | null>(null);
  const [kernnaam, zetKernnaam] = useState('');
  const [kernwijken, zetKernwijken] = useState<string[]>([]);

  const hernoem = async (code: string) => {
    zetActieFout(null);
    try {
      await api('PATCH', `/gebieden/${code}`, { body: { naam: namen[code] ?? '' } });
      zetMelding(`Wijk ${code} heet nu ${namen[code]}.`);
      herlaad();
    } catch (f) {
      zetActieFout(alsFout(f, bijVerlopen));
    }
  };
  const legKernVast = async (e: FormEvent) => {
    e.preventDefault();
    zetActieFout(null);
    try {
      await api('PUT', `/kernen/${encodeURIComponent(kernnaam.trim())}`, {
        body: { wijken: kernwijken, buurten: [], postcodes: [] },
      });
      zetMelding(`Kern ${kernnaam.trim()} is vastgelegd.`);
      zetKernnaam('');
      zetKernwijken([]);
      herlaad();
    } catch (f) {
      zetActieFout(alsFout(f, bijVerlopen));
    }
  };

  if (fout) return <Foutmelding>{fout.titel}</Foutmelding>;
  if (!data) return <p className="utrecht-paragraph">Laden…</p>;
  return (
    <>
      <div aria-live="polite">{melding && <p className="utrecht-paragraph">{melding}</p>}</div>
      <Probleemmelding fout={actieFout} />
      <h3 className="utrecht-heading-3">Wijken</h3>
      <table className="utrecht-table">
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="col">
              Code
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              Naam
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              Buurten
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              Naam wijzigen
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {data.wijken.map((w) => (
            <tr className="utrecht-table__row" key={w.code}>
              <td className="utrecht-table__cell">{w.code}</td>
              <td className="utrecht-table__cell">{w.naam}</td>
              <td className="utrecht-table__cell">{w.buurten.length}</td>
              <td className="utrecht-table__cell">
                <label htmlFor={`wijknaam-${w.code}`} style={verborgen}>
                  Nieuwe naam voor wijk {w.naam}
                </label>
                <input
                  id={`wijknaam-${w.code}`}
                  className="utrecht-textbox"
                  value={namen[w.code] ?? w.naam}
                  onChange={(e) => zetNamen((n) => ({ ...n, [w.code]: e.target.value }))}
                />{' '}
                <button
                  type="button"
                  className="utrecht-button utrecht-button--secondary-action"
                  onClick={() => void hernoem(w.code)}
                >
                  Naam opslaan<span style={verborgen}> voor {w.naam}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="utrecht-heading-3">Kernen</h3>
      <ul className="utrecht-unordered-list">
        {data.kernen.map((k) => (
          <li key={k.naam}>
            {k.naam}: {k.wijken.length} wijken, {k.buurten.length} buurten, {k.postcodes.length}{' '}
            postcodegebieden
          </li>
        ))}
      </ul>
      <form className="utrecht-form" onSubmit={(e) => void legKernVast(e)}>
        <h4 className="utrecht-heading-4">Kern vastleggen</h4>
        <Veld id="kern-naam" label="Naam van de kern">
          {(p) => (
            <input
              {...p}
              className="utrecht-textbox"
              required
              value={kernnaam}
              onChange={(e) => zetKernnaam(e.target.value)}
            />
          )}
        </Veld>
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend">Wijken in de kern</legend>
          {data.wijken.map((w) => (
            <div className="utrecht-form-field utrecht-form-field--checkbox" key={w.code}>
              <input
                id={`kern-wijk-${w.code}`}
                className="utrecht-checkbox"
                type="checkbox"
                checked={kernwijken.includes(w.code)}
                onChange={(e) =>
                  zetKernwijken((g) =>
                    e.target.checked ? [...g, w.code] : g.filter((c) => c !== w.code),
                  )
                }
              />{' '}
              <label className="utrecht-form-label" htmlFor={`kern-wijk-${w.code}`}>
                {w.naam} ({w.code})
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          Kern opslaan
        </button>
      </form>
    </>
  );
}

// --------------------------------------------------- reeks en briefsjablonen

interface Stap {
  na: string;
  soort: 'BRIEF' | 'EMAIL' | 'TAAK';
  sjabloon: string;
  termijnDagen?: number;
}
interface Sjabloon {
  naam: string;
  versie: number;
  onderwerp: string;
  tekst: string;
  ingebouwd: boolean;
}

function Uitnodigingsreeks({ code, bijVerlopen }: { code: string; bijVerlopen: () => void }) {
  const [versie, herlaad] = useHerladen();
  const reeks = useLaden<{
    huidig: { versie: number; stappen: Stap[]; standaard: boolean };
  }>(`/gemeenten/${code}/uitnodigingsreeks`, bijVerlopen, versie);
  const sjablonen = useLaden<{
    briefsjablonen: Sjabloon[];
    plaatshouders: Record<string, string>;
  }>(`/gemeenten/${code}/briefsjablonen`, bijVerlopen, versie);
  const [stappen, zetStappen] = useState<Stap[] | null>(null);
  const [fout, zetFout] = useState<ApiFout | null>(null);
  const [melding, zetMelding] = useState<string | null>(null);
  const [bewerk, zetBewerk] = useState<Sjabloon | null>(null);

  useEffect(() => {
    if (reeks.data) zetStappen(reeks.data.huidig.stappen.map((s) => ({ ...s })));
  }, [reeks.data]);

  const zet = (i: number, wijziging: Partial<Stap>) =>
    zetStappen((s) => s && s.map((stap, j) => (j === i ? { ...stap, ...wijziging } : stap)));

  const bewaar = async (e: FormEvent) => {
    e.preventDefault();
    zetFout(null);
    zetMelding(null);
    try {
      const nieuw = await api<{ versie: number }>('PUT', `/gemeenten/${code}/uitnodigingsreeks`, {
        body: {
          stappen: (stappen ?? []).map((s) =>
            s.soort === 'TAAK' ? s : { na: s.na, soort: s.soort, sjabloon: s.sjabloon },
          ),
        },
      });
      zetMelding(`Versie ${nieuw.versie} van de uitnodigingsreeks is opgeslagen.`);
      herlaad();
    } catch (f) {
      zetFout(alsFout(f, bijVerlopen));
    }
  };
  const v = fout?.velden ?? {};

  return (
    <>
      <div aria-live="polite">{melding && <p className="utrecht-paragraph">{melding}</p>}</div>
      <h3 className="utrecht-heading-3">Uitnodigingsreeks</h3>
      {reeks.fout && <Foutmelding>{reeks.fout.titel}</Foutmelding>}
      {reeks.data && stappen && (
        <form className="utrecht-form" onSubmit={(e) => void bewaar(e)} noValidate>
          <p className="utrecht-paragraph">
            {reeks.data.huidig.standaard
              ? 'Uw gemeente gebruikt de standaardreeks.'
              : `Huidige versie: ${reeks.data.huidig.versie}.`}{' '}
            Een nieuwe versie geldt voor meldingen die daarna openen.
          </p>
          <Probleemmelding fout={fout} />
          {stappen.map((s, i) => (
            <fieldset className="utrecht-form-fieldset" key={i}>
              <legend className="utrecht-form-fieldset__legend">Stap {i + 1}</legend>
              <Veld
                id={`stap-${i}-na`}
                label="Na (tijd na het openen)"
                hulp='Bijvoorbeeld "0 days" of "14 days".'
                fout={v[`stappen.${i}.na`]}
              >
                {(p) => (
                  <input
                    {...p}
                    className="utrecht-textbox"
                    value={s.na}
                    onChange={(e) => zet(i, { na: e.target.value })}
                  />
                )}
              </Veld>
              <Veld id={`stap-${i}-soort`} label="Soort" fout={v[`stappen.${i}.soort`]}>
                {(p) => (
                  <select
                    {...p}
                    className="utrecht-select"
                    value={s.soort}
                    onChange={(e) => zet(i, { soort: e.target.value as Stap['soort'] })}
                  >
                    <option value="BRIEF">Brief</option>
                    <option value="EMAIL">E-mail</option>
                    <option value="TAAK">Taak</option>
                  </select>
                )}
              </Veld>
              <Veld
                id={`stap-${i}-sjabloon`}
                label={s.soort === 'TAAK' ? 'Soort taak' : 'Sjabloon'}
                fout={v[`stappen.${i}.sjabloon`]}
              >
                {(p) => (
                  <input
                    {...p}
                    className="utrecht-textbox"
                    value={s.sjabloon}
                    onChange={(e) => zet(i, { sjabloon: e.target.value })}
                  />
                )}
              </Veld>
              {s.soort === 'TAAK' && (
                <Veld
                  id={`stap-${i}-termijn`}
                  label="Termijn in dagen"
                  fout={v[`stappen.${i}.termijnDagen`]}
                >
                  {(p) => (
                    <input
                      {...p}
                      className="utrecht-textbox"
                      inputMode="numeric"
                      value={s.termijnDagen ?? ''}
                      onChange={(e) => zet(i, { termijnDagen: Number(e.target.value) || 0 })}
                    />
                  )}
                </Veld>
              )}
              <button
                type="button"
                className="utrecht-button utrecht-button--secondary-action"
                onClick={() => zetStappen((st) => st && st.filter((_, j) => j !== i))}
              >
                Stap {i + 1} verwijderen
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            className="utrecht-button utrecht-button--secondary-action"
            onClick={() =>
              zetStappen((st) => [
                ...(st ?? []),
                { na: '28 days', soort: 'BRIEF', sjabloon: 'herinnering' },
              ])
            }
          >
            Stap toevoegen
          </button>{' '}
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            Reeks opslaan
          </button>
        </form>
      )}
      <h3 className="utrecht-heading-3">Briefsjablonen</h3>
      {sjablonen.fout && <Foutmelding>{sjablonen.fout.titel}</Foutmelding>}
      {sjablonen.data && (
        <table className="utrecht-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                Naam
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Onderwerp
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Versie
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Bewerken
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {sjablonen.data.briefsjablonen.map((s) => (
              <tr className="utrecht-table__row" key={s.naam}>
                <td className="utrecht-table__cell">{s.naam}</td>
                <td className="utrecht-table__cell">{s.onderwerp}</td>
                <td className="utrecht-table__cell">{s.ingebouwd ? 'Standaardtekst' : s.versie}</td>
                <td className="utrecht-table__cell">
                  <button
                    type="button"
                    className="utrecht-button utrecht-button--secondary-action"
                    onClick={() => zetBewerk(s)}
                  >
                    Bewerken<span style={verborgen}>: {s.naam}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {bewerk && (
        <SjabloonBewerken
          key={bewerk.naam}
          code={code}
          sjabloon={bewerk}
          plaatshouders={sjablonen.data?.plaatshouders ?? {}}
          bijVerlopen={bijVerlopen}
          bijOpgeslagen={(tekst) => {
            zetMelding(tekst);
            zetBewerk(null);
            herlaad();
          }}
        />
      )}
    </>
  );
}

function SjabloonBewerken({
  code,
  sjabloon,
  plaatshouders,
  bijVerlopen,
  bijOpgeslagen,
}: {
  code: string;
  sjabloon: Sjabloon;
  plaatshouders: Record<string, string>;
  bijVerlopen: () => void;
  bijOpgeslagen: (melding: string) => void;
}) {
  const [onderwerp, zetOnderwerp] = useState(sjabloon.onderwerp);
  const [tekst, zetTekst] = useState(sjabloon.tekst);
  const [fout, zetFout] = useState<ApiFout | null>(null);
  const [voorbeeld, zetVoorbeeld] = useState<string | null>(null);
  const pad = `/gemeenten/${code}/briefsjablonen/${encodeURIComponent(sjabloon.naam)}`;

  const toon = async () => {
    zetFout(null);
    try {
      const antwoord = await apiRuw('POST', `${pad}/voorbeeld`, {
        body: JSON.stringify({ onderwerp, tekst }),
        type: 'application/json',
      });
      zetVoorbeeld(await antwoord.text());
    } catch (f) {
      zetVoorbeeld(null);
      zetFout(alsFout(f, bijVerlopen));
    }
  };
  const bewaar = async (e: FormEvent) => {
    e.preventDefault();
    zetFout(null);
    try {
      const nieuw = await api<{ versie: number }>('POST', pad, { body: { onderwerp, tekst } });
      bijOpgeslagen(`Versie ${nieuw.versie} van ${sjabloon.naam} is opgeslagen.`);
    } catch (f) {
      zetFout(alsFout(f, bijVerlopen));
    }
  };
  const v = fout?.velden ?? {};

  return (
    <form className="utrecht-form" onSubmit={(e) => void bewaar(e)} noValidate>
      <h4 className="utrecht-heading-4">Sjabloon {sjabloon.naam} bewerken</h4>
      <Probleemmelding fout={fout} />
      <Veld id="sjabloon-onderwerp" label="Onderwerp" fout={v.onderwerp}>
        {(p) => (
          <input
            {...p}
            className="utrecht-textbox"
            value={onderwerp}
            onChange={(e) => zetOnderwerp(e.target.value)}
          />
        )}
      </Veld>
      <Veld
        id="sjabloon-tekst"
        label="Tekst"
        hulp={`Alinea's scheiden met een lege regel. Plaatshouders: ${Object.keys(plaatshouders)
          .map((p) => `{{${p}}}`)
          .join(', ')}.`}
        fout={v.tekst}
      >
        {(p) => (
          <textarea
            {...p}
            className="utrecht-textarea"
            rows={12}
            cols={80}
            value={tekst}
            onChange={(e) => zetTekst(e.target.value)}
          />
        )}
      </Veld>
      <button
        type="button"
        className="utrecht-button utrecht-button--secondary-action"
        onClick={() => void toon()}
      >
        Voorbeeld tonen
      </button>{' '}
      <button type="submit" className="utrecht-button utrecht-button--primary-action">
        Sjabloon opslaan
      </button>
      {voorbeeld && (
        <iframe
          title="Voorbeeld van de brief"
          sandbox=""
          srcDoc={voorbeeld}
          style={{ inlineSize: '100%', blockSize: '60rem', border: '1px solid #ccc' }}
        />
      )}
    </form>
  );
}

// -------------------------------------------------------------- instellingen

interface Instellingenwaarden {
  minimumBedragInCenten: number;
  alleenBehandelaarTypen: string[];
  termijnEersteContactDagen: number;
  termijnOppakkenDagen: number;
  termijnCrisisWerkdagen: number;
  bewaartermijnNietOpgepaktMaanden: number;
  bewaartermijnAfgehandeldMaanden: number;
  huisstijlKleur: string | null;
  logoSvg: string | null;
}

const GETALLEN: [keyof Instellingenwaarden, string][] = [
  ['minimumBedragInCenten', 'Minimumbedrag in centen'],
  ['termijnEersteContactDagen', 'Termijn eerste contact (dagen)'],
  ['termijnOppakkenDagen', 'Termijn oppakken (dagen)'],
  ['termijnCrisisWerkdagen', 'Termijn bij crisis (werkdagen)'],
  ['bewaartermijnNietOpgepaktMaanden', 'Bewaartermijn niet opgepakt (maanden, hoogstens 6)'],
  ['bewaartermijnAfgehandeldMaanden', 'Bewaartermijn afgehandeld (maanden, hoogstens 18)'],
];

function Instellingen({ code, bijVerlopen }: { code: string; bijVerlopen: () => void }) {
  const { data, fout: laadfout } = useLaden<Instellingenwaarden>(
    `/gemeenten/${code}/instellingen`,
    bijVerlopen,
  );
  const [waarden, zetWaarden] = useState<Record<string, string>>({});
  const [typen, zetTypen] = useState<string[]>([]);
  const [fout, zetFout] = useState<ApiFout | null>(null);
  const [melding, zetMelding] = useState<string | null>(null);

  useEffect(() => {
    if (!data) return;
    zetWaarden({
      ...Object.fromEntries(GETALLEN.map(([k]) => [k, String(data[k])])),
      huisstijlKleur: data.huisstijlKleur ?? '',
      logoSvg: data.logoSvg ?? '',
    });
    zetTypen(data.alleenBehandelaarTypen);
  }, [data]);

  const bewaar = async (e: FormEvent) => {
    e.preventDefault();
    zetFout(null);
    zetMelding(null);
    try {
      await api('PATCH', `/gemeenten/${code}/instellingen`, {
        body: {
          ...Object.fromEntries(
            GETALLEN.map(([k]) => [
              k,
              /^\d+$/.test(waarden[k] ?? '') ? Number(waarden[k]) : waarden[k],
            ]),
          ),
          alleenBehandelaarTypen: typen,
          huisstijlKleur: waarden.huisstijlKleur ? waarden.huisstijlKleur : null,
          logoSvg: waarden.logoSvg ? waarden.logoSvg : null,
        },
      });
      zetMelding('De instellingen zijn opgeslagen.');
    } catch (f) {
      zetFout(alsFout(f, bijVerlopen));
    }
  };

  if (laadfout) return <Foutmelding>{laadfout.titel}</Foutmelding>;
  if (!data) return <p className="utrecht-paragraph">Laden…</p>;
  const v = fout?.velden ?? {};
  return (
    <form className="utrecht-form" onSubmit={(e) => void bewaar(e)} noValidate>
      <div aria-live="polite">{melding && <p className="utrecht-paragraph">{melding}</p>}</div>
      <Probleemmelding fout={fout} />
      {GETALLEN.map(([k, label]) => (
        <Veld key={k} id={`instelling-${k}`} label={label} fout={v[k]}>
          {(p) => (
            <input
              {...p}
              className="utrecht-textbox"
              inputMode="numeric"
              value={waarden[k] ?? ''}
              onChange={(e) => zetWaarden((w) => ({ ...w, [k]: e.target.value }))}
            />
          )}
        </Veld>
      ))}
      <fieldset className="utrecht-form-fieldset">
        <legend className="utrecht-form-fieldset__legend">
          Alleen voor behandelaars (geen brieven of e-mails)
        </legend>
        {Object.entries(SIGNAALPARTNER_TYPES).map(([type, naam]) => (
          <div className="utrecht-form-field utrecht-form-field--checkbox" key={type}>
            <input
              id={`alleen-${type}`}
              className="utrecht-checkbox"
              type="checkbox"
              checked={typen.includes(type)}
              onChange={(e) =>
                zetTypen((t) => (e.target.checked ? [...t, type] : t.filter((x) => x !== type)))
              }
            />{' '}
            <label className="utrecht-form-label" htmlFor={`alleen-${type}`}>
              {naam}
            </label>
          </div>
        ))}
      </fieldset>
      <Veld
        id="instelling-huisstijlKleur"
        label="Huisstijlkleur"
        hulp="Als #rrggbb, bijvoorbeeld #1a5f8a. Witte tekst moet erop leesbaar zijn (contrast 4,5:1)."
        fout={v.huisstijlKleur}
      >
        {(p) => (
          <input
            {...p}
            className="utrecht-textbox"
            value={waarden.huisstijlKleur ?? ''}
            onChange={(e) => zetWaarden((w) => ({ ...w, huisstijlKleur: e.target.value }))}
          />
        )}
      </Veld>
      <Veld
        id="instelling-logoSvg"
        label="Logo (SVG-tekst)"
        hulp="Hoogstens 100 kB, zonder scripts of verwijzingen naar buiten."
        fout={v.logoSvg}
      >
        {(p) => (
          <textarea
            {...p}
            className="utrecht-textarea"
            rows={5}
            cols={80}
            value={waarden.logoSvg ?? ''}
            onChange={(e) => zetWaarden((w) => ({ ...w, logoSvg: e.target.value }))}
          />
        )}
      </Veld>
      <button type="submit" className="utrecht-button utrecht-button--primary-action">
        Instellingen opslaan
      </button>
    </form>
  );
}

// ------------------------------------------------------------ platformbeheer

interface Signaalpartner {
  id: string;
  naam: string;
  typeNaam: string;
  aantalApiSleutels: number;
  koppelingen: {
    gemeente: { code: string; naam: string };
    grondslag: string;
    startdatum: string;
    einddatum: string | null;
  }[];
}

function Signaalpartners({ bijVerlopen }: { bijVerlopen: () => void }) {
  const [versie, herlaad] = useHerladen();
  const { data, fout } = useLaden<{ signaalpartners: Signaalpartner[] }>(
    '/signaalpartners',
    bijVerlopen,
    versie,
  );
  const [melding, zetMelding] = useState<string | null>(null);
  const [actieFout, zetActieFout] = useState<ApiFout | null>(null);
  const [naam, zetNaam] = useState('');
  const [type, zetType] = useState('HUUR');
  const [k, zetK] = useState({ partner: '', gemeente: '', grondslag: '', start: '', eind: '' });

  const actie = async (werk: () => Promise<unknown>, tekst: string) => {
    zetActieFout(null);
    zetMelding(null);
    try {
      await werk();
      zetMelding(tekst);
      herlaad();
      return true;
    } catch (f) {
      zetActieFout(alsFout(f, bijVerlopen));
      return false;
    }
  };
  const v = actieFout?.velden ?? {};

  return (
    <>
      <div aria-live="polite">{melding && <p className="utrecht-paragraph">{melding}</p>}</div>
      <Probleemmelding fout={actieFout} />
      {fout && <Foutmelding>{fout.titel}</Foutmelding>}
      {data && (
        <table className="utrecht-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                Naam
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Soort
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                API-sleutels
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Koppelingen
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {data.signaalpartners.map((p) => (
              <tr className="utrecht-table__row" key={p.id}>
                <td className="utrecht-table__cell">{p.naam}</td>
                <td className="utrecht-table__cell">{p.typeNaam}</td>
                <td className="utrecht-table__cell">{p.aantalApiSleutels}</td>
                <td className="utrecht-table__cell">
                  <ul className="utrecht-unordered-list">
                    {p.koppelingen.map((kp) => (
                      <li key={kp.gemeente.code}>
                        {kp.gemeente.naam} ({kp.grondslag}, vanaf {datum(kp.startdatum)}
                        {kp.einddatum ? ` tot en met ${datum(kp.einddatum)}` : ''}){' '}
                        <button
                          type="button"
                          className="utrecht-button utrecht-button--secondary-action"
                          onClick={() =>
                            void actie(
                              () =>
                                api(
                                  'DELETE',
                                  `/signaalpartners/${p.id}/koppelingen/${kp.gemeente.code}`,
                                ),
                              `De koppeling van ${p.naam} met ${kp.gemeente.naam} is beëindigd.`,
                            )
                          }
                        >
                          Beëindigen
                          <span style={verborgen}>
                            : {p.naam} met {kp.gemeente.naam}
                          </span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="utrecht-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void actie(
            () => api('POST', '/signaalpartners', { body: { naam, type } }),
            `Signaalpartner ${naam} is aangemaakt.`,
          ).then((ok) => ok && zetNaam(''));
        }}
      >
        <h3 className="utrecht-heading-3">Signaalpartner aanmaken</h3>
        <Veld id="partner-naam" label="Naam" fout={v.naam}>
          {(p) => (
            <input
              {...p}
              className="utrecht-textbox"
              value={naam}
              onChange={(e) => zetNaam(e.target.value)}
            />
          )}
        </Veld>
        <Veld id="partner-type" label="Soort schuldeiser" fout={v.type}>
          {(p) => (
            <select
              {...p}
              className="utrecht-select"
              value={type}
              onChange={(e) => zetType(e.target.value)}
            >
              {Object.entries(SIGNAALPARTNER_TYPES).map(([c, t]) => (
                <option key={c} value={c}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </Veld>
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          Aanmaken
        </button>
      </form>
      <form
        className="utrecht-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void actie(
            () =>
              api(
                'PUT',
                `/signaalpartners/${k.partner}/koppelingen/${encodeURIComponent(k.gemeente)}`,
                {
                  body: { grondslag: k.grondslag, startdatum: k.start, einddatum: k.eind || null },
                },
              ),
            'De koppeling is vastgelegd.',
          );
        }}
      >
        <h3 className="utrecht-heading-3">Koppeling met een gemeente vastleggen</h3>
        <Veld id="koppeling-partner" label="Signaalpartner">
          {(p) => (
            <select
              {...p}
              className="utrecht-select"
              value={k.partner}
              onChange={(e) => zetK({ ...k, partner: e.target.value })}
            >
              <option value="">Kies een signaalpartner</option>
              {data?.signaalpartners.map((sp) => (
                <option key={sp.id} value={sp.id}>
                  {sp.naam}
                </option>
              ))}
            </select>
          )}
        </Veld>
        <Veld id="koppeling-gemeente" label="Gemeentecode" hulp="Vier cijfers, bijvoorbeeld 0344.">
          {(p) => (
            <input
              {...p}
              className="utrecht-textbox"
              inputMode="numeric"
              value={k.gemeente}
              onChange={(e) => zetK({ ...k, gemeente: e.target.value })}
            />
          )}
        </Veld>
        <Veld id="koppeling-grondslag" label="Grondslag" fout={v.grondslag}>
          {(p) => (
            <input
              {...p}
              className="utrecht-textbox"
              value={k.grondslag}
              onChange={(e) => zetK({ ...k, grondslag: e.target.value })}
            />
          )}
        </Veld>
        <Veld id="koppeling-start" label="Startdatum" fout={v.startdatum}>
          {(p) => (
            <input
              {...p}
              className="utrecht-textbox"
              type="date"
              value={k.start}
              onChange={(e) => zetK({ ...k, start: e.target.value })}
            />
          )}
        </Veld>
        <Veld id="koppeling-eind" label="Einddatum (optioneel)" fout={v.einddatum}>
          {(p) => (
            <input
              {...p}
              className="utrecht-textbox"
              type="date"
              value={k.eind}
              onChange={(e) => zetK({ ...k, eind: e.target.value })}
            />
          )}
        </Veld>
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          Koppeling opslaan
        </button>
      </form>
    </>
  );
}

function Routeringstabel({ bijVerlopen }: { bijVerlopen: () => void }) {
  const [versie, herlaad] = useHerladen();
  const { data, fout } = useLaden<{
    routeringstabellen: {
      jaar: number;
      bron: string;
      aantalAdressen: number;
      geimporteerdOp: string;
    }[];
  }>('/routeringstabellen', bijVerlopen, versie);
  const [bestand, zetBestand] = useState<File | null>(null);
  const [bezig, zetBezig] = useState(false);
  const [melding, zetMelding] = useState<string | null>(null);
  const [actieFout, zetActieFout] = useState<ApiFout | null>(null);

  const importeer = async (e: FormEvent) => {
    e.preventDefault();
    if (!bestand) return;
    zetBezig(true);
    zetActieFout(null);
    zetMelding(null);
    try {
      const antwoord = await apiRuw('POST', '/routeringstabellen', {
        body: bestand,
        type: 'text/csv',
      });
      const tabel = (await antwoord.json()) as { jaar: number; aantalAdressen: number };
      zetMelding(`Editie ${tabel.jaar} is geïmporteerd: ${tabel.aantalAdressen} adressen.`);
      herlaad();
    } catch (f) {
      zetActieFout(alsFout(f, bijVerlopen));
    } finally {
      zetBezig(false);
    }
  };

  return (
    <>
      <form className="utrecht-form" onSubmit={(e) => void importeer(e)}>
        <Veld
          id="routeringstabel-bestand"
          label="CBS-bestand pc6hnrJJJJ0801_gwb.csv"
          hulp="De landelijke tabel duurt enkele minuten."
        >
          {(p) => (
            <input
              {...p}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => zetBestand(e.target.files?.[0] ?? null)}
            />
          )}
        </Veld>
        <button
          type="submit"
          className="utrecht-button utrecht-button--primary-action"
          disabled={!bestand || bezig}
        >
          Importeren
        </button>
      </form>
      <div aria-live="polite">
        {bezig && <p className="utrecht-paragraph">Bezig met importeren…</p>}
        {melding && <p className="utrecht-paragraph">{melding}</p>}
      </div>
      <Probleemmelding fout={actieFout} />
      {fout && <Foutmelding>{fout.titel}</Foutmelding>}
      {data && (
        <table className="utrecht-table">
          <caption className="utrecht-table__caption">
            Geïmporteerde edities; de nieuwste routeert
          </caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                Jaar
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Bron
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Adressen
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Geïmporteerd op
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {data.routeringstabellen.map((t) => (
              <tr className="utrecht-table__row" key={t.jaar}>
                <td className="utrecht-table__cell">{t.jaar}</td>
                <td className="utrecht-table__cell">{t.bron}</td>
                <td className="utrecht-table__cell">{t.aantalAdressen.toLocaleString('nl-NL')}</td>
                <td className="utrecht-table__cell">{datumTijd(t.geimporteerdOp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

interface VastgehoudenSignaal {
  id: string;
  referentie: string;
  signaalpartner: string;
  toelichting: string;
  gemeente: { code: string; naam: string } | null;
  postcode: string | null;
  huisnummer: number | null;
  ontvangenOp: string;
  leeftijdInDagen: number;
}

function Vastgehouden({ bijVerlopen }: { bijVerlopen: () => void }) {
  const [versie, herlaad] = useHerladen();
  const { data, fout } = useLaden<{ signalen: VastgehoudenSignaal[] }>(
    '/vastgehouden-signalen',
    bijVerlopen,
    versie,
  );
  const [codes, zetCodes] = useState<Record<string, string>>({});
  const [melding, zetMelding] = useState<string | null>(null);
  const [actieFout, zetActieFout] = useState<ApiFout | null>(null);

  const wijsToe = async (s: VastgehoudenSignaal) => {
    zetActieFout(null);
    zetMelding(null);
    const gemeentecode = codes[s.id] ?? s.gemeente?.code ?? '';
    try {
      await api('POST', `/signalen/${s.id}/routering`, { body: { gemeentecode } });
      zetMelding(`Signaal ${s.referentie} is toegewezen aan gemeente ${gemeentecode}.`);
      herlaad();
    } catch (f) {
      zetActieFout(alsFout(f, bijVerlopen));
    }
  };

  return (
    <>
      <div aria-live="polite">{melding && <p className="utrecht-paragraph">{melding}</p>}</div>
      <Probleemmelding fout={actieFout} />
      {fout && <Foutmelding>{fout.titel}</Foutmelding>}
      {data && data.signalen.length === 0 && (
        <p className="utrecht-paragraph">Er zijn geen vastgehouden signalen.</p>
      )}
      {data && data.signalen.length > 0 && (
        <table className="utrecht-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                Referentie
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Signaalpartner
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Reden
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Adres
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Wacht sinds
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                Toewijzen
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {data.signalen.map((s) => (
              <tr className="utrecht-table__row" key={s.id}>
                <td className="utrecht-table__cell">{s.referentie}</td>
                <td className="utrecht-table__cell">{s.signaalpartner}</td>
                <td className="utrecht-table__cell">
                  {s.toelichting}
                  {s.gemeente ? ` (${s.gemeente.naam})` : ''}
                </td>
                <td className="utrecht-table__cell">
                  {s.postcode} {s.huisnummer}
                </td>
                <td className="utrecht-table__cell">
                  {datum(s.ontvangenOp)} ({s.leeftijdInDagen}{' '}
                  {s.leeftijdInDagen === 1 ? 'dag' : 'dagen'})
                </td>
                <td className="utrecht-table__cell">
                  <label htmlFor={`toewijzen-${s.id}`} style={verborgen}>
                    Gemeentecode voor signaal {s.referentie}
                  </label>
                  <input
                    id={`toewijzen-${s.id}`}
                    className="utrecht-textbox"
                    inputMode="numeric"
                    size={5}
                    value={codes[s.id] ?? s.gemeente?.code ?? ''}
                    onChange={(e) => zetCodes((c) => ({ ...c, [s.id]: e.target.value }))}
                  />{' '}
                  <button
                    type="button"
                    className="utrecht-button utrecht-button--secondary-action"
                    onClick={() => void wijsToe(s)}
                  >
                    Toewijzen<span style={verborgen}>: {s.referentie}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

// --------------------------------------------------------------- uitnodiging

export function UitnodigingAanvaarden() {
  // Read once: the token leaves the address bar right away, so it is not in
  // the history or shown over someone's shoulder.
  const [token] = useState(() => location.hash.slice(1));
  const [wachtwoord, zetWachtwoord] = useState('');
  const [herhaling, zetHerhaling] = useState('');
  const [fout, zetFout] = useState<ApiFout | null>(null);
  const [klaar, zetKlaar] = useState(false);
  const [bezig, zetBezig] = useState(false);

  useEffect(() => {
    if (location.hash) history.replaceState(null, '', location.pathname);
  }, []);

  const verstuur = async (e: FormEvent) => {
    e.preventDefault();
    zetFout(null);
    if (wachtwoord !== herhaling) {
      zetFout(
        new ApiFout(400, 'De wachtwoorden zijn niet gelijk.', undefined, {
          herhaling: 'Typ hetzelfde wachtwoord nog een keer.',
        }),
      );
      return;
    }
    zetBezig(true);
    try {
      await api('POST', '/uitnodigingen', { body: { token, wachtwoord }, zonderSessie: true });
      zetKlaar(true);
    } catch (f) {
      zetFout(
        f instanceof ApiFout ? f : new ApiFout(0, 'De server is niet bereikbaar.', undefined),
      );
    } finally {
      zetBezig(false);
    }
  };
  const v = fout?.velden ?? {};

  return (
    <main className="vs-inhoud" id="inhoud">
      <h1 className="utrecht-heading-1">Uitnodiging aanvaarden</h1>
      {klaar ? (
        <div role="status">
          <p className="utrecht-paragraph">Uw wachtwoord is ingesteld. U kunt nu inloggen.</p>
          <p className="utrecht-paragraph">
            <a className="utrecht-link" href="/">
              Naar inloggen
            </a>
          </p>
        </div>
      ) : !token ? (
        <Foutmelding>
          Deze link bevat geen uitnodiging. Open de link uit uw uitnodiging opnieuw, of vraag de
          beheerder van uw gemeente om een nieuwe.
        </Foutmelding>
      ) : (
        <form className="utrecht-form" onSubmit={(e) => void verstuur(e)} noValidate>
          <p className="utrecht-paragraph">Kies een wachtwoord van minstens 12 tekens.</p>
          <Probleemmelding fout={fout} />
          <Veld id="wachtwoord-nieuw" label="Nieuw wachtwoord" fout={v.wachtwoord}>
            {(p) => (
              <input
                {...p}
                className="utrecht-textbox"
                type="password"
                autoComplete="new-password"
                value={wachtwoord}
                onChange={(e) => zetWachtwoord(e.target.value)}
              />
            )}
          </Veld>
          <Veld id="wachtwoord-herhaling" label="Herhaal het wachtwoord" fout={v.herhaling}>
            {(p) => (
              <input
                {...p}
                className="utrecht-textbox"
                type="password"
                autoComplete="new-password"
                value={herhaling}
                onChange={(e) => zetHerhaling(e.target.value)}
              />
            )}
          </Veld>
          <button
            type="submit"
            className="utrecht-button utrecht-button--primary-action"
            disabled={bezig}
          >
            Wachtwoord instellen
          </button>
        </form>
      )}
    </main>
  );
}
