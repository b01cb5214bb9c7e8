/**
 * Electron main process: the thin desktop shell. It owns windows, menus, dialogs and IPC; the case
 * itself is opened by the engine in a worker thread (see engine/worker/engine-client.ts).
 */
import { app, BrowserWindow, dialog, session } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { rendererDir } from '../common/app-paths.js';
import { CaseSession } from './case-session.js';
import { registerIpc } from './ipc.js';
import { registerSchemePrivileges, serveRenderer } from './protocol.js';
import { lockDownContents, lockDownSession } from './lockdown.js';
import { installMenu } from './menu.js';
import { createMainWindow } from './window.js';

registerSchemePrivileges();
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => lockDownContents(contents));

/**
 * better_sqlite3.node built for this Electron, beside the Node build the tests use: in development
 * the one build/electron-native.mjs last published (npm start runs it before launching).
 */
function nativeBindingPath(): string {
  if (app.isPackaged) return path.join(process.resourcesPath, 'native', 'better_sqlite3.node');
  return path.join(app.getAppPath(), 'build', 'native', 'current', 'better_sqlite3.node');
}

/**
 * The case to open: DLENS_CASE (tests, scripts), else the analyst's case in the user-data folder. On
 * first run that is the demo case, built from generated evidence so there is something to explore.
 */
function caseToOpen(): { path: string; demo: boolean } {
  if (process.env.DLENS_CASE) return { path: path.resolve(process.env.DLENS_CASE), demo: false };
  const dir = path.join(app.getPath('userData'), 'cases');
  fs.mkdirSync(dir, { recursive: true });
  const own = path.join(dir, 'default.dlens.db');
  return fs.existsSync(own) ? { path: own, demo: false } : { path: path.join(dir, 'demo.dlens.db'), demo: true };
}

async function start(): Promise<void> {
  await app.whenReady();
  lockDownSession(session.defaultSession);
  serveRenderer(rendererDir);

  const binding = nativeBindingPath();
  if (!fs.existsSync(binding)) {
    dialog.showErrorBox(
      'Delegation Lens',
      `The SQLite module for Electron is missing:\n${binding}\n\nRun "npm start", which builds it.`,
    );
    app.exit(1);
    return;
  }
  const cases = new CaseSession(binding);
  try {
    const target = caseToOpen();
    await cases.open(target.path, target.demo);
  } catch (err) {
    dialog.showErrorBox('Delegation Lens', `Cannot open the case:\n${(err as Error).message}`);
    app.exit(1);
    return;
  }
  registerIpc(cases);
  installMenu();
  createMainWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quitting waits for the engine to finish what it is writing and close the case file cleanly.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void cases.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}

void start();
