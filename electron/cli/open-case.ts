/**
 * Opening a case for a CLI command, with one-line errors instead of stack traces.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Engine, type EngineOptions } from '../engine/engine.js';

export class CliError extends Error {}

export function openEngine(casePath: string, options: { create: boolean; emit?: EngineOptions['emit'] }): Engine {
  if (!options.create && !fs.existsSync(casePath)) throw new CliError(`${casePath}: no such case file`);
  if (options.create) {
    const dir = path.dirname(path.resolve(casePath));
    if (!fs.existsSync(dir)) throw new CliError(`${casePath}: folder ${dir} does not exist`);
  }
  try {
    return Engine.open({ casePath, create: options.create, ...(options.emit ? { emit: options.emit } : {}) });
  } catch (err) {
    const message = (err as Error).message;
    throw new CliError(message.startsWith(casePath) ? message : `${casePath}: ${message}`);
  }
}
