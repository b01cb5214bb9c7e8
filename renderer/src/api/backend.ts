/**
 * The renderer's client for the contract in shared/contract.ts, over whichever transport hosts it:
 * the desktop preload bridge (`window.dlens`, IPC) or the browser host (HTTP + Server-Sent Events).
 * Request names, argument and result types all come from the contract.
 */
import {
  ApiError,
  eventNames,
  type AnyRequestName,
  type ArgsIn,
  type DesktopBridge,
  type EventName,
  type EventPayload,
  type RequestName,
  type Result,
} from '../../../shared/contract';
import type { ImportOutcome } from '../../../shared/domain';
import type { ReportOptionsIn } from '../../../shared/requests/report';

export interface Backend {
  kind: 'desktop' | 'browser';
  call<K extends RequestName>(name: K, args: ArgsIn<K>): Promise<Result<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Import files the analyst dropped or chose in a file input. */
  importFiles(files: File[]): Promise<ImportOutcome[]>;
  /** Desktop only: the native open dialog. Null in the browser, which uses a file input. */
  pickAndImport: ((this: void) => Promise<ImportOutcome[] | null>) | null;
  /** Desktop only: open an existing case or create a new one; resolves to its name, null if cancelled. */
  openCase: ((this: void, create: boolean) => Promise<string | null>) | null;
  /** Desktop only: ask where to save and print the report to PDF; resolves to the file name, null if cancelled. */
  saveReport: ((this: void, options: ReportOptionsIn) => Promise<string | null>) | null;
}

declare global {
  interface Window {
    dlens?: DesktopBridge;
  }
}

export function connectBackend(): Backend {
  return window.dlens ? desktopBackend(window.dlens) : browserBackend();
}

function desktopBackend(bridge: DesktopBridge): Backend {
  const invoke = async <K extends AnyRequestName>(name: K, args: ArgsIn<K>): Promise<Result<K>> => {
    const envelope = await bridge.invoke(name, args);
    if (!envelope.ok) throw ApiError.from(envelope.error);
    return envelope.value;
  };
  const call = <K extends RequestName>(name: K, args: ArgsIn<K>) => invoke(name, args);
  return {
    kind: 'desktop',
    call,
    on: (event, listener) => bridge.on(event, listener),
    async importFiles(files) {
      // Handles, not paths: the shell keeps the paths of the files the analyst dropped.
      const handles = (await Promise.all(files.map((f) => bridge.fileHandle(f)))).filter((h): h is string => !!h);
      if (handles.length === 0) return [];
      return call('import.files', { files: handles.map((path) => ({ path })) });
    },
    async pickAndImport() {
      const paths = await invoke('shell.pickEvidence', {});
      if (paths.length === 0) return null;
      return call('import.files', { files: paths.map((path) => ({ path })) });
    },
    openCase: (create) => invoke('shell.openCase', { create }),
    saveReport: (options) => invoke('shell.saveReport', options),
  };
}

const TOKEN_KEY = 'dlens-token';

/** The token arrives once in the URL (`?token=`); keep it for this tab and take it out of the address bar. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function browserBackend(): Backend {
  const token = takeToken();
  const headers = { Authorization: `Bearer ${token}` };

  async function parse<T>(res: Response): Promise<T> {
    const body = (await res
      .json()
      .catch(() => ({ error: { code: 'internal', message: `HTTP ${res.status}` } }))) as unknown;
    if (!res.ok) throw ApiError.from((body as { error?: unknown }).error);
    return body as T;
  }

  const call = async <K extends RequestName>(name: K, args: ArgsIn<K>): Promise<Result<K>> =>
    parse<Result<K>>(
      await fetch(`./api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(args),
      }),
    );

  type Listener = (payload: unknown) => void;
  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSource | null = null;
  const ensureSource = () => {
    if (source) return;
    source = new EventSource(`./api/events?token=${encodeURIComponent(token)}`);
    for (const name of eventNames) {
      source.addEventListener(name, (e) => {
        const payload = JSON.parse((e as MessageEvent<string>).data) as unknown;
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  };

  return {
    kind: 'browser',
    call,
    on(event, listener) {
      ensureSource();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    async importFiles(files) {
      const outcomes: ImportOutcome[] = [];
      for (const file of files) {
        const res = await fetch(`./api/upload?name=${encodeURIComponent(file.name)}`, {
          method: 'POST',
          headers,
          body: file,
        });
        outcomes.push(...(await parse<ImportOutcome[]>(res)));
      }
      return outcomes;
    },
    pickAndImport: null,
    openCase: null,
    saveReport: null,
  };
}
