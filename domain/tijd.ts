// Dates as a Dutch gemeente sees them: a deadline or "today" is a calendar day
// in Europe/Amsterdam, not in UTC. Deterministic, so workflows may use it.

const NEDERLANDSE_DATUM = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** JJJJ-MM-DD of the moment in the Netherlands. */
export function nederlandseDatum(moment: Date): string {
  return NEDERLANDSE_DATUM.format(moment);
}

/** The months as Dutch letters, reports and screens write them. */
export const MAANDNAMEN = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
] as const;

const DAG = 86_400_000;

/** The same moment `maanden` calendar months later (31 Jan + 1 → 28/29 Feb), in UTC. */
export function plusMaanden(moment: number, maanden: number): number {
  const datum = new Date(moment);
  const dag = datum.getUTCDate();
  datum.setUTCDate(1);
  datum.setUTCMonth(datum.getUTCMonth() + maanden);
  const laatste = new Date(Date.UTC(datum.getUTCFullYear(), datum.getUTCMonth() + 1, 0));
  datum.setUTCDate(Math.min(dag, laatste.getUTCDate()));
  return datum.getTime();
}

export function plusDagen(moment: number, dagen: number): number {
  return moment + dagen * DAG;
}

/** Easter Sunday (anonymous Gregorian algorithm), as a UTC midnight. */
function pasen(jaar: number): number {
  const a = jaar % 19;
  const b = Math.floor(jaar / 100);
  const c = jaar % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const maand = Math.floor((h + l - 7 * m + 114) / 31);
  const dag = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(jaar, maand - 1, dag);
}

/**
 * The national public holidays on which gemeenten are closed: New Year, Easter
 * Monday, King's Day (the 26th when the 27th is a Sunday), Ascension, Whit
 * Monday and Christmas. Liberation Day is left out: most gemeenten work then.
 */
export function isFeestdag(datum: string): boolean {
  const [jaar, maand, dag] = datum.split('-').map(Number) as [number, number, number];
  const md = `${String(maand).padStart(2, '0')}-${String(dag).padStart(2, '0')}`;
  if (md === '01-01' || md === '12-25' || md === '12-26') return true;
  const koningsdag = new Date(Date.UTC(jaar, 3, 27)).getUTCDay() === 0 ? '04-26' : '04-27';
  if (md === koningsdag) return true;
  const vanafPasen = Math.round((Date.UTC(jaar, maand - 1, dag) - pasen(jaar)) / DAG);
  return vanafPasen === 1 || vanafPasen === 39 || vanafPasen === 50;
}

/**
 * The end (Dutch midnight after) of the `werkdagen`-th working day after the
 * moment's Dutch date: weekends and public holidays do not count.
 */
export function naWerkdagen(moment: number, werkdagen: number): number {
  let datum = nederlandseDatum(new Date(moment));
  let over = werkdagen;
  while (over > 0) {
    datum = nederlandseDatum(new Date(Date.parse(`${datum}T12:00:00Z`) + DAG));
    const weekdag = new Date(`${datum}T12:00:00Z`).getUTCDay();
    if (weekdag !== 0 && weekdag !== 6 && !isFeestdag(datum)) over -= 1;
  }
  return eindVanNederlandseDag(datum);
}

/** The first moment of the Dutch day after `datum` (JJJJ-MM-DD). */
function eindVanNederlandseDag(datum: string): number {
  // Midnight in Amsterdam is 22:00 or 23:00 UTC the day before; find which.
  const volgende = Date.parse(`${datum}T00:00:00Z`) + DAG;
  for (const uur of [2, 1]) {
    const kandidaat = volgende - uur * 3_600_000;
    if (nederlandseDatum(new Date(kandidaat)) !== datum) return kandidaat;
  }
  return volgende;
}
