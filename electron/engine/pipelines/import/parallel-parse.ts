/**
 * Parsing a large evidence file in a worker thread while this thread writes what it produces.
 *
 * On two cores the import is a two-stage pipeline: the worker reads, decodes, parses and normalizes;
 * this thread (which owns the write connection and the file's transaction) inserts. Batches cross
 * as flat arrays (sink-batch.ts); a shared counter of batches in flight makes the parser wait when
 * the writer falls behind, so memory stays bounded whatever the file size.
 */
import { Worker } from 'node:worker_threads';
import type { DetectedEncoding } from '../../ingest/decode.js';
import { EncodingFallback } from '../../ingest/decode.js';
import type { DetectedFormat } from '../../ingest/format.js';
import { applyBatch, type BatchOps, type BatchTarget } from './sink-batch.js';
import type { Sniff } from '../../ingest/sniff.js';

export interface ParseJob {
  path: string;
  encoding: DetectedEncoding;
  sniff: Sniff;
  format: DetectedFormat;
  /** Index into formats/index.ts's formatParsers (functions cannot cross threads). */
  parserIndex: number;
  /** One Int32: batches posted by the worker and not yet applied here. */
  inFlight: SharedArrayBuffer;
}

export type FromParseWorker =
  | { kind: 'batch'; ops: BatchOps; bytesRead: number; rows: number }
  | { kind: 'done' }
  | { kind: 'failed'; name: string; message: string; byteOffset: number | null };

/**
 * The parse worker's heap limit. Left alone, V8 grows a busy worker's heap lazily (about 100 MB
 * more peak RSS on a 2 GB message-trace import); parsing holds one record and one batch at a time,
 * so this is ample. A file that needs more (one enormous record) is parsed in the engine thread.
 */
export const PARSE_WORKER_HEAP_MB = 128;

/** The parse worker hit its heap limit; the importer parses the file in its own thread instead. */
export class ParseWorkerOutOfMemory extends Error {
  constructor(readonly heapMb: number) {
    super(`the parse worker ran out of its ${heapMb} MB heap`);
    this.name = 'ParseWorkerOutOfMemory';
  }
}

export function parseInWorker(
  job: Omit<ParseJob, 'inFlight'>,
  target: BatchTarget,
  progress: (bytesRead: number, rows: number) => void,
  heapMb = PARSE_WORKER_HEAP_MB,
): Promise<void> {
  const inFlight = new SharedArrayBuffer(4);
  const counter = new Int32Array(inFlight);
  const worker = new Worker(new URL('./parse-worker.js', import.meta.url), {
    workerData: { ...job, inFlight } satisfies ParseJob,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(err);
    };
    worker.on('message', (msg: FromParseWorker) => {
      if (settled) return;
      try {
        if (msg.kind === 'batch') {
          applyBatch(msg.ops, target);
          Atomics.sub(counter, 0, 1);
          Atomics.notify(counter, 0);
          progress(msg.bytesRead, msg.rows);
        } else if (msg.kind === 'done') {
          settled = true;
          resolve();
        } else if (msg.byteOffset !== null) {
          fail(new EncodingFallback(msg.byteOffset));
        } else {
          fail(Object.assign(new Error(msg.message), { name: msg.name }));
        }
      } catch (err) {
        fail(err as Error);
      }
    });
    worker.on('error', (err: Error & { code?: string }) =>
      fail(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ParseWorkerOutOfMemory(heapMb) : err),
    );
    worker.on('exit', (code) => fail(new Error(`parse worker stopped before the end of the file (exit code ${code})`)));
  });
}
