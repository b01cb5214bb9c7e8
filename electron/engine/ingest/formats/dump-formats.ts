/**
 * Mailbox permission, configuration, inbox-rule, transport-rule and OAuth-grant dumps. Each parser
 * detects its own header precisely (distinctive columns, exclusions for its neighbours), so the order
 * below only matters as a tie-break: specific tool layouts first.
 */
import type { FormatParser } from '../format.js';
import { adPermissionParser } from './dump-ad-permission.js';
import { casMailboxParser } from './dump-cas-mailbox.js';
import { extractorPermissionsParser } from './dump-extractor-permissions.js';
import { folderPermissionParser } from './dump-folder-permission.js';
import { formatListMailboxParser } from './dump-format-list.js';
import { inboxRulesParser } from './dump-inbox-rules.js';
import { mailboxParser } from './dump-mailbox.js';
import { mailboxPermissionParser } from './dump-mailbox-permission.js';
import { oauthPermissionsParser } from './dump-oauth-permissions.js';
import { recipientPermissionParser } from './dump-recipient-permission.js';
import { transportRulesParser } from './dump-transport-rules.js';

export const dumpFormatParsers: readonly FormatParser[] = [
  extractorPermissionsParser,
  oauthPermissionsParser,
  inboxRulesParser,
  transportRulesParser,
  folderPermissionParser,
  recipientPermissionParser,
  adPermissionParser,
  mailboxPermissionParser,
  casMailboxParser,
  mailboxParser,
  formatListMailboxParser,
];
