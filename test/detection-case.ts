/**
 * Opening a case on the hand-written detection fixtures (test/fixtures/detection) through the
 * Engine, as the app and the CLI do, for the detection-* tests.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CaseSettings, Finding } from '../shared/domain.js';
import { Engine } from '../electron/engine/engine.js';
import { fixture, tempDir } from './helpers.js';

export const detectionFixture = (name: string): string => fixture(path.join('detection', name));

export interface DetectionCase {
  engine: Engine;
  casePath: string;
  /** Every finding with every citation (no paging). */
  findings: () => Promise<Finding[]>;
  close: () => Promise<void>;
}

/**
 * A fresh case with the fixtures imported, each file whole (a finding, or its absence, only means
 * something about rows that were imported). Settings are applied after the import, as an analyst
 * would; findings are recomputed then.
 */
export async function openDetectionCase(
  names: readonly string[],
  settings: Partial<CaseSettings> = {},
  /** Rows a file is known to reject (an import fixture's deliberately broken row), by file name. */
  rejects: Readonly<Record<string, number>> = {},
): Promise<DetectionCase> {
  const casePath = path.join(tempDir('dlens-detection-'), 'case.db');
  const engine = Engine.open({ casePath });
  const outcomes = await engine.call('import.files', { files: names.map((n) => ({ path: detectionFixture(n) })) });
  for (const o of outcomes) {
    assert.ok(o.ok, o.ok ? '' : o.error);
    assert.equal(
      o.result.rejected,
      rejects[o.result.file] ?? 0,
      `${o.result.file}: rejected rows ${JSON.stringify(o.result.rejections)}`,
    );
    assert.ok(o.result.accepted > 0, `${o.result.file}: nothing imported`);
  }
  if (Object.keys(settings).length > 0) await engine.call('settings.update', settings);
  return {
    engine,
    casePath,
    findings: () => engine.call('findings.list', { evidenceLimit: 1_000_000 }),
    close: () => engine.close(),
  };
}

/** The findings of a case opened on `names` (the case is closed again). */
export async function findingsOf(names: readonly string[], settings: Partial<CaseSettings> = {}): Promise<Finding[]> {
  const c = await openDetectionCase(names, settings);
  try {
    return await c.findings();
  } finally {
    await c.close();
  }
}

/** Findings of one rule, for assertion messages that show what there was instead. */
export const ofRule = (findings: readonly Finding[], rule: string): Finding[] =>
  findings.filter((f) => f.rule === rule);

/** One line per finding, for assertion messages. */
export const summary = (findings: readonly Finding[]): string =>
  findings.map((f) => `${f.severity} ${f.rule}: ${f.title}`).join('\n');

const ORDER = ['info', 'low', 'medium', 'high', 'critical'];
/** Severity at least / at most a level. */
export const atLeast = (f: Finding, level: Finding['severity']): boolean =>
  ORDER.indexOf(f.severity) >= ORDER.indexOf(level);
export const atMost = (f: Finding, level: Finding['severity']): boolean =>
  ORDER.indexOf(f.severity) <= ORDER.indexOf(level);
