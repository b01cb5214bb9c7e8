/**
 * A small argv parser: positionals plus `--flag`, `--key value` and `--key=value`.
 * Unknown options are errors (a typo must not silently change what an examiner gets).
 */
export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

export interface OptionSpec {
  /** Options that take a value; all others are boolean flags. */
  values?: readonly string[];
  flags?: readonly string[];
}

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const flags = new Set(spec.flags ?? []);
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = a.slice(2, eq < 0 ? undefined : eq);
    if (values.has(key)) {
      const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`--${key} needs a value`);
      options.set(key, v);
    } else if (flags.has(key) && eq < 0) {
      options.set(key, true);
    } else {
      throw new UsageError(`unknown option --${key}`);
    }
  }
  return { positionals, options };
}

export function intOption(
  args: ParsedArgs,
  key: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const v = args.options.get(key);
  if (v === undefined) return fallback;
  if (v === true || !/^-?\d+$/.test(v)) throw new UsageError(`--${key} must be a whole number`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageError(`--${key} must be between ${min} and ${max}`);
  return n;
}

export function stringOption(args: ParsedArgs, key: string): string | undefined {
  const v = args.options.get(key);
  return typeof v === 'string' ? v : undefined;
}
