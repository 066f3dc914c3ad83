// Text that leaves Vroegsignaal in a spreadsheet (an .xlsx or a .csv a user
// opens in Excel or LibreOffice) may have come from outside: a creditor's
// reference, a surname, a street. A cell that starts like a formula would be
// run by the spreadsheet (CSV/formula injection, OWASP), so every export
// passes its text through this one function.

/**
 * The characters a spreadsheet reads as the start of a formula: `=`, `+`,
 * `-`, `@`, and tab or carriage return, after which some spreadsheets look at
 * the next character.
 */
const FORMULEBEGIN = /^[=+\-@\t\r]/;

/** Whether a spreadsheet could read this text as (the start of) a formula. */
export function lijktFormule(tekst: string): boolean {
  return FORMULEBEGIN.test(tekst);
}

/**
 * The text as a spreadsheet cell shows it as typed: a leading apostrophe, as
 * OWASP recommends, before anything that looks like a formula; any other text
 * unchanged. A negative amount is a number cell, never text, so it is not
 * affected.
 */
export function veiligeCeltekst(tekst: string): string {
  return lijktFormule(tekst) ? `'${tekst}` : tekst;
}
