/**
 * Culture-formatted dates decided per file from all of its values.
 *
 * PowerShell writes DateTime columns (message-trace Received, CreationDate, WhenChangedUTC) in the
 * collecting machine's culture: `3/4/2024 9:15:02 AM`, `04.03.2024 09:15:02`, `04/03/2024 09:15`.
 * One value like 3/4/2024 cannot say whether it is March or April; a later 13/4/2024 can. A parser
 * observes every value of a column first, then parses with the decision, and records the decision
 * (and any assumption) in the evidence notes. The analyst's local time zone is never applied.
 */
import { parseIsoUtc } from './time.js';

export type DateOrder = 'MDY' | 'DMY';

export interface DateDecision {
  order: DateOrder;
  /** True when no value settled the order and it was assumed. */
  assumed: boolean;
  /** One sentence for the evidence notes. */
  note: string;
}

const SLASHED =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([AaPp][Mm])?\s*(Z|UTC)?$/;

export class DateFormatDecider {
  private canMdy = true;
  private canDmy = true;
  private dotted = false;
  private twelveHour = false;
  private seen = 0;
  private example: string | null = null;

  constructor(private readonly column: string) {}

  observe(value: string | undefined): void {
    if (!value) return;
    const m = SLASHED.exec(value.trim());
    if (!m) return;
    this.seen++;
    this.example ??= value.trim();
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12) this.canMdy = false;
    if (b > 12) this.canDmy = false;
    // The date part's separator, not fractional seconds (`3:31:59.782 AM` is not a dotted date).
    if (/^\s*\d{1,2}\./.test(value)) this.dotted = true;
    if (m[8]) this.twelveHour = true;
  }

  decide(): DateDecision | null {
    if (this.seen === 0) return null;
    const col = this.column;
    if (this.canMdy && !this.canDmy)
      return {
        order: 'MDY',
        assumed: false,
        note: `${col} dates read as month/day/year (a day above 12 appears in the second place)`,
      };
    if (this.canDmy && !this.canMdy)
      return {
        order: 'DMY',
        assumed: false,
        note: `${col} dates read as day/month/year (a day above 12 appears in the first place)`,
      };
    if (!this.canDmy && !this.canMdy)
      return {
        order: 'MDY',
        assumed: true,
        note:
          `${col} dates mix day-first and month-first values; ` +
          "read as month/day/year, check the collector's culture",
      };
    // Every value has day and month <= 12: decide from the culture's other habits, and say so.
    if (this.dotted)
      return {
        order: 'DMY',
        assumed: true,
        note: `${col} dates use dots (dd.MM.yyyy, e.g. ${this.example}); read as day.month.year`,
      };
    if (this.twelveHour)
      return {
        order: 'MDY',
        assumed: true,
        note:
          `${col} dates are ambiguous (all ${this.seen} have day and month <= 12); ` +
          `read as month/day/year because the clock is 12-hour (US culture), e.g. ${this.example}`,
      };
    return {
      order: 'DMY',
      assumed: true,
      note:
        `${col} dates are ambiguous (all ${this.seen} have day and month <= 12) and use a 24-hour clock; ` +
        `read as day/month/year, e.g. ${this.example}`,
    };
  }
}

/** Parse a culture or ISO timestamp (taken as UTC) with a decided day/month order. Epoch ms or null. */
export function parseCultureDate(value: string, order: DateOrder): number | null {
  const s = value.trim();
  const iso = parseIsoUtc(s);
  if (iso !== null) return iso;
  const m = SLASHED.exec(s);
  if (!m) return null;
  const [, a, b, y, h, mi, sec, frac, ampm] = m;
  const month = Number(order === 'MDY' ? a : b);
  const day = Number(order === 'MDY' ? b : a);
  let hour = Number(h);
  if (ampm) {
    if (hour === 12) hour = 0;
    if (/p/i.test(ampm)) hour += 12;
  }
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const t = Date.UTC(Number(y), month - 1, day, hour, Number(mi), Number(sec ?? 0), ms);
  const d = new Date(t);
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return t;
}
