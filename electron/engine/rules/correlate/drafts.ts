/** Adjusting findings after every rule has run: severity moves with a stated reason. */
import { SEVERITIES, type Severity } from '../../../../shared/domain.js';
import type { FindingDraft } from '../../records/findings.js';

export const rank = (s: Severity): number => SEVERITIES.indexOf(s);

/** Raise a finding to at least `to`, recording why (no change when it is already there). */
export function raiseTo(d: FindingDraft, to: Severity, why: string): void {
  if (rank(d.severity) >= rank(to)) return;
  d.severity = to;
  note(d, `+ ${why}`);
}

/** Lower a finding to at most `to`, recording why. */
export function capAt(d: FindingDraft, to: Severity, why: string): void {
  if (rank(d.severity) <= rank(to)) return;
  d.severity = to;
  note(d, `= ${why}`);
}

/** Add a reason line to the finding's severity reasons. */
export function note(d: FindingDraft, reason: string): void {
  d.details.severityReasons = d.details.severityReasons ? `${d.details.severityReasons}; ${reason}` : reason;
}

/** A finding that rests only on dumps (no audit record among its citations). */
export const restsOnDumps = (d: FindingDraft): boolean =>
  d.refs.length > 0 && d.refs.every((r) => r.source !== 'audit');

export const isLoud = (d: FindingDraft): boolean => rank(d.severity) >= rank('high');
