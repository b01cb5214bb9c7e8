/**
 * When a dumped object last changed, as Exchange objects carry it: `WhenChangedUTC` (culture-formatted
 * UTC) where the export has it, else `WhenChanged`, the collecting machine's local time with no zone
 * (a transport rule has only that one). The UTC offset of a local value is unknown, so it is kept as
 * its wall-clock time written in UTC form, and the file says so; an ISO value with an offset
 * (`2026-07-23T21:51:45.0000000+00:00`, REST objects) is an instant and converts exactly. Each
 * column's day/month order is decided from all of the file's values first.
 */
import { scanCsvRows } from '../csv-table.js';
import { DateFormatDecider, parseCultureDate, type DateOrder } from '../culture-dates.js';
import type { EvidenceSink, ParseContext } from '../format.js';
import { toIso } from '../time.js';
import type { DumpRow, NoteCounter } from './dump-common.js';

export interface ChangeDateOrders {
  /** WhenChangedUTC's day/month order; null when the file has no culture-formatted value there. */
  utc: DateOrder | null;
  /** WhenChanged's day/month order; null likewise. */
  local: DateOrder | null;
}

/** Observes both columns over a first pass and decides each one's order (noting the decisions). */
export class ChangeDateDeciders {
  private readonly utc = new DateFormatDecider('WhenChangedUTC');
  private readonly local = new DateFormatDecider('WhenChanged');

  observe(r: Pick<DumpRow, 'get'>): void {
    this.utc.observe(r.get('WhenChangedUTC'));
    this.local.observe(r.get('WhenChanged'));
  }

  decide(sink: EvidenceSink): ChangeDateOrders {
    const utc = this.utc.decide();
    const local = this.local.decide();
    if (utc) sink.note(utc.note);
    if (local) sink.note(local.note);
    return { utc: utc?.order ?? null, local: local?.order ?? null };
  }
}

/** The first pass over a CSV dump's change dates; skipped (nothing to decide) when it has neither column. */
export async function decideChangeDates(ctx: ParseContext): Promise<ChangeDateOrders> {
  const columns = ctx.sniff.kind === 'csv' ? ctx.sniff.columns : [];
  if (!columns.includes('whenchangedutc') && !columns.includes('whenchanged')) return { utc: null, local: null };
  const deciders = new ChangeDateDeciders();
  await scanCsvRows(ctx, (r) => deciders.observe(r));
  return deciders.decide(ctx.sink);
}

const WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ].*(?:Z|[+-]\d{2}:?\d{2})$/i;

/** The row's change time as ISO UTC (see the module comment), or null when it has none readable. */
export function changedAt(r: DumpRow, orders: ChangeDateOrders, notes: NoteCounter): string | null {
  const utc = r.get('WhenChangedUTC')?.trim();
  if (utc) {
    const ms = parseCultureDate(utc, orders.utc ?? 'MDY');
    if (ms !== null) return toIso(ms);
    notes.add('rows have an unreadable WhenChangedUTC (WhenChanged used where present)', utc);
  }
  const local = r.get('WhenChanged')?.trim();
  if (!local) return null;
  const ms = parseCultureDate(local, orders.local ?? 'MDY');
  if (ms === null) {
    notes.add('rows have an unreadable WhenChanged (entries kept without a time)', local);
    return null;
  }
  if (!WITH_ZONE.test(local))
    notes.add(
      "rows are dated by WhenChanged, the collecting machine's local time with an unknown UTC offset: " +
        'stored as that wall-clock time in UTC form, so it may be off by the offset',
    );
  return toIso(ms);
}
