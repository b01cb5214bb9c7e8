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
