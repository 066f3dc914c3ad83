import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { CONTACTSOORTEN, RESULTATEN, SIGNAALSTATUSSEN } from '../../domain/ddas.js';
import { NIET_OPGEPAKT_RESULTAAT } from '../../domain/meldingacties.js';
import { api, ApiFout, SessieVerlopen, type Ik, type MeldingDetail } from './api.js';
import { Foutensamenvatting, Foutmelding, Veld } from './ui.js';

type Soort =
  'toewijzen' | 'contactpoging' | 'niet_oppakken' | 'afsluiten' | 'overdragen' | 'notitie';

const KNOPPEN: Record<Soort, string> = {
  toewijzen: 'Toewijzen',
  contactpoging: 'Contactpoging vastleggen',
  niet_oppakken: 'Niet oppakken',
  afsluiten: 'Resultaat vastleggen en afsluiten',
  overdragen: 'Overdragen aan andere gemeente',
  notitie: 'Notitie toevoegen',
};

const TOEWIJZERS = ['TEAMLEIDER', 'GEMEENTEBEHEERDER'];

/** What may be done with the melding in its current state; the workflow decides in the end. */
function mogelijk(m: MeldingDetail, rol: string): Soort[] {
  if (m.status === 'AFGESLOTEN') return [];
  return [
    ...(TOEWIJZERS.includes(rol) ? (['toewijzen'] as const) : []),
    'contactpoging',
    m.status === 'OPEN' ? 'niet_oppakken' : 'afsluiten',
    'notitie',
    'overdragen',
  ];
}

const vandaag = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

interface Formulier {
  pad: string;
  body: Record<string, unknown>;
  bericht: string;
}

/**
 * The caseworker's actions on a melding. Each form checks its input first;
 * what the workflow refuses comes back as problem+json and is shown as is.
 */
export function Acties({
  melding: m,
  rol,
  ik,
  bijUitgevoerd,
  bijVerlopen,
}: {
  melding: MeldingDetail;
  rol: string;
  ik: Ik | null;
  bijUitgevoerd: (nieuw: MeldingDetail, bericht: string) => void;
  bijVerlopen: () => void;
}) {
  const [gekozen, zetGekozen] = useState<Soort | null>(null);
  const [velden, zetVelden] = useState<Record<string, string>>({});
  const [fouten, zetFouten] = useState<Record<string, string>>({});
  const [weigering, zetWeigering] = useState<ApiFout | null>(null);
  const [bezig, zetBezig] = useState(false);
  const [collegas, zetCollegas] = useState<{ id: string; naam: string }[] | null>(null);

  useEffect(() => {
    if (gekozen !== 'toewijzen' || collegas) return;
    api<{ gebruikers: { id: string; naam: string; rol: string; actief: boolean }[] }>(
      'GET',
      '/gebruikers',
    ).then(
      (a) => zetCollegas(a.gebruikers.filter((g) => g.actief && g.rol !== 'SIGNAALPARTNER')),
      () => zetCollegas([]),
    );
  }, [gekozen, collegas]);

  const kies = (soort: Soort | null) => {
    zetGekozen(soort);
    zetVelden(soort === 'contactpoging' ? { datum: vandaag(), soort: 'TELEFOON' } : {});
    zetFouten({});
    zetWeigering(null);
  };

  const voerUit = async ({ pad, body, bericht }: Formulier) => {
    zetBezig(true);
    zetWeigering(null);
    try {
      const nieuw = await api<MeldingDetail>('POST', `/meldingen/${m.id}/${pad}`, { body });
      kies(null);
      bijUitgevoerd(nieuw, bericht);
    } catch (fout) {
      if (fout instanceof SessieVerlopen) return bijVerlopen();
      const probleem =
        fout instanceof ApiFout ? fout : new ApiFout(0, 'De server is niet bereikbaar.', undefined);
      zetWeigering(probleem);
      zetFouten(
        Object.fromEntries(
          Object.entries(probleem.velden).map(([veld, reden]) => [`actie-${veld}`, reden]),
        ),
      );
    } finally {
      zetBezig(false);
    }
  };

  const veld = (naam: string) => velden[naam] ?? '';
  const zet = (naam: string) => (e: { target: { value: string } }) =>
    zetVelden((v) => ({ ...v, [naam]: e.target.value }));

  /** The form's own checks, with the same Dutch wording the API uses. */
  const controleer = (): Formulier | Record<string, string> => {
    const f: Record<string, string> = {};
    switch (gekozen) {
      case 'toewijzen':
        if (!veld('behandelaarId')) f['actie-behandelaarId'] = 'Kies een collega.';
        return Object.keys(f).length
          ? f
          : {
              pad: 'oppakken',
              body: { behandelaarId: veld('behandelaarId') },
              bericht: 'De melding is toegewezen.',
            };
      case 'contactpoging':
        if (!veld('soort')) f['actie-soort'] = 'Kies hoe u contact zocht.';
        if (!veld('bereikt')) f['actie-bereikt'] = 'Geef aan of u de persoon hebt bereikt.';
        if (!/^\d{4}-\d{2}-\d{2}$/.test(veld('datum')))
          f['actie-datum'] = 'Vul de datum van de contactpoging in.';
        else if (veld('datum') > vandaag())
          f['actie-datum'] = 'De datum van een contactpoging mag niet in de toekomst liggen.';
        return Object.keys(f).length
          ? f
          : {
              pad: 'contactpogingen',
              body: {
                soort: veld('soort'),
                bereikt: veld('bereikt') === 'ja',
                datum: veld('datum'),
                ...(veld('dagdeel') ? { dagdeel: veld('dagdeel') } : {}),
                ...(veld('toelichting').trim() ? { toelichting: veld('toelichting') } : {}),
              },
              bericht: 'De contactpoging is vastgelegd.',
            };
      case 'niet_oppakken':
        if (!veld('reden')) f['actie-reden'] = 'Kies waarom de melding niet wordt opgepakt.';
        return Object.keys(f).length
          ? f
          : {
              pad: 'niet-opgepakt',
              body: { reden: veld('reden') },
              bericht: 'Vastgelegd dat de melding niet wordt opgepakt; de melding is afgesloten.',
            };
      case 'afsluiten':
        if (!veld('resultaat')) f['actie-resultaat'] = 'Kies het resultaat.';
        return Object.keys(f).length
          ? f
          : {
              pad: 'afsluiting',
              body: { resultaat: veld('resultaat') },
              bericht: 'De melding is afgesloten.',
            };
      case 'overdragen':
        if (!/^\d{4}$/.test(veld('gemeentecode').trim()))
          f['actie-gemeentecode'] = 'Een gemeentecode bestaat uit vier cijfers, bijvoorbeeld 0344.';
        return Object.keys(f).length
          ? f
          : {
              pad: 'overdracht',
              body: { gemeentecode: veld('gemeentecode').trim() },
              bericht: 'De melding is overgedragen.',
            };
      case 'notitie':
        if (!veld('tekst').trim()) f['actie-tekst'] = 'Schrijf de notitie.';
        else if (veld('tekst').length > 4000) f['actie-tekst'] = 'tekst is hoogstens 4000 tekens.';
        return Object.keys(f).length
          ? f
          : {
              pad: 'notities',
              body: { tekst: veld('tekst') },
              bericht: 'De notitie is toegevoegd.',
            };
      case null:
        return f;
    }
  };

  const verstuur = (e: FormEvent) => {
    e.preventDefault();
    const uitkomst = controleer();
    if (!('pad' in uitkomst)) {
      zetFouten(uitkomst);
      zetWeigering(null);
      return;
    }
    zetFouten({});
    void voerUit(uitkomst as Formulier);
  };

  const keuzelijst = (naam: string, label: string, opties: [string, string][]) => (
    <Veld id={`actie-${naam}`} label={label} fout={fouten[`actie-${naam}`]}>
      {(p) => (
        <select {...p} className="utrecht-select" value={veld(naam)} onChange={zet(naam)}>
          <option value="">Kies…</option>
          {opties.map(([code, tekst]) => (
            <option key={code} value={code}>
              {tekst}
            </option>
          ))}
        </select>
      )}
    </Veld>
  );

  let formulier: ReactNode = null;
  switch (gekozen) {
    case 'toewijzen':
      formulier = keuzelijst(
        'behandelaarId',
        'Toewijzen aan',
        (collegas ?? []).map((c) => [c.id, c.id === ik?.id ? `${c.naam} (ik)` : c.naam]),
      );
      break;
    case 'contactpoging':
      formulier = (
        <>
          {keuzelijst('soort', 'Soort contact', Object.entries(CONTACTSOORTEN))}
          <fieldset
            className="utrecht-form-fieldset"
            aria-describedby={fouten['actie-bereikt'] ? 'actie-bereikt-fout' : undefined}
          >
            <legend className="utrecht-form-fieldset__legend">Persoon bereikt?</legend>
            {fouten['actie-bereikt'] && (
              <p className="utrecht-form-field-error-message" id="actie-bereikt-fout">
                {fouten['actie-bereikt']}
              </p>
            )}
            {[
              ['ja', 'Ja, bereikt'],
              ['nee', 'Nee, niet bereikt'],
            ].map(([waarde, tekst], i) => (
              <div className="utrecht-form-field utrecht-form-field--radio" key={waarde}>
                <input
                  type="radio"
                  className="utrecht-radio-button"
                  id={i === 0 ? 'actie-bereikt' : `actie-bereikt-${waarde}`}
                  name="bereikt"
                  value={waarde}
                  checked={veld('bereikt') === waarde}
                  onChange={zet('bereikt')}
                />
                <label
                  className="utrecht-form-label utrecht-form-label--radio"
                  htmlFor={i === 0 ? 'actie-bereikt' : `actie-bereikt-${waarde}`}
                >
                  {tekst}
                </label>
              </div>
            ))}
          </fieldset>
          <Veld id="actie-datum" label="Datum" fout={fouten['actie-datum']}>
            {(p) => (
              <input
                {...p}
                type="date"
                className="utrecht-textbox"
                max={vandaag()}
                value={veld('datum')}
                onChange={zet('datum')}
              />
            )}
          </Veld>
          {keuzelijst('dagdeel', 'Dagdeel (niet verplicht)', [
            ['OCHTEND', 'Ochtend'],
            ['MIDDAG', 'Middag'],
            ['AVOND', 'Avond'],
          ])}
          <Veld
            id="actie-toelichting"
            label="Toelichting (niet verplicht)"
            fout={fouten['actie-toelichting']}
          >
            {(p) => (
              <textarea
                {...p}
                className="utrecht-textarea"
                maxLength={4000}
                value={veld('toelichting')}
                onChange={zet('toelichting')}
              />
            )}
          </Veld>
        </>
      );
      break;
    case 'niet_oppakken':
      formulier = keuzelijst(
        'reden',
        'Reden',
        Object.keys(NIET_OPGEPAKT_RESULTAAT).map((code) => [
          code,
          SIGNAALSTATUSSEN[code as keyof typeof SIGNAALSTATUSSEN],
        ]),
      );
      break;
    case 'afsluiten':
      formulier = keuzelijst('resultaat', 'Resultaat', Object.entries(RESULTATEN));
      break;
    case 'overdragen':
      formulier = (
        <Veld
          id="actie-gemeentecode"
          label="Gemeentecode (CBS, vier cijfers) van de nieuwe woongemeente"
          fout={fouten['actie-gemeentecode']}
        >
          {(p) => (
            <input
              {...p}
              className="utrecht-textbox"
              inputMode="numeric"
              autoComplete="off"
              value={veld('gemeentecode')}
              onChange={zet('gemeentecode')}
            />
          )}
        </Veld>
      );
      break;
    case 'notitie':
      formulier = (
        <Veld id="actie-tekst" label="Notitie" fout={fouten['actie-tekst']}>
          {(p) => (
            <textarea
              {...p}
              className="utrecht-textarea"
              maxLength={4000}
              value={veld('tekst')}
              onChange={zet('tekst')}
            />
          )}
        </Veld>
      );
      break;
    case null:
      break;
  }

  if (m.status === 'AFGESLOTEN')
    return (
      <section aria-labelledby="kop-acties">
        <h2 className="utrecht-heading-2" id="kop-acties">
          Acties
        </h2>
        <p className="utrecht-paragraph">Deze melding is afgesloten.</p>
      </section>
    );

  const eigen = m.behandelaar?.id === ik?.id;
  return (
    <section aria-labelledby="kop-acties">
      <h2 className="utrecht-heading-2" id="kop-acties">
        Acties
      </h2>
      <div className="vs-knoppen">
        {!eigen && (
          <button
            type="button"
            className="utrecht-button utrecht-button--primary-action"
            disabled={bezig || !ik}
            onClick={() =>
              void voerUit({
                pad: 'oppakken',
                body: {},
                bericht: 'U behandelt deze melding nu.',
              })
            }
          >
            {m.status === 'OPEN' ? 'Oppakken' : 'Zelf overnemen'}
          </button>
        )}
        {mogelijk(m, rol).map((soort) => (
          <button
            key={soort}
            type="button"
            className="utrecht-button utrecht-button--secondary-action"
            aria-expanded={gekozen === soort}
            aria-controls="actieformulier"
            onClick={() => kies(gekozen === soort ? null : soort)}
          >
            {KNOPPEN[soort]}
          </button>
        ))}
      </div>
      {weigering && !gekozen && (
        <Foutmelding>
          <strong>{weigering.titel}</strong> {weigering.detail}
        </Foutmelding>
      )}
      {gekozen && (
        <form
          id="actieformulier"
          className="vs-actieformulier"
          aria-label={KNOPPEN[gekozen]}
          noValidate
          onSubmit={verstuur}
        >
          <h3 className="utrecht-heading-3">{KNOPPEN[gekozen]}</h3>
          {weigering && (
            <Foutmelding>
              <strong>{weigering.titel}</strong> {weigering.detail}
            </Foutmelding>
          )}
          {!weigering && <Foutensamenvatting fouten={fouten} />}
          {formulier}
          <div className="vs-knoppen">
            <button
              type="submit"
              className="utrecht-button utrecht-button--primary-action"
              disabled={bezig}
            >
              {KNOPPEN[gekozen]}
            </button>
            <button
              type="button"
              className="utrecht-button utrecht-button--subtle"
              onClick={() => kies(null)}
            >
              Annuleren
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
