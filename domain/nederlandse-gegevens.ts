// Checks for Dutch identifiers and values as creditors deliver them. Pure
// functions: they are shared by API validation, file intake and workflows.

/** Normalises "1234 ab" to "1234AB"; undefined when it cannot be a Dutch postcode. */
export function normaliseerPostcode(invoer: string): string | undefined {
  const postcode = invoer.replace(/\s+/g, '').toUpperCase();
  // PostNL never issues the letter combinations SA, SD and SS, and no postcode starts with 0.
  if (!/^[1-9]\d{3}[A-Z]{2}$/.test(postcode)) return undefined;
  if (['SA', 'SD', 'SS'].includes(postcode.slice(4))) return undefined;
  return postcode;
}

/** The BSN 11-proef: 9 digits, weighted 9..2 and -1, sum divisible by 11. */
export function isGeldigBsn(invoer: string): boolean {
  const bsn = invoer.trim().padStart(9, '0');
  if (!/^\d{9}$/.test(bsn) || /^0+$/.test(bsn)) return false;
  const cijfers = [...bsn].map(Number);
  const som = cijfers.reduce((totaal, cijfer, i) => totaal + cijfer * (i === 8 ? -1 : 9 - i), 0);
  return som % 11 === 0;
}

/** Parses an exact ISO calendar date (YYYY-MM-DD), rejecting impossible dates like 2025-02-30. */
export function parseDatum(invoer: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(invoer.trim());
  if (!match) return undefined;
  const [jaar, maand, dag] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const datum = new Date(Date.UTC(jaar, maand - 1, dag));
  const klopt =
    datum.getUTCFullYear() === jaar &&
    datum.getUTCMonth() === maand - 1 &&
    datum.getUTCDate() === dag;
  return klopt ? datum : undefined;
}

export function formatDatum(datum: Date): string {
  return datum.toISOString().slice(0, 10);
}

/**
 * Parses an amount in euros into exact cents. Accepts a number or a string with
 * a Dutch decimal comma ("1.234,56") or a decimal point ("1234.56"), never via
 * floating-point multiplication.
 */
export function parseBedragInCenten(invoer: number | string): number | undefined {
  let tekst = typeof invoer === 'number' ? String(invoer) : invoer.trim().replace(/^€\s*/, '');
  if (typeof invoer === 'number' && !Number.isFinite(invoer)) return undefined;
  if (/^-?\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(tekst)) tekst = tekst.replace(/\./g, '');
  tekst = tekst.replace(',', '.');
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(tekst);
  if (!match) return undefined;
  const centen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -centen : centen;
}

export function isGeldigEmailadres(invoer: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(invoer) && invoer.length <= 254;
}

/** Dutch or international number: 10 digits starting with 0, or +/00 and a country code. */
export function normaliseerTelefoonnummer(invoer: string): string | undefined {
  const nummer = invoer.replace(/[\s\-().]/g, '');
  if (/^0\d{9}$/.test(nummer)) return nummer;
  if (/^(\+|00)[1-9]\d{7,14}$/.test(nummer)) return nummer.replace(/^00/, '+');
  return undefined;
}

/**
 * The household key used for matching: one address is one household. Huisletter
 * and toevoeging are folded together because creditors write "12A", "12 a" and
 * "12-A" for the same door.
 */
export function adressleutel(adres: {
  postcode: string;
  huisnummer: number;
  huisletter?: string | null;
  toevoeging?: string | null;
}): string {
  const toevoeging = `${adres.huisletter ?? ''}${adres.toevoeging ?? ''}`
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  return `${adres.postcode}|${adres.huisnummer}|${toevoeging}`;
}
