#!/usr/bin/env node
/**
 * `dlens`: the command-line face of the engine. Errors are one line on stderr with exit code 1;
 * usage mistakes exit 2. Messages can carry evidence text (file names, reasons): they are printed
 * through output.ts, which makes control and bidi characters visible.
 */
import { ApiError } from '../../shared/contract.js';
import { UsageError } from './args.js';
import { toleratePipeClosing } from './closed-pipe.js';
import { runCommand } from './command.js';
import { commands } from './commands/index.js';
import { CliError } from './open-case.js';
import { err, inert, out } from './output.js';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Delegation Lens: offline investigation of Microsoft 365 / Exchange',
    'mailbox-delegation abuse (MITRE ATT&CK T1098.002)',
    '',
    'usage: dlens <command> [arguments] [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'dlens <command> --help shows its arguments, options and examples.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    err(`dlens: unknown command ${inert(JSON.stringify(name))}\n\n${help()}`);
    return 2;
  }
  try {
    return await runCommand(command, rest);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`dlens ${name}: ${inert(error.message)}`);
      return 2;
    }
    if (error instanceof ApiError) {
      err(`dlens: ${inert(error.message)}`);
      return error.code === 'invalid_args' ? 2 : 1;
    }
    if (error instanceof CliError) {
      err(`dlens: ${inert(error.message)}`);
      return 1;
    }
    const e = error as Error;
    // Anything else is our bug: say so in one line, keep the stack behind DLENS_DEBUG.
    err(
      `dlens: internal error: ${inert(e.message)}` +
        (process.env.DLENS_DEBUG ? `\n${e.stack}` : ' (set DLENS_DEBUG=1 for details)'),
    );
    return 1;
  }
}

toleratePipeClosing();
main(process.argv.slice(2)).then(
  (code) => {
    // A write failure other than a closed pipe has already set 1 (closed-pipe.ts); keep it.
    if (!process.exitCode) process.exitCode = code;
  },
  (error: unknown) => {
    err(`dlens: internal error: ${inert((error as Error).message)}`);
    process.exitCode = 1;
  },
);
