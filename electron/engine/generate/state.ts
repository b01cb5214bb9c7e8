/**
 * Mailbox permission and configuration state at collection time (the end of the window). Baseline
 * delegation, help-desk changes made during the window and planted grants all land here; the dump
 * writers combine it with the defaults every mailbox has (NT AUTHORITY\SELF, Default/Anonymous).
 * Only non-default entries are stored, so memory stays small at any tenant size.
 */

export type FolderName = 'Calendar' | 'Inbox' | 'Top of Information Store';

export interface Grant {
  trustee: number;
  rights: string[];
  actionId: string | null;
}

export interface FolderGrant {
  folder: FolderName;
  /** A user index, or a pseudo-user. */
  user: number | 'Default' | 'Anonymous';
  rights: string;
  flags: string;
  actionId: string | null;
}

export interface Forwarding {
  smtp: string;
  address: number | null;
  deliverAndForward: boolean;
  actionId: string | null;
}

/** A mail flow (transport) rule as Get-TransportRule reports it. */
export interface TransportRule {
  name: string;
  /** The rule's Description text (CRLF and TAB inside, see transport-rules.ts). */
  description: string;
  /** Display name of the creator (EXO CreatedBy). */
  createdBy: string;
  /** Epoch ms of WhenChanged (a rule has no creation time). */
  whenChanged: number;
  state: 'Enabled' | 'Disabled';
  mode: 'Enforce' | 'Audit' | 'AuditAndNotify';
  actionId: string | null;
}

export class PermissionState {
  readonly fullAccess = new Map<number, Grant[]>();
  readonly sendAs = new Map<number, Grant[]>();
  readonly sendOnBehalf = new Map<number, Grant[]>();
  readonly folders = new Map<number, FolderGrant[]>();
  readonly forwarding = new Map<number, Forwarding>();
  /** ActiveSync device ids allowed on a mailbox (ActiveSyncAllowedDeviceIDs), each with the action that added it. */
  readonly devices = new Map<number, { id: string; actionId: string | null }[]>();
  /** Transport rules in priority order (index = Priority). */
  readonly transportRules: TransportRule[] = [];
  /** Last change per mailbox (epoch ms) for WhenChangedUTC. */
  readonly changed = new Map<number, number>();

  private touch(mailbox: number, time: number): void {
    if (time > (this.changed.get(mailbox) ?? 0)) this.changed.set(mailbox, time);
  }

  private static add(map: Map<number, Grant[]>, mailbox: number, g: Grant): void {
    const list = map.get(mailbox) ?? [];
    const same = list.find((x) => x.trustee === g.trustee);
    if (same) {
      for (const r of g.rights) if (!same.rights.includes(r)) same.rights.push(r);
      same.actionId ??= g.actionId;
    } else list.push({ ...g, rights: [...g.rights] });
    map.set(mailbox, list);
  }

  grantMailbox(mailbox: number, g: Grant, time: number): void {
    PermissionState.add(this.fullAccess, mailbox, g);
    this.touch(mailbox, time);
  }

  removeMailbox(mailbox: number, trustee: number, rights: readonly string[], time: number): void {
    const list = this.fullAccess.get(mailbox);
    if (!list) return;
    for (const g of list) if (g.trustee === trustee) g.rights = g.rights.filter((r) => !rights.includes(r));
    this.fullAccess.set(
      mailbox,
      list.filter((g) => g.rights.length > 0),
    );
    this.touch(mailbox, time);
  }

  grantSendAs(mailbox: number, g: Grant, time: number): void {
    PermissionState.add(this.sendAs, mailbox, g);
    this.touch(mailbox, time);
  }

  grantSendOnBehalf(mailbox: number, g: Grant, time: number): void {
    PermissionState.add(this.sendOnBehalf, mailbox, g);
    this.touch(mailbox, time);
  }

  grantFolder(mailbox: number, g: FolderGrant, time: number): void {
    const list = (this.folders.get(mailbox) ?? []).filter((x) => !(x.folder === g.folder && x.user === g.user));
    list.push(g);
    this.folders.set(mailbox, list);
    this.touch(mailbox, time);
  }

  setForwarding(mailbox: number, f: Forwarding, time: number): void {
    this.forwarding.set(mailbox, f);
    this.touch(mailbox, time);
  }

  allowDevice(mailbox: number, id: string, actionId: string | null, time: number): void {
    const list = this.devices.get(mailbox) ?? [];
    list.push({ id, actionId });
    this.devices.set(mailbox, list);
    this.touch(mailbox, time);
  }

  /** Insert a rule at a priority; the rules below it move down one place. */
  addTransportRule(rule: TransportRule, priority: number): void {
    this.transportRules.splice(Math.min(priority, this.transportRules.length), 0, rule);
  }
}
