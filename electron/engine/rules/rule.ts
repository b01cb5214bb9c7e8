/**
 * What a detection rule produces before it is stored: a finding plus the audit rows it cites.
 */
import type Database from 'better-sqlite3';
import type { Finding } from '../../../shared/domain.js';

export type FindingDraft = Omit<Finding, 'evidence'> & { auditEventIds: number[] };

export interface Rule {
  id: string;
  title: string;
  run(db: Database.Database): FindingDraft[];
}
