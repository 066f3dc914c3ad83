import { useState, type FormEvent } from 'react';
import { api, ApiFout, SessieVerlopen } from './api.js';
import { Foutmelding, useLaden, Veld } from './ui.js';

/** The code field of the login form, shown once the API asks for a second factor. */
export function TotpVeld({
  waarde,
  bijWijziging,
  fout,
}: {
  waarde: string;
  bijWijziging: (waarde: string) => void;
  fout?: string | undefined;
}) {
  return (
    <Veld
      id="totpCode"
      label="Code uit uw authenticator-app"
      hulp="De zes cijfers die de app nu toont."
      fout={fout}
    >
      {(props) => (
        <input
          {...props}
          className="utrecht-textbox"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={7}
          required
          autoFocus
          value={waarde}
          onChange={(e) => bijWijziging(e.target.value)}
        />
      )}
    </Veld>
  );
}

interface Ik {
  tweedeFactor: { actief: boolean; verplicht: boolean };
}

/**
 * Setting up the second factor: the secret and otpauth URI are shown as text
 * (to type or paste into an authenticator app) once, then confirmed with a code.
 */
export function TweedeFactor({
  bijVerlopen,
  bijIngesteld,
}: {
  bijVerlopen: () => void;
  /** Called once the factor is on, so the app can reload what the user may do. */
  bijIngesteld?: () => void;
}) {
  const [versie, zetVersie] = useState(0);
  const ik = useLaden<Ik>('/sessies/huidige', bijVerlopen, versie);
  const [nieuw, zetNieuw] = useState<{ geheim: string; otpauthUri: string } | null>(null);
  const [code, zetCode] = useState('');
  const [fout, zetFout] = useState<ApiFout | null>(null);
  const [melding, zetMelding] = useState<string | null>(null);
  const [bezig, zetBezig] = useState(false);

  async function doe(handeling: () => Promise<void>) {
    zetBezig(true);
    zetFout(null);
    zetMelding(null);
    try {
      await handeling();
    } catch (f) {
      if (f instanceof SessieVerlopen) bijVerlopen();
      else zetFout(f instanceof ApiFout ? f : new ApiFout(0, 'Er ging iets mis.', undefined));
    } finally {
      zetBezig(false);
    }
  }

  const begin = () =>
    doe(async () => {
      zetNieuw(await api<{ geheim: string; otpauthUri: string }>('POST', '/sessies/huidige/totp'));
      zetCode('');
    });
  const bevestig = (e: FormEvent) => {
    e.preventDefault();
    void doe(async () => {
      await api('POST', '/sessies/huidige/totp/bevestiging', { body: { code } });
      zetNieuw(null);
      zetCode('');
      zetMelding('De tweede factor staat aan. U heeft voortaan bij het inloggen een code nodig.');
      zetVersie((v) => v + 1);
      bijIngesteld?.();
    });
  };
  const zetUit = (e: FormEvent) => {
    e.preventDefault();
    void doe(async () => {
      await api('DELETE', '/sessies/huidige/totp', { body: { code } });
      zetCode('');
      zetMelding('De tweede factor staat uit.');
      zetVersie((v) => v + 1);
    });
  };

  const actief = ik.data?.tweedeFactor.actief;
  return (
    <section>
      <h1 className="utrecht-heading-1">Tweede factor</h1>
      <p className="utrecht-paragraph">
        Met een tweede factor vraagt Vroegsignaal bij het inloggen naast uw wachtwoord een code uit
        een authenticator-app op uw telefoon.
      </p>
      {ik.data?.tweedeFactor.verplicht && (
        <p className="utrecht-paragraph">Uw gemeente vereist een tweede factor.</p>
      )}
      {melding && (
        <div className="utrecht-alert utrecht-alert--ok" role="status">
          <div className="utrecht-alert__message">{melding}</div>
        </div>
      )}
      {(fout ?? ik.fout) && (
        <Foutmelding>
          <p className="utrecht-paragraph">{(fout ?? ik.fout)!.titel}</p>
          {(fout ?? ik.fout)!.detail && (
            <p className="utrecht-paragraph">{(fout ?? ik.fout)!.detail}</p>
          )}
        </Foutmelding>
      )}
      {ik.data && actief && (
        <form className="utrecht-form" onSubmit={zetUit}>
          <p className="utrecht-paragraph">De tweede factor staat aan.</p>
          {!ik.data.tweedeFactor.verplicht && (
            <>
              <TotpVeld waarde={code} bijWijziging={zetCode} fout={fout?.velden.code} />
              <button
                type="submit"
                className="utrecht-button utrecht-button--secondary-action"
                disabled={bezig}
              >
                Tweede factor uitzetten
              </button>
            </>
          )}
        </form>
      )}
      {ik.data && !actief && !nieuw && (
        <button
          type="button"
          className="utrecht-button utrecht-button--primary-action"
          disabled={bezig}
          onClick={() => void begin()}
        >
          Tweede factor instellen
        </button>
      )}
      {ik.data && !actief && nieuw && (
        <form className="utrecht-form" onSubmit={bevestig}>
          <p className="utrecht-paragraph">
            Voer dit geheim in uw authenticator-app in. Het wordt maar één keer getoond.
          </p>
          <dl>
            <dt>Geheim</dt>
            <dd>
              <code id="totp-geheim">{nieuw.geheim}</code>
            </dd>
            <dt>otpauth-URI</dt>
            <dd>
              <code id="totp-uri" style={{ wordBreak: 'break-all' }}>
                {nieuw.otpauthUri}
              </code>
            </dd>
          </dl>
          <TotpVeld waarde={code} bijWijziging={zetCode} fout={fout?.velden.code} />
          <button
            type="submit"
            className="utrecht-button utrecht-button--primary-action"
            disabled={bezig}
          >
            Bevestigen
          </button>
        </form>
      )}
    </section>
  );
}
