/**
 * Command-line arguments through node:util's parseArgs, strict: an unknown option or a missing
 * value is a usage error (a typo must not silently change what an examiner gets). Each command
 * declares its options once, with the help text `--help` prints.
 */
import { parseArgs as parseNodeArgs } from 'node:util';

export class UsageError extends Error {}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Repeatable: every value is kept, in order. */
  multiple?: boolean;
  /** One-letter alias, e.g. `o` for `-o FILE`. */
  short?: string;
  /** Name of the value in help, e.g. `N` for `--port N`. */
  value?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

export function parseArgs(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [
      name,
      { type: s.type, multiple: s.multiple ?? false, ...(s.short ? { short: s.short } : {}) },
    ]),
  );
  try {
    const { positionals, values } = parseNodeArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { positionals, values: values as ParsedArgs['values'] };
  } catch (err) {
    // parseArgs explains itself ("Unknown option '--bogus'"); keep its words, drop Node's hints.
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Every value of a repeatable option; comma-separated values are split too. */
export function listOption(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  const all = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return all
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean);
}

export function intOption(args: ParsedArgs, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) {
  const v = stringOption(args, name);
  if (v === undefined) return fallback;
  if (!/^-?\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}`);
  return n;
}
