/**
 * Which record a physical line belongs to, learned as records go by (the evidence writer sees every
 * one, in file order, from either parse path): the record that started last at or before the line.
 * The importer uses it to name the row of each byte the decoder had to replace.
 */
export class LineLocator {
  private readonly targets: number[];
  private next = 0;
  private lastRow: number | null = null;
  private readonly found = new Map<number, number | null>();

  constructor(lines: readonly number[]) {
    this.targets = [...new Set(lines)].sort((a, b) => a - b);
  }

  /** A record (row) starting on `line`; lines before it belong to the record before. */
  see(row: number, line: number): void {
    while (this.next < this.targets.length && this.targets[this.next]! < line)
      this.found.set(this.targets[this.next++]!, this.lastRow);
    this.lastRow = row;
  }

  /** Line -> row (null: before the first record, i.e. the header). */
  finish(): Map<number, number | null> {
    while (this.next < this.targets.length) this.found.set(this.targets[this.next++]!, this.lastRow);
    return this.found;
  }
}
