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

/** Folder-permission principals that stand for everyone: every user, unauthenticated callers, group members. */
const PSEUDO_PRINCIPALS = new Set(['default', 'anonymous', 'everyone', 'member@local']);

export const isPseudoPrincipal = (trustee: string): boolean => PSEUDO_PRINCIPALS.has(trustee.toLowerCase());

/** Calendar and contacts folders: shared routinely, lower risk than mail folders. */
export const isCalendarLikeFolder = (folder: string | null): boolean =>
  /^(calendar|contacts|kalender|calendrier|personmetadata)$/i.test(folder ?? '');

/** The Inbox or the mailbox root (top of information store): the folders holding the mailbox's mail. */
export const isMailRootFolder = (folder: string | null): boolean =>
  /^(inbox|top of information store|posteingang|boîte de réception|)$/i.test(folder ?? '');
