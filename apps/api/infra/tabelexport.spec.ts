import { describe, expect, it } from '@jest/globals';
import { amsterdamseTijd } from './tabelexport.js';

describe('Amsterdam wall-clock time in exports', () => {
  const intl = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const volgensIntl = (moment: Date) => {
    const d = Object.fromEntries(intl.formatToParts(moment).map((p) => [p.type, p.value]));
    return `${d.year}-${d.month}-${d.day} ${d.hour}:${d.minute}:${d.second}`;
  };

  it('agrees with the time-zone database every 37 minutes from 2019 to 2031', () => {
    const afwijkingen: string[] = [];
    for (let ms = Date.UTC(2019, 0, 1); ms < Date.UTC(2031, 0, 1); ms += 37 * 60_000) {
      const moment = new Date(ms);
      if (amsterdamseTijd(moment) !== volgensIntl(moment)) afwijkingen.push(moment.toISOString());
    }
    expect(afwijkingen).toEqual([]);
  });

  it('changes the clock at 01:00 UTC on the last Sundays of March and October', () => {
    expect(amsterdamseTijd(new Date('2026-03-29T00:59:59Z'))).toBe('2026-03-29 01:59:59');
    expect(amsterdamseTijd(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29 03:00:00');
    expect(amsterdamseTijd(new Date('2026-10-25T00:59:59Z'))).toBe('2026-10-25 02:59:59');
    expect(amsterdamseTijd(new Date('2026-10-25T01:00:00Z'))).toBe('2026-10-25 02:00:00');
    expect(amsterdamseTijd(new Date('2026-10-31T22:59:00Z'))).toBe('2026-10-31 23:59:00');
  });
});
