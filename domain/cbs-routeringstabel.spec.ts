import { describe, expect, it } from '@jest/globals';
import { leesCbsKop, leesCbsRegel } from './cbs-routeringstabel.js';

describe('CBS postcode-huisnummer table', () => {
  it('reads the edition year from the published header, with or without BOM', () => {
    expect(leesCbsKop('PC6;Huisnummer;Buurt2025;Wijk2025;Gemeente2025')).toBe(2025);
    expect(leesCbsKop('\uFEFFPC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\r')).toBe(2024);
  });

  it('refuses another format with a message naming the expected header', () => {
    expect(() => leesCbsKop('postcode,huisnummer,buurt')).toThrow(/PC6;Huisnummer;BuurtJJJJ/);
  });

  it('parses numeric and Amsterdam alphanumeric codes', () => {
    expect(leesCbsRegel('3531AB;7;03440101;034401;0344')).toEqual({
      postcode: '3531AB',
      huisnummer: 7,
      buurtcode: '03440101',
      wijkcode: '034401',
      gemeentecode: '0344',
    });
    expect(leesCbsRegel('1012AB;1;0363AF01;0363AF;0363')).toMatchObject({
      buurtcode: '0363AF01',
      wijkcode: '0363AF',
    });
  });

  it('explains malformed lines', () => {
    expect(leesCbsRegel('3531AB;7;03440101;034401')).toBe('verwacht 5 velden gescheiden door ;');
    expect(leesCbsRegel('3531 AB;7;03440101;034401;0344')).toBe('ongeldige postcode "3531 AB"');
    expect(leesCbsRegel('3531AB;7;03450101;034401;0344')).toBe('ongeldige buurtcode "03450101"');
  });
});
