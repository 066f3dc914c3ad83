import { createHmac } from 'node:crypto';

// TOTP (RFC 6238) over HOTP (RFC 4226), as authenticator apps implement it:
// SHA-1, 6 digits, 30-second steps. Built on node:crypto rather than a package
// because the algorithm is a dozen lines and the RFCs' test vectors pin it down.
// Uses node:crypto, so workflows must not import this file (they never need it).

export const TOTP_STAP_SECONDEN = 30;
export const TOTP_CIJFERS = 6;
/** Codes from one step before and after now count too: phone clocks drift. */
export const TOTP_TOEGESTANE_AFWIJKING = 1;

export type TotpAlgoritme = 'sha1' | 'sha256' | 'sha512';

const BASE32_ALFABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: the form authenticator apps expect. */
export function base32Codeer(bytes: Uint8Array): string {
  let bits = 0;
  let waarde = 0;
  let uit = '';
  for (const byte of bytes) {
    waarde = (waarde << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      uit += BASE32_ALFABET[(waarde >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) uit += BASE32_ALFABET[(waarde << (5 - bits)) & 31];
  return uit;
}

/** Accepts lower case, spaces and padding, as users copy secrets by hand. */
export function base32Decodeer(tekst: string): Buffer {
  const schoon = tekst.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let waarde = 0;
  const uit: number[] = [];
  for (const teken of schoon) {
    const index = BASE32_ALFABET.indexOf(teken);
    if (index < 0) throw new Error(`Ongeldig base32-teken: ${teken}`);
    waarde = ((waarde << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      uit.push((waarde >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(uit);
}

/** HOTP (RFC 4226 §5.3): HMAC of the 8-byte counter, dynamically truncated. */
export function hotp(
  geheim: Uint8Array,
  teller: number,
  cijfers = TOTP_CIJFERS,
  algoritme: TotpAlgoritme = 'sha1',
): string {
  const bericht = Buffer.alloc(8);
  bericht.writeBigUInt64BE(BigInt(teller));
  const mac = createHmac(algoritme, geheim).update(bericht).digest();
  const start = mac[mac.length - 1]! & 0x0f;
  const getal = mac.readUInt32BE(start) & 0x7fffffff;
  return String(getal % 10 ** cijfers).padStart(cijfers, '0');
}

/** The time step a moment falls in. */
export function totpStap(tijdstipMs: number): number {
  return Math.floor(tijdstipMs / 1000 / TOTP_STAP_SECONDEN);
}

export function totpCode(
  geheim: Uint8Array,
  tijdstipMs: number,
  cijfers = TOTP_CIJFERS,
  algoritme: TotpAlgoritme = 'sha1',
): string {
  return hotp(geheim, totpStap(tijdstipMs), cijfers, algoritme);
}

/**
 * The step whose code matches, within the allowed drift, and later than the
 * last accepted step, so an observed code cannot be replayed; null otherwise.
 */
export function controleerTotp(
  geheim: Uint8Array,
  code: string,
  tijdstipMs: number,
  laatsteStap: number | null,
): number | null {
  const schoon = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(schoon)) return null;
  const nu = totpStap(tijdstipMs);
  for (
    let afwijking = -TOTP_TOEGESTANE_AFWIJKING;
    afwijking <= TOTP_TOEGESTANE_AFWIJKING;
    afwijking++
  ) {
    const stap = nu + afwijking;
    if (laatsteStap !== null && stap <= laatsteStap) continue;
    if (gelijk(hotp(geheim, stap), schoon)) return stap;
  }
  return null;
}

function gelijk(a: string, b: string): boolean {
  // Constant-time over equal-length digit strings, so timing says nothing.
  let verschil = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++)
    verschil |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return verschil === 0;
}

/** The Key Uri Format authenticator apps read (also from a QR code of this text). */
export function otpauthUri({
  uitgever,
  account,
  geheim,
}: {
  uitgever: string;
  account: string;
  geheim: string;
}): string {
  const label = `${encodeURIComponent(uitgever)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret: geheim,
    issuer: uitgever,
    algorithm: 'SHA1',
    digits: String(TOTP_CIJFERS),
    period: String(TOTP_STAP_SECONDEN),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
