import { randomBytes } from 'node:crypto';

// DDAS bearer tokens carry their own prefix, so the guard knows which table
// to look in and a token that leaks into a log or ticket is recognisable.
const TOKEN_PREFIX = 'ddas_at_';
const SECRET_PREFIX = 'ddas_cs_';

/** Long enough for a CBS pull of many 25,000-record pages, short enough to be worthless if it leaks. */
export const DDAS_TOKEN_SECONDEN = 900;

export function nieuwDdasToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function nieuwDdasSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url');
}

export function isDdasToken(token: string): boolean {
  return token.startsWith(TOKEN_PREFIX);
}
