/**
 * Lone UTF-16 surrogates written as JSON escapes (`"\ud800"` with no low surrogate after it). The
 * stored record keeps its source text as written, but a value read out of it (an actor, a target)
 * cannot hold a lone surrogate as text: SQLite stores it as U+FFFD. That is noted, per record, never
 * done silently.
 */

/** Records named one by one; more are counted. */
const LISTED = 20;
const HIGH = /^[dD][89abAB][0-9a-fA-F]{2}$/;
const LOW = /^[dD][c-fC-F][0-9a-fA-F]{2}$/;

/** The lone surrogate escapes in JSON text (`\uD800`), in order. */
export function loneSurrogateEscapes(text: string): string[] {
  const found: string[] = [];
  if (!text.includes('\\u')) return found;
  for (let i = text.indexOf('\\u'); i !== -1; i = text.indexOf('\\u', i + 2)) {
    // An escaped backslash before it (`\\u…`) makes it literal text, not an escape.
    let slashes = 0;
    while (i - slashes - 1 >= 0 && text[i - slashes - 1] === '\\') slashes++;
    if (slashes % 2 === 1) continue;
    const hex = text.slice(i + 2, i + 6);
    if (HIGH.test(hex)) {
      if (text.startsWith('\\u', i + 6) && LOW.test(text.slice(i + 8, i + 12))) i += 6;
      else found.push(`\\u${hex.toUpperCase()}`);
    } else if (LOW.test(hex)) found.push(`\\u${hex.toUpperCase()}`);
  }
  return found;
}

/** Collects the notes of one file. */
export class SurrogateNotes {
  private records = 0;
  private readonly notes: string[] = [];

  check(record: number, line: number, text: string): void {
    const lone = loneSurrogateEscapes(text);
    if (lone.length === 0) return;
    if (++this.records <= LISTED)
      this.notes.push(
        `record ${record} (line ${line}): lone UTF-16 surrogate ${lone.slice(0, 3).join(', ')} escaped in JSON; ` +
          'kept as written in the stored record, read as U+FFFD in values taken from it',
      );
  }

  flush(note: (text: string) => void): void {
    for (const n of this.notes) note(n);
    if (this.records > LISTED) note(`… and ${this.records - LISTED} more records with lone surrogates`);
  }
}
