/**
 * Hostile evidence text stays inert on the terminal (issue 14 points 3 and 4): escape sequences
 * (OSC 52 clipboard writes, OSC 8 links, ESC[2J, hidden text, 8-bit CSI) and bidi overrides and
 * isolates in evidence reach no CLI output raw, in any command or message; they are shown as
 * `<U+XXXX>`. Every printer goes through electron/cli/output.ts, which uses shared/inert-text.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { hasActiveCharacters, inertJson, revealControls, revealControlsKeepingLines } from '../../shared/inert-text.js';
import { cliPath, fixture, repoRoot, tempDir } from '../helpers.js';

const ESC = '\u001b';
/** Every code point that must never reach a terminal raw, one per entry. */
const ACTIVE = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  ...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)),
  ...['\u061c', '\u200b', '\u200e', '\u200f', '\u2028', '\u2029', '\ufeff', '\u{e0041}', '\u{e007f}'],
  ...Array.from({ length: 5 }, (_, i) => String.fromCharCode(0x202a + i)),
  ...Array.from({ length: 4 }, (_, i) => String.fromCharCode(0x2066 + i)),
  ...Array.from({ length: 5 }, (_, i) => String.fromCharCode(0x2060 + i)),
];
/** Terminal attacks as an attacker would write them into a display name or a file name. */
const PAYLOADS = [
  `${ESC}]52;c;ZXZpbA==\u0007`, // OSC 52: write the clipboard
  `${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\`, // OSC 8: a link
  `${ESC}[2J${ESC}[H`, // clear the screen
  `${ESC}[8mhidden${ESC}[0m`, // hidden text
  `\u009b31m`, // 8-bit CSI
  `line\r\nforged: no findings`, // a forged line of output
  `\u202egnp.exe`, // right-to-left override
  `\u2066isolated\u2069`,
];
/** Raw characters allowed in CLI output: LF between lines, and CR of the CRLF that ends CSV records. */
const isInert = (text: string, csv = false) =>
  !hasActiveCharacters(csv ? text.replaceAll('\r\n', '\n').replaceAll('\n', '') : text.replaceAll('\n', ''));

test('revealControls makes every control, bidi, separator and invisible character visible, and nothing else', () => {
  for (const c of ACTIVE) {
    const shown = revealControls(`a${c}b`);
    assert.equal(hasActiveCharacters(shown), false, `U+${c.codePointAt(0)!.toString(16)}`);
    assert.match(shown, /^a<U\+[0-9A-F]{4,5}>b$/);
  }
  assert.equal(revealControls(`x${ESC}[2Jy\u202ez`), 'x<U+001B>[2Jy<U+202E>z');
  for (const p of PAYLOADS) {
    assert.equal(hasActiveCharacters(revealControls(p)), false, JSON.stringify(p));
    // Idempotent: text already made inert is left as it is.
    assert.equal(revealControls(revealControls(p)), revealControls(p));
  }
  // Printable text of every script stays as it is, joiners (Persian ZWNJ, emoji ZWJ) included.
  for (const ok of ['Zoë Müller', 'مریم\u200cاحمدی', '👩\u200d💻', '李雷', 'tab-free text', '\u00a0nbsp']) {
    assert.equal(revealControls(ok), ok);
  }
  assert.equal(revealControlsKeepingLines(`one\ntwo${ESC}`), 'one\ntwo<U+001B>');
  assert.equal(revealControlsKeepingLines('a\r\nb'), 'a<U+000D>\nb');
});

test('inertJson escapes what JSON.stringify leaves raw and reads back as the same value', () => {
  const value = { name: PAYLOADS.join('|'), all: ACTIVE.join(''), nested: [{ x: '\u202e\u009b' }] };
  const text = inertJson(value, 2);
  assert.equal(isInert(text), true);
  assert.deepEqual(JSON.parse(text), value);
});

function dlens(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A Purview export whose trustee is `hostile` (written as JSON escapes, as an export carries it) in
 * a file whose own name is hostile too.
 */
function hostileEvidence(dir: string, hostile: string): string {
  // JSON escapes for the controls (raw ones are not valid JSON); bidi characters go in raw.
  const escaped = JSON.stringify(hostile).slice(1, -1);
  const text = fs
    .readFileSync(fixture('purview-new-fullaccess.csv'), 'utf8')
    .replaceAll('helpdesk7@example.com', `helpdesk7${escaped.replaceAll('"', '""')}@example.com`);
  const file = path.join(dir, `ual${ESC}[2J\u202e.csv`);
  fs.writeFileSync(file, text);
  return file;
}

test('no CLI output carries evidence control or bidi characters raw: import, info, findings, graph, settings, errors', () => {
  const dir = tempDir();
  const casePath = path.join(dir, 'case.db');
  const hostile = PAYLOADS.join('');
  const file = hostileEvidence(dir, hostile);
  const runs: Array<[string, ReturnType<typeof dlens>, boolean?]> = [
    ['import', dlens('import', casePath, file)],
    ['import again', dlens('import', casePath, file)],
    ['info', dlens('info', casePath)],
    ['info --json', dlens('info', casePath, '--json')],
    ['findings', dlens('findings', casePath)],
    ['findings --json', dlens('findings', casePath, '--json')],
    ['findings --csv', dlens('findings', casePath, '--csv'), true],
    ['graph', dlens('graph', casePath)],
    ['graph --json', dlens('graph', casePath, '--json')],
    ['settings', dlens('settings', casePath, '--known-admin', `adm${ESC}]52;c;eA==\u0007@example.com`)],
    ['missing file', dlens('import', casePath, path.join(dir, `gone${ESC}[2J.csv`))],
    ['unsupported file', dlens('import', casePath, writeText(dir, `note${ESC}.txt`, `${ESC}]52;c;eA==\u0007\u202e\n`))],
    ['unknown command', dlens(`x${ESC}[2J`)],
    ['bad option', dlens('info', casePath, `--x${ESC}[2J`)],
  ];
  for (const [label, r, csv] of runs) {
    assert.ok(r.code !== null, label);
    assert.equal(isInert(r.stdout, csv), true, `${label}: stdout carries a raw control or bidi character`);
    assert.equal(isInert(r.stderr), true, `${label}: stderr carries a raw control or bidi character`);
  }
  const text = Object.fromEntries(runs.map(([label, r]) => [label, r.stdout + r.stderr]));
  assert.equal(runs[0]![1].code, 0, runs[0]![1].stderr);
  // The hostile parts are shown, visibly, where the evidence put them.
  for (const label of ['import', 'info', 'findings', 'findings --csv', 'graph'])
    assert.match(text[label]!, /<U\+001B>\[2J/, `${label} shows the escape visibly`);
  for (const label of ['findings', 'findings --csv', 'graph'])
    assert.match(text[label]!, /<U\+001B>\]52;c;ZXZpbA==<U\+0007>.*<U\+202E>gnp\.exe/, label);
  assert.match(text.findings!, /<U\+000D><U\+000A>forged: no findings/, 'a forged line stays inside its cell');
  assert.match(text['findings --json']!, /\\u001b\]52;c;ZXZpbA==\\u0007/, 'JSON keeps the value, escaped');
  assert.match(text['settings']!, /known admins +adm<U\+001B>\]52;c;ea==<U\+0007>@example\.com/i);
  assert.match(text['missing file']!, /^dlens: .*gone<U\+001B>\[2J\.csv: file not found$/m);
  assert.match(text['unsupported file']!, /note<U\+001B>\.txt: unsupported format/);
  assert.match(text['unknown command']!, /unknown command "x\\u001b\[2J"/);
});

function writeText(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

test('every CLI printer goes through output.ts: no command writes to the console or the streams itself', () => {
  const cliDir = path.join(repoRoot, 'electron', 'cli');
  const files = fs.readdirSync(cliDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 10);
  for (const rel of files) {
    if (rel === 'output.ts') continue;
    const source = fs.readFileSync(path.join(cliDir, rel), 'utf8');
    assert.doesNotMatch(source, /console\.|process\.(stdout|stderr)\.write/, `${rel} prints around output.ts`);
  }
});
