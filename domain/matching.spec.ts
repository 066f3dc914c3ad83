import { describe, expect, it } from '@jest/globals';
import { type Adressignaal, classificeerMelding, hoogsteMatchtype } from './matching.js';

const signaal = (id: string, datum: string): Adressignaal => ({
  id,
  signaaldatum: new Date(`${datum}T00:00:00Z`),
});

describe('classifying a melding (national monitor definitions)', () => {
  it('is enkelvoudig for a single signal at the address', () => {
    const a = signaal('a', '2026-11-02');
    expect(classificeerMelding([a], [a])).toBe('ENKELVOUDIG');
  });

  it('is meervoudig for two signals in the same calendar month, from any melding', () => {
    const [a, b] = [signaal('a', '2026-11-01'), signaal('b', '2026-11-30')];
    expect(classificeerMelding([a, b], [a, b])).toBe('MEERVOUDIG');
    // The other one sits in a closed melding: still the same month at the address.
    expect(classificeerMelding([b], [a, b])).toBe('MEERVOUDIG');
  });

  it('is not meervoudig across a month boundary', () => {
    const [a, b] = [signaal('a', '2026-10-31'), signaal('b', '2026-11-01')];
    expect(classificeerMelding([b], [a, b])).toBe('OPEENVOLGEND');
  });

  it('is opeenvolgend for an earlier signal 5 months before, not 7', () => {
    const nu = signaal('nu', '2026-11-10');
    expect(classificeerMelding([nu], [nu, signaal('vijf', '2026-06-10')])).toBe('OPEENVOLGEND');
    expect(classificeerMelding([nu], [nu, signaal('zes', '2026-05-01')])).toBe('OPEENVOLGEND');
    expect(classificeerMelding([nu], [nu, signaal('zeven', '2026-04-10')])).toBe('ENKELVOUDIG');
  });

  it('ignores later signals for opeenvolgend (they look back, not forward)', () => {
    const eerder = signaal('eerder', '2026-01-10');
    expect(classificeerMelding([eerder], [eerder, signaal('later', '2026-03-10')])).toBe(
      'ENKELVOUDIG',
    );
  });

  it('ranks meervoudig over opeenvolgend over enkelvoudig', () => {
    expect(hoogsteMatchtype('ENKELVOUDIG', 'OPEENVOLGEND')).toBe('OPEENVOLGEND');
    expect(hoogsteMatchtype('MEERVOUDIG', 'OPEENVOLGEND')).toBe('MEERVOUDIG');
    expect(hoogsteMatchtype('OPEENVOLGEND', 'ENKELVOUDIG')).toBe('OPEENVOLGEND');
  });
});
