/**
 * What one grant rule is: which delegation changes it reports, at what base severity, and how it
 * words them. The finding around that (context facts, citations) is built in grant-finding.ts.
 */
import type { Severity } from '../../../../shared/domain.js';
import type { AnalysisContext } from '../../analysis/context.js';
import type { DelegationChange, EdgeKind } from '../../records/delegation.js';
import type { SeverityScore } from '../severity.js';

export interface GrantRuleSpec {
  id: string;
  title: string;
  techniques: string[];
  correspondsTo: string[];
  kinds: EdgeKind[];
  /** Which grants this rule reports, and at what base severity (null = not reported). */
  assess(c: DelegationChange, ctx: AnalysisContext, score: (base: Severity) => SeverityScore): SeverityScore | null;
  describe(c: DelegationChange): { title: string; what: string };
}

export const rightsOf = (c: DelegationChange): string => c.rights.join(', ') || '(unspecified)';
