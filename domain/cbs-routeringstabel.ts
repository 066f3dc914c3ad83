// The CBS table "buurt, wijk en gemeente voor postcode-huisnummer"
// (pc6hnrYYYY0801_gwb.csv): `;`-separated, header PC6;Huisnummer;BuurtYYYY;WijkYYYY;GemeenteYYYY,
// codes without the BU/WK/GM prefixes, Amsterdam's buurtcodes alphanumeric.

export interface CbsAdres {
  postcode: string;
  huisnummer: number;
  buurtcode: string;
  wijkcode: string;
  gemeentecode: string;
}

/** Reads the edition year from the header; throws with a Dutch message on another format. */
export function leesCbsKop(kop: string): number {
  const velden = kop
    .replace(/^\uFEFF/, '')
    .trim()
    .split(';')
    .map((v) => v.replace(/^"|"$/g, ''));
  const jaar = /^Buurt(\d{4})$/.exec(velden[2] ?? '')?.[1];
  const verwacht = jaar
    ? ['PC6', 'Huisnummer', `Buurt${jaar}`, `Wijk${jaar}`, `Gemeente${jaar}`]
    : [];
  if (
    !jaar ||
    velden.length !== 5 ||
    velden.some((v, i) => v.toLowerCase() !== verwacht[i]!.toLowerCase())
  ) {
    throw new Error(
      `Onbekende kopregel "${kop.slice(0, 80)}": verwacht PC6;Huisnummer;BuurtJJJJ;WijkJJJJ;GemeenteJJJJ (CBS pc6hnr-bestand).`,
    );
  }
  return Number(jaar);
}

/** Parses one data line; returns a Dutch error message when it is malformed. */
export function leesCbsRegel(regel: string): CbsAdres | string {
  const [pc6, huisnummer, buurt, wijk, gemeente, ...rest] = regel
    .trim()
    .split(';')
    .map((v) => v.replace(/^"|"$/g, '').trim());
  if (rest.length > 0 || gemeente === undefined) return 'verwacht 5 velden gescheiden door ;';
  if (!/^[1-9]\d{3}[A-Z]{2}$/.test(pc6!)) return `ongeldige postcode "${pc6}"`;
  if (!/^\d{1,5}$/.test(huisnummer!)) return `ongeldig huisnummer "${huisnummer}"`;
  if (!/^\d{4}$/.test(gemeente)) return `ongeldige gemeentecode "${gemeente}"`;
  if (!/^[0-9A-Z]{6}$/.test(wijk!) || !wijk!.startsWith(gemeente))
    return `ongeldige wijkcode "${wijk}"`;
  if (!/^[0-9A-Z]{8}$/.test(buurt!) || !buurt!.startsWith(wijk!))
    return `ongeldige buurtcode "${buurt}"`;
  return {
    postcode: pc6!,
    huisnummer: Number(huisnummer),
    buurtcode: buurt!,
    wijkcode: wijk!,
    gemeentecode: gemeente,
  };
}
