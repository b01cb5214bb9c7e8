import type { Command } from '../command.js';
import { annotationsCommand } from './annotations.js';
import { demoCommand } from './demo.js';
import { exportCommand } from './export.js';
import { findingsCommand } from './findings.js';
import { generateCommand } from './generate.js';
import { graphCommand } from './graph.js';
import { importCommand } from './import.js';
import { reportCommand } from './report.js';
import { infoCommand } from './info.js';
import { serveCommand } from './serve.js';
import { settingsCommand } from './settings.js';
import { triageCommand } from './triage.js';
import { verifyCommand } from './verify.js';

/** Every sub-command, in the order `dlens help` lists them. */
export const commands: readonly Command[] = [
  importCommand,
  infoCommand,
  findingsCommand,
  triageCommand,
  annotationsCommand,
  graphCommand,
  reportCommand,
  exportCommand,
  settingsCommand,
  verifyCommand,
  serveCommand,
  demoCommand,
  generateCommand,
];
