/**
 * Worker-thread entry: owns the case's SQLite connections and answers calls posted by an
 * EngineClient. Keeping it here keeps SQLite and parsing off the Electron main process and off the
 * browser host's HTTP loop. On `close` it finishes the calls in flight, closes the case and lets the
 * thread end, so quitting never cuts a write short.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../../shared/contract.js';
import { buildDemoCase } from '../demo.js';
import { Engine, toApiError } from '../engine.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('engine-worker must run in a worker thread');
const post = (msg: FromWorker) => port.postMessage(msg);
const init = workerData as WorkerInit;

let engine: Engine;
try {
  if (init.demoIfMissing && !fs.existsSync(init.casePath))
    await buildDemoCase(init.casePath, { nativeBinding: init.nativeBinding });
  engine = Engine.open({
    casePath: init.casePath,
    nativeBinding: init.nativeBinding,
    emit: (event, payload) => post({ kind: 'event', event, payload }),
  });
  post({ kind: 'ready' });
} catch (err) {
  post({ kind: 'failed', error: toApiError(err, init.casePath).toShape() });
  process.exit(0);
}

const inFlight = new Set<Promise<unknown>>();
let closing = false;

async function closeCase(): Promise<void> {
  closing = true;
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  await engine.close();
  port!.close();
}

port.on('message', (msg: ToWorker) => {
  if (msg.kind === 'close') {
    if (!closing) void closeCase();
    return;
  }
  if (closing) {
    post({
      kind: 'result',
      id: msg.id,
      ok: false,
      error: new ApiError('unavailable', 'the case is closing').toShape(),
    });
    return;
  }
  const call = engine.call(msg.name, msg.args).then(
    (value) => post({ kind: 'result', id: msg.id, ok: true, value }),
    (err: unknown) => post({ kind: 'result', id: msg.id, ok: false, error: toApiError(err).toShape() }),
  );
  inFlight.add(call);
  void call.finally(() => inFlight.delete(call));
});
