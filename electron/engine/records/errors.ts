/**
 * A whole evidence file cannot be used (unreadable, empty, unsupported). The message names the file
 * and the reason in one line: it is what the CLI prints and what the UI shows.
 */
export class EvidenceError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'EvidenceError';
  }
}

/**
 * Longest source text kept with a rejected record, in characters. Rejected records keep their whole
 * source text, as accepted ones do; real records are a few KB, and this bound only cuts junk (a
 * hostile file's megabytes-long "record") so a bad file cannot balloon the case. A cut text ends
 * with a marker giving its full length.
 */
export const MAX_REJECTED_SOURCE_CHARS = 1024 * 1024;

/** `text`, or its first MAX_REJECTED_SOURCE_CHARS characters and how long it was. */
export function boundedSource(text: string): string {
  if (text.length <= MAX_REJECTED_SOURCE_CHARS) return text;
  return `${text.slice(0, MAX_REJECTED_SOURCE_CHARS)}… [cut: ${text.length.toLocaleString('en-US')} characters in all]`;
}
