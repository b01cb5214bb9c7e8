/**
 * Severity from context. A rule starts from a base and every fact that moves it is recorded as a
 * reason, so an examiner sees why a finding is high (or why a routine grant is only info).
 */
import { SEVERITIES, type Severity } from '../../../shared/domain.js';

export class SeverityScore {
  private level: number;
  readonly reasons: string[] = [];

  constructor(base: Severity) {
    this.level = SEVERITIES.indexOf(base);
  }

  raise(why: string, steps = 1): this {
    this.level = Math.min(SEVERITIES.length - 1, this.level + steps);
    this.reasons.push(`+ ${why}`);
    return this;
  }

  lower(why: string, steps = 1): this {
    this.level = Math.max(0, this.level - steps);
    this.reasons.push(`- ${why}`);
    return this;
  }

  /** Cap regardless of other reasons (e.g. an approved delegate is at most info). */
  cap(max: Severity, why: string): this {
    const m = SEVERITIES.indexOf(max);
    if (this.level > m) {
      this.level = m;
      this.reasons.push(`= ${why}`);
    }
    return this;
  }

  get severity(): Severity {
    return SEVERITIES[this.level]!;
  }
}
