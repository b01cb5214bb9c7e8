/**
 * Runs an Engine in a worker thread and exposes the contract as typed async calls plus events.
 * Used by the Electron main process and by the browser host; both stay responsive during imports.
 */
import { Worker } from 'node:worker_threads';
import { ApiError, type EventName, type RequestName, type Result } from '../../../shared/contract.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
export type EngineEventListener = (event: EventName, payload: unknown) => void;

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<EngineEventListener>();
  private exited = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: FromWorker) => this.receive(msg));
    worker.on('error', (err) => this.failAll(new ApiError('internal', `engine worker crashed: ${err.message}`)));
    worker.on('exit', () => {
      this.exited = true;
      this.failAll(new ApiError('unavailable', 'engine worker stopped'));
    });
  }

  /** Start a worker on a case; rejects with the engine's error when the case cannot be opened. */
  static start(init: WorkerInit): Promise<EngineClient> {
    const worker = new Worker(new URL('./engine-worker.js', import.meta.url), { workerData: init });
    return new Promise((resolve, reject) => {
      const onMessage = (msg: FromWorker) => {
        if (msg.kind === 'ready') {
          worker.off('message', onMessage);
          resolve(new EngineClient(worker));
        } else if (msg.kind === 'failed') {
          worker.off('message', onMessage);
          reject(ApiError.from(msg.error));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  }

  call<K extends RequestName>(name: K, args: unknown): Promise<Result<K>> {
    if (this.exited) return Promise.reject(new ApiError('unavailable', 'engine worker stopped'));
    const id = this.nextId++;
    const msg: ToWorker = { kind: 'call', id, name, args };
    return new Promise<Result<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage(msg);
    });
  }

  onEvent(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Close the case: the worker finishes the calls in flight and closes its connections, then ends.
   * A worker that has not ended after `graceMs` (a hung call) is terminated; an import cut short
   * that way is rolled back by SQLite, since every file commits on its own.
   */
  async close(graceMs = 15_000): Promise<void> {
    if (this.exited) return;
    const ended = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ kind: 'close' } satisfies ToWorker);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    const outcome = await Promise.race([ended, late]);
    clearTimeout(timer);
    if (outcome === 'late') await this.worker.terminate();
  }

  private receive(msg: FromWorker): void {
    if (msg.kind === 'event') {
      for (const l of this.listeners) l(msg.event, msg.payload);
      return;
    }
    if (msg.kind !== 'result') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(ApiError.from(msg.error));
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
