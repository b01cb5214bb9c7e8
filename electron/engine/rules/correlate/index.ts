/**
 * After every rule has run: findings are put in relation. New-address sign-ins are kept by what
 * followed from them, attacker sessions become incidents, flagged addresses get their story and
 * their sharing, and dump-only access is raised by its holders' other findings. Order matters:
 * each step reads the severities the previous one settled.
 */
import type { AnalysisContext } from '../../analysis/context.js';
import type { FindingDraft } from '../../records/findings.js';
import { addressStories, linkSignIns } from './address-links.js';
import { blastRadius } from './blast-radius.js';
import { foldBursts } from './bursts.js';

export function correlate(ctx: AnalysisContext, drafts: FindingDraft[]): FindingDraft[] {
  let out = linkSignIns(drafts);
  out = foldBursts(ctx, out);
  out = [...out, ...addressStories(ctx, out)];
  return blastRadius(out);
}
