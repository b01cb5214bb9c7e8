/**
 * Preload: the only bridge between the sandboxed renderer and the app. It exposes one object,
 * `window.dlens`, whose calls are exactly the contract's request names (checked here and again in
 * main) — no raw ipcRenderer, no Node APIs. Bundled to CommonJS by esbuild (sandboxed preloads
 * cannot load modules).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  ipcChannel,
  ipcEventChannel,
  isEventName,
  requestNames,
  shellRequestNames,
  type DesktopBridge,
} from '../../shared/contract.js';

const allowed = new Set<string>([...requestNames, ...shellRequestNames]);

const bridge: DesktopBridge = {
  invoke(name, args) {
    if (!allowed.has(name)) return Promise.reject(new Error(`unknown request ${String(name)}`));
    return ipcRenderer.invoke(ipcChannel(name), args);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    const handler = (_e: IpcRendererEvent, msg: { event: string; payload: unknown }) => {
      if (msg.event === event) listener(msg.payload as Parameters<typeof listener>[0]);
    };
    ipcRenderer.on(ipcEventChannel, handler);
    return () => {
      ipcRenderer.removeListener(ipcEventChannel, handler);
    };
  },
  pathForFile(file) {
    try {
      return webUtils.getPathForFile(file as File) || null;
    } catch {
      return null;
    }
  },
};

contextBridge.exposeInMainWorld('dlens', bridge);
