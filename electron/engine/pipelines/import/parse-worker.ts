/**
 * Worker-thread entry: runs one format parser over one file and streams its sink calls to the
 * importer in batches (see parallel-parse.ts). Reading, decoding, CSV/JSON parsing and
 * normalization happen here; the importer's thread only writes, so the two overlap on two cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EncodingFallback } from '../../ingest/decode.js';
import { formatParsers } from '../../ingest/formats/index.js';
import { BatchingSink } from './sink-batch.js';
import type { FromParseWorker, ParseJob } from './parallel-parse.js';

const MAX_ROWS_PER_BATCH = 2048;
const MAX_CHARS_PER_BATCH = 4 * 1024 * 1024;
/** Batches posted but not yet applied; past this the parser waits (bounds memory on both sides). */
const MAX_IN_FLIGHT = 4;

const job = workerData as ParseJob;
const port = parentPort!;
const inFlight = new Int32Array(job.inFlight);
let bytesRead = 0;
let rows = 0;
const sink = new BatchingSink({ rows: MAX_ROWS_PER_BATCH, chars: MAX_CHARS_PER_BATCH }, flush);

function post(msg: FromParseWorker): void {
  port.postMessage(msg);
}

/** Ship the current batch, then wait while the importer is MAX_IN_FLIGHT batches behind. */
function flush(): void {
  if (sink.rows === 0) return;
  Atomics.add(inFlight, 0, 1);
  post({ kind: 'batch', ops: sink.take(), bytesRead, rows });
  for (let n = Atomics.load(inFlight, 0); n >= MAX_IN_FLIGHT; n = Atomics.load(inFlight, 0))
    Atomics.wait(inFlight, 0, n, 1000);
}

try {
  const parser = formatParsers[job.parserIndex];
  if (!parser) throw new Error(`no parser ${job.parserIndex}`);
  await parser.parse({
    path: job.path,
    encoding: job.encoding,
    sniff: job.sniff,
    format: job.format,
    sink,
    progress(b, r) {
      bytesRead = b;
      rows = r;
      flush();
    },
  });
  // Notes and aliases may follow the last row.
  Atomics.add(inFlight, 0, 1);
  post({ kind: 'batch', ops: sink.take(), bytesRead, rows });
  post({ kind: 'done' });
} catch (err) {
  const e = err as Error;
  post({
    kind: 'failed',
    name: e.name,
    message: e.message,
    byteOffset: err instanceof EncodingFallback ? err.byteOffset : null,
  });
}
