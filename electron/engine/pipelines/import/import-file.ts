/**
 * Import one evidence file into a case, atomically: the file's evidence row, its records and its
 * rejections commit together or not at all, so a failure (or a kill) never leaves half a file.
 */
import path from 'node:path';
import type { FileImportProgress, ImportFileResult } from '../../../../shared/domain.js';
import { APP_VERSION } from '../../../../shared/version.js';
import { EvidenceError } from '../../records/errors.js';
import type { WriteDb } from '../../store/db.js';
import { fileCompletenessNotes } from '../../store/completeness.js';
import {
  beginFileTransaction,
  commitFileTransaction,
  rollbackFileTransaction,
  setJournalMode,
} from '../../store/import-transaction.js';
import { EvidenceWriter } from '../../store/evidence-writer.js';
import { EncodingFallback, type DetectedEncoding } from '../../ingest/decode.js';
import type { DetectedFormat, FormatParser } from '../../ingest/format.js';
import { formatKind, formatParsers, supportedFormatsSentence } from '../../ingest/formats/index.js';
import { collectionTimeFromName } from './collection-time.js';
import { hashFile, statRegularFile } from './evidence-file.js';
import { decideEncoding, replacementNotes, type EncodingDecision } from './encoding-decision.js';
import { parseInWorker, ParseWorkerOutOfMemory } from './parallel-parse.js';
import { describeSniff, sniffFile } from '../../ingest/sniff.js';

export const PARSER_VERSION = '1.1.0';
const REJECTIONS_IN_RESULT = 20;
const PROGRESS_INTERVAL_MS = 200;
/** From this size a worker thread parses while this thread writes (below it, starting one costs more than it saves). */
const PARSE_IN_WORKER_FROM_BYTES = 8 * 1024 * 1024;
/**
 * From this size the file is written under a rollback journal when this connection is alone on the
 * case (see Engine: it closes its reader for such imports). In WAL mode every page is written twice,
 * to the log and then by the checkpoint, and that checkpoint is a serial tail after the last row; a
 * rollback journal appends new pages to the database file directly (bench:import, 1M records:
 * 26.7 s in WAL mode, 23.1 s with a rollback journal). The transaction stays atomic either way.
 */
export const BULK_JOURNAL_FROM_BYTES = 64 * 1024 * 1024;

export interface ImportInput {
  path: string;
  /** Name to register (defaults to the path's base name). */
  name?: string | undefined;
  /** Where to parse: by file size (default), always in this thread, or always in a worker. */
  parseIn?: 'auto' | 'thread' | 'worker' | undefined;
  /** Write under a rollback journal when alone on the case (default: from BULK_JOURNAL_FROM_BYTES). */
  rollbackJournal?: boolean | undefined;
  /** Heap limit of the parse worker in MB (default PARSE_WORKER_HEAP_MB; tests lower it). */
  parseWorkerHeapMb?: number | undefined;
}

export async function importFile(
  db: WriteDb,
  input: ImportInput,
  onProgress?: (p: FileImportProgress) => void,
): Promise<ImportFileResult> {
  const name = input.name ?? path.basename(input.path);
  const size = await statRegularFile(input.path, name);
  // Only a file of an imported file's size can repeat it: hash those first (same bytes twice is a
  // no-op), and hash every other file while it is parsed instead of in a pass of its own.
  let sha256: string | null = null;
  const writer = new EvidenceWriter(db);
  if (writer.hasEvidenceOfSize(size)) {
    sha256 = await hashFile(input.path, name);
    const existing = writer.findBySha256(sha256);
    if (existing) {
      return {
        file: name,
        sha256,
        size,
        format: existing.format,
        formatLabel: existing.formatLabel,
        accepted: existing.accepted,
        rejected: existing.rejected,
        duplicates: existing.duplicates,
        alreadyImported: true,
        rejections: [],
        notes: [`same bytes already imported as ${existing.file}`],
      };
    }
  }
  if (size === 0) throw new EvidenceError(name, 'file is empty');

  const sniff = await sniffFile(input.path).catch((err: Error) => {
    throw new EvidenceError(name, `cannot be read (${err.message})`);
  });
  let parser: FormatParser | undefined;
  let format: DetectedFormat | null = null;
  for (const p of formatParsers) {
    format = p.detect(sniff);
    if (format) {
      parser = p;
      break;
    }
  }
  if (!parser || !format || sniff.kind === 'empty' || sniff.kind === 'binary') {
    throw new EvidenceError(
      name,
      `unsupported format: ${describeSniff(sniff)}. Supported: ${supportedFormatsSentence()}`,
    );
  }

  let encoding: DetectedEncoding = sniff.encoding;
  const extraNotes: string[] = [];
  let decoding: EncodingDecision | null = null;
  const redecide = async () => {
    decoding = await decideEncoding(input.path, name, encoding);
    encoding = decoding.encoding;
    extraNotes.push(decoding.note);
  };
  // Windows-1252 was guessed from the file's first 64 KiB: the whole file decides.
  if (encoding.encoding === 'windows-1252') await redecide();
  let inWorker = input.parseIn === 'worker' || (input.parseIn !== 'thread' && size >= PARSE_IN_WORKER_FROM_BYTES);
  for (;;) {
    try {
      const rollbackJournal = input.rollbackJournal ?? size >= BULK_JOURNAL_FROM_BYTES;
      const plan = {
        path: input.path,
        name,
        size,
        sha256,
        parser,
        format,
        sniff,
        encoding,
        extraNotes,
        inWorker,
        rollbackJournal,
        workerHeapMb: input.parseWorkerHeapMb,
        decoding,
      };
      return await importOnce(db, plan, onProgress);
    } catch (err) {
      if (err instanceof ParseWorkerOutOfMemory) {
        extraNotes.push(`parsed in the engine thread: ${err.message} (a very large record)`);
        inWorker = false;
        continue;
      }
      if (err instanceof EncodingFallback && encoding.encoding !== 'windows-1252' && !encoding.replaceInvalid) {
        await redecide();
        continue;
      }
      throw err;
    }
  }
}

interface ImportPlan {
  path: string;
  name: string;
  size: number;
  /** Known when the file had to be hashed up front; otherwise computed during the import. */
  sha256: string | null;
  parser: FormatParser;
  format: DetectedFormat;
  sniff: Parameters<FormatParser['detect']>[0];
  encoding: DetectedEncoding;
  extraNotes: string[];
  inWorker: boolean;
  rollbackJournal: boolean;
  workerHeapMb: number | undefined;
  /** How the file decodes when it did not decode as first guessed (bytes replaced, to note by row). */
  decoding: EncodingDecision | null;
}

async function importOnce(
  db: WriteDb,
  plan: ImportPlan,
  onProgress?: (p: FileImportProgress) => void,
): Promise<ImportFileResult> {
  const writer = new EvidenceWriter(db);

  const hashing = plan.sha256 !== null ? Promise.resolve(plan.sha256) : hashFile(plan.path, plan.name);
  hashing.catch(() => undefined); // awaited below; a parse failure must not leave it unhandled

  const rollbackJournal = plan.rollbackJournal && setJournalMode(db, 'delete');
  try {
    return await importInTransaction(db, plan, writer, hashing, onProgress);
  } finally {
    if (rollbackJournal) setJournalMode(db, 'wal');
  }
}

async function importInTransaction(
  db: WriteDb,
  plan: ImportPlan,
  writer: EvidenceWriter,
  hashing: Promise<string>,
  onProgress?: (p: FileImportProgress) => void,
): Promise<ImportFileResult> {
  const notes = [...plan.format.notes, ...plan.extraNotes];
  const rejections: ImportFileResult['rejections'] = [];
  const started = Date.now();
  let lastReport = 0;
  beginFileTransaction(db);
  try {
    const evidenceId = writer.beginEvidence({
      file: plan.name,
      size: plan.size,
      format: plan.format.format,
      formatLabel: plan.format.label,
      encoding: plan.encoding.label,
      parserVersion: PARSER_VERSION,
      appVersion: APP_VERSION,
      kind: formatKind(plan.parser),
    });
    if (plan.decoding) writer.locateLines(plan.decoding.problems.map((p) => p.line));
    const reject = (row: number, line: number, reason: string, raw: string): void => {
      writer.addRejection(evidenceId, row, line, reason, raw);
      if (rejections.length < REJECTIONS_IN_RESULT) rejections.push({ row, line, reason });
    };
    const note = (text: string): void => void notes.push(text);
    let collectedAt: { at: string; basis: string } | null = null;
    const collected = (at: string, basis: string): void => void (collectedAt ??= { at, basis });
    const progress = (bytesRead: number, rows: number): void => {
      const now = Date.now();
      if (!onProgress || now - lastReport < PROGRESS_INTERVAL_MS) return;
      lastReport = now;
      const elapsed = (now - started) / 1000;
      const rate = elapsed > 0.5 ? bytesRead / elapsed : 0;
      onProgress({
        file: plan.name,
        bytesRead,
        bytesTotal: plan.size,
        rows,
        etaSeconds: rate > 0 ? Math.max(0, Math.round((plan.size - bytesRead) / rate)) : null,
      });
    };
    if (plan.inWorker) {
      const parserIndex = formatParsers.indexOf(plan.parser);
      await parseInWorker(
        { path: plan.path, encoding: plan.encoding, sniff: plan.sniff, format: plan.format, parserIndex },
        { writer, evidenceId, reject, note, collected },
        progress,
        plan.workerHeapMb,
      );
    } else {
      await plan.parser.parse({
        path: plan.path,
        encoding: plan.encoding,
        sniff: plan.sniff,
        format: plan.format,
        sink: {
          audit: (row, line, event) => writer.addAuditEvent(evidenceId, row, line, event),
          permission: (row, line, entry) => writer.addPermission(evidenceId, row, line, entry),
          message: (row, line, message) => writer.addMessage(evidenceId, row, line, message),
          inboxRule: (row, line, rule) => writer.addInboxRule(evidenceId, row, line, rule),
          alias: (principal, alias) => writer.addAlias(evidenceId, principal, alias),
          reject,
          note,
          collected,
        },
        progress,
      });
    }
    const sha256 = await hashing;
    if (plan.decoding) notes.push(...replacementNotes(plan.decoding, writer.locatedRows()));
    const seen = writer.recordsSoFar();
    notes.push(...fileCompletenessNotes(db, evidenceId, seen.accepted + seen.rejected + seen.duplicates));
    const counts = writer.finishEvidence(evidenceId, sha256, notes, collectedAt ?? collectionTimeFromName(plan.name));
    commitFileTransaction(db);
    onProgress?.({
      file: plan.name,
      bytesRead: plan.size,
      bytesTotal: plan.size,
      rows: counts.accepted + counts.rejected + counts.duplicates,
      etaSeconds: 0,
    });
    return {
      file: plan.name,
      sha256,
      size: plan.size,
      format: plan.format.format,
      formatLabel: plan.format.label,
      accepted: counts.accepted,
      rejected: counts.rejected,
      duplicates: counts.duplicates,
      alreadyImported: false,
      rejections,
      notes,
    };
  } catch (err) {
    rollbackFileTransaction(db);
    throw err;
  }
}
