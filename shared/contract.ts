/**
 * The one API contract of Delegation Lens.
 *
 * Every request the renderer can make is declared here once: its name, a runtime schema for its
 * arguments and the type of its result. The Electron preload, the main-process IPC registration,
 * the browser host's HTTP routes, the engine's handler map and the renderer client are all derived
 * from `requests` and `events` below; none of them lists request names on its own.
 */
import { z } from 'zod';
import type {
  CaseInfo,
  CaseSettings,
  DelegationGraphView,
  EvidenceRowView,
  Finding,
  ImportOutcome,
  ImportProgress,
  Rejection,
} from './domain.js';

import { returns } from './requests/returns.js';
import { graphRequests } from './requests/graph.js';
import { principalRequests } from './requests/principal.js';
import { reportOptionsSchema, reportRequests } from './requests/report.js';
import { timelineRequests } from './requests/timeline.js';
import { triageRequests } from './requests/triage.js';
import { volumeRequests } from './requests/volume.js';

import type { Returns } from './requests/returns.js';

export type { Returns };

const limit = z.number().int().min(1).max(10_000);

/** Engine requests: answered by the engine worker wherever it runs (desktop or browser host). */
export const requests = {
  ...timelineRequests,
  ...graphRequests,
  ...volumeRequests,
  ...principalRequests,
  ...triageRequests,
  ...reportRequests,
  'case.info': {
    args: z.object({}).strict(),
    result: returns<CaseInfo>(),
  },
  'evidence.rejections': {
    args: z
      .object({
        evidenceId: z.number().int().positive(),
        afterRow: z.number().int().min(0).default(0),
        limit: limit.default(500),
      })
      .strict(),
    result: returns<Rejection[]>(),
  },
  'findings.list': {
    args: z
      .object({
        /** Citations included per finding (evidenceTotal counts all; findings.evidence pages through them). */
        evidenceLimit: z.number().int().min(0).max(1_000_000).default(50),
      })
      .strict(),
    result: returns<Finding[]>(),
  },
  'findings.evidence': {
    args: z
      .object({
        findingId: z.string().min(1).max(200),
        /** Rows to skip, in citation order. */
        offset: z.number().int().min(0).default(0),
        limit: limit.default(200),
      })
      .strict(),
    /** One page of the cited rows and how many there are in all ("N of M"). */
    result: returns<{ rows: EvidenceRowView[]; total: number }>(),
  },
  'graph.asOf': {
    args: z
      .object({
        /** ISO-8601 instant; omitted or null = state after all evidence. */
        asOf: z.iso.datetime({ offset: true }).nullable().default(null),
      })
      .strict(),
    result: returns<DelegationGraphView>(),
  },
  'settings.get': {
    args: z.object({}).strict(),
    result: returns<CaseSettings>(),
  },
  'settings.update': {
    args: z
      .object({
        approvedDelegates: z.array(z.string().min(1).max(600)).max(10_000).optional(),
        allowedForwardingDomains: z.array(z.string().min(1).max(255)).max(10_000).optional(),
        knownAdmins: z.array(z.string().min(1).max(320)).max(10_000).optional(),
        tenantDomains: z.array(z.string().min(1).max(255)).max(1_000).optional(),
        timeZone: z.string().min(1).max(64).optional(),
        businessHours: z
          .object({
            start: z.number().int().min(0).max(24),
            end: z.number().int().min(0).max(24),
            days: z.array(z.number().int().min(1).max(7)).max(7),
          })
          .strict()
          .optional(),
      })
      .strict(),
    /** The settings after the change; findings have been recomputed. */
    result: returns<CaseSettings>(),
  },
  'import.files': {
    args: z
      .object({
        files: z
          .array(
            z
              .object({
                /**
                 * Absolute path on the machine running the engine. From the desktop window: a handle from
                 * shell.pickEvidence or DesktopBridge.fileHandle, which the shell maps to the file the
                 * analyst chose. Through the browser host: a path under a folder named with
                 * `dlens serve --evidence` (uploads go to /api/upload).
                 */
                path: z.string().min(1).max(4096),
                /** Name to register instead of the path's base name (browser uploads). */
                name: z.string().min(1).max(255).optional(),
              })
              .strict(),
          )
          .min(1)
          .max(10_000),
      })
      .strict(),
    result: returns<ImportOutcome[]>(),
  },
} as const;

/** Requests only the desktop shell can answer (native dialogs). The browser host has no such routes. */
export const shellRequests = {
  'shell.pickEvidence': {
    args: z.object({}).strict(),
    /** Opaque handles of the files chosen (the shell keeps their paths); empty when the dialog was cancelled. */
    result: returns<string[]>(),
  },
  'shell.openCase': {
    /** `create` asks where to save a new case; otherwise an existing case file is chosen. */
    args: z.object({ create: z.boolean() }).strict(),
    /** The file name of the case now open, or null when the dialog was cancelled. */
    result: returns<string | null>(),
  },
  'shell.saveReport': {
    /** The report as the analyst chose it; the shell asks where to save and prints it to PDF. */
    args: reportOptionsSchema,
    /** The file name of the PDF written, or null when the dialog was cancelled. */
    result: returns<string | null>(),
  },
} as const;

/** Push events from the engine to every window. */
export const events = {
  'import.progress': returns<ImportProgress>(),
  'case.changed': returns<{ reason: 'import' | 'settings' | 'opened' | 'annotations' }>(),
  /** The desktop menu's "Report…": the window opens its report dialog. */
  'report.requested': returns<Record<string, never>>(),
} as const;

export type RequestName = keyof typeof requests;
export type ShellRequestName = keyof typeof shellRequests;
export type AnyRequestName = RequestName | ShellRequestName;
export type EventName = keyof typeof events;

type Spec<K extends AnyRequestName> = K extends RequestName
  ? (typeof requests)[K]
  : K extends ShellRequestName
    ? (typeof shellRequests)[K]
    : never;

/** Arguments as the caller writes them (defaults may be omitted). */
export type ArgsIn<K extends AnyRequestName> = z.input<Spec<K>['args']>;
/** Arguments after validation (defaults filled in). */
export type Args<K extends AnyRequestName> = z.output<Spec<K>['args']>;
export type Result<K extends AnyRequestName> = Spec<K>['result'] extends Returns<infer T> ? T : never;
export type EventPayload<E extends EventName> = (typeof events)[E] extends Returns<infer T> ? T : never;

export const requestNames = Object.keys(requests) as RequestName[];
export const shellRequestNames = Object.keys(shellRequests) as ShellRequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}
export function isShellRequestName(name: unknown): name is ShellRequestName {
  return typeof name === 'string' && Object.hasOwn(shellRequests, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Stable error shape crossing every boundary (IPC, HTTP, worker). */
export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
}
export type ApiErrorCode =
  'invalid_request' | 'invalid_args' | 'not_found' | 'bad_input' | 'case_too_new' | 'unavailable' | 'internal';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toShape(): ApiErrorShape {
    return { code: this.code, message: this.message };
  }
  static from(shape: unknown): ApiError {
    const s = shape as Partial<ApiErrorShape> | null;
    return new ApiError(s?.code ?? 'internal', s?.message ?? 'unknown error');
  }
}

/**
 * Validate a request at a trust boundary. Throws ApiError('invalid_request') for an unknown name and
 * ApiError('invalid_args') naming the first offending field otherwise.
 */
export function validateArgs<K extends AnyRequestName>(name: K, raw: unknown): Args<K>;
export function validateArgs(name: unknown, raw: unknown): unknown;
export function validateArgs(name: unknown, raw: unknown): unknown {
  const spec = isRequestName(name) ? requests[name] : isShellRequestName(name) ? shellRequests[name] : null;
  if (!spec) throw new ApiError('invalid_request', `unknown request ${JSON.stringify(String(name)).slice(0, 80)}`);
  const parsed = spec.args.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'arguments';
    throw new ApiError('invalid_args', `${String(name)}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/**
 * How a result crosses IPC: Electron keeps only the message of a thrown error, so failures travel
 * as data and the renderer client turns them back into ApiError with their code.
 */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

/** The bridge the desktop preload exposes as `window.dlens` (derived from the maps above). */
export interface DesktopBridge {
  invoke<K extends AnyRequestName>(name: K, args: ArgsIn<K>): Promise<Envelope<Result<K>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Opaque handle of a dropped or chosen file, for import.files; null when it is not a file on disk.
   * The path stays in the main process (the page never sees it).
   */
  fileHandle(file: Blob): Promise<string | null>;
}

/** IPC channel of a request; the only place channel names are made. */
export const ipcChannel = (name: AnyRequestName): string => `dlens:${name}`;
export const ipcEventChannel = 'dlens:event';
/** Preload to main only (not a request the page can name): a dropped file's path, answered with its handle. */
export const ipcFileHandleChannel = 'dlens-preload:file-handle';
