/**
 * One `dlens` sub-command: what it takes, its help, and `run`, which returns the exit code.
 * `runCommand` parses the arguments (answering `--help` itself) before the command sees them.
 */
import { parseArgs, type OptionSpecs, type ParsedArgs } from './args.js';
import { out, wrap } from './output.js';

export interface Command {
  name: string;
  /** Positionals, as in `<case.db> <file-or-folder>...`. */
  arguments: string;
  /** One short line for `dlens help`. */
  summary: string;
  /** What --help says about the command (defaults to the summary). */
  description?: string;
  options: OptionSpecs;
  /** Lines of examples for --help. */
  examples?: string[];
  run(args: ParsedArgs): Promise<number>;
}

const HELP_WIDTH = 80;

export function usageLine(c: Command): string {
  return `dlens ${c.name} ${c.arguments}${Object.keys(c.options).length > 0 ? ' [options]' : ''}`;
}

/** The command's --help text, within 80 columns. */
export function commandHelp(c: Command): string {
  const lines = [`usage: ${usageLine(c)}`, '', ...wrap(c.description ?? c.summary, HELP_WIDTH)];
  lines.push('', 'options:');
  for (const [name, o] of Object.entries(c.options)) {
    lines.push(
      `  ${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}${o.multiple ? ' (repeatable)' : ''}`,
    );
    lines.push(...wrap(o.description, HELP_WIDTH - 6).map((l) => `      ${l}`));
  }
  lines.push('  --help', '      show this help');
  if (c.examples?.length) lines.push('', 'examples:', ...c.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

export async function runCommand(c: Command, argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(commandHelp(c));
    return 0;
  }
  return c.run(parseArgs(argv, c.options));
}
