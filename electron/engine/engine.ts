/**
 * The engine: one open case and the typed handler map that answers every request of the contract.
 *
 * Plain Node. The CLI uses it in-process; the desktop app and the browser host run it inside a
 * worker thread (worker/engine-worker.ts) so SQLite and parsing never block a UI or an HTTP loop.
 * The handlers live per domain in handlers/; this class wires them to the case's connections
 * (session/connections.ts) and the write queue (session/write-queue.ts), validates every request and maps errors.
 */
import {
  ApiError,
  validateArgs,
  type Args,
  type EventName,
  type EventPayload,
  type RequestName,
  type Result,
} from '../../shared/contract.js';
import { CaseConnections } from './session/connections.js';
import { EvidenceError } from './records/errors.js';
import { caseHandlers } from './handlers/case.js';
import { DerivedCache, type HandlerContext, type Handlers } from './handlers/context.js';
import { evidenceHandlers } from './handlers/evidence.js';
import { exportHandlers } from './handlers/export.js';
import { findingHandlers } from './handlers/findings.js';
import { graphHandlers } from './handlers/graph.js';
import { importHandlers } from './handlers/import.js';
import { principalHandlers } from './handlers/principal.js';
import { reportHandlers } from './handlers/report.js';
import { settingsHandlers } from './handlers/settings.js';
import { triageHandlers } from './handlers/triage.js';
import { timelineHandlers } from './handlers/timeline.js';
import { volumeHandlers } from './handlers/volume.js';
import { analysisIsStale, runAnalysis } from './pipelines/analysis/run-analysis.js';
import { BULK_JOURNAL_FROM_BYTES } from './pipelines/import/import-file.js';
import { CaseOpenError, CaseTooNewError, NotACaseError } from './store/db.js';
import { WriteQueue } from './session/write-queue.js';

export type { Handlers } from './handlers/context.js';

export interface EngineOptions {
  casePath: string;
  /** better_sqlite3.node built for the running runtime (Electron); omitted under Node. */
  nativeBinding?: string | undefined;
  emit?: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Files from this size import with the reader closed (default BULK_JOURNAL_FROM_BYTES; tests lower it). */
  bulkImportFromBytes?: number | undefined;
  /** Create the case when missing (default true); otherwise the file must already be a case. */
  create?: boolean | undefined;
}

export class Engine {
  readonly handlers: Handlers;
  private readonly connections: CaseConnections;
  private readonly writes: WriteQueue;
  private readonly casePath: string;
  private closed = false;

  private constructor(options: EngineOptions) {
    this.casePath = options.casePath;
    // A case that can only be read is read in place when its findings are current; otherwise a
    // private copy is brought up to date (session/connections.ts).
    this.connections = new CaseConnections(options.casePath, {
      nativeBinding: options.nativeBinding,
      create: options.create,
      current: (db) => !analysisIsStale(db),
    });
    // Findings computed from other evidence or by an older analysis (an import killed before its
    // analysis ran, a case from an earlier version) are never shown as current: analyse again.
    if (this.connections.hasWriter && analysisIsStale(this.connections.writer)) runAnalysis(this.connections.writer);
    const derived = new DerivedCache();
    this.writes = new WriteQueue(() => derived.clear());
    const ctx: HandlerContext = {
      casePath: options.casePath,
      db: this.connections,
      writes: this.writes,
      derived,
      emit: (event, payload) => options.emit?.(event, payload),
      bulkImportFromBytes: options.bulkImportFromBytes ?? BULK_JOURNAL_FROM_BYTES,
    };
    this.handlers = {
      ...caseHandlers(ctx),
      ...evidenceHandlers(ctx),
      ...findingHandlers(ctx),
      ...graphHandlers(ctx),
      ...settingsHandlers(ctx),
      ...importHandlers(ctx),
      ...triageHandlers(ctx),
      ...volumeHandlers(ctx),
      ...principalHandlers(ctx),
      ...timelineHandlers(ctx),
      ...reportHandlers(ctx),
      ...exportHandlers(ctx),
    } satisfies Handlers;
  }

  static open(options: EngineOptions): Engine {
    return new Engine(options);
  }

  /** Validate and answer one request. Errors come out as ApiError with a stable code. */
  async call<K extends RequestName>(name: K, rawArgs: unknown): Promise<Result<K>> {
    if (this.closed) throw new ApiError('unavailable', 'the case is closed');
    const args = validateArgs(name, rawArgs);
    const handler = this.handlers[name] as (a: Args<K>) => Promise<Result<K>> | Result<K>;
    try {
      return await handler(args);
    } catch (err) {
      throw toApiError(err, this.casePath);
    }
  }

  /** Let queued writes finish, then close both connections. Later calls are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes.drained();
    this.connections.close();
  }
}

/** The error as the contract carries it; an unexpected one names the case it happened on (`file`). */
export function toApiError(err: unknown, file?: string): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof EvidenceError) return new ApiError('bad_input', err.message);
  if (err instanceof CaseTooNewError) return new ApiError('case_too_new', err.message);
  if (err instanceof NotACaseError) return new ApiError('bad_input', err.message);
  if (err instanceof CaseOpenError) return new ApiError('unavailable', err.message);
  const message = err instanceof Error ? err.message : String(err);
  // SQLite's own messages ("attempt to write a readonly database", "no such table") name no file.
  return new ApiError('internal', file && !message.startsWith(file) ? `${file}: ${message}` : message);
}
