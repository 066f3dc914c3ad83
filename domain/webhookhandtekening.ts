// The webhook signature scheme, one definition for the sender (the worker),
// the tests and the documentation. A receiver checks that the message is
// from Vroegsignaal (HMAC with the subscription's secret) and recent (the
// signed timestamp), so a captured message cannot be replayed later.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The events a gemeente system can subscribe to. */
export const WEBHOOK_GEBEURTENISSEN = [
  'melding.aangemaakt',
  'melding.status_gewijzigd',
  'melding.afgesloten',
] as const;
export type Webhookgebeurtenis = (typeof WEBHOOK_GEBEURTENISSEN)[number];

export const HANDTEKENING_HEADER = 'Vroegsignaal-Signature';
export const WEBHOOK_ID_HEADER = 'Vroegsignaal-Webhook-Id';
/** Receivers refuse a signature older than this, in seconds. */
export const MAXIMALE_LEEFTIJD_SECONDEN = 5 * 60;

function hmac(geheim: string, tijdstip: number, ruweBody: string): string {
  return createHmac('sha256', geheim).update(`${tijdstip}.${ruweBody}`).digest('hex');
}

/** The header value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export function onderteken(geheim: string, tijdstip: number, ruweBody: string): string {
  return `t=${tijdstip},v1=${hmac(geheim, tijdstip, ruweBody)}`;
}

export type Controle = { geldig: true } | { geldig: false; reden: string };

/**
 * Checks a received message. `nu` is in unix seconds. Several v1 values are
 * accepted (one may be signed with a new secret during a rotation).
 */
export function controleerHandtekening(
  geheim: string,
  header: string | undefined,
  ruweBody: string,
  nu: number,
  maximaleLeeftijd = MAXIMALE_LEEFTIJD_SECONDEN,
): Controle {
  if (!header) return { geldig: false, reden: `header ${HANDTEKENING_HEADER} ontbreekt` };
  const delen = header.split(',').map((d) => d.trim().split('='));
  const t = Number(delen.find(([k]) => k === 't')?.[1]);
  const handtekeningen = delen.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
  if (!Number.isInteger(t) || !handtekeningen.length)
    return { geldig: false, reden: 'header heeft geen t= en v1=' };
  if (Math.abs(nu - t) > maximaleLeeftijd)
    return { geldig: false, reden: 'tijdstempel te oud of in de toekomst (replay?)' };
  const verwacht = Buffer.from(hmac(geheim, t, ruweBody), 'hex');
  const klopt = handtekeningen.some((v) => {
    const gegeven = Buffer.from(v, 'hex');
    return gegeven.length === verwacht.length && timingSafeEqual(gegeven, verwacht);
  });
  return klopt ? { geldig: true } : { geldig: false, reden: 'handtekening klopt niet' };
}
