/**
 * The recipients a transport rule's `Description` names in its actions, for exports that keep only
 * that text (Extractor-Suite Get-TransportRules). Exchange builds the text as sections, each a
 * heading line ending in `:` followed by TAB-indented items:
 *
 *   If the message:            conditions (absent when the rule has none)
 *   Take the following actions:
 *   Except if the message:     exceptions (absent when none)
 *
 * Headings and phrases are in the collecting session's language, so the action section is found
 * by position (the second heading when there are conditions, else the first); the English headings
 * only settle the one case position cannot (two headings). Recipient actions list SMTP addresses in
 * quotes (`'a@x' and 'b@y'`), and a list over 200 characters is cut, ending `'b'and...`.
 */
import { normalizeIdentity } from '../../records/identity.js';

export interface DescribedRecipient {
  /** The action the item's wording names (BlindCopyTo, RedirectMessageTo), else 'DescribedAction'. */
  action: string;
  address: string;
}

export interface DescribedActions {
  recipients: DescribedRecipient[];
  /** An action's address list was cut by Exchange: the full list is not in this text. */
  truncated: boolean;
  /** No action section could be told apart (no headings, or two headings in another language). */
  unstructured: boolean;
}

const CONDITIONS = /^if the message:$/i;
const ACTIONS = /^take the following actions:$/i;
const EXCEPTIONS = /^except if the message:$/i;
const ENGLISH_HEADING = /(If the message:|Take the following actions:|Except if the message:)/g;

/** English action wording known from Exchange's resources; anything else is a DescribedAction. */
const WORDING: Array<[RegExp, string]> = [
  [/blind carbon copy \(bcc\) the message to/i, 'BlindCopyTo'],
  [/redirect the message to/i, 'RedirectMessageTo'],
];

const QUOTED = /'([^']*)'/g;
const ADDRESS = /^[^\s@'"]+@[^\s@'"]+\.[^\s@'"]+$/;
/** A list Exchange cut: the last quoted value runs into the delimiter and `...` (`'b'and...`). */
const CUT = /'[^'\s]*(?:\.\.\.|…)\s*$/;

interface Section {
  heading: string;
  items: string[];
}

/** Lines into sections; a text whose line breaks were flattened is re-split at the English headings. */
function sections(text: string): Section[] {
  let lines = text.split(/\r\n|\n|\r/);
  if (lines.filter((l) => l.trim() !== '').length <= 1)
    lines = text
      .replace(ENGLISH_HEADING, '\n$1\n')
      .split('\n')
      // Items of a flattened section were joined by " and "/" or " (a list continues with "and '").
      .flatMap((l) => (/:\s*$/.test(l) ? [l.trim()] : l.split(/\s+(?=(?:and|or)\s+[^'\s])/i).map((i) => `\t${i}`)));
  const out: Section[] = [];
  let current: Section | null = null;
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) current?.items.push(line.trim());
    else if (/:\s*$/.test(line)) out.push((current = { heading: line.trim(), items: [] }));
    // A plain line (activation / expiry date) ends the section before it.
    else current = null;
  }
  return out;
}

function actionSection(list: Section[]): Section | null {
  const english = list.find((s) => ACTIONS.test(s.heading));
  if (english) return english;
  if (list.length === 3) return list[1]!;
  if (list.length === 1) return list[0]!;
  if (list.length === 2) {
    if (CONDITIONS.test(list[0]!.heading)) return list[1]!;
    if (EXCEPTIONS.test(list[1]!.heading)) return list[0]!;
  }
  return null;
}

export function describedActions(description: string | undefined): DescribedActions {
  const text = description?.trim() ?? '';
  if (text === '') return { recipients: [], truncated: false, unstructured: false };
  const actions = actionSection(sections(text));
  if (!actions) return { recipients: [], truncated: false, unstructured: true };
  const recipients: DescribedRecipient[] = [];
  const seen = new Set<string>();
  let truncated = false;
  for (const item of actions.items) {
    const action = WORDING.find(([re]) => re.test(item))?.[1] ?? 'DescribedAction';
    for (const m of item.matchAll(QUOTED)) {
      const token = m[1]!.trim();
      if (!ADDRESS.test(token)) continue;
      const address = normalizeIdentity(token)!;
      const key = `${action}\u0000${address}`;
      if (seen.has(key)) continue;
      seen.add(key);
      recipients.push({ action, address });
    }
    if (CUT.test(item)) truncated = true;
  }
  return { recipients, truncated, unstructured: false };
}
