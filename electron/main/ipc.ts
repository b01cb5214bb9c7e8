/**
 * The only place that touches ipcMain. One handler per request name of the contract; each checks
 * that the sender is our own window showing our own page, validates the arguments against the
 * contract's schema, and answers with an Envelope so error codes survive the trip.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  ApiError,
  ipcChannel,
  ipcEventChannel,
  requestNames,
  validateArgs,
  type Envelope,
  type ShellRequestName,
} from '../../shared/contract.js';
import type { EngineClient } from '../engine/worker/engine-client.js';
import { APP_ORIGIN } from './protocol.js';

type ShellHandlers = { [K in ShellRequestName]: (event: IpcMainInvokeEvent) => Promise<unknown> };

const shellHandlers: ShellHandlers = {
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
};

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

export function registerIpc(engine: EngineClient): void {
  for (const name of requestNames) {
    ipcMain.handle(ipcChannel(name), (event, raw: unknown) =>
      answer(event, () => engine.call(name, validateArgs(name, raw))),
    );
  }
  for (const name of Object.keys(shellHandlers) as ShellRequestName[]) {
    ipcMain.handle(ipcChannel(name), (event, raw: unknown) =>
      answer(event, () => {
        validateArgs(name, raw);
        return shellHandlers[name](event);
      }),
    );
  }
  engine.onEvent((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(ipcEventChannel, { event, payload });
  });
}
