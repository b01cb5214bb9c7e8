/**
 * Electron main process: the thin desktop shell. It owns windows, menus, dialogs and IPC; the case
 * itself is opened by the engine in a worker thread (see engine/worker/engine-client.ts).
 */
import { app, BrowserWindow, dialog, session } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { rendererDir } from '../app-paths.js';
import { EngineClient } from '../engine/worker/engine-client.js';
import { registerIpc } from './ipc.js';
import { registerSchemePrivileges, serveRenderer } from './protocol.js';
import { lockDownContents, lockDownSession } from './security.js';
import { createMainWindow } from './window.js';

registerSchemePrivileges();
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => lockDownContents(contents));

/** better_sqlite3.node built for this Electron (build/electron-native.mjs), beside the Node build the tests use. */
function nativeBindingPath(): string {
  if (app.isPackaged) return path.join(process.resourcesPath, 'native', 'better_sqlite3.node');
  const tag = `electron-${process.versions.electron}-${process.platform}-${process.arch}`;
  return path.join(app.getAppPath(), 'build', 'native', tag, 'better_sqlite3.node');
}

/** The case to open: DLENS_CASE (tests, scripts) or the analyst's default case in the user-data folder. */
function casePath(): string {
  if (process.env.DLENS_CASE) return path.resolve(process.env.DLENS_CASE);
  const dir = path.join(app.getPath('userData'), 'cases');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, 'default.dlens.db');
}

async function start(): Promise<void> {
  await app.whenReady();
  lockDownSession(session.defaultSession);
  serveRenderer(rendererDir);

  const binding = nativeBindingPath();
  if (!fs.existsSync(binding)) {
    dialog.showErrorBox('Delegation Lens', `The SQLite module for Electron is missing:\n${binding}\n\nRun "npm start", which builds it.`);
    app.exit(1);
    return;
  }
  let engine: EngineClient;
  try {
    engine = await EngineClient.start({ casePath: casePath(), nativeBinding: binding });
  } catch (err) {
    dialog.showErrorBox('Delegation Lens', `Cannot open the case:\n${(err as Error).message}`);
    app.exit(1);
    return;
  }
  registerIpc(engine);
  createMainWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void engine.close());
}

void start();
