/**
 * What a detection rule is: an id, its techniques, the public rules it corresponds to, and a run
 * over the analysis context that yields finding drafts.
 */
import type { FindingDraft } from '../records/findings.js';
import type { AnalysisContext } from '../analysis/context.js';

export interface Rule {
  id: string;
  title: string;
  /** ATT&CK techniques the rule's findings map to. */
  techniques: string[];
  /** Public detection rules (Elastic, Splunk, Sentinel, Sigma) and tool heuristics this rule corresponds to. */
  correspondsTo: string[];
  run(ctx: AnalysisContext): FindingDraft[];
}
