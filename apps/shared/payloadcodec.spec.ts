import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { leesConfig } from './config.js';
import {
  SLEUTEL_ID,
  VERSLEUTELD,
  VersleutelCodec,
  leesPayloadSleutels,
  type PayloadSleutel,
} from './payloadcodec.js';

const sleutel = (id: string): PayloadSleutel => ({ id, sleutel: randomBytes(32) });
const tekst = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');
const invoer = defaultPayloadConverter.toPayload({ meldingId: 'm-123', gemeente: '9801' });

describe('VersleutelCodec', () => {
  const oud = sleutel('2025-01');
  const nieuw = sleutel('2026-11');

  it('encrypts every payload so nothing of the value or its encoding is readable', async () => {
    const codec = new VersleutelCodec({ sleutels: [oud], actueel: oud.id });
    const [versleuteld] = await codec.encode([invoer]);
    expect(tekst(versleuteld!.metadata!.encoding)).toBe(VERSLEUTELD);
    expect(tekst(versleuteld!.metadata![SLEUTEL_ID])).toBe('2025-01');
    expect(Object.keys(versleuteld!.metadata!).sort()).toEqual([SLEUTEL_ID, 'encoding'].sort());
    expect(tekst(versleuteld!.data)).not.toContain('m-123');
    expect(tekst(versleuteld!.data)).not.toContain('json/plain');
    const [terug] = await codec.decode([versleuteld!]);
    expect(defaultPayloadConverter.fromPayload(terug!)).toEqual({
      meldingId: 'm-123',
      gemeente: '9801',
    });
  });

  it('uses a fresh IV per payload: the same value never encrypts the same twice', async () => {
    const codec = new VersleutelCodec({ sleutels: [oud], actueel: oud.id });
    const [a, b] = await codec.encode([invoer, invoer]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('still decrypts payloads of an older key after the current key rotated', async () => {
    const voor = new VersleutelCodec({ sleutels: [oud], actueel: oud.id });
    const [vanOud] = await voor.encode([invoer]);
    const na = new VersleutelCodec({ sleutels: [oud, nieuw], actueel: nieuw.id });
    const [vanNieuw] = await na.encode([invoer]);
    expect(tekst(vanNieuw!.metadata![SLEUTEL_ID])).toBe('2026-11');
    const terug = await na.decode([vanOud!, vanNieuw!]);
    expect(terug.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      { meldingId: 'm-123', gemeente: '9801' },
      { meldingId: 'm-123', gemeente: '9801' },
    ]);
  });

  it('names the unknown key id, not the data, when a key was removed too early', async () => {
    const [vanOud] = await new VersleutelCodec({ sleutels: [oud], actueel: oud.id }).encode([
      invoer,
    ]);
    const zonderOud = new VersleutelCodec({ sleutels: [nieuw], actueel: nieuw.id });
    await expect(zonderOud.decode([vanOud!])).rejects.toThrow(
      'Payload versleuteld met onbekende sleutel "2025-01"',
    );
  });

  it('detects tampering through the GCM tag: changed data or a swapped key id', async () => {
    const codec = new VersleutelCodec({ sleutels: [oud, nieuw], actueel: oud.id });
    const [versleuteld] = await codec.encode([invoer]);
    const data = Buffer.from(versleuteld!.data!);
    data[20] = data[20]! ^ 0x01;
    await expect(codec.decode([{ ...versleuteld!, data }])).rejects.toThrow(
      'de gegevens zijn gewijzigd of de sleutel klopt niet',
    );
    const anderId: Payload = {
      ...versleuteld!,
      metadata: { ...versleuteld!.metadata, [SLEUTEL_ID]: Buffer.from('2026-11') },
    };
    await expect(codec.decode([anderId])).rejects.toThrow('sleutel "2026-11"');
  });

  it('passes payloads that were never encrypted through unchanged (old histories)', async () => {
    const codec = new VersleutelCodec({ sleutels: [oud], actueel: oud.id });
    const [terug] = await codec.decode([invoer]);
    expect(terug).toBe(invoer);
  });
});

describe('payload keys in the configuration', () => {
  const basis = { DATABASE_URL: 'postgresql://x@localhost/y' };
  const b64 = () => randomBytes(32).toString('base64');

  it('reads several keys and the current id', () => {
    const config = leesConfig({
      ...basis,
      PAYLOAD_SLEUTELS: `a:${b64()}, b:${b64()}`,
      PAYLOAD_SLEUTEL_ACTUEEL: 'b',
    });
    expect(config.PAYLOAD_SLEUTELS.map((s) => s.id)).toEqual(['a', 'b']);
    expect(config.PAYLOAD_SLEUTEL_ACTUEEL).toBe('b');
  });

  it('refuses to start without keys, with a message saying how to make one', () => {
    expect(() => leesConfig(basis)).toThrow(/PAYLOAD_SLEUTELS: is verplicht.*openssl rand/);
  });

  it('refuses a key of the wrong length, naming its id but not its value', () => {
    const kort = randomBytes(16).toString('base64');
    let melding = '';
    try {
      leesConfig({ ...basis, PAYLOAD_SLEUTELS: `kort:${kort}`, PAYLOAD_SLEUTEL_ACTUEEL: 'kort' });
    } catch (fout) {
      melding = (fout as Error).message;
    }
    expect(melding).toContain('sleutel "kort" is 16 bytes; AES-256 vraagt precies 32 bytes');
    expect(melding).not.toContain(kort);
  });

  it('refuses a current id that is not among the keys', () => {
    expect(() =>
      leesConfig({ ...basis, PAYLOAD_SLEUTELS: `a:${b64()}`, PAYLOAD_SLEUTEL_ACTUEEL: 'z' }),
    ).toThrow('PAYLOAD_SLEUTEL_ACTUEEL: "z" staat niet in PAYLOAD_SLEUTELS (bekende ids: a)');
  });

  it('refuses malformed entries and duplicate ids', () => {
    const gelezen = leesPayloadSleutels(`zonderdubbelepunt,a:${b64()},a:${b64()},b:!!`);
    expect('fouten' in gelezen && gelezen.fouten).toEqual([
      expect.stringContaining('sleutel 1 heeft niet de vorm id:base64'),
      'sleutel-id "a" komt twee keer voor',
      'sleutel "b" is geen geldige base64',
    ]);
  });
});
