/** What every permission and configuration dump writer shares: the run's end state and how a dump file is opened. */
import type { FileEncoding } from '../encoding.js';
import type { PermissionState } from '../state.js';
import type { Tenant } from '../tenant.js';
import { row, type Output, type Outputs } from './output.js';

export interface DumpContext {
  tenant: Tenant;
  state: PermissionState;
  outputs: Outputs;
  /** When the dumps were taken (epoch ms). */
  collected: number;
}

/** A CRLF dump file with its header row written; never sampled (dumps are small). */
export function open(
  ctx: DumpContext,
  rel: string,
  format: string,
  encoding: FileEncoding,
  notes: string[],
  header: readonly string[],
): Output {
  const out = ctx.outputs.open({
    rel,
    format,
    encoding,
    eol: '\r\n',
    sampled: false,
    notes: [...notes, 'state at collection time (end of the window)'],
  });
  out.file.line(row(header));
  return out;
}

/** One Export-Csv row (every cell quoted), counted for the action it shows. */
export function put(out: Output, cells: readonly (string | number | boolean)[], actionId: string | null = null): void {
  out.file.line(row(cells));
  out.count(actionId);
}
