/**
 * Inbox-rule views from audit records: the cmdlets (Parameters) and Outlook's `UpdateInboxRules`
 * (OperationProperties, current and older property sets).
 */
import type { AuditRow } from '../delegation/types.js';
import type { IdentityResolver } from '../identity-resolver.js';
import { lookup, nameValueMap } from '../../records/parameters.js';
import { outlookActions } from './outlook-actions.js';
import { resolveMailbox, ruleNameFromObject, ruleOwner } from './owner.js';
import type { InboxRuleView, RuleForward, RuleOperation } from './view.js';

export const INBOX_RULE_OPERATIONS = [
  'New-InboxRule',
  'Set-InboxRule',
  'Enable-InboxRule',
  'Disable-InboxRule',
  'Remove-InboxRule',
  'UpdateInboxRules',
];

const CMDLET_OPERATION: Record<string, RuleOperation> = {
  'New-InboxRule': 'create',
  'Set-InboxRule': 'modify',
  'Enable-InboxRule': 'enable',
  'Disable-InboxRule': 'disable',
  'Remove-InboxRule': 'remove',
};

const CONDITION_PARAMETERS = [
  'SubjectContainsWords',
  'SubjectOrBodyContainsWords',
  'BodyContainsWords',
  'FromAddressContainsWords',
  'From',
  'SentTo',
  'HeaderContainsWords',
  'RecipientAddressContainsWords',
];

const isTrue = (v: string | undefined) => v !== undefined && /^(true|\$true|1)$/i.test(v.trim());

/** `a@x; b@y`, `a@x,b@y` or `"Name" [SMTP:a@x]` as written in a parameter value. */
function destinations(value: string | undefined, ids: IdentityResolver): string[] {
  if (!value?.trim()) return [];
  const smtp = [...value.matchAll(/\[SMTP:([^\]]+)\]/gi)].map((m) => m[1]!);
  const parts = smtp.length > 0 ? smtp : value.split(/[;,]/);
  return parts.map((p) => resolveMailbox(p.replace(/^\s*"|"\s*$/g, ''), ids)).filter((p): p is string => !!p);
}

function fromCmdlet(row: AuditRow, ids: IdentityResolver): InboxRuleView {
  const p = row.params;
  const owner = ruleOwner(row, ids);
  const actor = ids.resolve(row.actor);
  const forwards: RuleForward[] = [];
  for (const how of ['ForwardTo', 'ForwardAsAttachmentTo', 'RedirectTo'] as const)
    for (const to of destinations(lookup(p, how), ids)) forwards.push({ to, how });
  const enabled = lookup(p, 'Enabled');
  const operation = CMDLET_OPERATION[row.operation] ?? 'modify';
  return {
    ref: { source: 'audit', id: row.id },
    key: row.recordId,
    time: row.time,
    operation,
    mailbox: owner.mailbox,
    ownerBasis: owner.basis,
    actor,
    clientIp: row.clientIp,
    byOther: actor !== null && actor !== owner.mailbox,
    via: 'cmdlet',
    name: lookup(p, 'Name') || ruleNameFromObject(row),
    ruleId: null,
    enabled: operation === 'disable' ? false : enabled === undefined ? null : isTrue(enabled),
    forwards,
    deletes: isTrue(lookup(p, 'DeleteMessage')) || isTrue(lookup(p, 'SoftDeleteMessage')),
    moveToFolder: lookup(p, 'MoveToFolder')?.trim() || null,
    markAsRead: isTrue(lookup(p, 'MarkAsRead')),
    stopProcessing: isTrue(lookup(p, 'StopProcessingRules')),
    conditions: CONDITION_PARAMETERS.map((k) => lookup(p, k) ?? '').filter(Boolean),
    succeeded: row.succeeded,
  };
}

const OUTLOOK_OPERATION: Record<string, RuleOperation> = {
  addmailboxrule: 'create',
  modifymailboxrule: 'modify',
  removemailboxrule: 'remove',
};

function fromOutlook(row: AuditRow, ids: IdentityResolver): InboxRuleView {
  // OperationProperties carries the rule; flattened exports may have put the same names in Parameters.
  const props = { ...row.params, ...nameValueMap(row.data.OperationProperties) };
  const actions = outlookActions(props);
  const owner = resolveMailbox(row.target ?? undefined, ids) ?? row.target ?? '(unknown mailbox)';
  // Search-MailboxAuditLog names a delegate by SID; the case may link that SID to the account.
  const actor = ids.resolve(row.actor);
  const state = props.RuleState ?? '';
  const logonType = typeof row.data.LogonType === 'number' ? row.data.LogonType : null;
  const operationText = (props.RuleOperation ?? '').toLowerCase();
  return {
    ref: { source: 'audit', id: row.id },
    key: row.recordId,
    time: row.time,
    operation: OUTLOOK_OPERATION[operationText] ?? (props.IsNew === 'True' ? 'create' : 'modify'),
    mailbox: owner,
    ownerBasis: 'MailboxOwnerUPN of the mailbox-audit record',
    actor,
    clientIp: row.clientIp,
    byOther: logonType === 2 || logonType === 6 || (actor !== null && actor !== owner),
    via: 'outlook',
    name: props.RuleName || props.Name || null,
    ruleId: props.RuleId || null,
    enabled: state === '' ? null : /enabled/i.test(state),
    forwards: actions.forwards,
    deletes: actions.deletes,
    moveToFolder: actions.moveToFolder,
    markAsRead: actions.markAsRead,
    stopProcessing: /ExitAfterExecution/i.test(state),
    conditions: [props.RuleCondition ?? props.Conditions ?? ''].filter(Boolean),
    succeeded: row.succeeded,
  };
}

/** One view per rule record, in the records' order. */
export function ruleViewsFromAudit(rows: readonly AuditRow[], ids: IdentityResolver): InboxRuleView[] {
  return rows
    .filter((r) => INBOX_RULE_OPERATIONS.includes(r.operation))
    .map((r) => (r.operation === 'UpdateInboxRules' ? fromOutlook(r, ids) : fromCmdlet(r, ids)));
}
