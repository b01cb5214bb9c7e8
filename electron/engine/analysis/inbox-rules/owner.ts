/**
 * Which mailbox an inbox rule belongs to. Cmdlet records name it in `Mailbox` (a rule written into
 * someone else's mailbox), in the mailbox part of `Identity` (`<mailbox>\<rule>`), or only in the
 * rule object's ObjectId (`<forest>/Microsoft Exchange Hosted Organizations/<tenant>/<mailbox name>\<rule>`,
 * where the mailbox name is an alias or, for newer mailboxes, an Entra object id); without any of
 * them the cmdlet acted on the caller's own mailbox. The directory path itself is never an owner.
 */
import { lookup } from '../../records/parameters.js';
import { textOf } from '../../records/values.js';
import type { AuditRow } from '../delegation/types.js';
import type { IdentityResolver } from '../identity-resolver.js';

/** A mailbox spelling resolved to its address where the case links it; a path is cut to its last part. */
export function resolveMailbox(value: string | undefined, ids: IdentityResolver): string | null {
  const v = value?.trim();
  if (!v) return null;
  const resolved = ids.resolve(v);
  if (resolved === null) return null;
  if (!/[\\/]/.test(resolved)) return resolved;
  const last = resolved.split(/[\\/]/).filter(Boolean).pop();
  return last ?? null;
}

/** The `<mailbox>` of `<mailbox>\<rule>` (ObjectId or Identity), or undefined. */
function mailboxPart(value: string): string | undefined {
  const cut = value.lastIndexOf('\\');
  return cut > 0 ? value.slice(0, cut) : undefined;
}

export function ruleOwner(row: AuditRow, ids: IdentityResolver): { mailbox: string; basis: string } {
  const fromMailbox = resolveMailbox(lookup(row.params, 'Mailbox'), ids);
  if (fromMailbox) return { mailbox: fromMailbox, basis: 'the Mailbox parameter' };
  const identity = lookup(row.params, 'Identity');
  const fromIdentity = identity ? resolveMailbox(mailboxPart(identity), ids) : null;
  if (fromIdentity) return { mailbox: fromIdentity, basis: 'the mailbox part of Identity' };
  const objectPart = mailboxPart(textOf(row.data.ObjectId));
  const fromObject = objectPart ? resolveMailbox(objectPart, ids) : null;
  // The object's mailbox segment counts when the case links it to an address; an unlinked alias or
  // object id is weaker than the rule's own semantics: without -Mailbox it is the caller's mailbox.
  if (fromObject?.includes('@')) return { mailbox: fromObject, basis: 'the rule object (ObjectId)' };
  if (row.actor)
    return { mailbox: ids.resolve(row.actor) ?? row.actor, basis: "the caller's own mailbox (no Mailbox parameter)" };
  return { mailbox: fromObject ?? '(unknown mailbox)', basis: 'the rule object (ObjectId)' };
}

/** The rule part of `<mailbox>\<rule>` in Identity or ObjectId. */
export function ruleNameFromObject(row: AuditRow): string | null {
  for (const v of [lookup(row.params, 'Identity') ?? '', textOf(row.data.ObjectId)]) {
    const cut = v.lastIndexOf('\\');
    if (cut > 0 && cut < v.length - 1) return v.slice(cut + 1);
  }
  return null;
}
