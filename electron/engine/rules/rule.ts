/**
 * What a detection rule is and produces before it is stored: a finding plus the rows it cites.
 */
import type { Finding } from '../../../shared/domain.js';
import type { AnalysisContext } from '../analysis/context.js';

export interface SourceRef {
  source: 'audit' | 'permission' | 'message' | 'inbox_rule';
  id: number;
}

export type FindingDraft = Omit<Finding, 'evidence'> & { refs: SourceRef[] };

export interface Rule {
  id: string;
  title: string;
  /** ATT&CK techniques the rule's findings map to. */
  techniques: string[];
  /** Public rules and tool heuristics this rule corresponds to (docs/peers-and-detections.md (b)). */
  correspondsTo: string[];
  run(ctx: AnalysisContext): FindingDraft[];
}
