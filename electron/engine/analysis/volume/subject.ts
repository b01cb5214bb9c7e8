/**
 * Subject skeletons: what stays of a subject once the parts a mass mailer personalises are
 * replaced by placeholders (recipient and sender names, numbers, dates, ids, addresses), so
 * "Invoice 4471 for Anna" and "Invoice 8812 for Ben" become the same "invoice # for {name}".
 * Subjects that still differ by one word are matched by token edit distance 1 (deletion
 * neighbourhoods: two subjects differing by one substituted, inserted or deleted word share a key
 * with that word left out), confirmed by token Jaccard similarity (NEAR_IDENTICAL). Personalised lures
 * whose kit rotates templates meet on the words they are about (lureCore).
 */

export interface SubjectSkeleton {
  skeleton: string;
  tokens: string[];
  /** A name of the sender or a recipient was replaced: the subject was personalised. */
  personalized: boolean;
  /** The subject carried a reply / forward prefix (RE:, FW:, AW:, WG: …). */
  reply: boolean;
}

/** Reply and forward prefixes in the languages tenants commonly use (en, de, nl, fr, es, it, nordic). */
const PREFIX =
  /^(?:\s*(?:re|fw|fwd|aw|wg|sv|vs|antw|tr|rv|r|i|vl|doorst|réf|ref)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+/iu;
const TAG = /^(?:\s*\[(?:external|extern|ext|extérieur|externe)\]\s*)+/iu;
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember';
const REPLACEMENTS: Array<[RegExp, string]> = [
  [/https?:\/\/\S+/giu, ' {url} '],
  [/[^\s@<>()[\]]+@[^\s@<>()[\]]+/gu, ' {email} '],
  [/\b\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?z?)?\b/giu, ' {date} '],
  [/\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/gu, ' {date} '],
  [
    new RegExp(
      `\\b(?:\\d{1,2}(?:st|nd|rd|th)?\\.?\\s+(?:${MONTHS})\\.?(?:\\s+\\d{4})?|(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?)\\b`,
      'giu',
    ),
    ' {date} ',
  ],
  [/\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?\b/giu, ' {time} '],
  // GUIDs, hex digests and long codes mixing letters and digits (ticket, invoice and tracking ids).
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/giu, ' {id} '],
  [/\b(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{6,}\b/giu, ' {id} '],
  // Numbers standing alone become one token; digits inside a word ("Q1", "v2") stay in the word.
  [/(?<![\p{L}\d])\d+(?:[.,]\d+)*(?![\p{L}\d])/gu, ' # '],
  [/\d+/gu, '#'],
];
const TOKEN = /[\p{L}\p{N}{}#]+/gu;

/** Name parts of an address's local part: `anna.berg-lund@x` gives anna, berg, lund. */
export function nameParts(address: string | null | undefined): string[] {
  if (!address) return [];
  const at = address.indexOf('@');
  const local = (at > 0 ? address.slice(0, at) : address).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return local.split(/[._\-+\d\s]+/u).filter((p) => p.length >= 2);
}

export function skeletonOf(subject: string | null, names: ReadonlySet<string>): SubjectSkeleton {
  // Accents folded: a lure writes the display name ("ZOË") where the address has "zoe".
  let s = (subject ?? '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
  let reply = false;
  for (let i = 0; i < 3; i++) {
    const before = s;
    s = s.replace(TAG, '');
    s = s.replace(PREFIX, () => {
      reply = true;
      return '';
    });
    if (s === before) break;
  }
  for (const [re, to] of REPLACEMENTS) s = s.replace(re, to);
  let personalized = false;
  const tokens = (s.match(TOKEN) ?? []).map((t) => {
    if (names.has(t)) {
      personalized = true;
      return '{name}';
    }
    return t;
  });
  return { skeleton: tokens.join(' '), tokens, personalized, reply };
}

/**
 * Keys under which a skeleton is filed: the skeleton itself and, for subjects of 4+ tokens, the
 * skeleton with each token left out in turn (shorter subjects are too generic for fuzzy matching).
 * One namespace for both, so "overdue invoice # for {name}" minus "overdue" meets the plain
 * "invoice # for {name}", and two subjects differing in one word meet with that word left out.
 */
export function similarityKeys(sk: SubjectSkeleton): string[] {
  const keys = [sk.skeleton];
  const t = sk.tokens;
  if (t.length >= 4) for (let i = 0; i < t.length; i++) keys.push([...t.slice(0, i), ...t.slice(i + 1)].join(' '));
  for (const word of lureCore(sk) ?? []) keys.push(`{lure} ${word}`);
  return keys;
}

/** Words a lure kit reorders and swaps between its templates ("your", "for", "No."): not what it is about. */
const FILLER = new Set(
  'a an the your you yours my our is are was be for of to from and or on in at with by no nr re fw fwd'.split(' '),
);
const PLACEHOLDER = /^(?:\{\w+\}|#)$/;

/**
 * The few words a personalised lure is about, once names, numbers and filler are gone: "Invoice
 * #2780 - Sara", "Emily, your invoice 5414 is ready" and "RE: Invoice 9027 for Margaret" come from
 * one kit rotating templates and share "invoice". Only subjects carrying both a name of their
 * sender or recipient and a number or id have one: ordinary mail rarely does.
 */
export function lureCore(sk: SubjectSkeleton): string[] | null {
  if (!sk.personalized || !sk.tokens.some((t) => t === '#' || t === '{id}')) return null;
  const core = [...new Set(sk.tokens.filter((t) => !PLACEHOLDER.test(t) && !FILLER.has(t)))].sort();
  return core.length >= 1 && core.length <= 3 ? core : null;
}

/** Two personalised lures of one kit: the words of one are all among the words of the other. */
export function sameLure(a: SubjectSkeleton, b: SubjectSkeleton): boolean {
  const x = lureCore(a);
  const y = lureCore(b);
  if (!x || !y) return false;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.every((w) => long.includes(w));
}

/** Jaccard similarity of two token sets. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const A = new Set(a);
  const B = new Set(b);
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  const union = A.size + B.size - inter;
  return union === 0 ? 1 : inter / union;
}

/**
 * Two skeletons count as near-identical at this token Jaccard or above: one word added to four
 * (0.8) or one of six replaced (0.71) passes; one of four replaced (0.6) does not, because short
 * subjects sharing three words collide by chance in a busy tenant.
 */
export const NEAR_IDENTICAL = 0.7;
