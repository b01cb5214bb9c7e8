/** Messages between an EngineClient and its engine worker thread. */
import type { ApiErrorShape, EventName, RequestName } from '../../../shared/contract.js';

export interface WorkerInit {
  casePath: string;
  nativeBinding?: string | undefined;
  /** Build the demo case at casePath first when no file exists there. */
  demoIfMissing?: boolean | undefined;
}

export type ToWorker =
  | { kind: 'call'; id: number; name: RequestName; args: unknown }
  /** Finish the calls in flight, close the case, then end the thread. */
  | { kind: 'close' };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'failed'; error: ApiErrorShape }
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: ApiErrorShape }
  | { kind: 'event'; event: EventName; payload: unknown };
