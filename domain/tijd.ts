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
