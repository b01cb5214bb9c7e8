/**
 * A finding as a rule produces it, before it is stored: the finding plus the rows it cites.
 */
import type { Finding } from '../../../shared/domain.js';

/** One cited source row: its table and row id. */
export interface SourceRef {
  source: 'audit' | 'permission' | 'message' | 'inbox_rule';
  id: number;
}

export type FindingDraft = Omit<Finding, 'evidence' | 'evidenceTotal' | 'triage'> & { refs: SourceRef[] };
