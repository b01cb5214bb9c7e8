/** One `dlens` sub-command. `run` returns the process exit code. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(argv: readonly string[]): Promise<number>;
}
