import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { controleerHandtekening, onderteken } from './webhookhandtekening.js';

const GEHEIM = 'whsec_test';
const BODY = '{"id":"1","type":"melding.aangemaakt"}';

describe('webhook signature', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 in hex', () => {
    const verwacht = createHmac('sha256', GEHEIM).update(`1700000000.${BODY}`).digest('hex');
    expect(onderteken(GEHEIM, 1700000000, BODY)).toBe(`t=1700000000,v1=${verwacht}`);
  });

  it('accepts a fresh, correct signature', () => {
    const header = onderteken(GEHEIM, 1700000000, BODY);
    expect(controleerHandtekening(GEHEIM, header, BODY, 1700000100)).toEqual({ geldig: true });
  });

  it('refuses a changed body, another secret, a missing header and garbage', () => {
    const header = onderteken(GEHEIM, 1700000000, BODY);
    expect(controleerHandtekening(GEHEIM, header, `${BODY} `, 1700000000).geldig).toBe(false);
    expect(controleerHandtekening('ander', header, BODY, 1700000000).geldig).toBe(false);
    expect(controleerHandtekening(GEHEIM, undefined, BODY, 1700000000).geldig).toBe(false);
    expect(controleerHandtekening(GEHEIM, 'v1=zz', BODY, 1700000000).geldig).toBe(false);
  });

  it('refuses a replay older than five minutes', () => {
    const header = onderteken(GEHEIM, 1700000000, BODY);
    expect(controleerHandtekening(GEHEIM, header, BODY, 1700000301)).toEqual({
      geldig: false,
      reden: 'tijdstempel te oud of in de toekomst (replay?)',
    });
  });
});
