/** Ids in paths are database UUIDs; anything else cannot exist, so it is a 404 without a query. */
export function isUuid(tekst: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tekst);
}
