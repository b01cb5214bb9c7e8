/**
 * Recipient-list cells of rule dumps (inbox-rule ForwardTo / RedirectTo, transport-rule BlindCopyTo /
 * RedirectMessageTo …). Exchange writes a list in one of these forms, and a cell may mix them:
 * - its display form, several joined by single spaces: `"Acct" [SMTP:drop.box@example.net]`,
 *   `"William Jackson" [EX:/o=ExchangeLabs/…/cn=…]`, wildcards `"*@jira.com" [SMTP:*@jira.com]`;
 * - bare addresses joined by spaces, `;` or `,` (EXO v3 objects, re-shaped exports);
 * - recipient names (`Rob Knight`), which may hold spaces and commas;
 * - a .NET type name when the export lost the values.
 * Display strings are never split on spaces (names contain them): the bracketed entries are taken
 * by pattern, and only a remainder made wholly of address tokens is split.
 */
import { normalizeIdentity } from '../../records/identity.js';
import { isTypeNameLeak } from '../type-names.js';
import { splitIdentities } from './dump-common.js';

export interface Recipient {
  /** SMTP lowercased; an EX entry's legacy DN or a recipient name as written. */
  address: string;
  /** The quoted display name of the display form, when the cell gave one. */
  display: string | null;
  /** The bracket's address type (`SMTP`, `EX`, …), `SMTP` for a bare address, null for a name. */
  type: string | null;
}

export interface RecipientCell {
  recipients: Recipient[];
  /** The cell held a .NET type name: the recipients were lost when the file was written. */
  valuesLost: boolean;
}

const DISPLAY_FORM = /"((?:[^"]|"")*)"\s*\[([A-Za-z0-9]+):([^\]]*)\]/g;
/** A bare address token, wildcards included (`*@jira.com`), with or without an `smtp:` prefix. */
const ADDRESS_TOKEN = /^(?:smtp:)?[^\s@;,"'<>[\]]+@[^\s@;,"'<>[\]]+$/i;

export function readRecipients(value: string | undefined): RecipientCell {
  const v = (value ?? '').trim();
  if (v === '') return { recipients: [], valuesLost: false };
  if (isTypeNameLeak(v)) return { recipients: [], valuesLost: true };
  const recipients: Recipient[] = [];
  for (const m of v.matchAll(DISPLAY_FORM)) {
    const type = m[2]!.toUpperCase();
    const address = type === 'SMTP' ? normalizeIdentity(m[3]) : m[3]!.trim();
    if (address) recipients.push({ address, display: m[1]!.replaceAll('""', '"').trim() || null, type });
  }
  // What the display entries leave: nothing, a list of bare addresses, or recipient names.
  const rest = v
    .replace(DISPLAY_FORM, ' ')
    .replace(/^\s*\{/, '')
    .replace(/\}\s*$/, '')
    .trim();
  const tokens = rest.split(/[\s;,]+/).filter((t) => t !== '');
  if (tokens.length > 0 && tokens.every((t) => ADDRESS_TOKEN.test(t)))
    for (const t of tokens) recipients.push({ address: normalizeIdentity(t)!, display: null, type: 'SMTP' });
  else if (tokens.length > 0)
    for (const name of splitIdentities(rest).values)
      recipients.push({ address: normalizeIdentity(name) ?? name, display: null, type: null });
  return { recipients, valuesLost: false };
}
