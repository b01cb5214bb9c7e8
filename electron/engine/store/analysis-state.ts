/**
 * Which evidence and settings the stored findings were computed from, by which analysis. A case
 * whose evidence, settings or analysis changed since (a crash between an import's commit and its
 * analysis, a newer Delegation Lens) is stale and is analysed again.
 */
import crypto from 'node:crypto';
import { sqlite, type ReadDb } from './db.js';

export interface AnalysisState {
  evidenceDigest: string;
  engineVersion: string;
  analysedAt: string;
  failures: Array<{ rule: string; error: string }>;
}

/** SHA-256 over the evidence registry (ids, hashes, counts) and the case settings. */
export function evidenceDigest(db: ReadDb): string {
  const c = sqlite(db);
  const hash = crypto.createHash('sha256');
  for (const r of c.prepare('SELECT id, sha256, rows_accepted FROM evidence ORDER BY id').raw().iterate())
    hash.update(JSON.stringify(r));
  for (const r of c.prepare('SELECT key, value FROM setting ORDER BY key').raw().iterate())
    hash.update(JSON.stringify(r));
  return hash.digest('hex');
}

/**
 * The tenant's mail domains the stored analysis derived, while it still describes the evidence and
 * settings in the case (null otherwise: derive them again).
 */
export function storedTenantDomains(db: ReadDb): string[] | null {
  const r = sqlite(db).prepare('SELECT evidence_digest, tenant_domains FROM analysis_state WHERE id = 1').get() as
    { evidence_digest: string; tenant_domains: string | null } | undefined;
  if (!r || r.tenant_domains === null || r.evidence_digest !== evidenceDigest(db)) return null;
  return JSON.parse(r.tenant_domains) as string[];
}

export function readAnalysisState(db: ReadDb): AnalysisState | null {
  const r = sqlite(db)
    .prepare('SELECT evidence_digest, engine_version, analysed_at, failures FROM analysis_state WHERE id = 1')
    .get() as { evidence_digest: string; engine_version: string; analysed_at: string; failures: string } | undefined;
  if (!r) return null;
  return {
    evidenceDigest: r.evidence_digest,
    engineVersion: r.engine_version,
    analysedAt: r.analysed_at,
    failures: JSON.parse(r.failures) as AnalysisState['failures'],
  };
}
