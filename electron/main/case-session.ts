/**
 * The case open in the desktop app: one engine worker at a time, swapped when the analyst opens or
 * creates another case. Engine events are forwarded to every window.
 */
import { BrowserWindow } from 'electron';
import { ipcEventChannel } from '../../shared/contract.js';
import { EngineClient } from '../engine/worker/engine-client.js';

export class CaseSession {
  private engine: EngineClient | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly nativeBinding: string) {}

  current(): EngineClient {
    if (!this.engine) throw new Error('no case is open');
    return this.engine;
  }

  /** Open `casePath` (building the demo there first when asked and missing); the old case closes only on success. */
  async open(casePath: string, demoIfMissing = false): Promise<void> {
    const next = await EngineClient.start({ casePath, nativeBinding: this.nativeBinding, demoIfMissing });
    const previous = this.engine;
    this.unsubscribe?.();
    this.engine = next;
    this.unsubscribe = next.onEvent((event, payload) => {
      for (const win of BrowserWindow.getAllWindows()) win.webContents.send(ipcEventChannel, { event, payload });
    });
    await previous?.close();
    for (const win of BrowserWindow.getAllWindows())
      win.webContents.send(ipcEventChannel, { event: 'case.changed', payload: { reason: 'opened' } });
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.engine?.close();
    this.engine = null;
  }
}
