/**
 * Issue 14.9: every record is accounted for. Per file, accepted + rejected + duplicates equals the
 * records the file holds, across formats, with the faults real exports have (a stray quote, a cut
 * record, a bad value, an overlapping duplicate); a stray quote never swallows the next record; a
 * rejected record keeps its full source text.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { test } from 'node:test';
import {
  auditRecord,
  importFiles,
  jsonArray,
  jsonLines,
  okResult,
  PURVIEW_HEADER,
  purviewRow,
  writeFiles,
} from '../evidence-builders.js';

const N = 164;
const audit = (i: number) => JSON.stringify(auditRecord(i));

function rejectedRows(casePath: string): Array<{ row: number; line: number; reason: string; raw: string }> {
  const db = new Database(casePath, { readonly: true });
  try {
    return db.prepare('SELECT row, line, reason, raw FROM evidence_rejection ORDER BY row').all() as Array<{
      row: number;
      line: number;
      reason: string;
      raw: string;
    }>;
  } finally {
    db.close();
  }
}

/** Purview rows 1..N; row `at` gets `fault`, applied to its CSV line. */
function purviewWith(faults: Record<number, (line: string) => string>): string {
  const lines = [PURVIEW_HEADER];
  for (let i = 1; i <= N; i++) {
    const line = purviewRow(audit(i), `r${i}`);
    const fault = faults[i];
    lines.push(fault ? fault(line) : line);
  }
  return lines.join('\r\n') + '\r\n';
}

const accounted = (r: { accepted: number; rejected: number; duplicates: number }) =>
  r.accepted + r.rejected + r.duplicates;

test('a stray quote opening a field that runs into the next record rejects its own row only: 163 + 1 of 164', async () => {
  // The last (empty) column opens a quote that the next record's AuditData quote would "close".
  const dir = writeFiles({ 'stray.csv': purviewWith({ 57: (l) => `${l}"` }) });
  const { casePath, outcomes } = await importFiles([path.join(dir, 'stray.csv')]);
  const r = okResult(outcomes[0]);
  assert.deepEqual([r.accepted, r.rejected, r.duplicates], [163, 1, 0]);
  const [rej] = rejectedRows(casePath);
  assert.equal(rej!.row, 57);
  assert.match(rej!.reason, /stray quote: the quoted field opened on line 58 runs into the next record/);
  assert.equal(rej!.raw, `${purviewRow(audit(57), 'r57')}"`, 'the rejected line is kept as written');
});

test('a stray quote at the start of an unquoted cell rejects that row; the next row still imports', async () => {
  const dir = writeFiles({
    'stray.csv': purviewWith({ 10: (l) => l.replace('user@example.com', '"user@example.com') }),
  });
  const { casePath, outcomes } = await importFiles([path.join(dir, 'stray.csv')]);
  const r = okResult(outcomes[0]);
  assert.equal(accounted(r), N);
  assert.deepEqual([r.accepted, r.rejected], [N - 1, 1]);
  assert.equal(rejectedRows(casePath)[0]!.row, 10);
});

test('rejected rows keep their full source text (not the first 300 characters), bounded at 1 MiB with a marker', async () => {
  const long = JSON.stringify(auditRecord(3, { Padding: 'p'.repeat(5000) }));
  const huge = JSON.stringify(auditRecord(4, { Padding: 'q'.repeat(1_500_000) }));
  const cutLine = purviewRow(long.slice(0, -1), 'r3'); // AuditData missing its closing brace
  const jsonCut = long.slice(0, -1);
  const dir = writeFiles({
    'long.csv': [PURVIEW_HEADER, purviewRow(audit(1), 'r1'), cutLine, purviewRow(huge.slice(0, -1), 'r4')].join('\r\n'),
    'long.jsonl': jsonLines([audit(1), jsonCut.replace('"Padding"', '"Padding" "x"'), audit(2)]),
  });
  const csv = await importFiles([path.join(dir, 'long.csv')]);
  const [csvCut, csvHuge] = rejectedRows(csv.casePath);
  assert.ok(csvCut!.raw === cutLine, 'the cut row is kept whole');
  assert.ok(csvHuge!.raw.length < 1_100_000 && csvHuge!.raw.startsWith('r4,'));
  assert.match(csvHuge!.raw, /… \[cut: 1,500,\d{3} characters in all\]$/);
  const jsonl = await importFiles([path.join(dir, 'long.jsonl')]);
  const [jsonRej] = rejectedRows(jsonl.casePath);
  assert.ok(jsonRej!.raw === jsonCut.replace('"Padding"', '"Padding" "x"'), 'the bad JSON record is kept whole');
});

/** Records 1..N of each format, with faults; the ground truth is N records per file. */
function faultyFiles(): Record<string, string> {
  const ids = (i: number) => `${(0x20000000 + i).toString(16)}-0000-4000-8000-08dc3c1a0001`;
  const withId = (i: number, id = ids(i)) => JSON.stringify(auditRecord(i, { Id: id }));
  const jsonRecords: string[] = [];
  for (let i = 1; i <= N; i++) {
    if (i === 20)
      jsonRecords.push(withId(i).slice(0, -2)); // cut: never closes
    else if (i === 40)
      jsonRecords.push(withId(i).replace('"Operation"', "'Operation'")); // not JSON
    else if (i === 60)
      jsonRecords.push(withId(i, ids(59))); // the same record id as 59: a duplicate
    else if (i === 80) jsonRecords.push(JSON.stringify({ Id: ids(i), CreationTime: 'yesterday', Operation: 'x' }));
    else jsonRecords.push(withId(i));
  }
  const trace = [
    '"Organization","MessageId","Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageTraceId","StartDate","EndDate","Index"',
  ];
  const dump = [
    '"AccessRights","Deny","InheritanceType","User","UserSid","Identity","IsInherited","IsValid","ObjectState"',
  ];
  for (let i = 1; i <= N; i++) {
    const stamp = `3/4/2024 ${1 + (i % 12)}:${String(i % 60).padStart(2, '0')}:07 AM`;
    let t = `"example.onmicrosoft.com","<m${i}@example.com>","${stamp}","a${i}@example.com","b@example.com","Subject ${i}","Delivered","","","100","${ids(i)}","3/1/2024","3/6/2024","${i}"`;
    if (i === 30) t = t.replace('"Subject 30"', '"Subject" 30"'); // a stray quote inside a quoted cell
    if (i === 31) t = t.replace(`"${stamp}"`, '"not a date"');
    if (i === 32) t = trace[28]!; // row 28, exported twice
    if (i === 33) t = t.slice(0, 60); // cut short
    trace.push(t);
    let d = `"FullAccess","False","All","delegate${i}@example.com","S-1-5-21-1-2-3-${i}","mailbox${i}","False","True","Unchanged"`;
    if (i === 50) d = d.replace('"FullAccess"', '""'); // no rights
    if (i === 51) d = `"FullAccess","False","All","delegate${i}@example.com","S-1-5-21-1-2-3-${i}","mailbox${i}`; // quote never closed
    dump.push(d);
  }
  return {
    'audit.jsonl': jsonLines(jsonRecords),
    'audit.json': jsonArray(jsonRecords),
    'audit.csv': purviewWith({
      5: (l) => `${l}"`,
      6: (l) => l.replace('CreationTime', 'Creation"Time'),
      7: (l) => l.slice(0, 50),
      90: () => purviewRow(audit(89), 'r89'),
    }),
    'trace.csv': trace.join('\r\n') + '\r\n',
    'permissions.csv': dump.join('\r\n') + '\r\n',
  };
}

test('accepted + rejected + duplicates = records in the file, per file, across formats with faults', async (t) => {
  const files = faultyFiles();
  const dir = writeFiles(files);
  const names = Object.keys(files);
  // One case per file: duplicates across files would otherwise be counted in the later file.
  for (const name of names) {
    const { outcomes } = await importFiles([path.join(dir, name)]);
    const r = okResult(outcomes[0]);
    assert.equal(accounted(r), N, `${name}: ${r.accepted} + ${r.rejected} + ${r.duplicates} of ${N}`);
    assert.ok(r.rejected >= 2, `${name}: the faults are rejected (${r.rejected})`);
    t.diagnostic(`${name} (${r.format}): ${r.accepted} accepted + ${r.rejected} rejected + ${r.duplicates} duplicates`);
  }
});
