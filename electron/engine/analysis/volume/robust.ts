/**
 * Robust statistics for send volume: median and MAD resist the very bursts we look for (a mean and
 * standard deviation would be dragged up by the spike itself), and a histogram of integer counts
 * gives the pooled peer baseline over millions of sender-hours without keeping them.
 */

/** Scale factor making the MAD a consistent estimator of the standard deviation for normal data. */
export const MAD_SCALE = 1.4826;

export interface Baseline {
  /** Median messages per active hour. */
  median: number;
  /** Median absolute deviation from the median (unscaled). */
  mad: number;
  /** Active hours the baseline was learned from. */
  hours: number;
  source: 'sender' | 'peer';
}

export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median and MAD of a sample (not sorted in place). */
export function medianMad(values: readonly number[]): { median: number; mad: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const m = median(sorted);
  const dev = sorted.map((v) => Math.abs(v - m)).sort((a, b) => a - b);
  return { median: m, mad: median(dev) };
}

/**
 * Robust z-score of `count` against a baseline. The scale never drops below 1 message: a sender
 * who always sends exactly one mail per active hour has MAD 0, and two mails must not be "infinite".
 */
export function robustZ(count: number, b: Baseline): number {
  return (count - b.median) / Math.max(MAD_SCALE * b.mad, 1);
}

/** Counts of non-negative integers; median and MAD computed from the frequencies. */
export class CountHistogram {
  private readonly freq = new Map<number, number>();
  private total = 0;

  add(value: number, times = 1): void {
    this.freq.set(value, (this.freq.get(value) ?? 0) + times);
    this.total += times;
  }

  get size(): number {
    return this.total;
  }

  /** Lower median of the recorded values (a value that occurs, like the sample median of integers). */
  private quantileOf(freq: ReadonlyMap<number, number>, q: number): number {
    const keys = [...freq.keys()].sort((a, b) => a - b);
    const target = q * (this.total - 1);
    let seen = 0;
    for (const k of keys) {
      seen += freq.get(k)!;
      if (seen > target) return k;
    }
    return keys[keys.length - 1] ?? 0;
  }

  quantile(q: number): number {
    return this.total === 0 ? 0 : this.quantileOf(this.freq, q);
  }

  medianMad(): { median: number; mad: number } {
    if (this.total === 0) return { median: 0, mad: 0 };
    const m = this.quantileOf(this.freq, 0.5);
    const dev = new Map<number, number>();
    for (const [k, f] of this.freq) {
      const d = Math.abs(k - m);
      dev.set(d, (dev.get(d) ?? 0) + f);
    }
    return { median: m, mad: this.quantileOf(dev, 0.5) };
  }
}

/**
 * Does a sender send in regular bursts (a weekly newsletter, a daily report)? Bursts are runs of
 * active hours; the sender is periodic when there are at least `minBursts` of them and most gaps
 * between burst starts are within 15 % of one typical period of at least 20 hours. Returns that
 * period in hours, or null.
 */
export function burstPeriod(activeHours: readonly number[], minBursts = 3): number | null {
  const starts: number[] = [];
  let prev = Number.NEGATIVE_INFINITY;
  for (const h of activeHours) {
    // Hours within 3 h of the previous active hour belong to the same burst (batched sending).
    if (h - prev > 3) starts.push(h);
    prev = h;
  }
  if (starts.length < minBursts) return null;
  const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
  const period = median([...gaps].sort((a, b) => a - b));
  if (period < 20) return null;
  // A missed issue (holiday) doubles one gap: multiples of the period still count as on schedule.
  const onSchedule = gaps.filter((g) => {
    const k = Math.max(1, Math.round(g / period));
    return Math.abs(g - k * period) <= 0.15 * period;
  }).length;
  return onSchedule >= 0.75 * gaps.length ? period : null;
}
