/** Importing evidence files, one after another, each committed on its own, then one analysis run. */
import fs from 'node:fs';
import type { Args } from '../../../shared/contract.js';
import type { FileImportProgress, ImportOutcome } from '../../../shared/domain.js';
import { EvidenceError } from '../records/errors.js';
import { runAnalysis } from '../pipelines/analysis/run-analysis.js';
import { importFile } from '../pipelines/import/import-file.js';
import type { HandlerContext, Handlers } from './context.js';

export const importHandlers = (ctx: HandlerContext): Pick<Handlers, 'import.files'> => ({
  'import.files': ({ files }) => {
    ctx.db.assertWritable('importing evidence');
    return ctx.writes.run(() => importFiles(ctx, files));
  },
});

async function importFiles(ctx: HandlerContext, files: Args<'import.files'>['files']): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  // A large file imports faster with the writer alone on the case; queries wait meanwhile
  // (progress events keep flowing). Smaller files leave the reader open.
  const bulk = files.map((f) => sizeOf(f.path) >= ctx.bulkImportFromBytes);
  const suspended = bulk.includes(true) ? ctx.db.suspendReads() : null;
  try {
    for (const [i, f] of files.entries()) {
      try {
        const progress = (p: FileImportProgress) =>
          ctx.emit('import.progress', { ...p, caseLocked: suspended !== null });
        const result = await importFile(ctx.db.writer, { ...f, rollbackJournal: bulk[i] }, progress);
        outcomes.push({ ok: true, result });
      } catch (err) {
        // A file that cannot be used is reported and the batch goes on: each file commits on its
        // own, so nothing already imported is lost because a later file was bad.
        if (!(err instanceof EvidenceError)) throw err;
        outcomes.push({ ok: false, file: err.file, error: err.message });
      }
    }
  } finally {
    // Even when an unexpected error ends the batch, files already committed get analysed.
    try {
      if (outcomes.some((o) => o.ok && !o.result.alreadyImported)) {
        runAnalysis(ctx.db.writer);
        ctx.emit('case.changed', { reason: 'import' });
      }
    } finally {
      suspended?.resume();
    }
  }
  return outcomes;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // importFile reports the unreadable file
  }
}
