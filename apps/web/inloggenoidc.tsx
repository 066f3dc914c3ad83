import { useEffect, useState } from 'react';
import { isOidcFout, OIDC_FOUTEN } from '../../domain/oidc.js';
import { api, ApiFout, bewaarSessie, type Sessie } from './api.js';
import { Foutmelding } from './ui.js';

interface OidcGemeente {
  code: string;
  naam: string;
}

/**
 * What the API put in the URL fragment on the way back from the gemeente's
 * identity provider. Read once and removed at once, so a reload, the history
 * or a shared screen never carries the one-time code.
 */
function leesTerugkeer(): { code?: string; fout?: string } {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const code = fragment.get('oidc-code') ?? undefined;
  const fout = fragment.get('oidc-fout') ?? undefined;
  if (code || fout) history.replaceState(null, '', location.pathname + location.search);
  return { code, fout };
}

/**
 * "Inloggen via uw gemeente": for gemeenten that set up their own OpenID
 * Connect identity provider. The browser goes to the API, which sends it on
 * to the IdP; on return the one-time code is exchanged for the session token.
 */
export function InloggenViaGemeente({ bijIngelogd }: { bijIngelogd: (sessie: Sessie) => void }) {
  const [gemeenten, zetGemeenten] = useState<OidcGemeente[]>([]);
  const [gekozen, zetGekozen] = useState('');
  const [fout, zetFout] = useState<string | null>(null);
  const [bezig, zetBezig] = useState(false);

  useEffect(() => {
    const { code, fout: foutcode } = leesTerugkeer();
    if (foutcode)
      zetFout(
        isOidcFout(foutcode)
          ? OIDC_FOUTEN[foutcode]
          : 'Inloggen via uw gemeente is mislukt. Probeer het opnieuw.',
      );
    if (code) {
      zetBezig(true);
      api<Sessie>('POST', '/sessies/oidc/inwisseling', { body: { code }, zonderSessie: true })
        .then((antwoord) => {
          const sessie = {
            token: antwoord.token,
            verlooptOp: antwoord.verlooptOp,
            rol: antwoord.rol,
          };
          bewaarSessie(sessie);
          bijIngelogd(sessie);
        })
        .catch((f: unknown) => {
          zetBezig(false);
          zetFout(
            f instanceof ApiFout
              ? [f.titel, f.detail].filter(Boolean).join(' ')
              : 'De server is niet bereikbaar.',
          );
        });
    }
    api<{ gemeenten: OidcGemeente[] }>('GET', '/sessies/oidc/gemeenten', { zonderSessie: true })
      .then((antwoord) => {
        zetGemeenten(antwoord.gemeenten);
        if (antwoord.gemeenten.length === 1) zetGekozen(antwoord.gemeenten[0]!.code);
      })
      // Without the list the password login still works; nothing to show.
      .catch(() => undefined);
  }, [bijIngelogd]);

  if (gemeenten.length === 0 && !fout) return null;
  return (
    <section style={{ marginBlockStart: '2rem' }} aria-labelledby="oidc-kop">
      <h2 className="utrecht-heading-2" id="oidc-kop">
        Inloggen via uw gemeente
      </h2>
      {fout && (
        <Foutmelding>
          <p className="utrecht-paragraph">{fout}</p>
        </Foutmelding>
      )}
      {gemeenten.length > 0 && (
        <form
          className="utrecht-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!gekozen) return;
            zetBezig(true);
            // A navigation, not fetch: the IdP's pages run in the browser.
            location.assign(`/v1/sessies/oidc/${encodeURIComponent(gekozen)}/start`);
          }}
        >
          <p className="utrecht-paragraph">
            Werkt u bij een gemeente die dit heeft ingesteld? Log dan in met het account van uw
            gemeente.
          </p>
          <div className="utrecht-form-field">
            <label className="utrecht-form-label" htmlFor="oidc-gemeente">
              Gemeente
            </label>
            <select
              id="oidc-gemeente"
              className="utrecht-select"
              required
              value={gekozen}
              onChange={(e) => zetGekozen(e.target.value)}
            >
              <option value="">Kies uw gemeente</option>
              {gemeenten.map((g) => (
                <option key={g.code} value={g.code}>
                  {g.naam}
                </option>
              ))}
            </select>
          </div>
          <button
            type="submit"
            className="utrecht-button utrecht-button--secondary-action"
            disabled={bezig}
          >
            Inloggen via uw gemeente
          </button>
        </form>
      )}
    </section>
  );
}
