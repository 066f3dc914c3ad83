// Classifying a melding with the national monitor's definitions (from 2023 on):
// meervoudig — two or more signals at the address in the same calendar month;
// opeenvolgend — another signal at the address in the six months before;
// enkelvoudig — neither. Meervoudig outranks opeenvolgend, so a melding's
// classification only ever rises as signals arrive, and the order in which
// concurrent signals are processed cannot lower it.

export type Matchtype = 'ENKELVOUDIG' | 'OPEENVOLGEND' | 'MEERVOUDIG';

const RANG: Record<Matchtype, number> = { ENKELVOUDIG: 0, OPEENVOLGEND: 1, MEERVOUDIG: 2 };

/** The higher of two classifications. */
export function hoogsteMatchtype(a: Matchtype, b: Matchtype): Matchtype {
  return RANG[a] >= RANG[b] ? a : b;
}

/** Months since year 0, so "six months before" is plain arithmetic. */
function maandnummer(datum: Date): number {
  return datum.getUTCFullYear() * 12 + datum.getUTCMonth();
}

export interface Adressignaal {
  id: string;
  signaaldatum: Date;
}

/**
 * Classifies the signals of one melding against every signal known at the
 * same address in the same gemeente (including those of closed meldingen).
 * `elders` may include the melding's own signals; they are recognised by id.
 */
export function classificeerMelding(melding: Adressignaal[], opAdres: Adressignaal[]): Matchtype {
  let uitkomst: Matchtype = 'ENKELVOUDIG';
  for (const signaal of melding) {
    const maand = maandnummer(signaal.signaaldatum);
    for (const ander of opAdres) {
      if (ander.id === signaal.id) continue;
      const verschil = maand - maandnummer(ander.signaaldatum);
      if (verschil === 0) return 'MEERVOUDIG';
      if (verschil >= 1 && verschil <= 6) uitkomst = 'OPEENVOLGEND';
    }
  }
  return uitkomst;
}
