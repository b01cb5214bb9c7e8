/**
 * SharePoint / OneDrive sharing records (RecordType 14, SharePointSharingOperation). Key order as in
 * real 2024 records: the common block without ResultStatus (SharePoint records carry none), UserKey
 * `i:0h.f|membership|<puid>@live.com`, then CorrelationId, EventSource, browser and device fields,
 * the list and item ids, EventData (an XML fragment), the target of an invitation, SiteUrl,
 * SourceRelativeUrl, SourceFileName and last the file URL as ObjectId. The link visitor of
 * `AnonymousLinkUsed` is UserId `anonymous`.
 */
import { finish } from './audit-data.js';
import { isoNoZ } from './clock.js';
import type { AuditRecord } from './model.js';
import type { Rng } from './random.js';
import type { Tenant, User } from './tenant.js';

/** A file in a user's OneDrive, with the ids every record about it repeats. */
export interface DriveFile {
  siteUrl: string;
  relativeUrl: string;
  fileName: string;
  extension: string;
  site: string;
  webId: string;
  listId: string;
  listItemUniqueId: string;
}

export function oneDriveFile(tenant: Tenant, owner: User, fileName: string, rng: Rng): DriveFile {
  const host = `${tenant.onmicrosoft.slice(0, tenant.onmicrosoft.indexOf('.'))}-my.sharepoint.com`;
  const personal = owner.upn.replace(/[.@]/g, '_');
  return {
    siteUrl: `https://${host}/personal/${personal}`,
    relativeUrl: `Documents/${fileName}`,
    fileName,
    extension: fileName.slice(fileName.lastIndexOf('.') + 1),
    site: rng.guid(),
    webId: rng.guid(),
    listId: rng.guid(),
    listItemUniqueId: rng.guid(),
  };
}

export interface SharingInput {
  time: number;
  operation: 'AnonymousLinkCreated' | 'AnonymousLinkUsed' | 'SharingInvitationCreated';
  /** The sharer, or the anonymous visitor of a link. */
  user: User | 'anonymous';
  clientIp: string;
  userAgent: string;
  browser: { name: string; version: string };
  file: DriveFile;
  /** `<Type>View</Type>…` for links; none for invitations. */
  eventData?: string;
  /** Whom an invitation went to. */
  target?: { name: string; type: 'Guest' | 'Member' };
  actionId: string | null;
}

export function sharingRecord(tenant: Tenant, rng: Rng, s: SharingInput): AuditRecord {
  const anonymous = s.user === 'anonymous';
  const correlation = rng.guid();
  const data: Record<string, unknown> = {};
  if (!anonymous)
    data.AppAccessContext = { AADSessionId: rng.guid(), CorrelationId: correlation, UniqueTokenId: rng.alnum(22) };
  Object.assign(data, {
    CreationTime: isoNoZ(s.time),
    Id: rng.auditId(),
    Operation: s.operation,
    OrganizationId: tenant.tenantId,
    RecordType: 14,
    UserKey:
      s.user === 'anonymous'
        ? `urn:spo:anon#${rng.hex(64)}`
        : `i:0h.f|membership|${s.user.puid.toLowerCase()}@live.com`,
    UserType: 0,
    Version: 1,
    Workload: 'OneDrive',
    ClientIP: s.clientIp,
    UserId: s.user === 'anonymous' ? 'anonymous' : s.user.upn,
    BrowserName: s.browser.name,
    BrowserVersion: s.browser.version,
    CorrelationId: correlation,
    EventSource: 'SharePoint',
    GeoLocation: 'EUR',
  });
  // A visitor without an account has no managed-device or platform facts.
  if (!anonymous) data.IsManagedDevice = false;
  data.ItemType = 'File';
  data.ListId = s.file.listId;
  data.ListItemUniqueId = s.file.listItemUniqueId;
  if (!anonymous) data.Platform = 'WinDesktop';
  data.Site = s.file.site;
  data.UserAgent = s.userAgent;
  data.WebId = s.file.webId;
  if (s.eventData !== undefined) data.EventData = s.eventData;
  data.SourceFileExtension = s.file.extension;
  if (s.target) {
    data.TargetUserOrGroupType = s.target.type;
    data.TargetUserOrGroupName = s.target.name;
  }
  data.SiteUrl = s.file.siteUrl;
  data.SourceRelativeUrl = s.file.relativeUrl;
  data.SourceFileName = s.file.fileName;
  data.ObjectId = `${s.file.siteUrl}/${s.file.relativeUrl}`;
  return finish(s.time, data, s.actionId);
}
