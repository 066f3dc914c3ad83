import type { Gebiedsnaam, Gebiedsniveau } from '../domain/gebiedsnamen.js';
import type { PrismaClient } from './database.js';

export type Gebiedstelling = Record<Gebiedsniveau, number> & { overgeslagen: number };

/**
 * Stores names from the CBS companion table in one transaction. Only areas of
 * gemeenten that use Vroegsignaal are kept; the rest of the country is
 * counted as skipped. A wijk or buurt that routing has not created yet is
 * created here, so names may arrive before or after the routing table.
 */
export async function slaGebiedsnamenOp(
  prisma: PrismaClient,
  namen: Gebiedsnaam[],
): Promise<Gebiedstelling> {
  const per = (niveau: Gebiedsniveau) => {
    const deel = namen.filter((n) => n.niveau === niveau);
    return [deel.map((n) => n.code), deel.map((n) => n.naam)] as const;
  };
  const [gemeenten, wijken, buurten] = [per('gemeente'), per('wijk'), per('buurt')];
  const telling = await prisma.$transaction(async (tx) => ({
    gemeente: await tx.$executeRaw`
      UPDATE "Gemeente" g SET naam = n.naam
      FROM unnest(${gemeenten[0]}::text[], ${gemeenten[1]}::text[]) AS n(code, naam)
      WHERE g.code = n.code`,
    // Wijken before buurten: a new buurt hangs under its wijk.
    wijk: await tx.$executeRaw`
      INSERT INTO "Wijk" (id, "gemeenteId", code, naam)
      SELECT gen_random_uuid(), g.id, n.code, n.naam
      FROM unnest(${wijken[0]}::text[], ${wijken[1]}::text[]) AS n(code, naam)
      JOIN "Gemeente" g ON g.code = left(n.code, 4)
      ON CONFLICT (code) DO UPDATE SET naam = EXCLUDED.naam`,
    buurt: await tx.$executeRaw`
      INSERT INTO "Buurt" (id, "wijkId", code, naam)
      SELECT gen_random_uuid(), w.id, n.code, n.naam
      FROM unnest(${buurten[0]}::text[], ${buurten[1]}::text[]) AS n(code, naam)
      JOIN "Wijk" w ON w.code = left(n.code, 6)
      ON CONFLICT (code) DO UPDATE SET naam = EXCLUDED.naam`,
  }));
  return {
    ...telling,
    overgeslagen: namen.length - telling.gemeente - telling.wijk - telling.buurt,
  };
}
