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

export class PermissionState {
  readonly fullAccess = new Map<number, Grant[]>();
  readonly sendAs = new Map<number, Grant[]>();
  readonly sendOnBehalf = new Map<number, Grant[]>();
  readonly folders = new Map<number, FolderGrant[]>();
  readonly forwarding = new Map<number, Forwarding>();
  readonly devices = new Map<number, { ids: string[]; actionId: string | null }>();
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
    const d = this.devices.get(mailbox) ?? { ids: [], actionId: null };
    d.ids.push(id);
    d.actionId ??= actionId;
    this.devices.set(mailbox, d);
    this.touch(mailbox, time);
  }
}
