/**
 * The engine worker closes gracefully: work in flight when the shell quits finishes and is
 * committed, the connections close, the thread ends, and later calls are refused.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { type ApiError } from '../../shared/contract.js';
import { EngineClient } from '../../electron/engine/worker/engine-client.js';
import { tempDir } from '../helpers.js';
import { purviewExport } from '../import-helpers.js';

test('close() lets an import in flight finish and commit, then ends the worker; later calls are refused', async () => {
  const dir = tempDir();
  const casePath = path.join(dir, 'case.db');
  const file = path.join(dir, 'ual.csv');
  fs.writeFileSync(file, purviewExport(3_000, { idPrefix: 'eeeeeeee', padding: 200 }));
  const client = await EngineClient.start({ casePath });
  const importing = client.call('import.files', { files: [{ path: file }] });
  const closing = client.close();
  const [outcome] = await importing;
  assert.ok(outcome?.ok, 'the import in flight was answered');
  assert.equal(outcome.result.accepted, 3_000);
  await closing;
  await assert.rejects(
    client.call('case.info', {}),
    (err: ApiError) => err.code === 'unavailable',
    'a closed engine refuses calls',
  );

  // The case was closed cleanly: a new engine sees the committed file.
  const again = await EngineClient.start({ casePath });
  try {
    const info = await again.call('case.info', {});
    assert.deepEqual(
      info.evidence.map((e) => [e.file, e.accepted]),
      [['ual.csv', 3_000]],
    );
  } finally {
    await again.close();
  }
});
