import { describe, expect, it } from '@jest/globals';
import { lijktFormule, veiligeCeltekst } from './celtekst.js';

describe('spreadsheet cell text', () => {
  it.each([
    ['=HYPERLINK("http://kwaad.example","klik")'],
    ['+31 6 12345678'],
    ["-2+3+cmd|' /C calc'!A0"],
    ['@SUM(A1:A9)'],
    ['\t=1+1'],
    ['\r=1+1'],
  ])('puts an apostrophe before %j', (tekst) => {
    expect(lijktFormule(tekst)).toBe(true);
    expect(veiligeCeltekst(tekst)).toBe(`'${tekst}`);
  });

  it.each([['Jansen'], [''], ['van der Berg'], ['3531 AB'], [' =spatie eerst'], ["'al veilig"]])(
    'leaves %j as it is',
    (tekst) => {
      expect(lijktFormule(tekst)).toBe(false);
      expect(veiligeCeltekst(tekst)).toBe(tekst);
    },
  );

  it('neutralises only the start: an equals sign later in the text is harmless', () => {
    expect(veiligeCeltekst('a=b')).toBe('a=b');
    expect(veiligeCeltekst('==')).toBe("'==");
  });
});
