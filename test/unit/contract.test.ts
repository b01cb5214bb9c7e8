import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { requestNames, validateArgs, type ApiError } from '../../shared/contract.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/security.js';
import { Engine } from '../../electron/engine/engine.js';
import { repoRoot, tempDir } from '../helpers.js';

test(
  'arguments are validated against the contract: defaults filled in, the offending field named, unknown fields and ' +
    'unknown requests refused',
  () => {
    // afterRow and limit are optional in the contract, defaulting to 0 and 500 (shared/contract.ts).
    assert.deepEqual(validateArgs('evidence.rejections', { evidenceId: 3 }), {
      evidenceId: 3,
      afterRow: 0,
      limit: 500,
    });
    assert.throws(
      () => validateArgs('evidence.rejections', { evidenceId: -1 }),
      (e: ApiError) => e.code === 'invalid_args' && /evidenceId/.test(e.message),
    );
    assert.throws(
      () => validateArgs('case.info', { extra: 1 }),
      (e: ApiError) => e.code === 'invalid_args' && /extra/.test(e.message),
    );
    assert.throws(
      () => validateArgs('import.files', { files: [] }),
      (e: ApiError) => e.code === 'invalid_args' && /files/.test(e.message),
    );
    assert.throws(
      () => validateArgs('fs.readFile', {}),
      (e: ApiError) => e.code === 'invalid_request' && /fs\.readFile/.test(e.message),
    );
    assert.throws(
      () => validateArgs('__proto__', {}),
      (e: ApiError) => e.code === 'invalid_request',
    );
  },
);

test('the engine implements exactly the contract and refuses unknown findings with not_found', async () => {
  const engine = Engine.open({ casePath: path.join(tempDir(), 'c.db') });
  assert.deepEqual(Object.keys(engine.handlers).sort(), [...requestNames].sort());
  await assert.rejects(
    engine.call('findings.evidence', { findingId: 'nope' }),
    (e: ApiError) => e.code === 'not_found',
  );
  await engine.close();
});

test('the renderer page carries the same CSP as the shared policy', () => {
  const html = fs.readFileSync(path.join(repoRoot, 'renderer', 'index.html'), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  assert.equal(meta, CONTENT_SECURITY_POLICY);
});

test('only the desktop shell imports electron', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(e.name) && /from ['"]electron['"]/.test(fs.readFileSync(full, 'utf8')))
        offenders.push(path.relative(repoRoot, full));
    }
  };
  for (const d of ['shared', 'renderer/src', 'electron', 'test']) walk(path.join(repoRoot, d));
  assert.deepEqual(
    offenders.filter((f) => !/^electron[\\/](main|preload)[\\/]/.test(f)),
    [],
  );
});
