/**
 * Writing evidence into the report's HTML: every value is made inert first (controls, bidi overrides
 * and invisibles shown as `<U+XXXX>`, shared/inert-text.ts), then HTML-escaped, so markup, script
 * and reordering in subjects, display names and rule names print as the literal text they are.
 */
import { revealControls, revealControlsKeepingLines } from '../../../shared/inert-text.js';
import { formatInstant } from '../../../shared/time-format.js';

const HTML_SPECIAL = /[&<>"']/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const escapeMarkup = (text: string): string => text.replace(HTML_SPECIAL, (c) => ENTITY[c] ?? c);

/** One value (a cell, a name in a sentence): inert and escaped; null and undefined print as an en dash. */
export function esc(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '–';
  return escapeMarkup(revealControls(String(value)));
}

/** A block of text laid out in lines (a raw record): line feeds stay, everything else active is shown. */
export function escBlock(text: string): string {
  return escapeMarkup(revealControlsKeepingLines(text));
}

/** Markup the report writes itself, joined (falsy parts dropped). */
export const join = (parts: ReadonlyArray<string | false | null | undefined>, sep = ''): string =>
  parts.filter((p): p is string => typeof p === 'string' && p !== '').join(sep);

/** A table that repeats its header on every page and never cuts a row across pages. */
export function table(
  head: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  opts: { cls?: string; widths?: readonly string[] } = {},
): string {
  if (rows.length === 0) return '<p class="none">None.</p>';
  const cols = opts.widths ? `<colgroup>${opts.widths.map((w) => `<col style="width:${w}">`).join('')}</colgroup>` : '';
  return (
    `<table class="${opts.cls ?? 'grid'}">${cols}<thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`
  );
}

/** Formats instants in the report's time zone (shared/time-format.ts, as the app shows them), escaped. */
export class TimeFormat {
  constructor(readonly tz: string) {}

  /** An instant as text (escaped already); an unparsable or missing one as an en dash or itself. */
  at(iso: string | null | undefined): string {
    if (!iso) return '–';
    return esc(formatInstant(iso, this.tz) ?? iso);
  }

  /** Just the date (for axis labels). */
  day(iso: string): string {
    return this.at(iso).slice(0, 10);
  }
}

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** A severity label with its colour class. */
export const sev = (s: string): string => `<span class="sev sev-${esc(s)}">${esc(s)}</span>`;

/** Numbers with thousands separators (deterministic: one locale). */
export const num = (n: number): string => n.toLocaleString('en-US');

/** Bytes as KiB/MiB with the exact count. */
export function bytes(n: number): string {
  const unit = n >= 1 << 30 ? [1 << 30, 'GiB'] : n >= 1 << 20 ? [1 << 20, 'MiB'] : n >= 1024 ? [1024, 'KiB'] : null;
  return unit ? `${(n / (unit[0] as number)).toFixed(1)} ${unit[1] as string} (${num(n)} B)` : `${num(n)} B`;
}
