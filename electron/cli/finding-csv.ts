/**
 * Findings as CSV rows, one layout for `dlens findings --csv` and `dlens export --findings --csv`.
 * The triage columns come after the ones scripts already read; each citation names the file, row,
 * file SHA-256 and record id. Cells are evidence text: the caller writes them through csv().
 */
import type { Finding } from '../../shared/domain.js';

export const FINDING_CSV_COLUMNS = [
  'id',
  'severity',
  'time',
  'rule',
  'techniques',
  'title',
  'principals',
  'summary',
  'evidence',
  'triage',
  'triage_reason',
  'triage_by',
  'triage_at',
] as const;

export const findingCsvCells = (f: Finding): string[] => [
  f.id,
  f.severity,
  f.time ?? '',
  f.rule,
  f.techniques.join(' '),
  f.title,
  f.principals.join(' '),
  f.summary,
  f.evidence.map((e) => `${e.file}#row${e.row} sha256:${e.sha256} (${e.recordId})`).join('; '),
  f.triage?.state ?? 'new',
  f.triage?.reason ?? '',
  f.triage?.by ?? '',
  f.triage?.at ?? '',
];
