#!/usr/bin/env node
/**
 * `dlens`: the command-line face of the engine. Errors are one line on stderr with exit code 1;
 * usage mistakes exit 2.
 */
import { ApiError } from '../../shared/contract.js';
import { UsageError } from './args.js';
import { runCommand } from './command.js';
import { commands } from './commands/index.js';
import { CliError } from './open-case.js';

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
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`dlens: unknown command ${JSON.stringify(name)}\n\n${help()}`);
    return 2;
  }
  try {
    return await runCommand(command, rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`dlens ${name}: ${err.message}`);
      return 2;
    }
    if (err instanceof ApiError) {
      console.error(`dlens: ${err.message}`);
      return err.code === 'invalid_args' ? 2 : 1;
    }
    if (err instanceof CliError) {
      console.error(`dlens: ${err.message}`);
      return 1;
    }
    const e = err as Error;
    // Anything else is our bug: say so in one line, keep the stack behind DLENS_DEBUG.
    console.error(
      `dlens: internal error: ${e.message}` +
        (process.env.DLENS_DEBUG ? `\n${e.stack}` : ' (set DLENS_DEBUG=1 for details)'),
    );
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`dlens: internal error: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
