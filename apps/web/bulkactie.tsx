import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiFout, type Ik, SessieVerlopen } from './api.js';
import { Foutmelding, gaNaar, useLaden } from './ui.js';

// One action on many selected meldingen. The API answers at once and the
// work runs per melding in the background; this screen polls its progress
// and ends with what happened to each melding.

const MAXIMAAL = 1000;
const PEILEN_MS = 500;

type Soort = 'oppakken' | 'brief_sturen' | 'niet_oppakken';
type Uitkomst = 'GELUKT' | 'GEWEIGERD' | 'MISLUKT';

const ACTIES: Record<Soort, string> = {
  oppakken: 'Oppakken of toewijzen',
  brief_sturen: 'Brief of e-mail sturen',
  niet_oppakken: 'Niet oppakken',
};
const REDENEN: Record<string, string> = {
  NIET_OPGEPAKT_ONTERECHT_SIGNAAL: 'Onterecht signaal',
  NIET_OPGEPAKT_HERHAALDE_MELDING: 'Herhaalde melding',
  NIET_OPGEPAKT_ANDERE_REDEN: 'Andere reden',
  INWONER_IS_OVERLEDEN: 'Inwoner is overleden',
  INWONER_AL_BEKEND_BIJ_SCHULDHULPVERLENING: 'Inwoner al bekend bij schuldhulpverlening',
};
const UITKOMSTEN: Record<Uitkomst, string> = {
  GEWEIGERD: 'Geweigerd',
  MISLUKT: 'Mislukt',
  GELUKT: 'Gelukt',
};
// Refused and failed first: those are what the caseworker has to look at.
const VOLGORDE: Record<Uitkomst, number> = { GEWEIGERD: 0, MISLUKT: 1, GELUKT: 2 };
const TOEWIJZERS = ['TEAMLEIDER', 'GEMEENTEBEHEERDER'];

interface Bulkactie {
  id: string;
  status: 'BEZIG' | 'KLAAR';
  totaal: number;
  verwerkt: number;
  gelukt: number;
  geweigerd: number;
  mislukt: number;
  items: { meldingId: string; uitkomst: Uitkomst | null; toelichting: string | null }[];
}

interface Collega {
  id: string;
  naam: string;
  rol: string;
  actief: boolean;
}

type Velden = 'soort' | 'behandelaar' | 'kanaal' | 'sjabloon' | 'reden';

/** "18 gelukt, 2 geweigerd", naming failures only when there are any. */
export function samenvatting(b: Pick<Bulkactie, 'gelukt' | 'geweigerd' | 'mislukt'>): string {
  return [
    `${b.gelukt} gelukt`,
    `${b.geweigerd} geweigerd`,
    ...(b.mislukt > 0 ? [`${b.mislukt} mislukt`] : []),
  ].join(', ');
}

export function Bulkacties(props: {
  meldingIds: string[];
  rol: string;
  bijKlaar: () => void;
  bijVerlopen: () => void;
}) {
  const { meldingIds, rol, bijKlaar, bijVerlopen } = props;
  const [soort, zetSoort] = useState<Soort | ''>('');
  const [behandelaarId, zetBehandelaarId] = useState('');
  const [kanaal, zetKanaal] = useState<'BRIEF' | 'EMAIL'>('BRIEF');
  const [sjabloon, zetSjabloon] = useState('');
  const [reden, zetReden] = useState('');
  const [fouten, zetFouten] = useState<Partial<Record<Velden, string>>>({});
  const [fout, zetFout] = useState<ApiFout | null>(null);
  const [bezig, zetBezig] = useState(false);
  const [bulkactie, zetBulkactie] = useState<Bulkactie | null>(null);
  const eerstePeiling = useRef<number | null>(null);

  const ik = useLaden<Ik>('/sessies/huidige', bijVerlopen);
  const magToewijzen = TOEWIJZERS.includes(rol);
  const collegas = useOptioneel<{ gebruikers: Collega[] }>(
    magToewijzen && soort === 'oppakken' ? '/gebruikers' : null,
    bijVerlopen,
  );
  const code = ik.data?.gemeente?.code;
  const sjablonen = useOptioneel<{ briefsjablonen: { naam: string; onderwerp?: string }[] }>(
    soort === 'brief_sturen' && code ? `/gemeenten/${code}/briefsjablonen` : null,
    bijVerlopen,
  );

  // Polls until the bulk action is done; stops when the component goes away.
  useEffect(() => {
    if (!bulkactie || bulkactie.status === 'KLAAR') return;
    let actueel = true;
    const wacht = setTimeout(() => {
      api<Bulkactie>('GET', `/bulkacties/${bulkactie.id}`).then(
        (nieuw) => {
          if (!actueel) return;
          zetBulkactie(nieuw);
          if (nieuw.status === 'KLAAR') bijKlaar();
        },
        (f: unknown) => {
          if (!actueel) return;
          if (f instanceof SessieVerlopen) bijVerlopen();
          // A poll that fails once is tried again; the action itself goes on regardless.
          else zetBulkactie((b) => (b ? { ...b } : b));
        },
      );
    }, eerstePeiling.current ?? PEILEN_MS);
    eerstePeiling.current = null;
    return () => {
      actueel = false;
      clearTimeout(wacht);
    };
  }, [bulkactie, bijKlaar, bijVerlopen]);

  const controleer = (): Partial<Record<Velden, string>> => {
    const nieuw: Partial<Record<Velden, string>> = {};
    if (!soort) nieuw.soort = 'Kies wat u met de geselecteerde meldingen wilt doen.';
    if (soort === 'brief_sturen' && !sjabloon) nieuw.sjabloon = 'Kies een briefsjabloon.';
    if (soort === 'niet_oppakken' && !reden)
      nieuw.reden = 'Kies waarom de meldingen niet worden opgepakt.';
    return nieuw;
  };

  const verstuur = async (e: FormEvent) => {
    e.preventDefault();
    const nieuw = controleer();
    zetFouten(nieuw);
    zetFout(null);
    const eerste = Object.keys(nieuw)[0];
    if (eerste) {
      document.getElementById(`bulk-${eerste}`)?.focus();
      return;
    }
    const actie =
      soort === 'oppakken'
        ? { soort, ...(behandelaarId ? { behandelaarId } : {}) }
        : soort === 'brief_sturen'
          ? { soort, kanaal, sjabloon }
          : { soort, reden };
    zetBezig(true);
    try {
      const gestart = await api<{ id: string; status: 'BEZIG'; totaal: number }>(
        'POST',
        '/bulkacties',
        { body: { meldingIds, actie } },
      );
      eerstePeiling.current = 0;
      zetBulkactie({
        id: gestart.id,
        status: 'BEZIG',
        totaal: gestart.totaal,
        verwerkt: 0,
        gelukt: 0,
        geweigerd: 0,
        mislukt: 0,
        items: [],
      });
    } catch (f) {
      if (f instanceof SessieVerlopen) bijVerlopen();
      else zetFout(f instanceof ApiFout ? f : new ApiFout(0, 'Er ging iets mis.', undefined));
    } finally {
      zetBezig(false);
    }
  };

  if (bulkactie) return <Voortgang bulkactie={bulkactie} />;

  if (meldingIds.length === 0)
    return <p className="utrecht-paragraph">Selecteer eerst een of meer meldingen.</p>;
  if (meldingIds.length > MAXIMAAL)
    return (
      <Foutmelding>
        <p className="utrecht-paragraph">
          U heeft {meldingIds.length} meldingen geselecteerd. Een bulkactie gaat over hoogstens{' '}
          {MAXIMAAL} meldingen; verfijn het filter.
        </p>
      </Foutmelding>
    );

  const veld = (naam: Velden) => ({
    id: `bulk-${naam}`,
    'aria-invalid': fouten[naam] ? true : undefined,
    'aria-describedby': fouten[naam] ? `bulk-${naam}-fout` : undefined,
  });
  const foutBij = (naam: Velden) =>
    fouten[naam] && (
      <p id={`bulk-${naam}-fout`} className="utrecht-form-field-error-message" role="alert">
        {fouten[naam]}
      </p>
    );

  return (
    <form className="utrecht-form" onSubmit={(e) => void verstuur(e)} noValidate>
      <h2 className="utrecht-heading-2">
        Bulkactie op {meldingIds.length} {meldingIds.length === 1 ? 'melding' : 'meldingen'}
      </h2>
      {fout && (
        <Foutmelding>
          <p className="utrecht-paragraph">{fout.titel}</p>
          {fout.detail && <p className="utrecht-paragraph">{fout.detail}</p>}
        </Foutmelding>
      )}
      <fieldset
        className="utrecht-form-fieldset"
        aria-invalid={fouten.soort ? true : undefined}
        aria-describedby={fouten.soort ? 'bulk-soort-fout' : undefined}
      >
        <legend className="utrecht-form-fieldset__legend">Actie</legend>
        {foutBij('soort')}
        {(Object.keys(ACTIES) as Soort[]).map((s, i) => (
          <div key={s} className="utrecht-form-field utrecht-form-field--radio">
            <input
              type="radio"
              className="utrecht-radio-button"
              name="bulk-soort"
              // The first option carries the field's id, so the error can move focus to it.
              id={i === 0 ? 'bulk-soort' : `bulk-soort-${s}`}
              value={s}
              checked={soort === s}
              onChange={() => zetSoort(s)}
            />
            <label
              className="utrecht-form-label"
              htmlFor={i === 0 ? 'bulk-soort' : `bulk-soort-${s}`}
            >
              {ACTIES[s]}
            </label>
          </div>
        ))}
      </fieldset>

      {soort === 'oppakken' &&
        (magToewijzen ? (
          <div className="utrecht-form-field">
            <label className="utrecht-form-label" htmlFor="bulk-behandelaar">
              Toewijzen aan
            </label>
            <select
              {...veld('behandelaar')}
              className="utrecht-select"
              value={behandelaarId}
              onChange={(e) => zetBehandelaarId(e.target.value)}
            >
              <option value="">Mijzelf</option>
              {collegas.data?.gebruikers
                .filter((g) => g.actief && g.id !== ik.data?.id)
                .map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.naam}
                  </option>
                ))}
            </select>
            {collegas.mislukt && (
              <p className="utrecht-form-field-description">
                De lijst met collega&apos;s is nu niet beschikbaar; u kunt de meldingen zelf
                oppakken.
              </p>
            )}
          </div>
        ) : (
          <p className="utrecht-paragraph">U pakt de meldingen zelf op.</p>
        ))}

      {soort === 'brief_sturen' && (
        <>
          <div className="utrecht-form-field">
            <label className="utrecht-form-label" htmlFor="bulk-kanaal">
              Kanaal
            </label>
            <select
              {...veld('kanaal')}
              className="utrecht-select"
              value={kanaal}
              onChange={(e) => zetKanaal(e.target.value as 'BRIEF' | 'EMAIL')}
            >
              <option value="BRIEF">Brief</option>
              <option value="EMAIL">E-mail</option>
            </select>
          </div>
          <div className="utrecht-form-field">
            <label className="utrecht-form-label" htmlFor="bulk-sjabloon">
              Briefsjabloon
            </label>
            <select
              {...veld('sjabloon')}
              className="utrecht-select"
              value={sjabloon}
              onChange={(e) => zetSjabloon(e.target.value)}
            >
              <option value="">Kies een sjabloon</option>
              {sjablonen.data?.briefsjablonen.map((s) => (
                <option key={s.naam} value={s.naam}>
                  {s.onderwerp ? `${s.naam}: ${s.onderwerp}` : s.naam}
                </option>
              ))}
            </select>
            {foutBij('sjabloon')}
            {sjablonen.mislukt && (
              <p className="utrecht-form-field-description">
                De briefsjablonen konden niet worden geladen.
              </p>
            )}
          </div>
        </>
      )}

      {soort === 'niet_oppakken' && (
        <div className="utrecht-form-field">
          <label className="utrecht-form-label" htmlFor="bulk-reden">
            Reden
          </label>
          <select
            {...veld('reden')}
            className="utrecht-select"
            value={reden}
            onChange={(e) => zetReden(e.target.value)}
          >
            <option value="">Kies een reden</option>
            {Object.entries(REDENEN).map(([code, tekst]) => (
              <option key={code} value={code}>
                {tekst}
              </option>
            ))}
          </select>
          {foutBij('reden')}
        </div>
      )}

      <button
        type="submit"
        className="utrecht-button utrecht-button--primary-action"
        disabled={bezig}
      >
        Uitvoeren op {meldingIds.length} {meldingIds.length === 1 ? 'melding' : 'meldingen'}
      </button>
    </form>
  );
}

function Voortgang({ bulkactie: b }: { bulkactie: Bulkactie }) {
  const klaar = b.status === 'KLAAR';
  const items = [...b.items]
    .filter((i) => i.uitkomst !== null)
    .sort((x, y) => VOLGORDE[x.uitkomst!] - VOLGORDE[y.uitkomst!]);
  return (
    <section aria-labelledby="bulk-voortgang-kop">
      <h2 className="utrecht-heading-2" id="bulk-voortgang-kop">
        {klaar ? 'Bulkactie klaar' : 'Bulkactie bezig'}
      </h2>
      <div className="utrecht-form-field">
        <label className="utrecht-form-label" htmlFor="bulk-voortgang">
          Voortgang
        </label>{' '}
        <progress id="bulk-voortgang" max={b.totaal} value={b.verwerkt}>
          {b.verwerkt} van {b.totaal}
        </progress>
      </div>
      <div aria-live="polite">
        <p className="utrecht-paragraph">
          {b.verwerkt} van {b.totaal} verwerkt
        </p>
        {klaar && <p className="utrecht-paragraph">{samenvatting(b)}</p>}
      </div>
      {klaar && (
        <table className="utrecht-table">
          <caption className="utrecht-table__caption">Uitkomst per melding</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell">Melding</th>
              <th className="utrecht-table__header-cell">Uitkomst</th>
              <th className="utrecht-table__header-cell">Toelichting</th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {items.map((i) => (
              <tr key={i.meldingId} className="utrecht-table__row">
                <td className="utrecht-table__cell">
                  <a
                    className="utrecht-link"
                    href={`/meldingen/${i.meldingId}`}
                    onClick={(e) => {
                      e.preventDefault();
                      gaNaar(`/meldingen/${i.meldingId}`);
                    }}
                  >
                    Melding {i.meldingId.slice(0, 8)}
                  </a>
                </td>
                <td className="utrecht-table__cell">{UITKOMSTEN[i.uitkomst!]}</td>
                <td className="utrecht-table__cell">{i.toelichting ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Loads what the form can do without (a list another part may not offer yet). */
function useOptioneel<T>(pad: string | null, bijVerlopen: () => void) {
  const [stand, zetStand] = useState<{ data?: T; mislukt?: boolean }>({});
  const verlopen = useCallback(() => bijVerlopen(), [bijVerlopen]);
  useEffect(() => {
    if (!pad) return;
    let actueel = true;
    zetStand({});
    api<T>('GET', pad).then(
      (data) => actueel && zetStand({ data }),
      (f: unknown) => {
        if (!actueel) return;
        if (f instanceof SessieVerlopen) verlopen();
        else zetStand({ mislukt: true });
      },
    );
    return () => {
      actueel = false;
    };
  }, [pad, verlopen]);
  return stand;
}
