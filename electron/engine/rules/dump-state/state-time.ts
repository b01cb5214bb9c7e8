/**
 * Dating what a dump shows: a change with a time (an audit grant, a dump row with its own
 * last-modified value) keeps it; otherwise the time the dump file was collected, or "time unknown",
 * with the basis stated in the finding.
 */
import type { AnalysisContext, StateTime } from '../../analysis/context.js';
import { changeRef, type DelegationChange } from '../../records/delegation.js';

export function stateTimeOf(ctx: AnalysisContext, c: DelegationChange): StateTime {
  if (c.time !== null)
    return { time: c.time, basis: c.auditEventId !== null ? 'the audit record' : "the entry's own time" };
  const ref = changeRef(c);
  return ref ? ctx.stateTime(ref) : { time: null, basis: 'time unknown' };
}

/** The earliest known of several state times (unknown when none is known), with its basis. */
export function earliest(times: readonly StateTime[]): StateTime {
  const known = times.filter((t) => t.time !== null).sort((a, b) => a.time!.localeCompare(b.time!));
  return known[0] ?? times[0] ?? { time: null, basis: 'time unknown' };
}

/** Details to add when a finding's time is not an event's own time. */
export const timeBasisDetail = (t: StateTime, c?: DelegationChange): Record<string, string> =>
  c?.auditEventId !== null && c !== undefined ? {} : { timeBasis: t.basis };
