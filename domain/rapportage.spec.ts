import { describe, expect, it } from '@jest/globals';
import {
  isVoorbijeMaand,
  maandNaam,
  maandVan,
  teRapporterenMaand,
  verschil,
  vergelijkingsmaanden,
  volgendeMaand,
} from './rapportage.js';

describe('report months in Europe/Amsterdam', () => {
  it('reports the month before the one a run was scheduled in, in winter and summer time', () => {
    // 06:00 on the 1st in Amsterdam: 05:00 UTC in winter, 04:00 UTC in summer.
    expect(teRapporterenMaand(new Date('2026-12-01T05:00:00Z'))).toBe('2026-11');
    expect(teRapporterenMaand(new Date('2026-04-01T04:00:00Z'))).toBe('2026-03');
    expect(teRapporterenMaand(new Date('2027-01-01T05:00:00Z'))).toBe('2026-12');
    // A catch-up days later still reports the same month.
    expect(teRapporterenMaand(new Date('2026-12-06T11:00:00Z'))).toBe('2026-11');
  });

  it('puts the last half hour of a month in that month, and the first of the next in the next', () => {
    expect(maandVan(new Date('2026-10-31T22:30:00Z'))).toBe('2026-10');
    expect(maandVan(new Date('2026-10-31T23:30:00Z'))).toBe('2026-11');
    expect(maandVan(new Date('2026-09-30T21:30:00Z'))).toBe('2026-09');
    expect(maandVan(new Date('2026-09-30T22:30:00Z'))).toBe('2026-10');
  });

  it('steps over year boundaries and compares with last month and last year', () => {
    expect(volgendeMaand('2026-12')).toBe('2027-01');
    expect(volgendeMaand('2026-01', -1)).toBe('2025-12');
    expect(vergelijkingsmaanden('2026-01')).toEqual({
      huidig: '2026-01',
      vorigeMaand: '2025-12',
      vorigJaar: '2025-01',
    });
  });

  it('accepts only months that have ended in the Netherlands', () => {
    const nu = new Date('2026-11-01T00:30:00+01:00');
    expect(isVoorbijeMaand('2026-10', nu)).toBe(true);
    expect(isVoorbijeMaand('2026-11', nu)).toBe(false);
    expect(isVoorbijeMaand('2026-13', nu)).toBe(false);
    expect(isVoorbijeMaand('1999-12', nu)).toBe(false);
    // 23:30 on 31 October in Amsterdam: October is not over yet.
    expect(isVoorbijeMaand('2026-10', new Date('2026-10-31T22:30:00Z'))).toBe(false);
  });

  it('names months and changes in Dutch', () => {
    expect(maandNaam('2026-10')).toBe('oktober 2026');
    expect(verschil(6, 1)).toBe('+5');
    expect(verschil(0, 2)).toBe('-2');
    expect(verschil(6.5, null)).toBe('–');
  });
});
