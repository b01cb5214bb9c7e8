/**
 * The application menu: the platform's standard roles plus File › Report… (Ctrl/Cmd+P), which asks
 * the focused window to open its report dialog (event `report.requested`); the window then calls
 * `shell.saveReport`. No menu item opens a URL: the app never touches the network.
 */
import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { ipcEventChannel } from '../../shared/contract.js';

function requestReport(): void {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  win?.webContents.send(ipcEventChannel, { event: 'report.requested', payload: {} });
}

export function installMenu(): void {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Report…', accelerator: 'CmdOrCtrl+P', click: requestReport },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
