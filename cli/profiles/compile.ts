/**
 * Compiles a load profile into k6 options: open workloads (orders, postings, reports) become
 * arrival-rate scenarios whose VU pool is sized by Little's law (concurrency = rate × latency);
 * people (scanner operators) and batch jobs (imports) become per-VU executors; SLOs become
 * thresholds for the workloads present. Pure: no I/O, so it is tested with tables.
 */
import type { Workloads } from '../../lib/config.ts';
import { ERROR_KINDS } from '../../lib/odoo/errors.ts';
import type { LoadProfile, WorkloadKey } from './schema.ts';

export interface CompiledPlan {
  options: {
    scenarios: Record<string, Record<string, unknown>>;
    thresholds: Record<
      string,
      (string | { threshold: string; abortOnFail: boolean; delayAbortEval: string })[]
    >;
  };
  workloads: Workloads;
  /** Human-readable lines saying what was derived and why, printed before the run. */
  derived: string[];
}

/** VUs needed to sustain `perSecond` arrivals that each take `latencyMs`, with 50 % headroom. */
export function preAllocatedVus(perSecond: number, latencyMs: number): number {
  return Math.max(1, Math.ceil(perSecond * (latencyMs / 1000) * 1.5));
}

/** Seconds in a k6 duration string ("1h30m" → 5400). */
export function durationSeconds(duration: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const [, value, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    total += Number(value) * units[unit!]!;
  return total;
}

type Stages = LoadProfile['stages'];

/** Total seconds of a list of stages. */
const stagesSeconds = (stages: NonNullable<Stages>) =>
  stages.reduce((sum, stage) => sum + durationSeconds(stage.duration), 0);

/** "95s" from seconds, for k6. */
const seconds = (value: number) => `${Math.round(value)}s`;

function arrivalScenario(
  exec: string,
  workload: string,
  perUnit: number,
  timeUnit: '1h' | '1m',
  duration: string,
  startTime: string,
  latencyMs: number,
  maxVus: number | undefined,
  stages: Stages,
) {
  const peak = stages ? Math.max(...stages.map((stage) => stage.multiplier)) : 1;
  const perSecond = (perUnit * peak) / (timeUnit === '1h' ? 3600 : 60);
  const preAllocated = preAllocatedVus(perSecond, latencyMs);
  const max = maxVus ?? Math.max(preAllocated * 4, 10);
  const common = {
    exec,
    timeUnit,
    startTime,
    preAllocatedVUs: Math.min(preAllocated, max),
    maxVUs: max,
    tags: { workload },
  };
  const unit = timeUnit === '1h' ? 'h' : 'min';
  if (stages) {
    // Stage targets are the workload's own rate times the stage's multiplier.
    return {
      scenario: {
        executor: 'ramping-arrival-rate',
        ...common,
        startRate: 0,
        stages: stages.map((stage) => ({
          duration: stage.duration,
          target: round(perUnit * stage.multiplier, 3),
        })),
      },
      note: `ramping to ${round(perUnit * peak, 3)}/${unit} (${peak}× ${perUnit}) over ${stages.length} stages from ${startTime}, ${Math.min(preAllocated, max)} VUs pre-allocated for the peak, up to ${max}`,
    };
  }
  return {
    scenario: {
      executor: 'constant-arrival-rate',
      exec,
      rate: perUnit,
      timeUnit,
      duration,
      startTime,
      preAllocatedVUs: Math.min(preAllocated, max),
      maxVUs: max,
      tags: { workload },
    },
    note: `${perUnit}/${unit} = ${perSecond.toFixed(2)}/s for ${duration} from ${startTime}, ${Math.min(preAllocated, max)} VUs pre-allocated (rate × ${latencyMs} ms × 1.5), up to ${max}`,
  };
}

/** Compiles the profile, keeping only `only` workloads when given (a single-workload scenario). */
export function compileLoadProfile(profile: LoadProfile, only?: WorkloadKey[]): CompiledPlan {
  const plan: CompiledPlan = {
    options: { scenarios: {}, thresholds: {} },
    workloads: {},
    derived: [],
  };
  const keep = (key: WorkloadKey) => !only || only.includes(key);
  const { slo, stages } = profile;
  const duration = stages ? seconds(stagesSeconds(stages)) : profile.duration;
  const w = profile.workloads;
  // Breakpoint runs stop at the first broken latency SLO (after 30 s of data).
  const threshold = (metric: string, rule: string, latency = true) =>
    (plan.options.thresholds[metric] = [
      slo.abortOnFail && latency
        ? { threshold: rule, abortOnFail: true, delayAbortEval: '30s' }
        : rule,
    ]);

  if (w.orderConfirmation && keep('orderConfirmation')) {
    const o = w.orderConfirmation;
    const { scenario, note } = arrivalScenario(
      'orderConfirmation',
      'order_confirmation',
      o.ordersPerHour,
      '1h',
      duration,
      o.startTime,
      slo.orderConfirmP95Ms,
      o.maxVus,
      stages,
    );
    plan.options.scenarios.order_confirmation = scenario;
    plan.workloads.orderConfirmation = {
      linesPerOrder: o.linesPerOrder,
      invoiceShare: o.invoiceShare,
    };
    // Contention orders record confirmations too; the SLO is about the ordinary order flow.
    threshold(
      'order_confirm_duration{workload:order_confirmation}',
      `p(95)<${slo.orderConfirmP95Ms}`,
    );
    plan.derived.push(`order_confirmation: ${note}`);
  }
  if (w.barcodeScanning && keep('barcodeScanning')) {
    const b = w.barcodeScanning;
    const think = 60 / b.scansPerMinute;
    plan.options.scenarios.barcode_scanning = {
      executor: 'shared-iterations',
      exec: 'barcodeScanning',
      vus: b.operators,
      iterations: b.operators * b.pickingsPerOperator,
      maxDuration: duration,
      startTime: b.startTime,
      tags: { workload: 'barcode_scanning' },
    };
    plan.workloads.barcodeScanning = {
      operators: [],
      pickingsPerOperator: b.pickingsPerOperator,
      linesPerPicking: b.linesPerPicking,
      thinkSeconds: { min: round(think * 0.7), max: round(think * 1.3) },
      backorder: b.backorder,
      scanShare: b.scanShare,
      api: b.api,
    };
    threshold('scan_duration', `p(95)<${slo.scanP95Ms}`);
    plan.derived.push(
      `barcode_scanning: ${b.operators} operators × ${b.pickingsPerOperator} deliveries, one scan every ${round(think * 0.7)}–${round(think * 1.3)} s, at most ${duration} from ${b.startTime}`,
    );
  }
  if (w.bulkImport && keep('bulkImport')) {
    const i = w.bulkImport;
    plan.options.scenarios.bulk_import = {
      executor: 'shared-iterations',
      exec: 'bulkImport',
      vus: Math.min(i.concurrency, i.batches),
      iterations: i.batches,
      maxDuration: duration,
      startTime: i.startTime,
      tags: { workload: 'bulk_import' },
    };
    plan.workloads.bulkImport = {
      kind: i.kind,
      via: i.via,
      rowsPerBatch: i.rowsPerBatch,
      badRowShare: i.badRowShare,
    };
    threshold('import_batch_duration', `p(95)<${slo.importBatchP95Ms}`);
    plan.derived.push(
      `bulk_import: ${i.batches} × ${i.rowsPerBatch} ${i.kind} rows via ${i.via}, ${Math.min(i.concurrency, i.batches)} at a time, from ${i.startTime}`,
    );
  }
  if (w.reservationContention && keep('reservationContention')) {
    const r = w.reservationContention;
    const { scenario, note } = arrivalScenario(
      'reservationContention',
      'reservation_contention',
      r.ordersPerHour,
      '1h',
      duration,
      r.startTime,
      slo.orderConfirmP95Ms,
      r.maxVus,
      stages,
    );
    plan.options.scenarios.reservation_contention = scenario;
    plan.workloads.reservationContention = {
      hotProducts: r.hotProducts,
      quantityPerOrder: r.quantityPerOrder,
    };
    plan.derived.push(`reservation_contention: ${note}, ${r.hotProducts} hot products`);
  }
  if (w.monthEndClose && keep('monthEndClose')) {
    const m = w.monthEndClose;
    const posting = arrivalScenario(
      'monthEndPosting',
      'month_end_close',
      m.postingsPerMinute,
      '1m',
      duration,
      m.startTime,
      slo.postingP95Ms,
      undefined,
      stages,
    );
    plan.options.scenarios.month_end_posting = posting.scenario;
    plan.derived.push(`month_end_posting: ${posting.note}`);
    if (m.reportsPerMinute > 0) {
      const reports = arrivalScenario(
        'monthEndReport',
        'month_end_close',
        m.reportsPerMinute,
        '1m',
        duration,
        m.startTime,
        slo.reportP95Ms,
        undefined,
        stages,
      );
      plan.options.scenarios.month_end_report = reports.scenario;
      plan.derived.push(`month_end_report: ${reports.note}`);
      threshold('report_duration', `p(95)<${slo.reportP95Ms}`);
    }
    plan.workloads.monthEndClose = { invoiceShare: m.invoiceShare, linesPerEntry: m.linesPerEntry };
    threshold('posting_duration', `p(95)<${slo.postingP95Ms}`);
  }
  threshold('odoo_rpc_failed', `rate<${slo.maxErrorRate}`, false);
  threshold('checks', `rate>${round(1 - slo.maxErrorRate, 6)}`, false);
  plan.derived.push(
    `thresholds: ${Object.entries(plan.options.thresholds)
      .map(
        ([metric, rules]) =>
          `${metric} ${rules.map((rule) => (typeof rule === 'string' ? rule : `${rule.threshold} (aborts)`)).join(', ')}`,
      )
      .join('; ')}`,
  );
  // Always-true thresholds on each error kind make k6 report errors broken down by kind.
  for (const kind of ERROR_KINDS)
    plan.options.thresholds[`odoo_rpc_errors{error_kind:${kind}}`] = ['count>=0'];
  return plan;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The workload a single-workload scenario runs; peak-day runs them all. */
export const SCENARIO_WORKLOADS: Record<string, WorkloadKey[] | undefined> = {
  'order-confirmation': ['orderConfirmation'],
  'barcode-scanning': ['barcodeScanning'],
  'bulk-import': ['bulkImport'],
  'reservation-contention': ['reservationContention'],
  'month-end-close': ['monthEndClose'],
  'peak-day': undefined,
};
