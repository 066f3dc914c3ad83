import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
// @temporalio/proto is CommonJS without static named exports, so Node's ESM loader needs the default import.
import proto from '@temporalio/proto';

/** Metadata `encoding` of a payload this codec encrypted. */
export const VERSLEUTELD = 'binary/encrypted';
/** Metadata naming the key a payload was encrypted with, so keys can rotate. */
export const SLEUTEL_ID = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SLEUTEL_BYTES = 32;

export interface PayloadSleutel {
  id: string;
  sleutel: Buffer;
}

export interface PayloadSleutels {
  /** Every key that may still decrypt history, old ones included. */
  sleutels: readonly PayloadSleutel[];
  /** The id of the key new payloads are encrypted with. */
  actueel: string;
}

export class OntsleutelFout extends Error {}

const tekst = new TextEncoder();
const lezer = new TextDecoder();

export function isVersleuteld(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return encoding !== undefined && encoding !== null && lezer.decode(encoding) === VERSLEUTELD;
}

/**
 * Encrypts the whole serialised payload, its metadata included (the encoding
 * would tell a reader what kind of value it is). AES-256-GCM with a fresh
 * random IV per payload; the key id is authenticated data, so a payload whose
 * key id was altered fails to decrypt instead of being read with another key.
 */
export function versleutel(payload: Payload, sleutel: PayloadSleutel): Payload {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sleutel.sleutel, iv);
  cipher.setAAD(Buffer.from(sleutel.id, 'utf8'));
  const klaar = proto.temporal.api.common.v1.Payload.encode(payload).finish();
  const geheim = Buffer.concat([cipher.update(klaar), cipher.final()]);
  return {
    metadata: { encoding: tekst.encode(VERSLEUTELD), [SLEUTEL_ID]: tekst.encode(sleutel.id) },
    data: Buffer.concat([iv, geheim, cipher.getAuthTag()]),
  };
}

/**
 * Decrypts a payload with the key its metadata names. Payloads that were never
 * encrypted (histories from before the codec) come back unchanged, so they
 * still replay and display.
 */
export function ontsleutel(payload: Payload, sleutels: ReadonlyMap<string, Buffer>): Payload {
  if (!isVersleuteld(payload)) return payload;
  const idBytes = payload.metadata?.[SLEUTEL_ID];
  const id = idBytes ? lezer.decode(idBytes) : '';
  const sleutel = sleutels.get(id);
  if (!sleutel)
    throw new OntsleutelFout(
      id
        ? `Payload versleuteld met onbekende sleutel "${id}"; zet die sleutel (weer) in PAYLOAD_SLEUTELS.`
        : `Versleutelde payload zonder ${SLEUTEL_ID} in de metadata.`,
    );
  const data = Buffer.from(payload.data ?? new Uint8Array());
  if (data.length < IV_BYTES + TAG_BYTES)
    throw new OntsleutelFout(`Versleutelde payload (sleutel "${id}") is te kort.`);
  const decipher = createDecipheriv('aes-256-gcm', sleutel, data.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(id, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  let klaar: Buffer;
  try {
    klaar = Buffer.concat([
      decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new OntsleutelFout(
      `Payload niet te ontsleutelen met sleutel "${id}": de gegevens zijn gewijzigd of de sleutel klopt niet.`,
    );
  }
  return proto.temporal.api.common.v1.Payload.decode(klaar);
}

/** The Temporal PayloadCodec: encrypt with the current key, decrypt with any known key. */
export class VersleutelCodec implements PayloadCodec {
  private readonly actueel: PayloadSleutel;
  private readonly perId: ReadonlyMap<string, Buffer>;

  constructor({ sleutels, actueel }: PayloadSleutels) {
    this.perId = new Map(sleutels.map((s) => [s.id, s.sleutel]));
    const huidige = sleutels.find((s) => s.id === actueel);
    if (!huidige) throw new Error(`Sleutel "${actueel}" staat niet tussen de payloadsleutels.`);
    this.actueel = huidige;
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    // The executor turns a throw into a rejection, as callers of a codec expect.
    return new Promise((klaar) => klaar(payloads.map((p) => versleutel(p, this.actueel))));
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((klaar) => klaar(payloads.map((p) => ontsleutel(p, this.perId))));
  }
}

/** The compiled .cjs in dist, or the source next to this file under jest. */
export function storingsconverterPad(): string {
  const pad = fileURLToPath(new URL('./storingsconverter.cjs', import.meta.url));
  if (existsSync(pad)) return pad;
  throw new Error(`Storingsconverter niet gevonden op ${pad}; bouw opnieuw (npm run build).`);
}

/**
 * The one data converter of every Temporal client and worker: payloads
 * encrypted by the codec, failure messages and stack traces moved into an
 * encoded payload so they are encrypted too.
 */
export function maakDataConverter(sleutels: PayloadSleutels): DataConverter {
  return {
    payloadCodecs: [new VersleutelCodec(sleutels)],
    failureConverterPath: storingsconverterPad(),
  };
}

/**
 * Reads `id:base64,id:base64` (PAYLOAD_SLEUTELS). Returns the keys or the
 * reasons the value is wrong, in Dutch, naming ids but never key material.
 */
export function leesPayloadSleutels(
  waarde: string,
): { sleutels: PayloadSleutel[] } | { fouten: string[] } {
  const fouten: string[] = [];
  const sleutels: PayloadSleutel[] = [];
  const delen = waarde
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  if (delen.length === 0) fouten.push('bevat geen sleutel; verwacht id:base64[,id:base64…]');
  delen.forEach((deel, i) => {
    const scheiding = deel.indexOf(':');
    const id = scheiding > 0 ? deel.slice(0, scheiding) : '';
    const b64 = scheiding > 0 ? deel.slice(scheiding + 1) : '';
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id) || !b64) {
      fouten.push(
        `sleutel ${i + 1} heeft niet de vorm id:base64 (id: letters, cijfers, punt, streep of liggend streepje)`,
      );
      return;
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
      fouten.push(`sleutel "${id}" is geen geldige base64`);
      return;
    }
    const sleutel = Buffer.from(b64, 'base64');
    if (sleutel.length !== SLEUTEL_BYTES) {
      fouten.push(
        `sleutel "${id}" is ${sleutel.length} bytes; AES-256 vraagt precies ${SLEUTEL_BYTES} bytes (maak er een met: openssl rand -base64 32)`,
      );
      return;
    }
    if (sleutels.some((s) => s.id === id)) {
      fouten.push(`sleutel-id "${id}" komt twee keer voor`);
      return;
    }
    sleutels.push({ id, sleutel });
  });
  return fouten.length ? { fouten } : { sleutels };
}

/** The data converter for the keys in the parsed configuration. */
export function dataConverterVoor(config: {
  PAYLOAD_SLEUTELS: readonly PayloadSleutel[];
  PAYLOAD_SLEUTEL_ACTUEEL: string;
}): DataConverter {
  return maakDataConverter({
    sleutels: config.PAYLOAD_SLEUTELS,
    actueel: config.PAYLOAD_SLEUTEL_ACTUEEL,
  });
}
