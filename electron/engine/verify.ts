/**
 * `dlens verify`: is the case still what it says it is? SQLite's integrity check; the rows held per
 * evidence file against the registry's counts; the digest the last analysis sealed over the registry
 * and findings against one computed now; whether the findings are current; and, given the original
 * evidence files, each file's SHA-256 against the registry. Every difference is listed.
 *
 * The case is only read: in place when possible, else through a private copy (store/case-copy.ts),
 * so verifying never changes the file it checks.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { analysisIsStale } from './pipelines/analysis/run-analysis.js';
import { readAnalysisState } from './store/analysis-state.js';
import { copyCase } from './store/case-copy.js';
import { caseDigest, storedCaseDigest } from './store/case-digest.js';
import {
  CaseNeedsCopyError,
  closeDb,
  NotACaseError,
  openCase,
  openCaseInPlace,
  schemaVersion,
  type ReadDb,
} from './store/db.js';
import { integrityProblems, registeredCounts, type RegisteredCounts } from './store/verify-reads.js';

export interface VerifiedEvidence extends Omit<RegisteredCounts, 'id'> {
  /** The given file whose bytes are this registry entry's, or null (none given matched). */
  matchedBy: string | null;
}

export interface VerifyReport {
  case: string;
  schemaVersion: number;
  evidence: VerifiedEvidence[];
  /** Given files that are not evidence of this case (by hash or by name): listed, not differences. */
  notInCase: string[];
  findings: { current: boolean; analysedAt: string | null; failures: Array<{ rule: string; error: string }> };
  digest: { computed: string; sealed: string | null };
  /** Every difference found; verification passed when empty. */
  differences: string[];
  /** Facts worth knowing that are not differences (a copy was read, no digest sealed yet). */
  notes: string[];
}

export async function verifyCase(casePath: string, files: readonly string[]): Promise<VerifyReport> {
  const opened = openForReading(casePath);
  let report: VerifyReport;
  try {
    report = checkCase(casePath, opened.db);
  } finally {
    opened.close();
  }
  if (opened.copied)
    report.notes.push('read through a private copy (the case cannot be read in place); it was not changed');
  await checkFiles(report, files);
  return report;
}

function checkCase(casePath: string, db: ReadDb): VerifyReport {
  const differences: string[] = [];
  const notes: string[] = [];
  for (const p of integrityProblems(db)) differences.push(`SQLite integrity check: ${p}`);
  const evidence = registeredCounts(db).map(({ id: _id, ...e }) => ({ ...e, matchedBy: null }));
  for (const e of evidence) {
    if (e.storedRows !== e.accepted)
      differences.push(`${e.file}: the registry says ${e.accepted} rows accepted, the case holds ${e.storedRows}`);
    if (e.storedRejections !== e.rejected)
      differences.push(
        `${e.file}: the registry says ${e.rejected} rows rejected, the case holds ${e.storedRejections} rejections`,
      );
    if (e.appVersion === null) notes.push(`${e.file}: imported before application versions were recorded`);
  }
  const state = readAnalysisState(db);
  const current = !analysisIsStale(db);
  if (!current)
    differences.push(
      state === null
        ? 'the case was never analysed: it has no findings for its evidence'
        : `the findings are stale: computed ${state.analysedAt} from other evidence, settings or analysis than now`,
    );
  for (const f of state?.failures ?? [])
    differences.push(`analysis rule ${f.rule} failed, its findings are missing: ${f.error}`);
  const computed = caseDigest(db);
  const sealed = storedCaseDigest(db);
  if (sealed === null) notes.push('no digest was sealed (the case was last analysed before schema 5)');
  else if (sealed !== computed)
    differences.push(
      `the evidence registry or the findings changed after the last analysis sealed them (digest ${sealed} sealed, ${computed} now)`,
    );
  return {
    case: casePath,
    schemaVersion: schemaVersion(db),
    evidence,
    notInCase: [],
    findings: { current, analysedAt: state?.analysedAt ?? null, failures: state?.failures ?? [] },
    digest: { computed, sealed },
    differences,
    notes,
  };
}

/** Hash each given file and match it to the registry; a registered file no given file matches is a difference. */
async function checkFiles(report: VerifyReport, files: readonly string[]): Promise<void> {
  if (files.length === 0) return;
  const bySha = new Map(report.evidence.map((e) => [e.sha256, e]));
  for (const file of files) {
    let sha256: string;
    try {
      sha256 = await hashFile(file);
    } catch (err) {
      report.differences.push(`${file}: cannot be read (${(err as Error).message})`);
      continue;
    }
    const match = bySha.get(sha256);
    if (match) {
      match.matchedBy ??= file;
      continue;
    }
    const sameName = report.evidence.find((e) => e.file === path.basename(file));
    if (sameName)
      report.differences.push(
        `${file}: not the bytes registered as ${sameName.file} (registered SHA-256 ${sameName.sha256}, ` +
          `${sameName.size} bytes; this file SHA-256 ${sha256}, ${fs.statSync(file).size} bytes)`,
      );
    else report.notInCase.push(file);
  }
  for (const e of report.evidence)
    if (e.matchedBy === null)
      report.differences.push(`${e.file} (SHA-256 ${e.sha256}): no file given has the registered bytes`);
}

function openForReading(casePath: string): { db: ReadDb; close: () => void; copied: boolean } {
  if (!fs.existsSync(casePath)) throw new NotACaseError(casePath, 'file does not exist');
  try {
    const db = openCaseInPlace(casePath);
    return { db, close: () => closeDb(db), copied: false };
  } catch (err) {
    if (!(err instanceof CaseNeedsCopyError)) throw err;
  }
  const copy = copyCase(casePath);
  try {
    const db = openCase(copy.file, { create: false });
    return {
      db,
      close: () => {
        closeDb(db);
        copy.remove();
      },
      copied: true,
    };
  } catch (err) {
    copy.remove();
    throw err;
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
