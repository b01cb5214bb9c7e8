/** Every writer of a run, in a fixed order (which fixes the file order in truth.json). */
import { compactStamp } from '../clock.js';
import { Rng } from '../random.js';
import type { Tenant } from '../tenant.js';
import { PurviewClassicWriter, PurviewNewWriter, SualWriter } from './audit-csv.js';
import { DfirWriter, ExtractorJsonlWriter, ExtractorJsonWriter } from './audit-json.js';
import { EnhancedSummaryWriter, MessageTraceV2Writer, MessageTraceWriter, MsgTrkWriter } from './message-trace.js';
import type { Outputs, Writer } from './output.js';
import { SentinelWriter } from './sentinel.js';

export function createWriters(outputs: Outputs, tenant: Tenant, seed: number, start: number, end: number): Writer[] {
  const rng = Rng.of(seed, 'writers');
  const p = outputs.policy;
  const collected = end + 3 * 3_600_000;
  const stamp = compactStamp(collected);
  return [
    new PurviewNewWriter(outputs, p),
    new PurviewClassicWriter(outputs, p),
    new SualWriter(outputs, p, 'rps', rng),
    new SualWriter(outputs, p, 'exo-v2', rng),
    new SualWriter(outputs, p, 'exo-v3', rng),
    new ExtractorJsonWriter(outputs, p, start, end),
    new ExtractorJsonlWriter(outputs, p, start, end),
    new SentinelWriter(outputs, p, rng.guid(), Rng.of(seed, 'sentinel')),
    new MessageTraceWriter(outputs, p, false, tenant.onmicrosoft, tenant.domain, start, end, rng),
    new MessageTraceWriter(outputs, p, true, tenant.onmicrosoft, tenant.domain, start, end, rng),
    new MessageTraceV2Writer(outputs, p, `${stamp.slice(0, 8)}-${stamp.slice(8)}`),
    new EnhancedSummaryWriter(outputs, p, tenant.domain, rng.guid()),
    new DfirWriter(outputs, p, tenant.onmicrosoft),
    new MsgTrkWriter(outputs, p, tenant.domain),
  ];
}
