import type { Command } from '../command.js';
import { demoCommand } from './demo.js';
import { findingsCommand } from './findings.js';
import { generateCommand } from './generate.js';
import { graphCommand } from './graph.js';
import { importCommand } from './import.js';
import { infoCommand } from './info.js';
import { serveCommand } from './serve.js';
import { settingsCommand } from './settings.js';

/** Every sub-command, in the order `dlens help` lists them. */
export const commands: readonly Command[] = [
  importCommand,
  infoCommand,
  findingsCommand,
  graphCommand,
  settingsCommand,
  serveCommand,
  demoCommand,
  generateCommand,
];
