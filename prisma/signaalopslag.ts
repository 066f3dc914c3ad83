import { randomUUID } from 'node:crypto';
import type { GevalideerdSignaal } from '../domain/signaal.js';
import type { Prisma, PrismaClient } from './generated/client.js';

type Transactie = Prisma.TransactionClient | PrismaClient;

/** What storing one validated signal came to. */
export type Opslaguitkomst =
  | { soort: 'nieuw'; signaalId: string }
  /** The same signal was delivered before: nothing new is stored or started. */
  | { soort: 'al_bekend'; signaalId: string }
  /** The creditor used this referentie before for a different signal. */
  | { soort: 'referentie_hergebruikt'; signaalId: string };

/**
 * Stores validated signals of one creditor, the single way both the
 * single-signal endpoint and bulk deliveries do it. The unique
 * (signaalpartner, referentie) decides, in the database, what is new, so
 * concurrent or repeated deliveries can never create a duplicate.
 */
export async function slaSignalenOp(
  db: Transactie,
  signaalpartnerId: string,
  signalen: GevalideerdSignaal[],
  aanleveringId: string | null = null,
): Promise<Opslaguitkomst[]> {
  if (signalen.length === 0) return [];
  const metId = signalen.map((signaal) => ({ id: randomUUID(), signaal }));
  const aangemaakt = await db.signaal.createManyAndReturn({
    data: metId.map(({ id, signaal: s }) => ({
      id,
      signaalpartnerId,
      aanleveringId,
      referentie: s.referentie,
      signaaldatum: s.signaaldatum,
      ontstaansdatum: s.ontstaansdatum,
      bedragInCenten: s.bedragInCenten,
      crisissignaal: s.crisissignaal,
      warmeOverdracht: s.warmeOverdracht,
      eindeLevering: s.eindeLevering,
    })),
    skipDuplicates: true,
    select: { id: true },
  });
  const nieuw = new Set(aangemaakt.map((s) => s.id));
  await db.signaalPersoonsgegevens.createMany({
    data: metId
      .filter(({ id }) => nieuw.has(id))
      .map(({ id, signaal: s }) => ({ signaalId: id, ...s.persoon, ...s.adres, ...s.contact })),
  });

  const bekendeReferenties = metId
    .filter(({ id }) => !nieuw.has(id))
    .map(({ signaal }) => signaal.referentie);
  const bestaand = bekendeReferenties.length
    ? await db.signaal.findMany({
        where: { signaalpartnerId, referentie: { in: bekendeReferenties } },
        include: { persoonsgegevens: { select: { adressleutel: true, geboortedatum: true } } },
      })
    : [];
  const perReferentie = new Map(bestaand.map((s) => [s.referentie, s]));
  return metId.map(({ id, signaal }): Opslaguitkomst => {
    if (nieuw.has(id)) return { soort: 'nieuw', signaalId: id };
    const eerder = perReferentie.get(signaal.referentie)!;
    return {
      soort: zelfdeSignaal(eerder, signaal) ? 'al_bekend' : 'referentie_hergebruikt',
      signaalId: eerder.id,
    };
  });
}

interface OpgeslagenSignaal {
  signaaldatum: Date;
  ontstaansdatum: Date;
  bedragInCenten: number;
  persoonsgegevens: { adressleutel: string; geboortedatum: Date } | null;
}

/** A repeated delivery is the same signal when its substance matches; otherwise the referentie was reused. */
function zelfdeSignaal(bestaand: OpgeslagenSignaal, nieuw: GevalideerdSignaal): boolean {
  return (
    bestaand.signaaldatum.getTime() === nieuw.signaaldatum.getTime() &&
    bestaand.ontstaansdatum.getTime() === nieuw.ontstaansdatum.getTime() &&
    bestaand.bedragInCenten === nieuw.bedragInCenten &&
    // After the retention period the personal data is gone; the rest still identifies the signal.
    (bestaand.persoonsgegevens === null ||
      (bestaand.persoonsgegevens.adressleutel === nieuw.adres.adressleutel &&
        bestaand.persoonsgegevens.geboortedatum.getTime() ===
          nieuw.persoon.geboortedatum.getTime()))
  );
}
