/**
 * Microsoft-Extractor-Suite Get-OAuthPermissions CSV: the tenant's OAuth2 delegated grants and
 * service-principal app-role assignments, one row per (app, resource, permission[, principal]).
 * - `Application` rows -> `app-role` (mailbox = the resource, e.g. "Office 365 Exchange Online");
 * - `Delegated` rows -> `delegated-grant` (mailbox = "AllPrincipals" for tenant-wide consent,
 *   otherwise the consenting principal's display name, or its object id when the name is missing).
 * The trustee is the app's display name; its AppId and service-principal object id are recorded as
 * aliases, as are the resource's and principal's object ids. A delegated grant's `scope` may hold
 * several space-separated scopes: one entry per scope.
 */
import { RowError } from '../audit-record.js';
import { readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import type { PermissionKind } from '../../records/types.js';
import type { Sniff } from '../sniff.js';
import { AliasRecorder, cell, csvFormat, hasColumns, permissionEntry } from './dump-common.js';

function detect(s: Sniff): DetectedFormat | null {
  if (!hasColumns(s, 'permissiontype', 'appid', 'appdisplayname', 'resourcedisplayname', 'permission', 'consenttype'))
    return null;
  return csvFormat(s, 'extractor-oauth-permissions-csv', 'Microsoft-Extractor-Suite OAuth permissions CSV');
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const aliases = new AliasRecorder(sink);
  const counts = { delegated: 0, application: 0 };
  const apps = new Set<string>();
  await readCsvTable(ctx, (r) => {
    const raw = r.record();
    const type = cell(r.get('PermissionType'))?.toLowerCase();
    let kind: PermissionKind;
    if (type === 'application') kind = 'app-role';
    else if (type === 'delegated') kind = 'delegated-grant';
    else
      throw new RowError(
        `PermissionType ${JSON.stringify(r.get('PermissionType') ?? '')} is neither Application nor Delegated`,
      );

    const app = cell(r.get('AppDisplayName')) ?? cell(r.get('AppId'));
    if (!app) throw new RowError('no app (AppDisplayName and AppId are empty)');
    aliases.add(app, cell(r.get('AppId')));
    aliases.add(app, cell(r.get('ClientObjectId')));

    const resource = cell(r.get('ResourceDisplayName')) ?? cell(r.get('ResourceObjectId'));
    aliases.add(resource, cell(r.get('ResourceObjectId')));
    let mailbox: string | null;
    if (kind === 'app-role') mailbox = resource;
    else if (cell(r.get('ConsentType'))?.toLowerCase() === 'allprincipals') mailbox = 'AllPrincipals';
    else {
      mailbox = cell(r.get('PrincipalDisplayName')) ?? cell(r.get('PrincipalObjectId'));
      aliases.add(mailbox, cell(r.get('PrincipalObjectId')));
    }
    if (!mailbox)
      throw new RowError(
        kind === 'app-role'
          ? 'no resource (ResourceDisplayName is empty)'
          : 'no consenting principal for a Principal grant',
      );

    const scopes = (r.get('Permission') ?? '').split(/\s+/).filter((s) => s !== '');
    if (scopes.length === 0) throw new RowError('Permission is empty');
    // A delegated grant's resource API (ResourceDisplayName) has no normalized column: it stays in raw.
    for (const scope of scopes)
      sink.permission(r.row, r.line, permissionEntry(kind, mailbox, app, raw, { rights: [scope] }));
    if (kind === 'app-role') counts.application++;
    else counts.delegated++;
    apps.add(app);
  });
  sink.note(
    `${counts.delegated} delegated and ${counts.application} application permission rows across ${apps.size} apps`,
  );
}

export const oauthPermissionsParser: FormatParser = {
  family: 'Microsoft-Extractor-Suite OAuth permissions CSV (delegated grants and app roles)',
  detect,
  parse,
};
