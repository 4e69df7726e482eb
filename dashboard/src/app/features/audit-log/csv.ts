/**
 * CSV for spreadsheets (RFC 4180, CRLF). A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
 * prefixed with `'`, so that a spreadsheet shows it as text instead of running it as a formula (CSV injection):
 * audit entries hold text other people chose (usernames, user agents).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null)[])[],
): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
