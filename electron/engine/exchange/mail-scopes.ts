/**
 * Entra application permissions that reach mail. Audit records name app roles by display value
 * (Mail.Read) or only by their well-known role id; both are read here.
 */

/** Permission values (lowercase) that let an application or delegate read, write or send mail. */
export const MAIL_SCOPES: ReadonlySet<string> = new Set([
  'mail.read',
  'mail.readwrite',
  'mail.send',
  'mail.readbasic',
  'mail.readbasic.all',
  'mail.read.shared',
  'mail.readwrite.shared',
  'mail.send.shared',
  'mailboxsettings.readwrite',
  'mailboxitem.read.all',
  'full_access_as_app',
  'ews.accessasuser.all',
  'exchange.manageasapp',
]);

/** Well-known app-role ids of mail permissions (Microsoft Graph and Office 365 Exchange Online). */
const ROLE_IDS: Readonly<Record<string, string>> = {
  'dc890d15-9560-4a4c-9b7f-a736ec74ec40': 'full_access_as_app',
  '810c84a8-4a9e-49e6-bf7d-12d183f40d01': 'Mail.Read',
  'e2a3a72e-5f79-4c64-b1b1-878b674786c9': 'Mail.ReadWrite',
  'b633e1c5-b582-4048-a93e-9f11b44c7e96': 'Mail.Send',
  '024d486e-b451-40bb-833d-3e66d98c5c73': 'Mail.ReadWrite',
};

/** The permission name of a well-known role id, or undefined. */
export const mailRoleName = (roleId: string): string | undefined => ROLE_IDS[roleId.toLowerCase()];

export const reachesMail = (rights: readonly string[]): boolean => rights.some((r) => MAIL_SCOPES.has(r.toLowerCase()));
