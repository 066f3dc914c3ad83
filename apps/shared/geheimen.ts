import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { OntsleutelFout, type PayloadSleutel } from './payloadcodec.js';

/**
 * Secrets the application must read back (a user's TOTP seed, a gemeente's
 * OIDC client secret) cannot be hashed, so they are encrypted with the same
 * key ring as the workflow payloads (PAYLOAD_SLEUTELS): one set of keys to
 * keep and rotate. Each purpose gets its own key derived with HKDF, and the
 * owner's id is authenticated data, so a value copied to another row or read
 * for another purpose fails instead of decrypting.
 */
export type Geheimdoel = 'totp' | 'oidc-client-secret';

interface Sleutelring {
  PAYLOAD_SLEUTELS: readonly PayloadSleutel[];
  PAYLOAD_SLEUTEL_ACTUEEL: string;
}

const VERSIE = 'v1';

function afgeleid(sleutel: Buffer, doel: Geheimdoel): Buffer {
  return Buffer.from(hkdfSync('sha256', sleutel, Buffer.alloc(0), `vroegsignaal:${doel}`, 32));
}

/** `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function versleutelGeheim(
  ring: Sleutelring,
  doel: Geheimdoel,
  eigenaar: string,
  geheim: string,
): string {
  const sleutel = ring.PAYLOAD_SLEUTELS.find((s) => s.id === ring.PAYLOAD_SLEUTEL_ACTUEEL)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', afgeleid(sleutel.sleutel, doel), iv);
  cipher.setAAD(Buffer.from(`${sleutel.id}|${eigenaar}`));
  const tekst = Buffer.concat([cipher.update(geheim, 'utf8'), cipher.final()]);
  return [
    VERSIE,
    sleutel.id,
    ...[iv, cipher.getAuthTag(), tekst].map((d) => d.toString('base64url')),
  ].join('.');
}

export function ontsleutelGeheim(
  ring: Sleutelring,
  doel: Geheimdoel,
  eigenaar: string,
  opgeslagen: string,
): string {
  const [versie, id, iv, tag, tekst] = opgeslagen.split('.');
  const sleutel = ring.PAYLOAD_SLEUTELS.find((s) => s.id === id);
  if (versie !== VERSIE || !iv || !tag || tekst === undefined)
    throw new OntsleutelFout(`Onbekend formaat van een bewaard geheim (${doel}).`);
  if (!sleutel)
    throw new OntsleutelFout(
      `Bewaard geheim (${doel}) versleuteld met onbekende sleutel "${id}"; zet die sleutel (weer) in PAYLOAD_SLEUTELS.`,
    );
  const decipher = createDecipheriv(
    'aes-256-gcm',
    afgeleid(sleutel.sleutel, doel),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAAD(Buffer.from(`${id}|${eigenaar}`));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([
      decipher.update(Buffer.from(tekst, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new OntsleutelFout(
      `Bewaard geheim (${doel}) niet te ontsleutelen met sleutel "${id}": gewijzigd, of van een andere eigenaar.`,
    );
  }
}
