/**
 * The only place that touches ipcMain. One handler per request name of the contract; each checks
 * that the sender is our own window showing our own page, validates the arguments against the
 * contract's schema, and answers with an Envelope so error codes survive the trip. Files reach
 * import.files only as handles of files the analyst chose (file-handles.ts): the page never holds
 * a path, and cannot name one.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import {
  ApiError,
  ipcChannel,
  ipcFileHandleChannel,
  requestNames,
  validateArgs,
  type Args,
  type Envelope,
  type ShellRequestName,
} from '../../shared/contract.js';
import { isAppUrl } from './app-url.js';
import type { CaseSession } from './case-session.js';
import { FileHandles } from './file-handles.js';
import { printReportPdf } from './report-pdf.js';

type ShellHandlers = { [K in ShellRequestName]: (event: IpcMainInvokeEvent, args: Args<K>) => Promise<unknown> };

const CASE_FILTERS = [{ name: 'Delegation Lens case', extensions: ['db'] }];

const shellHandlers = (session: CaseSession, files: FileHandles): ShellHandlers => ({
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
    return result.canceled ? [] : result.filePaths.map((p) => files.register(p));
  },
  'shell.saveReport': async (event, options) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const doc = await session.current().call('report.build', { ...options, parts: true });
    const save: Electron.SaveDialogOptions = {
      title: 'Save report',
      defaultPath: `${doc.fileName}.pdf`,
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    };
    const r = win ? await dialog.showSaveDialog(win, save) : await dialog.showSaveDialog(save);
    if (r.canceled || !r.filePath) return null;
    const printed = await printReportPdf(doc);
    await fs.promises.writeFile(r.filePath, printed.pdf);
    return path.basename(r.filePath);
  },
});

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false; // top frame only
  if (!BrowserWindow.fromWebContents(event.sender)) return false;
  return isAppUrl(frame.url);
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
  const files = new FileHandles();
  for (const name of requestNames) {
    ipcMain.handle(ipcChannel(name), (event, raw: unknown) =>
      answer(event, () => {
        const args = validateArgs(name, raw);
        if (name !== 'import.files') return session.current().call(name, args);
        return session.current().call(name, { files: files.resolveImport((args as Args<'import.files'>).files) });
      }),
    );
  }
  // From the preload only: the path of a file dropped on (or chosen in) the page, for a handle.
  ipcMain.handle(ipcFileHandleChannel, (event, raw: unknown) =>
    answer(event, () => {
      if (typeof raw !== 'string' || raw.length === 0 || raw.length > 4096 || !path.isAbsolute(raw))
        throw new ApiError('invalid_args', 'file handle: an absolute path is required');
      return Promise.resolve(files.register(raw));
    }),
  );
  const shell = shellHandlers(session, files);
  for (const name of Object.keys(shell) as ShellRequestName[]) {
    ipcMain.handle(ipcChannel(name), (event, raw: unknown) =>
      answer(event, () =>
        (shell[name] as (e: IpcMainInvokeEvent, a: unknown) => Promise<unknown>)(event, validateArgs(name, raw)),
      ),
    );
  }
}
