/**
 * A principal's severity context includes its other findings. Standing access that only dumps show
 * (no grant in the log window) is raised to at least medium when its holder or mailbox is implicated
 * in a high or critical finding, with that finding as the reason; every finding lists the loud
 * findings that share a principal with it.
 */
import type { FindingDraft } from '../../records/findings.js';
import { isLoud, raiseTo, restsOnDumps } from './drafts.js';

/** Principals too generic to tie findings together. */
const GENERIC = /^(\*|default|anonymous|everyone)$/i;

export function blastRadius(drafts: FindingDraft[]): FindingDraft[] {
  const loudByPrincipal = new Map<string, FindingDraft[]>();
  for (const d of drafts)
    if (isLoud(d) && !restsOnDumps(d))
      for (const p of d.principals)
        if (!GENERIC.test(p)) loudByPrincipal.set(p, [...(loudByPrincipal.get(p) ?? []), d]);
  for (const d of drafts) {
    const related = [...new Set(d.principals.flatMap((p) => loudByPrincipal.get(p) ?? []))].filter((o) => o !== d);
    if (related.length === 0) continue;
    d.details.relatedFindings = related
      .slice(0, 10)
      .map((o) => o.id)
      .join(', ');
    if (!restsOnDumps(d)) continue;
    const shared = d.principals.filter((p) => loudByPrincipal.has(p) && !GENERIC.test(p));
    const top = related[0]!;
    raiseTo(
      d,
      'medium',
      `${shared.join(', ')} ${shared.length === 1 ? 'is' : 'are'} implicated in ${top.severity} finding "${top.title}"`,
    );
  }
  return drafts;
}
