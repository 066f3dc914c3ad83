import { describe, expect, it } from '@jest/globals';
import { bewaarTot, termijnenVoor } from './termijnen.js';
import { isFeestdag, naWerkdagen, plusMaanden } from './tijd.js';

const INSTELLINGEN = {
  termijnEersteContactDagen: 14,
  termijnOppakkenDagen: 28,
  termijnCrisisWerkdagen: 3,
  bewaartermijnNietOpgepaktMaanden: 6,
  bewaartermijnAfgehandeldMaanden: 18,
};
const iso = (ms: number) => new Date(ms).toISOString();

describe('deadlines', () => {
  it('gives 14 and 28 days after the melding opened', () => {
    const geopend = Date.parse('2026-03-02T09:00:00Z');
    const t = termijnenVoor(INSTELLINGEN, geopend, null);
    expect(iso(t.eersteContact)).toBe('2026-03-16T09:00:00.000Z');
    expect(iso(t.oppakken)).toBe('2026-03-30T09:00:00.000Z');
  });

  it('gives a crisis signal three working days, skipping the weekend', () => {
    // Thursday 5 March: Friday, Monday, Tuesday; due at Dutch midnight after Tuesday.
    const t = termijnenVoor(
      INSTELLINGEN,
      Date.parse('2026-03-05T10:00:00Z'),
      Date.parse('2026-03-05T10:00:00Z'),
    );
    expect(iso(t.eersteContact)).toBe('2026-03-10T23:00:00.000Z');
    expect(iso(t.oppakken)).toBe('2026-03-10T23:00:00.000Z');
  });

  it('skips Easter Monday, King’s Day and Christmas, in summer time too', () => {
    expect(isFeestdag('2026-04-06')).toBe(true); // Easter Monday 2026
    expect(isFeestdag('2026-05-14')).toBe(true); // Ascension 2026
    expect(isFeestdag('2026-05-25')).toBe(true); // Whit Monday 2026
    expect(isFeestdag('2025-04-26')).toBe(true); // King's Day on Saturday 26th when the 27th is a Sunday
    expect(isFeestdag('2026-04-07')).toBe(false);
    // Thursday 2 April 2026: Friday 3, (Easter Monday 6 skipped) Tuesday 7, Wednesday 8.
    expect(iso(naWerkdagen(Date.parse('2026-04-02T08:00:00Z'), 3))).toBe(
      '2026-04-08T22:00:00.000Z',
    );
    // Wednesday 23 December: Thursday 24, (25, 26, 27 skipped) Monday 28, Tuesday 29.
    expect(iso(naWerkdagen(Date.parse('2026-12-23T08:00:00Z'), 3))).toBe(
      '2026-12-29T23:00:00.000Z',
    );
  });

  it('never moves a deadline back when a crisis signal arrives late', () => {
    const geopend = Date.parse('2026-03-02T09:00:00Z');
    const gewoon = termijnenVoor(INSTELLINGEN, geopend, null);
    const laat = termijnenVoor(INSTELLINGEN, geopend, Date.parse('2026-03-20T09:00:00Z'), gewoon);
    expect(laat.eersteContact).toBe(gewoon.eersteContact);
    expect(laat.oppakken).toBeLessThan(gewoon.oppakken);
  });
});

describe('retention', () => {
  it('keeps a melding nobody picked up for 6 months after its last signal', () => {
    const laatsteSignaalOp = Date.parse('2026-08-31T10:00:00Z');
    expect(
      iso(bewaarTot(INSTELLINGEN, { opgepakt: false, afgeslotenOp: null, laatsteSignaalOp })!),
    ).toBe('2027-02-28T10:00:00.000Z');
  });

  it('keeps a handled melding for 18 months after it closed, and waits while it is handled', () => {
    const m = { opgepakt: true, afgeslotenOp: null, laatsteSignaalOp: 0 };
    expect(bewaarTot(INSTELLINGEN, m)).toBeUndefined();
    const afgeslotenOp = Date.parse('2026-01-15T12:00:00Z');
    expect(iso(bewaarTot(INSTELLINGEN, { ...m, afgeslotenOp })!)).toBe('2027-07-15T12:00:00.000Z');
    expect(iso(plusMaanden(Date.parse('2024-01-31T00:00:00Z'), 1))).toBe(
      '2024-02-29T00:00:00.000Z',
    );
  });
});
