/** Same seed and options give byte-identical files; another seed gives different bytes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEvidence, type GenerateOptions } from '../../electron/engine/generate/generate.js';

function hashTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        out.set(
          path.relative(root, full).split(path.sep).join('/'),
          crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'),
        );
    }
  };
  walk(root);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

test('same seed and options write byte-identical files; a different seed does not', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-det-'));
  try {
    const options: GenerateOptions = { scenario: 'attack', seed: 7, users: 30, days: 4 };
    const a = await generateEvidence(path.join(base, 'a'), options);
    const b = await generateEvidence(path.join(base, 'b'), options);
    await generateEvidence(path.join(base, 'c'), { ...options, seed: 8 });
    assert.deepEqual(a.files, b.files);
    const ha = hashTree(path.join(base, 'a'));
    const hb = hashTree(path.join(base, 'b'));
    const hc = hashTree(path.join(base, 'c'));
    // On disk: exactly the files the result lists, plus truth.json. The generator writes every format pinned in
    // generate-import.test.ts (over 20), some of them in several files.
    assert.equal(ha.size, a.files.length + 1);
    assert.ok(ha.size > 20, `expected many files, got ${ha.size}`);
    assert.ok(ha.has('truth.json'));
    assert.deepEqual(hb, ha);
    // Ids, times and names are seeded: nearly every file differs (a few small dumps list only the fixed story cast).
    let differing = 0;
    for (const [file, hash] of ha) if (hc.has(file) && hc.get(file) !== hash) differing++;
    assert.ok(differing >= ha.size * 0.8, `only ${differing} of ${ha.size} files differ with another seed`);
    for (const f of a.files.filter((x) =>
      ['purview-csv-8', 'messagetrace-csv', 'get-mailboxpermission-csv'].includes(x.format),
    )) {
      assert.notEqual(hc.get(f.path), ha.get(f.path), `${f.path} should differ with another seed`);
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('the demo scenario is deterministic too and the result lists files relative with / separators', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-demo-'));
  try {
    const r1 = await generateEvidence(path.join(base, 'x'), { scenario: 'demo', seed: 1, users: 25, days: 7 });
    const r2 = await generateEvidence(path.join(base, 'y'), { scenario: 'demo', seed: 1, users: 25, days: 7 });
    assert.deepEqual(hashTree(path.join(base, 'x')), hashTree(path.join(base, 'y')));
    for (const f of r1.files) {
      assert.ok(!path.isAbsolute(f.path) && !f.path.includes('\\'), f.path);
      assert.ok(fs.existsSync(path.join(base, 'x', ...f.path.split('/'))), f.path);
    }
    assert.equal(r1.truthPath, path.join(path.resolve(base, 'x'), 'truth.json'));
    assert.equal(r2.files.length, r1.files.length);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('the benign-heavy scenario is deterministic: same seed, same bytes; another seed, other bytes', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-heavy-det-'));
  try {
    const options: GenerateOptions = { scenario: 'benign-heavy', seed: 3, users: 40, days: 8 };
    await generateEvidence(path.join(base, 'a'), options);
    await generateEvidence(path.join(base, 'b'), options);
    await generateEvidence(path.join(base, 'c'), { ...options, seed: 4 });
    const ha = hashTree(path.join(base, 'a'));
    assert.ok(ha.size > 20, `expected many files, got ${ha.size}`);
    assert.deepEqual(hashTree(path.join(base, 'b')), ha);
    const hc = hashTree(path.join(base, 'c'));
    assert.notEqual(hc.get('audit/Purview_AuditSearch_Export.csv'), ha.get('audit/Purview_AuditSearch_Export.csv'));
    assert.notEqual(hc.get('truth.json'), ha.get('truth.json'));
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('refuses a non-empty output folder and bad options', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-opt-'));
  try {
    fs.writeFileSync(path.join(base, 'keep.txt'), 'x');
    await assert.rejects(generateEvidence(base, { scenario: 'attack', seed: 1, users: 30, days: 4 }), /not empty/);
    await assert.rejects(
      generateEvidence(path.join(base, 'n'), { scenario: 'nope', seed: 1, users: 30, days: 4 }),
      /unknown scenario/,
    );
    await assert.rejects(
      generateEvidence(path.join(base, 'n'), { scenario: 'attack', seed: 1, users: 5, days: 4 }),
      /users/,
    );
    await assert.rejects(
      generateEvidence(path.join(base, 'n'), { scenario: 'attack', seed: 1, users: 30, days: 2 }),
      /days/,
    );
    // The busy tenant's cast is larger (second service desk and assistant, four more shared mailboxes).
    await assert.rejects(
      generateEvidence(path.join(base, 'n'), { scenario: 'benign-heavy', seed: 1, users: 21, days: 4 }),
      /users must be a whole number from 26 /,
    );
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
