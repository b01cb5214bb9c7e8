/**
 * The importer's side of decoding trouble (see ingest/encoding-scan.ts): when a file does not decode
 * as first guessed, scan it whole, decide how to read it, and note every byte replaced with its byte
 * offset, row and line, so the examiner sees exactly what was not read as written.
 */
import { EvidenceError } from '../../records/errors.js';
import type { DetectedEncoding } from '../../ingest/decode.js';
import { decide, MAX_LISTED_PROBLEMS, scanEncoding, type EncodingProblem } from '../../ingest/encoding-scan.js';

export interface EncodingDecision {
  encoding: DetectedEncoding;
  note: string;
  /** The places replaced (the first MAX_LISTED_PROBLEMS) and how many there are. */
  problems: EncodingProblem[];
  total: number;
}

/**
 * Scan the file and decide. A Windows-1252 guess (made from the first 64 KiB) is checked as UTF-8
 * over the whole file: a UTF-8 character further on makes it UTF-8 with a few bad bytes.
 */
export async function decideEncoding(file: string, name: string, guess: DetectedEncoding): Promise<EncodingDecision> {
  const asRead: DetectedEncoding =
    guess.encoding === 'windows-1252' ? { encoding: 'utf-8', bomLength: guess.bomLength, label: 'UTF-8' } : guess;
  let scan;
  try {
    scan = await scanEncoding(file, asRead);
  } catch (err) {
    throw new EvidenceError(name, `cannot be read (${(err as Error).message})`);
  }
  const decided = decide(asRead, scan);
  const replaced = decided.encoding.replaceInvalid === true;
  return { ...decided, problems: replaced ? scan.problems : [], total: replaced ? scan.total : 0 };
}

/** One note per replaced place, by byte offset, row and line (`rows`: line -> row, null before the first row). */
export function replacementNotes(d: EncodingDecision, rows: Map<number, number | null>): string[] {
  const notes = d.problems.map((p) => {
    const row = rows.get(p.line);
    const where = row === undefined || row === null ? `header, line ${p.line}` : `row ${row}, line ${p.line}`;
    return `byte ${p.offset} (${where}): ${p.what} replaced by U+FFFD`;
  });
  if (d.total > d.problems.length)
    notes.push(`… and ${d.total - d.problems.length} more replaced (the first ${MAX_LISTED_PROBLEMS} are listed)`);
  return notes;
}
