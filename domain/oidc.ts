/**
 * Why a login through the gemeente's identity provider failed. The API sends
 * only the code to the web app (in the URL fragment, so no server logs it);
 * the web app shows the Dutch sentence.
 */
export const OIDC_FOUTEN = {
  'niet-beschikbaar':
    'Inloggen via uw gemeente is voor deze gemeente niet ingeschakeld of de identity provider is niet bereikbaar. Log in met uw e-mailadres en wachtwoord, of probeer het later opnieuw.',
  'poging-ongeldig':
    'Deze inlogpoging is verlopen, al gebruikt of niet in deze browser begonnen. Kies opnieuw "Inloggen via uw gemeente".',
  'idp-weigert':
    'De identity provider van uw gemeente heeft het inloggen niet bevestigd. Probeer het opnieuw of neem contact op met uw gemeente.',
  'onbekende-gebruiker':
    'Er is bij deze gemeente geen actief Vroegsignaal-account met uw e-mailadres. Vraag de beheerder van uw gemeente om u toegang te geven.',
} as const;

export type OidcFout = keyof typeof OIDC_FOUTEN;

export function isOidcFout(code: string): code is OidcFout {
  return Object.hasOwn(OIDC_FOUTEN, code);
}
