/**
 * Worker-thread entry: owns the case's SQLite connections and answers calls posted by an
 * EngineClient. Keeping it here keeps SQLite and parsing off the Electron main process and off the
 * browser host's HTTP loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import fs from 'node:fs';
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
  post({ kind: 'failed', error: toApiError(err).toShape() });
  process.exit(0);
}

port.on('message', (msg: ToWorker) => {
  if (msg.kind !== 'call') return;
  engine.call(msg.name, msg.args).then(
    (value) => post({ kind: 'result', id: msg.id, ok: true, value }),
    (err: unknown) => post({ kind: 'result', id: msg.id, ok: false, error: toApiError(err).toShape() }),
  );
});

port.on('close', () => engine.close());
