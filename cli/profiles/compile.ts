/**
 * Compiles a load profile into k6 options: open workloads become arrival-rate scenarios whose VU
 * pool is sized by Little's law (concurrency = rate × latency), SLOs become thresholds. Pure.
 */
import type { LoadProfile } from './schema.ts';

export interface CompiledPlan {
  options: {
    scenarios: Record<string, Record<string, unknown>>;
    thresholds: Record<string, string[]>;
  };
  workloads: { orderConfirmation?: { linesPerOrder: { min: number; max: number } } };
  /** Human-readable lines saying what was derived and why, printed before the run. */
  derived: string[];
}

/** VUs needed to sustain `perSecond` arrivals that each take `latencyMs`, with 50 % headroom. */
export function preAllocatedVus(perSecond: number, latencyMs: number): number {
  return Math.max(1, Math.ceil(perSecond * (latencyMs / 1000) * 1.5));
}

export function compileLoadProfile(profile: LoadProfile): CompiledPlan {
  const plan: CompiledPlan = { options: { scenarios: {}, thresholds: {} }, workloads: {}, derived: [] };
  const orders = profile.workloads.orderConfirmation;
  if (orders) {
    const perSecond = orders.ordersPerHour / 3600;
    const preAllocated = preAllocatedVus(perSecond, profile.slo.orderConfirmP95Ms);
    const maxVus = orders.maxVus ?? Math.max(preAllocated * 4, 10);
    plan.options.scenarios.order_confirmation = {
      executor: 'constant-arrival-rate',
      exec: 'default',
      rate: orders.ordersPerHour,
      timeUnit: '1h',
      duration: profile.duration,
      preAllocatedVUs: Math.min(preAllocated, maxVus),
      maxVUs: maxVus,
      tags: { workload: 'order_confirmation' },
    };
    plan.options.thresholds.order_confirm_duration = [`p(95)<${profile.slo.orderConfirmP95Ms}`];
    plan.workloads.orderConfirmation = { linesPerOrder: orders.linesPerOrder };
    plan.derived.push(
      `order_confirmation: ${orders.ordersPerHour} orders/h = ${perSecond.toFixed(2)}/s for ${profile.duration}, ` +
        `${Math.min(preAllocated, maxVus)} VUs pre-allocated (rate × p95 ${profile.slo.orderConfirmP95Ms} ms × 1.5), up to ${maxVus}`,
    );
  }
  plan.options.thresholds.odoo_rpc_failed = [`rate<${profile.slo.maxErrorRate}`];
  plan.options.thresholds.checks = [`rate>${1 - profile.slo.maxErrorRate}`];
  plan.derived.push(`thresholds: ${Object.entries(plan.options.thresholds).map(([metric, rules]) => `${metric} ${rules.join(', ')}`).join('; ')}`);
  return plan;
}
