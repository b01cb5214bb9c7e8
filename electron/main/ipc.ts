/**
 * The only place that touches ipcMain. One handler per request name of the contract; each checks
 * that the sender is our own window showing our own page, validates the arguments against the
 * contract's schema, and answers with an Envelope so error codes survive the trip.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import {
  ApiError,
  ipcChannel,
  requestNames,
  validateArgs,
  type Args,
  type Envelope,
  type ShellRequestName,
} from '../../shared/contract.js';
import type { CaseSession } from './case-session.js';
import { APP_ORIGIN } from './protocol.js';

type ShellHandlers = { [K in ShellRequestName]: (event: IpcMainInvokeEvent, args: Args<K>) => Promise<unknown> };

const CASE_FILTERS = [{ name: 'Delegation Lens case', extensions: ['db'] }];

const shellHandlers = (session: CaseSession): ShellHandlers => ({
  'shell.openCase': async (event, { create }) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    let file: string | undefined;
    if (create) {
      const options: Electron.SaveDialogOptions = {
        title: 'New case',
        defaultPath: 'case.dlens.db',
        filters: CASE_FILTERS,
      };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      file = r.canceled ? undefined : r.filePath;
    } else {
      const options: Electron.OpenDialogOptions = {
        title: 'Open case',
        properties: ['openFile'],
        filters: CASE_FILTERS,
      };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      file = r.canceled ? undefined : r.filePaths[0];
    }
    if (!file) return null;
    await session.open(file);
    return path.basename(file);
  },
  'shell.pickEvidence': async (event) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const options: Electron.OpenDialogOptions = {
      title: 'Import evidence',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Evidence exports', extensions: ['csv', 'json', 'jsonl', 'log', 'txt', 'xml'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  },
});

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false; // top frame only
  if (!BrowserWindow.fromWebContents(event.sender)) return false;
  return frame.url.startsWith(`${APP_ORIGIN}/`);
}

async function answer(event: IpcMainInvokeEvent, run: () => Promise<unknown>): Promise<Envelope<unknown>> {
  try {
    if (!isTrustedSender(event)) throw new ApiError('invalid_request', 'request from an untrusted frame refused');
    return { ok: true, value: await run() };
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError('internal', (err as Error).message);
    return { ok: false, error: e.toShape() };
  }
}

export function registerIpc(session: CaseSession): void {
  for (const name of requestNames) {
    ipcMain.handle(ipcChannel(name), (event, raw: unknown) =>
      answer(event, () => session.current().call(name, validateArgs(name, raw))),
    );
  }
  const shell = shellHandlers(session);
  for (const name of Object.keys(shell) as ShellRequestName[]) {
    ipcMain.handle(ipcChannel(name), (event, raw: unknown) =>
      answer(event, () =>
        (shell[name] as (e: IpcMainInvokeEvent, a: unknown) => Promise<unknown>)(event, validateArgs(name, raw)),
      ),
    );
  }
}
