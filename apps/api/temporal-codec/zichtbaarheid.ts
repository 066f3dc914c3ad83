import type { Payload } from '@temporalio/common';
import type { ScopedDatabase } from '../../../prisma/toegang.js';

/*
 * Which decrypted payloads a caller may see.
 *
 * Temporal payloads are opaque: the codec cannot tell from the ciphertext (or
 * from the workflow id, which the UI does not send) whose workflow a payload
 * belongs to. So the decision is made on what the payload says once
 * decrypted: it is revealed only when every identifier in it is something the
 * caller could read through the API anyway. That is every UUID is an object
 * the request's tenant-scoped database shows the caller, and every gemeente
 * code is the caller's own. Anything else stays encrypted: fail closed, so a
 * new kind of id in a payload is hidden until it is added below, never shown
 * to the wrong gemeente.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const GEMEENTECODE = /^\d{4}$/;
// Keys whose 4-digit value is a gemeente code; `gemeentecode` holds nothing else.
const CODESLEUTELS = new Set(['gemeente', 'code']);
// Postgres takes up to 65535 bind parameters per statement; stay well below.
const PER_QUERY = 1000;

interface Kenmerken {
  uuids: Set<string>;
  gemeentecodes: Set<string>;
  /** Not JSON yet holding something that looks like an id or a code: whose it is cannot be told. */
  onleesbaar: boolean;
}

const lezer = new TextDecoder();

function uuidsIn(tekst: string, doel: Set<string>): void {
  for (const gevonden of tekst.matchAll(UUID)) doel.add(gevonden[0].toLowerCase());
}

/** Every UUID and gemeente code in a decrypted payload. */
export function kenmerkenVan(payload: Payload): Kenmerken {
  const kenmerken: Kenmerken = { uuids: new Set(), gemeentecodes: new Set(), onleesbaar: false };
  const metadata = payload.metadata ?? {};
  for (const [sleutel, waarde] of Object.entries(metadata))
    if (sleutel !== 'encoding' && waarde) uuidsIn(lezer.decode(waarde), kenmerken.uuids);
  const encoding = metadata.encoding ? lezer.decode(metadata.encoding) : '';
  const data = payload.data ?? new Uint8Array();
  let json: unknown;
  let isJson = false;
  if (encoding === 'json/plain') {
    try {
      json = JSON.parse(lezer.decode(data)) as unknown;
      isJson = true;
    } catch {
      isJson = false;
    }
  }
  if (!isJson) {
    // binary/null, binary/plain, protobuf or broken JSON: its keys cannot be
    // read, so any UUID-like text or 4 digits in a row counts as unknown.
    const tekst = Buffer.from(data).toString('latin1');
    uuidsIn(tekst, kenmerken.uuids);
    kenmerken.onleesbaar = kenmerken.uuids.size > 0 || /\d{4}/.test(tekst);
    return kenmerken;
  }
  // Iterative, so a deeply nested payload cannot overflow the stack.
  const stapel: unknown[] = [json];
  while (stapel.length) {
    const waarde = stapel.pop();
    if (typeof waarde === 'string') uuidsIn(waarde, kenmerken.uuids);
    else if (Array.isArray(waarde)) stapel.push(...(waarde as unknown[]));
    else if (waarde && typeof waarde === 'object') {
      for (const [sleutel, kind] of Object.entries(waarde as Record<string, unknown>)) {
        uuidsIn(sleutel, kenmerken.uuids);
        const naam = sleutel.toLowerCase();
        const tekst = typeof kind === 'string' || typeof kind === 'number' ? String(kind) : null;
        if (tekst !== null && naam === 'gemeentecode') kenmerken.gemeentecodes.add(tekst);
        else if (tekst !== null && CODESLEUTELS.has(naam) && GEMEENTECODE.test(tekst))
          kenmerken.gemeentecodes.add(tekst);
        stapel.push(kind);
      }
    }
  }
  return kenmerken;
}

/**
 * Of the given UUIDs, those the caller may see: rows of the tables whose ids
 * travel through workflows, read through the tenant-scoped client so the
 * same filters as the API's apply; users of the caller's own gemeente; the
 * gemeente itself and the gemeenten its signals were transferred to or from.
 */
async function zichtbareIds(
  db: ScopedDatabase,
  gemeenteId: string,
  ids: string[],
): Promise<Set<string>> {
  const zichtbaar = new Set<string>([gemeenteId.toLowerCase()]);
  for (let i = 0; i < ids.length; i += PER_QUERY) {
    const deel = ids.slice(i, i + PER_QUERY);
    const opId = { where: { id: { in: deel } }, select: { id: true } } as const;
    const rijen = await Promise.all([
      db.signaal.findMany(opId),
      db.melding.findMany(opId),
      db.aanlevering.findMany(opId),
      db.bulkactie.findMany(opId),
      db.rapportage.findMany(opId),
      db.correspondentie.findMany(opId),
      db.notitie.findMany(opId),
      db.contactpoging.findMany(opId),
      db.taak.findMany(opId),
      db.meldinggebeurtenis.findMany(opId),
      db.notificatie.findMany(opId),
      db.webhookabonnement.findMany(opId),
      db.webhookaflevering.findMany(opId),
      db.briefsjabloon.findMany(opId),
      db.uitnodigingsreeks.findMany(opId),
      db.wijk.findMany(opId),
      db.buurt.findMany(opId),
      db.kern.findMany(opId),
      db.apiSleutel.findMany(opId),
      // Gebruiker has no tenant filter of its own: the caller's gemeente only.
      db.gebruiker.findMany({ where: { id: { in: deel }, gemeenteId }, select: { id: true } }),
    ]);
    for (const rij of rijen.flat()) zichtbaar.add(rij.id.toLowerCase());
    // A transfer shows both gemeenten and the signal on the melding of each.
    const overdrachten = await db.signaaloverdracht.findMany({
      where: {
        OR: [
          { id: { in: deel } },
          { signaalId: { in: deel } },
          { vanGemeenteId: { in: deel } },
          { naarGemeenteId: { in: deel } },
        ],
      },
      select: { id: true, signaalId: true, vanGemeenteId: true, naarGemeenteId: true },
    });
    for (const o of overdrachten)
      for (const id of [o.id, o.signaalId, o.vanGemeenteId, o.naarGemeenteId])
        zichtbaar.add(id.toLowerCase());
  }
  return zichtbaar;
}

/**
 * For each decrypted payload, whether the caller may see it. `gemeente` is
 * the caller's own; without one, only payloads without any identifier show.
 */
export async function magZien(
  db: ScopedDatabase,
  gemeente: { id: string; code: string } | null,
  payloads: Payload[],
): Promise<boolean[]> {
  const kenmerken = payloads.map(kenmerkenVan);
  const alleIds = [...new Set(kenmerken.flatMap((k) => [...k.uuids]))];
  const zichtbaar =
    gemeente && alleIds.length
      ? await zichtbareIds(db, gemeente.id, alleIds)
      : new Set(gemeente ? [gemeente.id.toLowerCase()] : []);
  return kenmerken.map(
    (k) =>
      !k.onleesbaar &&
      [...k.uuids].every((id) => zichtbaar.has(id)) &&
      [...k.gemeentecodes].every((code) => code === gemeente?.code),
  );
}
