/**
 * What the analyst concludes, stored in the case: a triage state per finding (kept across
 * recomputation while the finding's id stays the same), stars, tags and comments on findings, events
 * and principals with an append-only history, and saved views (named URL states).
 */
import { z } from 'zod';
import { TRIAGE_STATES, type Triage } from '../domain.js';
import { returns } from './returns.js';

export { TRIAGE_STATES, type TriageState } from '../domain.js';

export interface FindingTriage extends Triage {
  findingId: string;
}

/** Annotated things: a finding (its id), an event (`audit:<id>` / `message:<id>`) or a principal (its address). */
export const ANNOTATION_KINDS = ['finding', 'event', 'principal'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

export interface Annotation {
  kind: AnnotationKind;
  target: string;
  starred: boolean;
  tags: string[];
  comment: string;
  updatedAt: string;
  by: string;
}

export interface AnnotationChange {
  at: string;
  by: string;
  kind: AnnotationKind | 'triage';
  target: string;
  /** A triage change records its state and its reason; tags are written as a JSON array, starred as true/false. */
  field: 'state' | 'reason' | 'starred' | 'tags' | 'comment';
  before: string;
  after: string;
}

export interface SavedView {
  id: number;
  name: string;
  /** The view's URL state: the hash route with its search (`#/timeline?q=…`). */
  url: string;
  createdAt: string;
  by: string;
}

const target = z.string().min(1).max(600);
const reason = z.string().max(4000);

export const triageRequests = {
  'triage.list': {
    args: z.object({}).strict(),
    /** Triage of the findings now in the case, and of findings that disappeared since they were triaged. */
    result: returns<{ items: FindingTriage[]; orphaned: FindingTriage[] }>(),
  },
  'triage.set': {
    args: z
      .object({
        findingIds: z.array(z.string().min(1).max(200)).min(1).max(100_000),
        state: z.enum(TRIAGE_STATES),
        reason: reason.default(''),
      })
      .strict(),
    result: returns<FindingTriage[]>(),
  },
  'annotations.list': {
    args: z
      .object({
        kind: z.enum(ANNOTATION_KINDS).optional(),
        target: target.optional(),
        tag: z.string().min(1).max(100).optional(),
        starred: z.boolean().optional(),
      })
      .strict(),
    result: returns<Annotation[]>(),
  },
  'annotations.set': {
    args: z
      .object({
        kind: z.enum(ANNOTATION_KINDS),
        target,
        starred: z.boolean().optional(),
        tags: z.array(z.string().min(1).max(100)).max(50).optional(),
        comment: z.string().max(20_000).optional(),
      })
      .strict(),
    result: returns<Annotation>(),
  },
  'annotations.history': {
    args: z.object({ target: target.optional(), limit: z.number().int().min(1).max(10_000).default(500) }).strict(),
    /** The most recent changes (of one target: its annotation and, for a finding, its triage), newest first. */
    result: returns<AnnotationChange[]>(),
  },
  'views.list': {
    args: z.object({}).strict(),
    result: returns<SavedView[]>(),
  },
  'views.save': {
    args: z.object({ name: z.string().min(1).max(200), url: z.string().min(2).max(4000).startsWith('#/') }).strict(),
    result: returns<SavedView>(),
  },
  'views.delete': {
    args: z.object({ id: z.number().int().positive() }).strict(),
    result: returns<{ deleted: boolean }>(),
  },
} as const;
