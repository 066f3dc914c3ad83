import { describe, expect, it } from '@jest/globals';
import {
  base32Codeer,
  base32Decodeer,
  controleerTotp,
  hotp,
  otpauthUri,
  totpCode,
  totpStap,
} from './totp.js';

// The seeds of RFC 6238 appendix B: ASCII digits, repeated to the hash's key length.
const SEED_SHA1 = Buffer.from('12345678901234567890');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012');
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ])('testvector op T=%i', (seconden, sha1, sha256, sha512) => {
    expect(totpCode(SEED_SHA1, seconden * 1000, 8, 'sha1')).toBe(sha1);
    expect(totpCode(SEED_SHA256, seconden * 1000, 8, 'sha256')).toBe(sha256);
    expect(totpCode(SEED_SHA512, seconden * 1000, 8, 'sha512')).toBe(sha512);
  });

  it('HOTP-testvectoren van RFC 4226 met 6 cijfers', () => {
    const verwacht = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(verwacht.map((_, teller) => hotp(SEED_SHA1, teller))).toEqual(verwacht);
  });

  it('base32 heen en terug, ook met kleine letters, spaties en opvulling', () => {
    expect(base32Codeer(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decodeer('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(base32Decodeer(base32Codeer(SEED_SHA1))).toEqual(SEED_SHA1);
    expect(() => base32Decodeer('ABC1')).toThrow('Ongeldig base32-teken');
  });

  it('accepteert één stap afwijking, niet twee, en nooit een al gebruikte stap', () => {
    const nu = 1_800_000_000_000;
    const stap = totpStap(nu);
    const code = (s: number) => hotp(SEED_SHA1, s);
    expect(controleerTotp(SEED_SHA1, code(stap), nu, null)).toBe(stap);
    expect(controleerTotp(SEED_SHA1, code(stap - 1), nu, null)).toBe(stap - 1);
    expect(controleerTotp(SEED_SHA1, code(stap + 1), nu, null)).toBe(stap + 1);
    expect(controleerTotp(SEED_SHA1, code(stap - 2), nu, null)).toBeNull();
    expect(controleerTotp(SEED_SHA1, code(stap + 2), nu, null)).toBeNull();
    // Replay: the same code (or an older one) after it was accepted.
    expect(controleerTotp(SEED_SHA1, code(stap), nu, stap)).toBeNull();
    expect(controleerTotp(SEED_SHA1, code(stap - 1), nu, stap)).toBeNull();
    expect(controleerTotp(SEED_SHA1, code(stap + 1), nu, stap)).toBe(stap + 1);
    expect(
      controleerTotp(SEED_SHA1, ` ${code(stap).slice(0, 3)} ${code(stap).slice(3)}`, nu, null),
    ).toBe(stap);
    expect(controleerTotp(SEED_SHA1, 'abcdef', nu, null)).toBeNull();
    expect(controleerTotp(SEED_SHA1, '', nu, null)).toBeNull();
  });

  it('otpauth-URI volgens het Key Uri Format', () => {
    expect(
      otpauthUri({ uitgever: 'Vroegsignaal', account: 'an@gemeente.nl', geheim: 'MZXW6YTBOI' }),
    ).toBe(
      'otpauth://totp/Vroegsignaal:an%40gemeente.nl?secret=MZXW6YTBOI&issuer=Vroegsignaal&algorithm=SHA1&digits=6&period=30',
    );
  });
});
