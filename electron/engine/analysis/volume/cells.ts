/**
 * Every profiled sender's active hours as the hourly analysis counted them, kept for the stored
 * send-volume aggregates. A large tenant has millions of sender-hours: they live in typed arrays
 * (16 bytes each), not one object per hour, and hour strings are turned into hour numbers once each.
 */
import { hourIndex } from './hours.js';

export interface CountedHour {
  hour: string;
  /** Messages as the analysis counts them (trace instants plus untraced audited sends). */
  messages: number;
  /** Trace rows (one per recipient). */
  rows: number;
}

export class SenderCells {
  private hours = new Int32Array(1024);
  private counts = new Int32Array(1024);
  private rowCounts = new Int32Array(1024);
  /** Audited sends the trace lacks, part of `counts`: a recount by message id adds them back. */
  private untraced = new Int32Array(1024);
  private n = 0;
  private readonly ranges = new Map<string, { start: number; count: number }>();
  private readonly hourCache = new Map<string, number>();

  add(sender: string, cells: readonly CountedHour[], untraced: ReadonlyMap<string, number> | undefined): void {
    this.reserve(this.n + cells.length);
    this.ranges.set(sender, { start: this.n, count: cells.length });
    for (const c of cells) {
      this.hours[this.n] = this.hourOf(c.hour);
      this.counts[this.n] = c.messages;
      this.rowCounts[this.n] = c.rows;
      this.untraced[this.n] = untraced?.get(c.hour) ?? 0;
      this.n++;
    }
  }

  get senders(): Iterable<string> {
    return this.ranges.keys();
  }

  /** The sender's hours in time order: hour number (hours since the epoch, UTC), messages, rows, untraced sends. */
  *of(sender: string): Generator<{ index: number; hour: number; messages: number; rows: number; untraced: number }> {
    const r = this.ranges.get(sender);
    if (!r) return;
    for (let i = r.start; i < r.start + r.count; i++)
      yield {
        index: i,
        hour: this.hours[i]!,
        messages: this.counts[i]!,
        rows: this.rowCounts[i]!,
        untraced: this.untraced[i]!,
      };
  }

  /** Position of (sender, hour) in the store, or -1 (binary search: a sender's hours are in order). */
  find(sender: string, hour: number): number {
    const r = this.ranges.get(sender);
    if (!r) return -1;
    let lo = r.start;
    let hi = r.start + r.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const h = this.hours[mid]!;
      if (h === hour) return mid;
      if (h < hour) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  hourAt(index: number): number {
    return this.hours[index]!;
  }

  untracedAt(index: number): number {
    return this.untraced[index]!;
  }

  get size(): number {
    return this.n;
  }

  private hourOf(hour: string): number {
    let h = this.hourCache.get(hour);
    if (h === undefined) this.hourCache.set(hour, (h = hourIndex(hour)));
    return h;
  }

  private reserve(size: number): void {
    if (size <= this.hours.length) return;
    let cap = this.hours.length;
    while (cap < size) cap *= 2;
    const grow = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.hours = grow(this.hours);
    this.counts = grow(this.counts);
    this.rowCounts = grow(this.rowCounts);
    this.untraced = grow(this.untraced);
  }
}
