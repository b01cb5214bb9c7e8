/**
 * Everything the CLI prints goes through here. Evidence text is attacker-written: `out` and `err`
 * pass every line through the shared neutralizer (shared/inert-text.ts), table cells are made inert
 * one by one (so a value cannot start a line of its own), JSON escapes what JSON.stringify leaves
 * raw, and CSV is the shared export writer (formulas neutralized). No command writes to stdout or
 * stderr any other way; test/unit/terminal-output.test.ts keeps it so.
 */
import { csvDocument } from '../../shared/csv-export.js';
import { inertJson, revealControls, revealControlsKeepingLines } from '../../shared/inert-text.js';

/** One value inside a line the CLI writes (a name, a reason, a message): every active character visible, LF included. */
export const inert = revealControls;

/** Print text (one or more lines) to stdout, made inert. */
export function out(text = ''): void {
  process.stdout.write(`${revealControlsKeepingLines(text)}\n`);
}

/** Print text (one or more lines) to stderr, made inert. */
export function err(text: string): void {
  process.stderr.write(`${revealControlsKeepingLines(text)}\n`);
}

/** Write already-inert text (CSV, JSON from this module) to stdout as it is. */
export function outRaw(text: string): void {
  process.stdout.write(text);
}

/**
 * Rewrite the current stderr line (progress on a terminal): `\r` and erase-line are ours, the
 * text is made inert.
 */
export function errStatus(text: string): void {
  process.stderr.write(`\r\x1b[K${revealControls(text)}`);
}

/** Render rows as an aligned plain-text table; every cell is made inert first (widths count what is shown). */
export function table(headers: string[], rows: string[][]): string {
  const shown = rows.map((r) => r.map(revealControls));
  const widths = headers.map((h, i) => Math.max(h.length, ...shown.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...shown.map(line)].join('\n');
}

/** CSV safe to open in a spreadsheet and to print on a terminal (see shared/csv-export.ts). */
export const csv = csvDocument;

/** Pretty JSON; characters JSON.stringify leaves raw that a terminal or viewer would act on are escaped. */
export const json = (value: unknown): string => inertJson(value, 2);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return `${v.toFixed(1)} ${units[u]}`;
}

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
