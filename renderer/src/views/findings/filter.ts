/**
 * What the findings list shows for the URL's filters: free-text search (title, summary, rule,
 * principals, details), severity, rule, technique, principal and time range; sorted; grouped by rule
 * or principal. Pure functions, so the list and its tests agree.
 */
import { SEVERITIES, TRIAGE_STATES, type Finding, type Severity, type TriageState } from '../../../../shared/domain';

export interface FindingsSearch {
  q?: string | undefined;
  /** Comma-separated severities. */
  severity?: string | undefined;
  rule?: string | undefined;
  technique?: string | undefined;
  principal?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  sort?: 'severity' | 'time' | 'rule' | undefined;
  group?: 'rule' | 'principal' | undefined;
  /** Comma-separated triage states. */
  state?: string | undefined;
}

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

export function selectedSeverities(search: FindingsSearch): Set<Severity> {
  const named = (search.severity ?? '').split(',').filter((s): s is Severity => SEVERITIES.includes(s as Severity));
  return new Set(named);
}

export function selectedStates(search: FindingsSearch): Set<TriageState> {
  return new Set(
    (search.state ?? '').split(',').filter((s): s is TriageState => TRIAGE_STATES.includes(s as TriageState)),
  );
}

function matchesText(f: Finding, q: string): boolean {
  const haystack = [f.title, f.summary, f.rule, f.id, ...f.principals, ...f.techniques, ...Object.values(f.details)]
    .join('\n')
    .toLowerCase();
  // Every word must appear (AND), so adding a word narrows the list.
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => haystack.includes(w));
}

export function filterFindings(findings: readonly Finding[], search: FindingsSearch): Finding[] {
  const severities = selectedSeverities(search);
  const states = selectedStates(search);
  const principal = search.principal?.toLowerCase();
  return findings.filter(
    (f) =>
      (severities.size === 0 || severities.has(f.severity)) &&
      (states.size === 0 || states.has(f.triage?.state ?? 'new')) &&
      (!search.rule || f.rule === search.rule) &&
      (!search.technique || f.techniques.some((t) => t === search.technique || t.startsWith(`${search.technique}.`))) &&
      (!principal || f.principals.some((p) => p.toLowerCase().includes(principal))) &&
      (!search.from || (f.time !== null && f.time >= search.from)) &&
      (!search.to || (f.time !== null && f.time <= search.to)) &&
      (!search.q || matchesText(f, search.q)),
  );
}

const bySeverity = (a: Finding, b: Finding) =>
  severityRank(b.severity) - severityRank(a.severity) || (a.time ?? '').localeCompare(b.time ?? '');
const byTime = (a: Finding, b: Finding) => (a.time ?? '\uffff').localeCompare(b.time ?? '\uffff') || bySeverity(a, b);
const byRule = (a: Finding, b: Finding) => a.rule.localeCompare(b.rule) || bySeverity(a, b);

export function sortFindings(findings: Finding[], sort: FindingsSearch['sort']): Finding[] {
  return [...findings].sort(sort === 'time' ? byTime : sort === 'rule' ? byRule : bySeverity);
}

export type ListItem = { kind: 'group'; label: string; count: number } | { kind: 'finding'; finding: Finding };

/** Rows of the list: findings, under a header per rule or principal when grouped (a finding may sit under several principals). */
export function groupFindings(findings: Finding[], group: FindingsSearch['group']): ListItem[] {
  if (!group) return findings.map((finding) => ({ kind: 'finding', finding }));
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const keys = group === 'rule' ? [f.rule] : f.principals.length > 0 ? f.principals : ['(no principal)'];
    for (const k of keys) groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  return ordered.flatMap(([label, list]): ListItem[] => [
    { kind: 'group', label, count: list.length },
    ...list.map((finding): ListItem => ({ kind: 'finding', finding })),
  ]);
}

export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}
