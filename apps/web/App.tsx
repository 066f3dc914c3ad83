import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import {
  api,
  ApiFout,
  bewaarSessie,
  huidigeSessie,
  SessieVerlopen,
  vergeetSessie,
  type Ik,
  type Sessie,
} from './api.js';
import { Auditlog } from './auditlog.js';
import { Beheer, UitnodigingAanvaarden } from './beheer.js';
import { Meldingweergave } from './melding.js';
import { Overzicht } from './overzicht.js';
import { Portaal } from './portaal.js';
import { InloggenViaGemeente } from './inloggenoidc.js';
import { Foutmelding, gaNaar, useLocatie } from './ui.js';
import { Werkvoorraad } from './werkvoorraad.js';

const GEMEENTEROLLEN = ['GEMEENTEBEHEERDER', 'TEAMLEIDER', 'BEHANDELAAR', 'EXTERN'];
const BEHEERROLLEN = ['GEMEENTEBEHEERDER', 'PLATFORMBEHEERDER'];
const AUDITROLLEN = ['GEMEENTEBEHEERDER', 'TEAMLEIDER'];

interface Menu {
  pad: string;
  tekst: string;
}

function menuVoor(rol: string): Menu[] {
  if (rol === 'SIGNAALPARTNER') return [{ pad: '/', tekst: 'Aanleveringen' }];
  if (rol === 'PLATFORMBEHEERDER') return [{ pad: '/', tekst: 'Beheer' }];
  return [
    { pad: '/', tekst: 'Werkvoorraad' },
    { pad: '/overzicht', tekst: 'Overzicht' },
    ...(rol === 'GEMEENTEBEHEERDER' ? [{ pad: '/beheer', tekst: 'Beheer' }] : []),
    ...(AUDITROLLEN.includes(rol) ? [{ pad: '/auditlog', tekst: 'Auditlog' }] : []),
  ];
}

/** The gemeente's colour on the NL Design System tokens the app uses. */
function huisstijl(ik: Ik | null): React.CSSProperties {
  const kleur = ik?.gemeente?.huisstijl.kleur;
  if (!kleur) return {};
  return {
    ['--vs-huisstijl' as string]: kleur,
    ['--utrecht-button-primary-action-background-color' as string]: kleur,
    ['--utrecht-button-primary-action-border-color' as string]: kleur,
  };
}

export function App() {
  const [sessie, zetSessie] = useState<Sessie | null>(huidigeSessie);
  const [ik, zetIk] = useState<Ik | null>(null);
  const locatie = useLocatie();
  const verlopen = useCallback(() => {
    vergeetSessie();
    zetSessie(null);
    zetIk(null);
  }, []);

  useEffect(() => {
    if (!sessie) return;
    let actueel = true;
    api<Ik>('GET', '/sessies/huidige').then(
      (antwoord) => actueel && zetIk(antwoord),
      (fout: unknown) => {
        if (actueel && fout instanceof SessieVerlopen) verlopen();
      },
    );
    return () => {
      actueel = false;
    };
  }, [sessie, verlopen]);

  const rol = sessie?.rol ?? '';
  const pad = locatie.pathname;
  const melding = /^\/meldingen\/([^/]+)$/.exec(pad);
  // Each screen has its own title (WCAG 2.4.2), never with personal data in it.
  const titel =
    pad === '/uitnodiging'
      ? 'Uitnodiging'
      : !sessie
        ? 'Inloggen'
        : (menuVoor(rol).find((m) => m.pad === pad)?.tekst ?? (melding ? 'Melding' : null));
  useEffect(() => {
    document.title = titel ? `${titel} — Vroegsignaal` : 'Vroegsignaal';
  }, [titel]);

  if (pad === '/uitnodiging') return <UitnodigingAanvaarden />;
  if (!sessie) return <Inloggen bijIngelogd={zetSessie} />;

  let inhoud: ReactNode;
  if (rol === 'SIGNAALPARTNER') inhoud = <Portaal pad={pad} bijVerlopen={verlopen} />;
  else if (rol === 'PLATFORMBEHEERDER' || (pad === '/beheer' && BEHEERROLLEN.includes(rol)))
    inhoud = <Beheer rol={rol} bijVerlopen={verlopen} />;
  else if (!GEMEENTEROLLEN.includes(rol))
    inhoud = <Foutmelding>Uw rol heeft geen toegang tot deze applicatie.</Foutmelding>;
  else if (melding)
    inhoud = (
      <Meldingweergave
        id={decodeURIComponent(melding[1]!)}
        ik={ik}
        rol={rol}
        bijVerlopen={verlopen}
      />
    );
  else if (pad === '/auditlog' && AUDITROLLEN.includes(rol))
    inhoud = <Auditlog bijVerlopen={verlopen} />;
  else if (pad === '/overzicht') inhoud = <Overzicht bijVerlopen={verlopen} />;
  else inhoud = <Werkvoorraad zoek={locatie.searchParams} rol={rol} bijVerlopen={verlopen} />;

  return (
    <div className="vs-app" style={huisstijl(ik)}>
      <a className="vs-overslaan utrecht-link" href="#inhoud">
        Naar de inhoud
      </a>
      <header className="vs-kop">
        <span className="vs-merk">
          {ik?.gemeente?.huisstijl.logoSvg && (
            <img
              className="vs-logo"
              alt=""
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(ik.gemeente.huisstijl.logoSvg)}`}
            />
          )}
          <span>
            Vroegsignaal
            {ik?.gemeente ? ` — Gemeente ${ik.gemeente.naam}` : ''}
            {ik?.signaalpartner ? ` — ${ik.signaalpartner.naam}` : ''}
          </span>
        </span>
        <nav aria-label="Hoofdmenu" className="vs-menu">
          {menuVoor(rol).map((m) => (
            <a
              key={m.pad}
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
          ))}
        </nav>
        <span className="vs-wie">
          {ik && <span>{ik.naam}</span>}
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
        </span>
      </header>
      <main className="vs-inhoud" id="inhoud" tabIndex={-1}>
        {inhoud}
      </main>
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
        <Foutmelding>
          <p className="utrecht-paragraph">{fout.titel}</p>
          {fout.detail && <p className="utrecht-paragraph">{fout.detail}</p>}
        </Foutmelding>
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
      <InloggenViaGemeente bijIngelogd={bijIngelogd} />
    </main>
  );
}
