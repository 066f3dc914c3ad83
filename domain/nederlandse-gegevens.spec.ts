import { describe, expect, it } from '@jest/globals';
import {
  adressleutel,
  isGeldigBsn,
  isGeldigEmailadres,
  normaliseerPostcode,
  normaliseerTelefoonnummer,
  parseBedragInCenten,
  parseDatum,
} from './nederlandse-gegevens.js';

describe('normaliseerPostcode', () => {
  it.each([
    ['1234 ab', '1234AB'],
    [' 3531AB ', '3531AB'],
    ['9999zz', '9999ZZ'],
  ])('normalises %p to %p', (invoer, verwacht) =>
    expect(normaliseerPostcode(invoer)).toBe(verwacht),
  );

  it.each(['0123AB', '123AB', '1234A', '1234 SS', '1234SA', '1234SD', 'ABCD12', ''])(
    'rejects %p',
    (invoer) => expect(normaliseerPostcode(invoer)).toBeUndefined(),
  );
});

describe('isGeldigBsn (11-proef)', () => {
  it.each(['111222333', '123456782', '999999990', '12345672'])('accepts %p', (bsn) =>
    expect(isGeldigBsn(bsn)).toBe(true),
  );
  it.each(['123456789', '111222334', '000000000', '12345678a', '1234567890', ''])(
    'rejects %p',
    (bsn) => expect(isGeldigBsn(bsn)).toBe(false),
  );
});

describe('parseDatum', () => {
  it('parses a calendar date as UTC midnight', () => {
    expect(parseDatum('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });
  it.each(['2025-02-29', '2026-02-30', '2026-13-01', '2026-04-31', '01-02-2026', '2026-1-1', ''])(
    'rejects impossible or malformed %p',
    (d) => expect(parseDatum(d)).toBeUndefined(),
  );
});

describe('parseBedragInCenten', () => {
  it.each<[number | string, number]>([
    ['123,45', 12345],
    ['1.234,56', 123456],
    ['1234.5', 123450],
    ['€ 75', 7500],
    [0.1, 10],
    [19.99, 1999],
    ['-12,00', -1200],
  ])('parses %p exactly to %p cents', (invoer, centen) =>
    expect(parseBedragInCenten(invoer)).toBe(centen),
  );

  it.each(['12,345', 'twaalf', '1,2,3', '', Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects %p',
    (invoer) => expect(parseBedragInCenten(invoer)).toBeUndefined(),
  );
});

describe('contact details', () => {
  it('accepts well-formed e-mail addresses only', () => {
    expect(isGeldigEmailadres('j.jansen@example.org')).toBe(true);
    expect(isGeldigEmailadres('j.jansen@example')).toBe(false);
    expect(isGeldigEmailadres('j jansen@example.org')).toBe(false);
  });
  it('normalises Dutch and international phone numbers', () => {
    expect(normaliseerTelefoonnummer('06-12345678')).toBe('0612345678');
    expect(normaliseerTelefoonnummer('0031 6 12345678')).toBe('+31612345678');
    expect(normaliseerTelefoonnummer('12345')).toBeUndefined();
  });
});

describe('adressleutel', () => {
  it('folds the ways creditors write one door into one household key', () => {
    const sleutels = [
      adressleutel({ postcode: '3531AB', huisnummer: 12, huisletter: 'a' }),
      adressleutel({ postcode: '3531AB', huisnummer: 12, toevoeging: 'A' }),
      adressleutel({ postcode: '3531AB', huisnummer: 12, toevoeging: '-a' }),
    ];
    expect(new Set(sleutels)).toEqual(new Set(['3531AB|12|A']));
    expect(adressleutel({ postcode: '3531AB', huisnummer: 12 })).not.toBe(sleutels[0]);
  });
});
