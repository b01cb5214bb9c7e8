/**
 * Mailbox folders and folder permissions as Exchange names them, in the languages tenants use.
 */

/**
 * Folder roles and rights that let the holder read items, not free/busy only: the roles of
 * Get-MailboxFolderPermission (Owner … Reviewer), its ReadItems right, and the mailbox audit's
 * spelling of the same rights in AddFolderPermissions / UpdateCalendarDelegation (ReadAny,
 * FullDetails).
 */
const READ_FOLDER_RIGHTS =
  /^(owner|publishingeditor|editor|publishingauthor|author|nonediting ?author|reviewer|readitems|readany|fulldetails)$/i;

export const grantsFolderRead = (rights: readonly string[]): boolean =>
  rights.some((r) => READ_FOLDER_RIGHTS.test(r.replace(/\s+/g, '')));

/** Folder-permission principals that stand for everyone: every user, unauthenticated callers. */
const PSEUDO_PRINCIPALS = new Set(['default', 'anonymous', 'everyone']);

export const isPseudoPrincipal = (trustee: string): boolean => PSEUDO_PRINCIPALS.has(trustee.toLowerCase());

/**
 * In a Microsoft 365 group's mailbox, folder permissions name `Member@local` and `Owner@local`:
 * the group's own members and owners (set when the service configures the group mailbox), not the
 * tenant's Default user and not outside addresses. They become "Members of <group>" / "Owners of
 * <group>", principals of that group alone.
 */
export function groupMailboxPrincipal(member: string, groupMailbox: string): string | null {
  if (/^member@local$/i.test(member.trim())) return `Members of ${groupMailbox}`;
  if (/^owner@local$/i.test(member.trim())) return `Owners of ${groupMailbox}`;
  return null;
}

export const isGroupPseudoPrincipal = (trustee: string): boolean => /^(members|owners) of /i.test(trustee);

/** Calendar and contacts folders: shared routinely, lower risk than mail folders. */
export const isCalendarLikeFolder = (folder: string | null): boolean =>
  /^(calendar|contacts|kalender|calendrier|personmetadata)$/i.test(folder ?? '');

/** The Inbox or the mailbox root (top of information store): the folders holding the mailbox's mail. */
export const isMailRootFolder = (folder: string | null): boolean =>
  /^(inbox|top of information store|posteingang|boîte de réception|)$/i.test(folder ?? '');

/** Folders a victim does not look at, in the mailbox languages seen in practice. */
const HIDING_FOLDERS =
  /^\\?(rss[ -]?(feeds|subscriptions)?|rss-feeds|flux rss|conversation history|unterhaltungsverlauf|historique des conversations|archive|archiv|arkiv|archief|junk e-?mail|junk|junk-e-mail|courrier indésirable|skräppost|deleted items|gelöschte elemente|éléments supprimés|calendar|notes)$/i;

/** The folder, when it is one a victim does not look at (any path prefix ignored). */
export function hidingFolder(folder: string | null): string | null {
  const f = (folder ?? '').trim();
  return f && HIDING_FOLDERS.test(f.replace(/^.*\\/, '')) ? f : null;
}
