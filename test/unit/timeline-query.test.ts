/** The timeline's search language as a pure parser: the AST it builds and the errors (with positions) it gives. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MAX_SEARCH_DEPTH,
  MAX_SEARCH_TERMS,
  parseSearchQuery,
  SearchSyntaxError,
  searchTerms,
  type SearchNode,
} from '../../shared/search-query.js';

/** The AST written compactly: words as text, `field:value`, "phrase", AND(...), OR(...), NOT x. */
function show(n: SearchNode | null): string {
  if (!n) return '';
  switch (n.type) {
    case 'term': {
      const v = n.phrase ? `"${n.value}"` : n.value;
      return n.field ? `${n.field}:${v}` : v;
    }
    case 'not':
      return `NOT ${show(n.child)}`;
    default:
      return `${n.type.toUpperCase()}(${n.children.map(show).join(' ')})`;
  }
}
const ast = (q: string) => show(parseSearchQuery(q));

function fails(q: string, reason: RegExp, column: number): void {
  assert.throws(
    () => parseSearchQuery(q),
    (err: unknown) => {
      assert.ok(err instanceof SearchSyntaxError, `${q}: ${String(err)}`);
      assert.match(err.reason, reason, q);
      assert.equal(err.position + 1, column, `${q}: column of "${err.message}"`);
      assert.match(err.message, new RegExp(`at column ${column}$`));
      return true;
    },
  );
}

test('an empty or blank query is no filter', () => {
  assert.equal(parseSearchQuery(''), null);
  assert.equal(parseSearchQuery('   \t '), null);
});

test('words are ANDed by juxtaposition; AND binds tighter than OR; parentheses group', () => {
  assert.equal(ast('alpha'), 'alpha');
  assert.equal(ast('alpha beta'), 'AND(alpha beta)');
  assert.equal(ast('alpha AND beta gamma'), 'AND(alpha beta gamma)');
  assert.equal(ast('a OR b c'), 'OR(a AND(b c))');
  assert.equal(ast('a b OR c'), 'OR(AND(a b) c)');
  assert.equal(ast('(a OR b) c'), 'AND(OR(a b) c)');
  assert.equal(ast('a OR (b OR c)'), 'OR(a b c)');
  assert.equal(ast('((a))'), 'a');
});

test('NOT and -term negate; a hyphen inside a word is part of it; double negation cancels', () => {
  assert.equal(ast('NOT a'), 'NOT a');
  assert.equal(ast('-a b'), 'AND(NOT a b)');
  assert.equal(ast('-ip:10.0.0.1'), 'NOT ip:10.0.0.1');
  assert.equal(ast('-(a OR b)'), 'NOT OR(a b)');
  assert.equal(ast('-"a phrase"'), 'NOT "a phrase"');
  assert.equal(ast('New-InboxRule 2024-03-05'), 'AND(New-InboxRule 2024-03-05)');
  assert.equal(ast('NOT -a'), 'a');
  assert.equal(ast('a NOT b'), 'AND(a NOT b)');
});

test('operators are capitals only: lowercase and/or/not are words', () => {
  assert.equal(ast('a and b'), 'AND(a and b)');
  assert.equal(ast('not'), 'not');
  assert.equal(ast('a or b'), 'AND(a or b)');
});

test('field:value, field:"phrase", field names in any case; quoted phrases keep spaces, escapes and stars', () => {
  assert.equal(ast('ip:203.0.113.45'), 'ip:203.0.113.45');
  assert.equal(ast('Actor:ceo@example.com'), 'actor:ceo@example.com');
  assert.equal(ast('subject:"Invoice 4471 overdue"'), 'subject:"Invoice 4471 overdue"');
  assert.equal(ast('"two words"'), '"two words"');
  const t = parseSearchQuery(String.raw`"say \"hi\" \\ *"`);
  assert.ok(t && t.type === 'term');
  assert.equal(t.value, String.raw`say "hi" \ *`);
  assert.equal(t.phrase, true);
  // Only the first colon separates the field: IPv6 values keep theirs.
  assert.equal(ast('ip:2001:db8::1'), 'ip:2001:db8::1');
  assert.equal(ast('source:dump'), 'source:dump');
  assert.equal(ast('source:mess*'), 'source:mess*');
});

test('text with a colon that does not start with a field name is a word (times, IPv6)', () => {
  assert.equal(ast('10:30'), '10:30');
  assert.equal(ast('fe80::1'), 'fe80::1');
  assert.equal(ast('"https://example.com"'), '"https://example.com"');
});

test('terms carry their position, for highlighting', () => {
  const terms = searchTerms(parseSearchQuery('alpha  ip:1.2.3.4 OR -"x y"'));
  assert.deepEqual(
    terms.map((t) => [t.field, t.value, t.position]),
    [
      [null, 'alpha', 0],
      ['ip', '1.2.3.4', 7],
      [null, 'x y', 22],
    ],
  );
});

test('errors name what is wrong and the column where it is', () => {
  fails('foo:bar', /unknown field "foo"/, 1);
  fails('a https://x', /unknown field "https".*quote/, 3);
  fails('a "open phrase', /unterminated quote/, 3);
  fails('a)', /unmatched "\)"/, 2);
  fails('(a OR b', /unclosed "\("/, 1);
  fails('a ()', /empty parentheses/, 3);
  fails('a AND', /AND needs a term after it/, 6);
  fails('a OR ) b', /OR needs a term after it/, 6);
  fails('OR a', /OR needs a term before it/, 1);
  fails('a AND OR b', /AND needs a term after it/, 7);
  fails('NOT', /NOT needs a term after it/, 4);
  fails('a - b', /"-" must be followed directly by a term/, 3);
  fails('a -', /"-" must be followed directly by a term/, 3);
  fails('ip: 1.2.3.4', /"ip:" needs a value/, 1);
  fails('x subject:', /"subject:" needs a value/, 3);
  fails('ip:(a OR b)', /"ip:" needs a value/, 1);
  fails('""', /empty phrase/, 1);
  fails('source:mail', /source is audit, message or dump, not "mail"/, 8);
});

test('nesting and size are bounded', () => {
  const deep = '('.repeat(MAX_SEARCH_DEPTH + 1) + 'a' + ')'.repeat(MAX_SEARCH_DEPTH + 1);
  fails(deep, /too deeply nested/, MAX_SEARCH_DEPTH + 1);
  const ok = '('.repeat(MAX_SEARCH_DEPTH) + 'a' + ')'.repeat(MAX_SEARCH_DEPTH);
  assert.equal(ast(ok), 'a');
  const many = Array.from({ length: MAX_SEARCH_TERMS + 1 }, (_, i) => `w${i}`).join(' ');
  assert.throws(() => parseSearchQuery(many), /more than 200 terms/);
});
