/**
 * CSV for examiners to open in a spreadsheet: the one writer every CSV export uses (the CLI's
 * `findings --csv` today, report exports next). Evidence text is attacker-written, so each cell is
 * made inert twice over:
 *
 * - active characters (controls, bidi overrides, invisibles) become visible `<U+XXXX>` tokens
 *   (shared/inert-text.ts), so a cell never breaks a record, reorders text or drives a terminal the
 *   CSV is printed to;
 * - a cell a spreadsheet would run as a formula gets a leading `'` (CSV injection). Spreadsheets
 *   skip leading blanks before deciding, so "starts with" is judged after whitespace, NBSP,
 *   zero-width characters, BOM, bidi marks, tab, CR and LF, and the full-width and small forms of
 *   = + - @ count as well as the ASCII ones.
 *
 * Pure string code (no Node APIs).
 */
import { revealControls } from './inert-text.js';

/** Characters skipped before the first meaningful one: Unicode whitespace, zero-width and format characters. */
const LEADING_BLANKS =
  '\\s\\u00a0\\u00ad\\u061c\\u115f\\u1160\\u1680\\u180e\\u2000-\\u200f\\u2028-\\u202f\\u205f-\\u206f\\u3000\\u3164\\ufeff\\uffa0';
/** = + - @ in ASCII, full-width (U+FF1D, U+FF0B, U+FF0D, U+FF20) and small forms (U+FE66, U+FE62, U+FE63, U+FE6B), and minus U+2212. */
const FORMULA_STARTERS = '=+\\-@\\uff1d\\uff0b\\uff0d\\uff20\\ufe66\\ufe62\\ufe63\\ufe6b\\u2212';
const FORMULA = new RegExp(`^[${LEADING_BLANKS}]*[${FORMULA_STARTERS}]|^[\\t\\r\\n]`, 'u');

/** Would a spreadsheet read this cell as a formula (or start it with a tab/CR/LF)? */
export function looksLikeFormula(value: string): boolean {
  return FORMULA.test(value);
}

/** One CSV cell: active characters made visible, formulas neutralized with a leading quote, quoted when needed. */
export function csvCell(value: string): string {
  const visible = revealControls(value);
  const safe = looksLikeFormula(visible) ? `'${visible}` : visible;
  return /[",\r\n]/.test(safe) || safe !== visible ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A whole CSV document (CRLF line ends, as RFC 4180 and Excel expect). */
export function csvDocument(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
