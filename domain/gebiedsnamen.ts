// The names that go with the CBS codes: CBS publishes them next to the
// postcode-huisnummer table as code/name lists per level (GM_CODE;GM_NAAM,
// WK_CODE;WK_NAAM, BU_CODE;BU_NAAM). One file may mix the levels; the code
// itself says which level it is, with or without its GM/WK/BU prefix.

export type Gebiedsniveau = 'gemeente' | 'wijk' | 'buurt';

export interface Gebiedsnaam {
  niveau: Gebiedsniveau;
  code: string;
  naam: string;
}

const NIVEAU_PER_LENGTE: Record<number, Gebiedsniveau> = { 4: 'gemeente', 6: 'wijk', 8: 'buurt' };
const VOORVOEGSELS: Record<string, Gebiedsniveau> = { GM: 'gemeente', WK: 'wijk', BU: 'buurt' };

/** A code as the routing table stores it, or null when it is no CBS area code. */
export function leesGebiedscode(invoer: string): { niveau: Gebiedsniveau; code: string } | null {
  const tekst = invoer.trim().toUpperCase();
  const voorvoegsel = VOORVOEGSELS[tekst.slice(0, 2)];
  const code = voorvoegsel ? tekst.slice(2) : tekst;
  const niveau = NIVEAU_PER_LENGTE[code.length];
  if (!niveau || (voorvoegsel && voorvoegsel !== niveau)) return null;
  // Gemeentecodes are digits; Amsterdam's wijk and buurt codes carry letters.
  if (!/^\d{4}[0-9A-Z]*$/.test(code)) return null;
  return { niveau, code };
}

function velden(regel: string, scheiding: string): string[] {
  return regel.split(scheiding).map((v) => v.trim().replace(/^"(.*)"$/, '$1'));
}

/**
 * Reads a names file. Returns the names, or Dutch messages per faulty line:
 * a half-understood names file is refused as a whole.
 */
export function leesGebiedsnamen(tekst: string): { namen: Gebiedsnaam[]; fouten: string[] } {
  const regels = tekst.replace(/^\uFEFF/, '').split(/\r?\n/);
  const eerste = regels[0] ?? '';
  const scheiding = eerste.includes(';') ? ';' : eerste.includes('\t') ? '\t' : ',';
  const kop = velden(eerste, scheiding).map((v) => v.toLowerCase());
  const heeftKop = leesGebiedscode(velden(eerste, scheiding)[0] ?? '') === null;
  const codeKolom = heeftKop
    ? Math.max(
        0,
        kop.findIndex((k) => k.includes('code')),
      )
    : 0;
  const naamKolom = heeftKop ? kop.findIndex((k) => k.includes('naam')) : 1;
  if (naamKolom < 0)
    return {
      namen: [],
      fouten: [`De kopregel "${eerste.slice(0, 80)}" heeft geen kolom met "naam".`],
    };

  const namen: Gebiedsnaam[] = [];
  const fouten: string[] = [];
  regels.forEach((regel, index) => {
    if ((heeftKop && index === 0) || regel.trim() === '') return;
    const waarden = velden(regel, scheiding);
    const code = leesGebiedscode(waarden[codeKolom] ?? '');
    const naam = waarden[naamKolom] ?? '';
    if (!code)
      fouten.push(
        `regel ${index + 1}: "${waarden[codeKolom]}" is geen gemeente-, wijk- of buurtcode`,
      );
    else if (naam === '') fouten.push(`regel ${index + 1}: geen naam bij ${code.code}`);
    else namen.push({ ...code, naam });
  });
  return { namen, fouten };
}
