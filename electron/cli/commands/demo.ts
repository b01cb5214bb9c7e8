import fs from 'node:fs';
import path from 'node:path';
import { buildDemoCase } from '../../engine/demo.js';
import { UsageError } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../open-case.js';
import { out } from '../output.js';

export const demoCommand: Command = {
  name: 'demo',
  arguments: '<case.db>',
  summary: 'Build the demo case at a path',
  description:
    'Build the demo case (a generated 25-user tenant over 7 days with every attack story planted, ' +
    'imported from the exports a responder typically has) at a new path.',
  options: {},
  examples: ['dlens demo demo.dlens.db && dlens serve demo.dlens.db'],
  async run(args) {
    const [casePath] = args.positionals;
    if (!casePath || args.positionals.length > 1) throw new UsageError('give exactly one case file to create');
    if (fs.existsSync(casePath))
      throw new CliError(`${casePath}: already exists; the demo case is built at a new path`);
    const dir = path.dirname(path.resolve(casePath));
    if (!fs.existsSync(dir)) throw new CliError(`${casePath}: folder ${dir} does not exist`);
    await buildDemoCase(casePath);
    out(`demo case written to ${casePath}`);
    return 0;
  },
};
