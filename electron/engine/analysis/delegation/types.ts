/**
 * How analysis reads audit records, and helpers for the delegation readers.
 */
/** An audit record as the delegation readers and rules see it. */
export interface AuditRow {
  id: number;
  time: string;
  recordId: string;
  recordType: number | null;
  operation: string;
  actor: string | null;
  userType: number | null;
  target: string | null;
  clientIp: string | null;
  succeeded: boolean;
  params: Record<string, string>;
  /** Parsed AuditData. */
  data: Record<string, unknown>;
}

export function splitRights(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,;]\s*|\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const isFailure = (status: string | null): boolean => /^(false|failed|failure)$/i.test(status ?? '');
