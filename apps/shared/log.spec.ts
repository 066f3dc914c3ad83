import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { logger, schoon, zetLogbestemming } from './log.js';

// The scrubbing patterns on their own; test/logboek.test.ts proves the whole
// chain on the running API.

describe('schoon', () => {
  it.each([
    ['BSN 111222333 bestaat al', 'BSN [bsn] bestaat al'],
    ['mail j.jansen@example.org of j%40example.org', 'mail [e-mail] of [e-mail]'],
    ['IBAN NL91ABNA0417164300 en NL91 ABNA 0417 1643 00', 'IBAN [iban] en [iban]'],
    ['adres 3531 AB 7, Utrecht', 'adres [postcode], Utrecht'],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [verwijderd]'],
    ['sleutel vs_demo_thuisbaas_4f9c2a7e1b3d', 'sleutel [sleutel]'],
    ['postgresql://vs:geheim@db:5432/vs', 'postgresql://[verwijderd]'],
  ])('%s', (invoer, verwacht) => {
    expect(schoon(invoer)).toBe(verwacht);
  });

  it('leaves ids, codes and durations alone', () => {
    const tekst = 'melding 0b6f3c1e-12ab-4cde-8f00-123456789012 gemeente 0344 in 120 ms';
    expect(schoon(tekst)).toBe(tekst);
  });
});

describe('logger', () => {
  it('redacts personal fields and scrubs error messages', () => {
    const regels: string[] = [];
    const vorige = zetLogbestemming(
      new Writable({
        write(deel: Buffer, _codering, klaar) {
          regels.push(deel.toString());
          klaar();
        },
      }),
    );
    try {
      logger('proef').error(
        {
          persoon: { achternaam: 'Jansen', bsn: '111222333' },
          headers: { authorization: 'Bearer geheim' },
          err: new Error('Unique constraint: 111222333 / j.jansen@example.org'),
        },
        'Mislukt voor j.jansen@example.org',
      );
    } finally {
      zetLogbestemming(vorige);
    }
    expect(regels).toHaveLength(1);
    const regel = JSON.parse(regels[0]!) as Record<string, unknown>;
    expect(regel).toMatchObject({ level: 'error', msg: 'Mislukt voor [e-mail]' });
    expect(typeof regel.time).toBe('number');
    for (const geheim of ['Jansen', '111222333', 'j.jansen@example.org', 'geheim']) {
      expect(regels[0]).not.toContain(geheim);
    }
    expect(regels[0]).toContain('Unique constraint: [bsn] / [e-mail]');
  });
});
