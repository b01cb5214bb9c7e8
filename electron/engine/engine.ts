/**
 * The engine: one open case and the typed handler map that answers every request of the contract.
 *
 * Plain Node. The CLI uses it in-process; the desktop app and the browser host run it inside a
 * worker thread (worker/engine-worker.ts) so SQLite and parsing never block a UI or an HTTP loop.
 * It keeps two connections: imports write through one, queries read through a read-only one, so a
 * query during an import sees the last committed state instead of waiting or seeing half a file.
 * Imports of files from 64 MiB close the reader for their duration (the writer alone on the case can
 * use a rollback journal, which writes each page once instead of twice); queries then wait.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import {
  ApiError,
  validateArgs,
  type Args,
  type EventName,
  type EventPayload,
  type RequestName,
  type Result,
} from '../../shared/contract.js';
import type { FileImportProgress, ImportOutcome } from '../../shared/domain.js';
import { EvidenceError } from './errors.js';
import { BULK_JOURNAL_FROM_BYTES, importFile } from './ingest/import-file.js';
import { runAnalysis } from './analysis/run-analysis.js';
import { buildGraphView, graphTenant } from './analysis/delegation/graph-view.js';
import type { TenantProfile } from './analysis/tenant.js';
import { loadSettings, saveSettings } from './analysis/settings.js';
import { caseWarnings } from './store/completeness.js';
import { openCase, schemaVersion, type WriteDb } from './store/db.js';
import { caseCounts, findingEvidence, listEvidence, listFindings, listRejections } from './store/queries.js';

export type Handlers = { [K in RequestName]: (args: Args<K>) => Promise<Result<K>> | Result<K> };

export interface EngineOptions {
  casePath: string;
  /** better_sqlite3.node built for the running runtime (Electron); omitted under Node. */
  nativeBinding?: string | undefined;
  emit?: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Files from this size import with the reader closed (default BULK_JOURNAL_FROM_BYTES; tests lower it). */
  bulkImportFromBytes?: number | undefined;
}

export class Engine {
  readonly handlers: Handlers;
  private readonly writeDb: WriteDb;
  private readDb: Database.Database;
  /** Settled while the reader is open; pending while a bulk import holds the case alone. */
  private readsOpen: Promise<void> = Promise.resolve();
  private writeQueue: Promise<unknown> = Promise.resolve();
  /** Cached for graph views; cleared by every write. */
  private tenant: TenantProfile | null = null;

  private constructor(private readonly options: EngineOptions) {
    this.writeDb = openCase(options.casePath, { nativeBinding: options.nativeBinding });
    this.readDb = this.openReader();
    this.handlers = this.createHandlers();
  }

  private openReader(): Database.Database {
    return new Database(this.options.casePath, {
      readonly: true,
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
    });
  }

  /**
   * Close the reader so the writer is alone on the case (a bulk import then writes under a rollback
   * journal, see ingest/import-file.ts); queries wait until `resume` reopens it.
   */
  private suspendReads(): { resume: () => void } {
    this.readDb.close();
    let resume!: () => void;
    this.readsOpen = new Promise<void>((resolve) => {
      resume = () => {
        this.readDb = this.openReader();
        resolve();
      };
    });
    return { resume };
  }

  static open(options: EngineOptions): Engine {
    return new Engine(options);
  }

  /** Validate and answer one request. Errors come out as ApiError with a stable code. */
  async call<K extends RequestName>(name: K, rawArgs: unknown): Promise<Result<K>> {
    const args = validateArgs(name, rawArgs);
    await this.readsOpen;
    const handler = this.handlers[name] as (a: Args<K>) => Promise<Result<K>> | Result<K>;
    try {
      return await handler(args);
    } catch (err) {
      throw toApiError(err);
    }
  }

  close(): void {
    this.readDb.close();
    this.writeDb.close();
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.options.emit?.(event, payload);
  }

  private createHandlers(): Handlers {
    return {
      'case.info': () => ({
        name: path.basename(this.options.casePath),
        schemaVersion: schemaVersion(this.readDb),
        evidence: listEvidence(this.readDb),
        counts: caseCounts(this.readDb),
        warnings: caseWarnings(this.readDb),
      }),
      'evidence.rejections': ({ evidenceId, afterRow, limit }) =>
        listRejections(this.readDb, evidenceId, afterRow, limit),
      'findings.list': () => listFindings(this.readDb),
      'findings.evidence': ({ findingId }) => {
        const rows = findingEvidence(this.readDb, findingId);
        if (!rows) throw new ApiError('not_found', `no finding ${findingId}`);
        return rows;
      },
      'import.files': ({ files }) => this.enqueueImport(files),
      // The time slider asks for many instants in a row: the tenant profile (a scan of the audit
      // table on large cases) is derived once per case state.
      'graph.asOf': ({ asOf }) => buildGraphView(this.readDb, asOf, (this.tenant ??= graphTenant(this.readDb))),
      'settings.get': () => loadSettings(this.readDb),
      'settings.update': (update) =>
        this.enqueueWrite(() => {
          const clean = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
          try {
            saveSettings(this.writeDb, clean);
          } catch (err) {
            if (err instanceof RangeError) throw new ApiError('invalid_args', `settings.update: ${err.message}`);
            throw err;
          }
          runAnalysis(this.writeDb);
          this.emit('case.changed', { reason: 'settings' });
          return loadSettings(this.writeDb);
        }),
    };
  }

  /** Writers run one at a time: SQLite has one writer, and atomic files need a clean transaction. */
  private enqueueWrite<T>(work: () => Promise<T> | T): Promise<T> {
    const run = async () => {
      try {
        return await work();
      } finally {
        this.tenant = null;
      }
    };
    const next = this.writeQueue.then(run, run);
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  private enqueueImport(files: Args<'import.files'>['files']): Promise<ImportOutcome[]> {
    return this.enqueueWrite(async (): Promise<ImportOutcome[]> => {
      const outcomes: ImportOutcome[] = [];
      // A large file imports faster with the writer alone on the case; queries wait meanwhile
      // (progress events keep flowing). Smaller files leave the reader open.
      const bulkFrom = this.options.bulkImportFromBytes ?? BULK_JOURNAL_FROM_BYTES;
      const bulk = files.map((f) => sizeOf(f.path) >= bulkFrom);
      const suspended = bulk.includes(true) ? this.suspendReads() : null;
      try {
        for (const [i, f] of files.entries()) {
          try {
            const input = { ...f, rollbackJournal: bulk[i] };
            const progress = (p: FileImportProgress) =>
              this.emit('import.progress', { ...p, caseLocked: suspended !== null });
            outcomes.push({ ok: true, result: await importFile(this.writeDb, input, progress) });
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
            runAnalysis(this.writeDb);
            this.emit('case.changed', { reason: 'import' });
          }
        } finally {
          suspended?.resume();
        }
      }
      return outcomes;
    });
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // importFile reports the unreadable file
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof EvidenceError) return new ApiError('bad_input', err.message);
  if (err instanceof Error && err.name === 'CaseTooNewError') return new ApiError('case_too_new', err.message);
  if (err instanceof Error && err.name === 'NotACaseError') return new ApiError('bad_input', err.message);
  return new ApiError('internal', err instanceof Error ? err.message : String(err));
}
