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
  ipcFileHandleChannel,
  isEventName,
  type Envelope,
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
  // The path goes from here to the main process and never into the page; the page gets a handle.
  async fileHandle(file) {
    let filePath: string;
    try {
      filePath = webUtils.getPathForFile(file as File);
    } catch {
      return null;
    }
    if (!filePath) return null;
    const answer = (await ipcRenderer.invoke(ipcFileHandleChannel, filePath)) as Envelope<string>;
    return answer.ok ? answer.value : null;
  },
};

contextBridge.exposeInMainWorld('dlens', bridge);
