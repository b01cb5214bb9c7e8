/**
 * What every domain's handlers are given: the case's connections, the write queue, a cache of
 * derived data that every write clears, and the event emitter.
 */
import type { Args, EventName, EventPayload, RequestName, Result } from '../../../shared/contract.js';
import type { CaseConnections } from '../session/connections.js';
import type { WriteQueue } from '../session/write-queue.js';

export type Handlers = { [K in RequestName]: (args: Args<K>) => Promise<Result<K>> | Result<K> };

/** Values derived from the case that are costly to rebuild (the graph's tenant profile); cleared by every write. */
export class DerivedCache {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string, build: () => T): T {
    if (!this.values.has(key)) this.values.set(key, build());
    return this.values.get(key) as T;
  }
  clear(): void {
    this.values.clear();
  }
}

export interface HandlerContext {
  casePath: string;
  db: CaseConnections;
  writes: WriteQueue;
  derived: DerivedCache;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Files from this size import with the reader closed (see pipelines/import/import-file.ts). */
  bulkImportFromBytes: number;
}
