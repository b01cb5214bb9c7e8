/**
 * The application story (APT29 style): the stolen admin account creates a service principal, gives it
 * mailbox-wide Graph and EWS application roles and a tenant-wide delegated grant with admin consent;
 * the application then reads the executives' mailboxes.
 */
import {
  APP_EXCHANGE,
  APP_GRAPH,
  entraRecord,
  mailItemsAccessed,
  REST_CLIENT,
  ROLE_FULL_ACCESS_AS_APP,
  ROLE_MAIL_READ,
  ROLE_MAIL_READWRITE,
} from './audit-data.js';
import { ATTACKER_IPS, items, type Kit } from './attack-kit.js';
import { MINUTE, usDate } from './clock.js';
import { role } from './tenant.js';

export function plantAppConsent(kit: Kit): void {
  const { t, rng, a1, at, action, audit } = kit;
  const { ceo, cfo, counsel, coo, admin } = kit.cast;
  const app = { name: 'Mail Archiver Sync', appId: rng.guid(), sp: rng.guid(), graphSp: rng.guid(), exoSp: rng.guid() };
  // 2. An application gets mailbox-wide read rights (APT29 style), then reads executives' mail.
  const entra = (
    minute: number,
    sec: number,
    operation: string,
    objectId: string,
    modified: readonly (readonly [string, string, string?])[],
    target: readonly (readonly [string, number])[],
    kind: string,
    technique: string,
    what: string,
  ): void => {
    const when = at(a1, 2, minute, sec);
    const aid = action(technique, kind, admin.upn, [admin.upn, app.appId], when, what);
    audit(
      entraRecord(t, rng, {
        time: when,
        actor: admin,
        operation,
        objectId,
        clientIp: ATTACKER_IPS.admin,
        modified,
        target,
        category: 'ServicePrincipal',
        actionId: aid,
      }),
    );
  };
  const arr = (v: string): string => `[\r\n  "${v}"\r\n]`;
  const spTarget = (obj: string, name: string, appId: string): [string, number][] => [
    [`ServicePrincipal_${obj}`, 2],
    [obj, 2],
    ['ServicePrincipal', 2],
    [name, 1],
    [appId, 2],
    [appId, 4],
  ];
  entra(
    21,
    4,
    'Add service principal.',
    app.sp,
    [
      ['AccountEnabled', '[\r\n  true\r\n]', '[]'],
      ['AppPrincipalId', arr(app.appId), '[]'],
      ['DisplayName', arr(app.name), '[]'],
      ['ServicePrincipalName', arr(app.appId), '[]'],
      ['Included Updated Properties', 'AccountEnabled, AppPrincipalId, DisplayName, ServicePrincipalName'],
    ],
    spTarget(app.sp, app.name, app.appId),
    'service-principal-added',
    'T1098.003',
    `Service principal "${app.name}" created`,
  );
  const roles: [string, string, string, string, string, string][] = [
    [ROLE_MAIL_READ, 'Mail.Read', 'Read mail in all mailboxes', APP_GRAPH, app.graphSp, 'Microsoft Graph'],
    [
      ROLE_MAIL_READWRITE,
      'Mail.ReadWrite',
      'Read and write mail in all mailboxes',
      APP_GRAPH,
      app.graphSp,
      'Microsoft Graph',
    ],
    [
      ROLE_FULL_ACCESS_AS_APP,
      'full_access_as_app',
      'Use Exchange Web Services with full access to all mailboxes',
      APP_EXCHANGE,
      app.exoSp,
      'Office 365 Exchange Online',
    ],
  ];
  roles.forEach(([roleId, value, display, resourceApp, resourceSp, resourceName], k) => {
    const created = usDate(at(a1, 2, 23 + k, 10));
    entra(
      23 + k,
      10,
      'Add app role assignment to service principal.',
      resourceApp,
      [
        ['AppRole.Id', roleId],
        ['AppRole.Value', value],
        ['AppRole.DisplayName', display],
        ['AppRoleAssignment.CreatedDateTime', created],
        ['AppRoleAssignment.LastModifiedDateTime', created],
        ['ServicePrincipal.ObjectID', app.sp],
        ['ServicePrincipal.DisplayName', app.name],
        ['ServicePrincipal.AppId', app.appId],
        ['ServicePrincipal.Name', app.name],
        [
          'TargetId.ServicePrincipalNames',
          `${resourceApp};` +
            (resourceApp === APP_GRAPH ? 'https://graph.microsoft.com' : 'https://outlook.office365.com'),
        ],
      ],
      spTarget(resourceSp, resourceName, resourceApp),
      'app-role-assignment',
      'T1098.002',
      `${value} application role assigned to "${app.name}"`,
    );
  });
  entra(
    26,
    31,
    'Add delegated permission grant.',
    app.graphSp,
    [
      ['DelegatedPermissionGrant.Scope', ' Mail.ReadWrite offline_access'],
      ['DelegatedPermissionGrant.ConsentType', 'AllPrincipals'],
      ['ServicePrincipal.ObjectID', app.sp],
      ['TargetId.ServicePrincipalNames', `${APP_GRAPH};https://graph.microsoft.com`],
    ],
    spTarget(app.graphSp, 'Microsoft Graph', APP_GRAPH),
    'delegated-permission-grant',
    'T1098.002',
    `Delegated Mail.ReadWrite granted to "${app.name}" for all users`,
  );
  entra(
    26,
    33,
    'Consent to application.',
    app.sp,
    [
      ['ConsentContext.IsAdminConsent', 'True'],
      ['ConsentContext.IsAppOnly', 'False'],
      ['ConsentContext.OnBehalfOfAll', 'True'],
      ['ConsentContext.Tags', 'WindowsAzureActiveDirectoryIntegratedApp'],
      [
        'ConsentAction.Permissions',
        `[] => [[Id: ${rng.alnum(43)}, ClientId: ${app.sp}, PrincipalId: , ResourceId: ${app.graphSp}, ` +
          'ConsentType: AllPrincipals, Scope: Mail.ReadWrite offline_access, ' +
          'CreatedDateTime: , LastModifiedDateTime ]]; ',
      ],
      ['TargetId.ServicePrincipalNames', app.appId],
    ],
    spTarget(app.sp, app.name, app.appId),
    'consent',
    'T1528',
    `Admin consent granted to "${app.name}"`,
  );
  const appTargets = [ceo, cfo, counsel, coo, role(t, 'assistant'), role(t, 'ap-clerk')];
  const time = at(a1, 3, 2);
  const id = action(
    'T1114.002',
    'app-mail-access',
    app.appId,
    [app.appId, ...appTargets.map((u) => u.upn)],
    time,
    `"${app.name}" reads ${appTargets.length} mailboxes through Microsoft Graph`,
  );
  appTargets.forEach((owner, k) => {
    for (let s = 0; s < 2; s++) {
      audit(
        mailItemsAccessed(t, rng, {
          time: time + k * 4 * MINUTE + s * 95_000,
          actor: owner,
          owner,
          logonType: 0,
          clientIp: ATTACKER_IPS.admin,
          clientInfo: REST_CLIENT,
          appId: APP_GRAPH,
          clientAppId: app.appId,
          accessType: 'Bind',
          folders: [{ path: '\\Inbox', items: items(t, rng, 25 + rng.int(40)) }],
          throttled: k === 0 && s === 1,
          actionId: id,
        }),
      );
    }
  });
}
