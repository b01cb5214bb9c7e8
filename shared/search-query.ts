/**
 * The timeline's search language, parsed into an AST. Pure and dependency-free: the renderer runs
 * it as the analyst types (to show a syntax error where it is) and the engine runs it again before
 * compiling the AST into SQL with bound parameters (store/timeline-search.ts).
 *
 *   query    := or
 *   or       := and ( "OR" and )*
 *   and      := unary ( ["AND"] unary )*          juxtaposition is AND
 *   unary    := "NOT" unary | "-" unary | primary  "-" only where a word could start
 *   primary  := "(" or ")" | term
 *   term     := [field ":"] ( word | "quoted phrase" )
 *
 * AND / OR / NOT are operators only in capitals ("and" is a word). Words and phrases match case-
 * insensitively; `*` in a word is a wildcard (a quoted phrase is literal; `\"` and `\\` escape in it).
 * A free word or phrase matches anywhere inside the fields free text covers; `field:value` matches
 * the field's whole value (use `*` for part of it).
 */

/** Fields a term may name (see README for what each means per source). */
export const SEARCH_FIELDS = [
  'actor',
  'target',
  'ip',
  'op',
  'result',
  'file',
  'id',
  'subject',
  'sender',
  'recipient',
  'source',
  'session',
] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export type SearchNode =
  { type: 'and' | 'or'; children: SearchNode[] } | { type: 'not'; child: SearchNode } | SearchTerm;

export interface SearchTerm {
  type: 'term';
  /** null: free text. */
  field: SearchField | null;
  /** The value as written (quotes and escapes removed). */
  value: string;
  /** Written in quotes: literal, no wildcards. */
  phrase: boolean;
  /** Offset of the term in the query (0-based), for messages. */
  position: number;
}

/** A query that does not parse: `position` is the 0-based offset of the offending text. */
export class SearchSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at column ${position + 1}`);
    this.name = 'SearchSyntaxError';
  }
}

/** Deeper nesting than this is refused (it would only make SQL expressions deep). */
export const MAX_SEARCH_DEPTH = 20;
/** More terms than this are refused (each binds parameters in up to three queries). */
export const MAX_SEARCH_TERMS = 200;

type Token =
  | { kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus'; pos: number }
  | { kind: 'word' | 'phrase'; pos: number; text: string; field: SearchField | null; fieldPos: number };

const FIELD_NAME = /^[A-Za-z_][A-Za-z_]*$/;
const SOURCES = ['audit', 'message', 'dump'];

/** True for a term value holding a `*` wildcard. */
export const hasWildcard = (t: SearchTerm): boolean => !t.phrase && t.value.includes('*');

/** Parse a query; null for an empty (or blank) one, which matches everything. Throws SearchSyntaxError. */
export function parseSearchQuery(query: string): SearchNode | null {
  const tokens = tokenize(query);
  if (tokens.length === 0) return null;
  const parser = new Parser(tokens, query.length);
  const node = parser.or(0);
  const extra = parser.peek();
  if (extra) throw new SearchSyntaxError(extra.kind === 'rparen' ? 'unmatched ")"' : 'unexpected text', extra.pos);
  if (parser.terms > MAX_SEARCH_TERMS)
    throw new SearchSyntaxError(`more than ${MAX_SEARCH_TERMS} terms`, tokens[tokens.length - 1]!.pos);
  return node;
}

/** Every term of a query, in order (for highlighting). */
export function searchTerms(node: SearchNode | null): SearchTerm[] {
  if (!node) return [];
  if (node.type === 'term') return [node];
  if (node.type === 'not') return searchTerms(node.child);
  return node.children.flatMap(searchTerms);
}

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ kind: c === '(' ? 'lparen' : 'rparen', pos: i++ });
    } else if (c === '-') {
      // `-term` negates; a "-" inside a word (New-InboxRule, 2024-03-05) is part of it.
      if (i + 1 >= q.length || /\s/.test(q[i + 1]!))
        throw new SearchSyntaxError('"-" must be followed directly by a term (-word, -field:value, -(...))', i);
      out.push({ kind: 'minus', pos: i++ });
    } else if (c === '"') {
      const [text, end] = phrase(q, i);
      out.push({ kind: 'phrase', pos: i, text, field: null, fieldPos: i });
      i = end;
    } else {
      const start = i;
      while (i < q.length && !/[\s()"]/.test(q[i]!)) i++;
      const word = q.slice(start, i);
      if (word === 'AND' || word === 'OR' || word === 'NOT') {
        out.push({ kind: word === 'AND' ? 'and' : word === 'OR' ? 'or' : 'not', pos: start });
        continue;
      }
      const colon = word.indexOf(':');
      const name = colon > 0 ? word.slice(0, colon) : '';
      // `ip:…`, `actor:…`; a prefix that is not a name (`10:30`, `fe80::1`) leaves the word as text.
      if (colon > 0 && FIELD_NAME.test(name)) {
        const field = fieldNamed(name, start);
        const valuePos = start + colon + 1;
        if (valuePos < q.length && q[valuePos] === '"') {
          const [text, end] = phrase(q, valuePos);
          out.push({ kind: 'phrase', pos: valuePos, text, field, fieldPos: start });
          i = end;
        } else if (colon === word.length - 1) {
          throw new SearchSyntaxError(`"${name}:" needs a value (write ${name}:value or ${name}:"a phrase")`, start);
        } else {
          out.push({ kind: 'word', pos: valuePos, text: word.slice(colon + 1), field, fieldPos: start });
        }
      } else {
        out.push({ kind: 'word', pos: start, text: word, field: null, fieldPos: start });
      }
    }
  }
  return out;
}

function fieldNamed(name: string, pos: number): SearchField {
  const field = SEARCH_FIELDS.find((f) => f === name.toLowerCase());
  if (!field)
    throw new SearchSyntaxError(
      `unknown field "${name}" (fields: ${SEARCH_FIELDS.join(', ')}; quote text with a colon to search it as written)`,
      pos,
    );
  return field;
}

/** A quoted phrase starting at `start` (the opening quote): its text and the offset after the closing quote. */
function phrase(q: string, start: number): [string, number] {
  let text = '';
  let i = start + 1;
  while (i < q.length) {
    const c = q[i]!;
    if (c === '\\' && i + 1 < q.length && (q[i + 1] === '"' || q[i + 1] === '\\')) {
      text += q[i + 1];
      i += 2;
    } else if (c === '"') {
      if (text.trim() === '') throw new SearchSyntaxError('empty phrase', start);
      return [text, i + 1];
    } else {
      text += c;
      i++;
    }
  }
  throw new SearchSyntaxError('unterminated quote', start);
}

class Parser {
  private i = 0;
  terms = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly end: number,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private startsUnary(t: Token | undefined): boolean {
    return t !== undefined && (t.kind === 'lparen' || t.kind === 'not' || t.kind === 'minus' || isTerm(t));
  }

  or(depth: number): SearchNode {
    const children = [this.and(depth)];
    while (this.peek()?.kind === 'or') {
      const op = this.tokens[this.i++]!;
      if (!this.startsUnary(this.peek())) throw new SearchSyntaxError('OR needs a term after it', this.after(op));
      children.push(this.and(depth));
    }
    return children.length === 1 ? children[0]! : { type: 'or', children: flatten('or', children) };
  }

  private and(depth: number): SearchNode {
    const children = [this.unary(depth)];
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'and') {
        this.i++;
        if (!this.startsUnary(this.peek())) throw new SearchSyntaxError('AND needs a term after it', this.after(t));
        children.push(this.unary(depth));
      } else if (this.startsUnary(t)) {
        children.push(this.unary(depth));
      } else break;
    }
    return children.length === 1 ? children[0]! : { type: 'and', children: flatten('and', children) };
  }

  private unary(depth: number): SearchNode {
    const t = this.peek();
    if (!t) throw new SearchSyntaxError('a term is missing', this.end);
    if (t.kind === 'not' || t.kind === 'minus') {
      this.i++;
      if (depth >= MAX_SEARCH_DEPTH) throw new SearchSyntaxError('too deeply nested', t.pos);
      if (!this.startsUnary(this.peek()))
        throw new SearchSyntaxError(`${t.kind === 'not' ? 'NOT' : '"-"'} needs a term after it`, this.after(t));
      const child = this.unary(depth + 1);
      return child.type === 'not' ? child.child : { type: 'not', child };
    }
    if (t.kind === 'lparen') {
      this.i++;
      if (depth >= MAX_SEARCH_DEPTH) throw new SearchSyntaxError('too deeply nested', t.pos);
      if (this.peek()?.kind === 'rparen') throw new SearchSyntaxError('empty parentheses', t.pos);
      const inner = this.or(depth + 1);
      if (this.peek()?.kind !== 'rparen') throw new SearchSyntaxError('unclosed "("', t.pos);
      this.i++;
      return inner;
    }
    if (isTerm(t)) {
      this.i++;
      this.terms++;
      if (t.field === 'source') checkSource(t);
      return { type: 'term', field: t.field, value: t.text, phrase: t.kind === 'phrase', position: t.fieldPos };
    }
    if (t.kind === 'rparen') throw new SearchSyntaxError('unmatched ")"', t.pos);
    throw new SearchSyntaxError(`${t.kind.toUpperCase()} needs a term before it`, t.pos);
  }

  /** Where the text after an operator token starts (for "needs a term after it"). */
  private after(t: Token): number {
    return this.peek()?.pos ?? Math.min(this.end, t.pos + (t.kind === 'minus' ? 1 : t.kind.length));
  }
}

const isTerm = (t: Token): t is Extract<Token, { kind: 'word' | 'phrase' }> => t.kind === 'word' || t.kind === 'phrase';

function flatten(type: 'and' | 'or', nodes: SearchNode[]): SearchNode[] {
  return nodes.flatMap((n) => (n.type === type ? n.children : [n]));
}

/** `source:` names audit, message or dump (wildcards allowed when they match one of them). */
function checkSource(t: Extract<Token, { kind: 'word' | 'phrase' }>): void {
  if (SOURCES.some((s) => matchesPattern(s, t.text, t.kind === 'word'))) return;
  throw new SearchSyntaxError(`source is audit, message or dump, not "${t.text}"`, t.pos);
}

/** Case-insensitive whole-value match of `value` against `pattern` (`*` a wildcard when `wild`). */
export function matchesPattern(value: string, pattern: string, wild: boolean): boolean {
  if (!wild || !pattern.includes('*')) return value.toLowerCase() === pattern.toLowerCase();
  const re = pattern
    .split('*')
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`, 'is').test(value);
}
