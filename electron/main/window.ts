/**
 * The main window, locked down: context isolation, sandbox, no Node integration, no webviews,
 * no navigation away from the app, no new windows.
 */
import { BrowserWindow } from 'electron';
import { fileURLToPath } from 'node:url';
import { APP_ORIGIN } from './protocol.js';

const preloadPath = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Delegation Lens',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
