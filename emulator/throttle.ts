/**
 * Login throttling as `res.users._assert_can_auth` does it (docs/odoo-protocol.md §1.1): failures counted per
 * client IP in this process; after `after` failures, attempts within `seconds` are refused.
 */
import { accessDenied } from './errors.ts';

export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; last: number }>();
  /** Defaults are Odoo's `base.login_cooldown_after` (5) and `base.login_cooldown_duration` (60). 0 disables. */
  constructor(
    private readonly after = 5,
    private readonly seconds = 60,
  ) {}

  assertCanAuth(ip: string): void {
    if (this.after === 0 || this.seconds === 0) return;
    const entry = this.failures.get(ip);
    if (entry && entry.count >= this.after && Date.now() - entry.last < this.seconds * 1000) {
      throw accessDenied('Too many login failures, please wait a bit before trying again.');
    }
  }

  record(ip: string, success: boolean): void {
    if (success) {
      this.failures.delete(ip);
      return;
    }
    const entry = this.failures.get(ip) ?? { count: 0, last: 0 };
    this.failures.set(ip, { count: entry.count + 1, last: Date.now() });
  }
}
