/**
 * Compiles a load profile into k6 options: open workloads (orders, postings, reports) become
 * arrival-rate scenarios whose VU pool is sized by Little's law (concurrency = rate × latency);
 * people (scanner operators) and batch jobs (imports) become per-VU executors; SLOs become
 * thresholds for the workloads present. Pure: no I/O, so it is tested with tables. Scenario, exec,
 * metric and tag names all come from the contract.
 */
import {
  BROWSER_ROLES,
  BROWSER_SCENARIOS,
  BROWSER_WORKLOAD_TAG,
  type BrowserRole,
  type BrowserScenarioName,
  ERROR_KINDS,
  FOLDED_METRICS,
  K6_METRICS,
  K6_SCENARIOS,
  type K6ScenarioName,
  METRICS,
  SCENARIO_FILES,
  type ScenarioFile,
  selector,
  TAGS,
  UI_STEPS,
  type UiStep,
  type WorkloadKey,
  type WorkloadPlans,
} from '../contract/index.ts';
import type { LoadProfile } from './schema.ts';

type Threshold = string | { threshold: string; abortOnFail: boolean; delayAbortEval: string };

export interface CompiledPlan {
  options: {
    scenarios: Partial<Record<K6ScenarioName | BrowserScenarioName, Record<string, unknown>>>;
    thresholds: Record<string, Threshold[]>;
  };
  /** Thresholds on the metrics the CLI folds from k6's samples, which k6 never sees. */
  foldedThresholds: Record<string, Threshold[]>;
  workloads: WorkloadPlans;
  /** Browser users by role, when the profile has any and the file is peak-day. */
  browsers?: {
    counts: Record<BrowserRole, number>;
    pauseSeconds: { min: number; max: number };
    durationSeconds: number;
  };
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

/** Seconds the profile's load lasts: its stages', or its duration. */
const stagesDuration = (profile: LoadProfile) =>
  profile.stages ? stagesSeconds(profile.stages) : durationSeconds(profile.duration);

/** Total seconds of a list of stages. */
const stagesSeconds = (stages: NonNullable<Stages>) =>
  stages.reduce((sum, stage) => sum + durationSeconds(stage.duration), 0);

/** "95s" from seconds, for k6. */
const seconds = (value: number) => `${Math.round(value)}s`;

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The k6 scenario's own fields: what it runs and the tags every sample of it carries. */
const scenarioBase = (name: K6ScenarioName) => ({
  exec: K6_SCENARIOS[name].exec,
  tags: {
    [TAGS.workload]: K6_SCENARIOS[name].workloadTag,
    [TAGS.channel]: K6_SCENARIOS[name].channel,
  },
});

/**
 * How long a person takes for one order (or invoice) in the web client, to size its VU pool: a pause
 * between actions (opening, the customer, each line, saving) and about 0.1 s per call the web client
 * makes (14 for the form, 8 per line).
 */
export function webUnitSeconds(
  lines: { min: number; max: number },
  think: { min: number; max: number },
) {
  const meanLines = (lines.min + lines.max) / 2;
  const meanThink = (think.min + think.max) / 2;
  return (4 + meanLines) * meanThink + (14 + 8 * meanLines) * 0.1;
}

/**
 * How long k6 lets a started order (or invoice) in the web client finish once the load's time is up:
 * twice the longest one (most lines, longest pauses), at least k6's own 30 s. A person who started
 * just before the end otherwise loses their order mid-way once the people are far from Odoo (40
 * exchanges at 150 ms add 6 s), and the audit finds a confirmed order that k6 never counted.
 */
export function webUnitGracefulStop(
  lines: { min: number; max: number },
  think: { min: number; max: number },
): string {
  const longest = webUnitSeconds(
    { min: lines.max, max: lines.max },
    { min: think.max, max: think.max },
  );
  return `${Math.max(30, Math.ceil(2 * longest))}s`;
}

/** Operators with a scanner, and pickers at the web client: the web share of them, rounded, at least one if any. */
export function operatorSplit(scanning: LoadProfile['workloads']['barcodeScanning']) {
  if (!scanning) return { barcode: 0, web: 0 };
  const share = scanning.channels.web;
  const web = share > 0 ? Math.max(1, Math.round(scanning.operators * share)) : 0;
  return { barcode: scanning.operators - web, web };
}

interface Arrival {
  name: K6ScenarioName;
  perUnit: number;
  timeUnit: '1h' | '1m';
  duration: string;
  startTime: string;
  latencyMs: number;
  maxVus: number | undefined;
  stages: Stages;
  /** How long a started unit may finish after the load's time (k6's default: 30 s). */
  gracefulStop?: string;
}

function arrivalScenario({
  name,
  perUnit,
  timeUnit,
  duration,
  startTime,
  latencyMs,
  maxVus,
  stages,
  gracefulStop,
}: Arrival) {
  const peak = stages ? Math.max(...stages.map((stage) => stage.multiplier)) : 1;
  const perSecond = (perUnit * peak) / (timeUnit === '1h' ? 3600 : 60);
  const preAllocated = preAllocatedVus(perSecond, latencyMs);
  const max = maxVus ?? Math.max(preAllocated * 4, 10);
  const vus = { preAllocatedVUs: Math.min(preAllocated, max), maxVUs: max };
  const unit = timeUnit === '1h' ? 'h' : 'min';
  if (stages) {
    // Stage targets are the workload's own rate times the stage's multiplier.
    const targets = stages.map((stage) => ({
      duration: stage.duration,
      target: round(perUnit * stage.multiplier, 3),
    }));
    return {
      scenario: {
        executor: 'ramping-arrival-rate',
        ...scenarioBase(name),
        timeUnit,
        startTime,
        ...vus,
        ...(gracefulStop ? { gracefulStop } : {}),
        startRate: 0,
        stages: targets,
      },
      note: `ramping to ${round(perUnit * peak, 3)}/${unit} (${peak}× ${perUnit}) over ${stages.length} stages from ${startTime}, ${vus.preAllocatedVUs} VUs pre-allocated for the peak, up to ${max}`,
    };
  }
  return {
    scenario: {
      executor: 'constant-arrival-rate',
      ...scenarioBase(name),
      rate: perUnit,
      timeUnit,
      duration,
      startTime,
      ...vus,
      ...(gracefulStop ? { gracefulStop } : {}),
    },
    note: `${perUnit}/${unit} = ${perSecond.toFixed(2)}/s for ${duration} from ${startTime}, ${vus.preAllocatedVUs} VUs pre-allocated (rate × ${latencyMs} ms × 1.5), up to ${max}`,
  };
}

/** What every workload's compiler shares: the plan being built, the profile, and its helpers. */
interface Compiling {
  plan: CompiledPlan;
  profile: LoadProfile;
  slo: LoadProfile['slo'];
  /** The load's length, as k6 writes a duration. */
  duration: string;
  /** Adds a threshold; latency ones stop a breakpoint run (abortOnFail) after 30 s of data. */
  threshold: (metric: string, rule: string, latency?: boolean) => void;
  /** Adds an arrival-rate scenario on the profile's schedule; returns its note. */
  arrival: (name: K6ScenarioName, rest: Omit<Arrival, 'name' | 'duration' | 'stages'>) => string;
  /** Whether a person works in the web client (their actions get an SLO). */
  webScenario: boolean;
}

function compiling(profile: LoadProfile): Compiling {
  const plan: CompiledPlan = {
    options: { scenarios: {}, thresholds: {} },
    foldedThresholds: {},
    workloads: {},
    derived: [],
  };
  const { slo, stages } = profile;
  const duration = seconds(stagesDuration(profile));
  return {
    plan,
    profile,
    slo,
    duration,
    threshold: (metric, rule, latency = true) => {
      const folded = FOLDED_METRICS.has(metric.split('{')[0]!);
      (folded ? plan.foldedThresholds : plan.options.thresholds)[metric] = [
        slo.abortOnFail && latency
          ? { threshold: rule, abortOnFail: true, delayAbortEval: '30s' }
          : rule,
      ];
    },
    arrival: (name, rest) => {
      const { scenario, note } = arrivalScenario({ name, duration, stages, ...rest });
      plan.options.scenarios[name] = scenario;
      return note;
    },
    webScenario: false,
  };
}

function compileOrders(
  c: Compiling,
  o: NonNullable<LoadProfile['workloads']['orderConfirmation']>,
) {
  const { plan, slo } = c;
  const { api, web } = o.channels;
  if (api > 0) {
    const note = c.arrival('order_confirmation', {
      perUnit: round(o.ordersPerHour * api, 3),
      timeUnit: '1h',
      startTime: o.startTime,
      latencyMs: slo.orderConfirmP95Ms,
      maxVus: o.maxVus,
    });
    plan.derived.push(`order_confirmation (api, ${Math.round(api * 100)} %): ${note}`);
  }
  if (web > 0) {
    const seconds = webUnitSeconds(o.linesPerOrder, c.profile.people.thinkSeconds);
    const note = c.arrival('order_entry_web', {
      perUnit: round(o.ordersPerHour * web, 3),
      timeUnit: '1h',
      startTime: o.startTime,
      latencyMs: seconds * 1000,
      maxVus: o.maxVus,
      gracefulStop: webUnitGracefulStop(o.linesPerOrder, c.profile.people.thinkSeconds),
    });
    plan.derived.push(
      `order_entry_web (web, ${Math.round(web * 100)} %): ${note}; a rep takes about ${round(seconds, 1)} s per order`,
    );
    c.webScenario = true;
  }
  plan.workloads.orderConfirmation = {
    linesPerOrder: o.linesPerOrder,
    quantityPerLine: o.quantityPerLine,
    invoiceShare: o.invoiceShare,
  };
  // Contention orders record confirmations too; the SLO is about the ordinary order flow.
  const workload = K6_SCENARIOS.order_confirmation.workloadTag;
  c.threshold(
    selector(METRICS.orderConfirmDuration.name, { [TAGS.workload]: workload }),
    `p(95)<${slo.orderConfirmP95Ms}`,
  );
}

function compileScanning(
  c: Compiling,
  b: NonNullable<LoadProfile['workloads']['barcodeScanning']>,
) {
  const { plan, duration } = c;
  const think = 60 / b.scansPerMinute;
  const split = operatorSplit(b);
  const shared = (name: K6ScenarioName, vus: number) => ({
    executor: 'shared-iterations',
    ...scenarioBase(name),
    vus,
    iterations: vus * b.pickingsPerOperator,
    maxDuration: duration,
    startTime: b.startTime,
  });
  if (split.barcode > 0) {
    plan.options.scenarios.barcode_scanning = shared('barcode_scanning', split.barcode);
    plan.derived.push(
      `barcode_scanning: ${split.barcode} operators × ${b.pickingsPerOperator} deliveries, one scan every ${round(think * 0.7)}–${round(think * 1.3)} s, at most ${duration} from ${b.startTime}`,
    );
    c.threshold(METRICS.scanDuration.name, `p(95)<${c.slo.scanP95Ms}`);
  }
  if (split.web > 0) {
    plan.options.scenarios.delivery_validation_web = shared('delivery_validation_web', split.web);
    plan.derived.push(
      `delivery_validation_web: ${split.web} pickers × ${b.pickingsPerOperator} deliveries validated in the web client, at most ${duration} from ${b.startTime}`,
    );
    c.webScenario = true;
  }
  plan.workloads.barcodeScanning = {
    operators: [],
    webOperators: [],
    pickingsPerOperator: b.pickingsPerOperator,
    linesPerPicking: b.linesPerPicking,
    thinkSeconds: { min: round(think * 0.7), max: round(think * 1.3) },
    backorder: b.backorder,
    scanShare: b.scanShare,
    api: b.api,
  };
}

function compileImports(c: Compiling, i: NonNullable<LoadProfile['workloads']['bulkImport']>) {
  const { plan } = c;
  plan.options.scenarios.bulk_import = {
    executor: 'shared-iterations',
    ...scenarioBase('bulk_import'),
    vus: Math.min(i.concurrency, i.batches),
    iterations: i.batches,
    maxDuration: c.duration,
    startTime: i.startTime,
  };
  plan.workloads.bulkImport = {
    kind: i.kind,
    via: i.via,
    rowsPerBatch: i.rowsPerBatch,
    batches: i.batches,
    badRowShare: i.badRowShare,
  };
  c.threshold(METRICS.importBatchDuration.name, `p(95)<${c.slo.importBatchP95Ms}`);
  plan.derived.push(
    `bulk_import: ${i.batches} × ${i.rowsPerBatch} ${i.kind} rows via ${i.via}, ${Math.min(i.concurrency, i.batches)} at a time, from ${i.startTime}`,
  );
}

function compileContention(
  c: Compiling,
  r: NonNullable<LoadProfile['workloads']['reservationContention']>,
) {
  const note = c.arrival('reservation_contention', {
    perUnit: r.ordersPerHour,
    timeUnit: '1h',
    startTime: r.startTime,
    latencyMs: c.slo.orderConfirmP95Ms,
    maxVus: r.maxVus,
  });
  c.plan.workloads.reservationContention = {
    hotProducts: r.hotProducts,
    quantityPerOrder: r.quantityPerOrder,
  };
  c.plan.derived.push(`reservation_contention: ${note}, ${r.hotProducts} hot products`);
}

function compileMonthEnd(c: Compiling, m: NonNullable<LoadProfile['workloads']['monthEndClose']>) {
  const { plan, slo } = c;
  const { api, web } = m.channels;
  const perMinute = (
    name: K6ScenarioName,
    perUnit: number,
    latencyMs: number,
    gracefulStop?: string,
  ) =>
    c.arrival(name, {
      perUnit,
      timeUnit: '1m',
      startTime: m.startTime,
      latencyMs,
      maxVus: undefined,
      gracefulStop,
    });
  if (api > 0) {
    const note = perMinute(
      'month_end_posting',
      round(m.postingsPerMinute * api, 3),
      slo.postingP95Ms,
    );
    plan.derived.push(`month_end_posting (api, ${Math.round(api * 100)} %): ${note}`);
  }
  if (web > 0) {
    const seconds = webUnitSeconds({ min: 1, max: 1 }, c.profile.people.thinkSeconds);
    const note = perMinute(
      'invoice_entry_web',
      round(m.postingsPerMinute * web, 3),
      seconds * 1000,
      webUnitGracefulStop({ min: 1, max: 1 }, c.profile.people.thinkSeconds),
    );
    plan.derived.push(
      `invoice_entry_web (web, ${Math.round(web * 100)} %): ${note}; an accountant takes about ${round(seconds, 1)} s per invoice`,
    );
    c.webScenario = true;
  }
  if (m.reportsPerMinute > 0) {
    const note = perMinute('month_end_report', m.reportsPerMinute, slo.reportP95Ms);
    plan.derived.push(`month_end_report: ${note}`);
    c.threshold(METRICS.reportDuration.name, `p(95)<${slo.reportP95Ms}`);
  }
  plan.workloads.monthEndClose = { invoiceShare: m.invoiceShare, linesPerEntry: m.linesPerEntry };
  c.threshold(METRICS.postingDuration.name, `p(95)<${slo.postingP95Ms}`);
}

function compileShiftStart(
  c: Compiling,
  shift: NonNullable<LoadProfile['workloads']['shiftStart']>,
) {
  // One login per arrival; a login and the web client's first calls hold a VU about 2 s.
  const perSecond = shift.people / (shift.minutes * 60);
  const vus = preAllocatedVus(perSecond, 2000);
  // Arrivals every `gap` seconds from the start: the wave ends half a gap before the next would come.
  const gap = (shift.minutes * 60) / shift.people;
  c.plan.options.scenarios.shift_start = {
    executor: 'constant-arrival-rate',
    ...scenarioBase('shift_start'),
    rate: shift.people,
    timeUnit: `${round(shift.minutes * 60, 3)}s`,
    duration: `${round(shift.minutes * 60 - gap / 2, 3)}s`,
    startTime: shift.startTime,
    preAllocatedVUs: vus,
    maxVUs: Math.max(vus * 4, 10),
  };
  c.plan.workloads.shiftStart = { role: shift.role, users: [] };
  c.plan.derived.push(
    `shift_start: ${shift.people} ${shift.role}s log in over ${shift.minutes} min from ${shift.startTime}, ${vus} VUs pre-allocated`,
  );
  c.threshold(
    selector(METRICS.loginDuration.name, { [TAGS.phase]: 'shift' }),
    `p(95)<${c.slo.loginP95Ms}`,
  );
}

/** The run-wide thresholds, said in the plan's notes, and an always-true one per error kind. */
function compileThresholds(c: Compiling) {
  const { plan, slo } = c;
  if (c.webScenario) c.threshold(METRICS.webActionDuration.name, `p(95)<${slo.webActionP95Ms}`);
  c.threshold(METRICS.rpcFailed.name, `rate<${slo.maxErrorRate}`, false);
  c.threshold(K6_METRICS.checks, `rate>${round(1 - slo.maxErrorRate, 6)}`, false);
  const rules = Object.entries({ ...plan.options.thresholds, ...plan.foldedThresholds }).map(
    ([metric, list]) =>
      `${metric} ${list.map((rule) => (typeof rule === 'string' ? rule : `${rule.threshold} (aborts)`)).join(', ')}`,
  );
  plan.derived.push(`thresholds: ${rules.join('; ')}`);
  // Always-true thresholds on each error kind make k6's own summary break errors down by kind.
  for (const kind of ERROR_KINDS)
    plan.options.thresholds[selector(METRICS.rpcErrors.name, { [TAGS.errorKind]: kind })] = [
      'count>=0',
    ];
}

/** Compiles the profile for one k6 entry file, keeping only the workloads it runs. */
export function compileLoadProfile(
  profile: LoadProfile,
  file: ScenarioFile = 'peak-day',
): CompiledPlan {
  const c = compiling(profile);
  const wanted: readonly WorkloadKey[] = SCENARIO_FILES[file];
  const w = profile.workloads;
  const keep = (key: WorkloadKey) => wanted.includes(key);
  if (w.orderConfirmation && keep('orderConfirmation')) compileOrders(c, w.orderConfirmation);
  if (w.barcodeScanning && keep('barcodeScanning')) compileScanning(c, w.barcodeScanning);
  if (w.bulkImport && keep('bulkImport')) compileImports(c, w.bulkImport);
  if (w.reservationContention && keep('reservationContention'))
    compileContention(c, w.reservationContention);
  if (w.monthEndClose && keep('monthEndClose')) compileMonthEnd(c, w.monthEndClose);
  if (w.shiftStart && keep('shiftStart')) compileShiftStart(c, w.shiftStart);
  if (profile.browserUsers && file === 'peak-day')
    compileBrowserUsers(
      c.plan,
      profile.browserUsers,
      stagesDuration(profile),
      profile.slo.maxErrorRate,
      c.threshold,
    );
  compileThresholds(c);
  return c.plan;
}

/**
 * Browser users: each role a scenario of one VU per person whose single iteration lasts the load (one
 * login, one session, as a person's shift), in Chromium; each step they take gets its SLO.
 */
function compileBrowserUsers(
  plan: CompiledPlan,
  users: NonNullable<LoadProfile['browserUsers']>,
  durationSeconds: number,
  maxErrorRate: number,
  threshold: (metric: string, rule: string, latency?: boolean) => void,
) {
  const counts = {
    salesRep: users.salesReps,
    picker: users.pickers,
    accountant: users.accountants,
  };
  const steps = new Set<UiStep>();
  for (const role of BROWSER_ROLES) {
    if (counts[role] === 0) continue;
    const { name, exec } = BROWSER_SCENARIOS[role];
    plan.options.scenarios[name] = {
      executor: 'per-vu-iterations',
      exec,
      tags: { [TAGS.workload]: BROWSER_WORKLOAD_TAG, [TAGS.channel]: 'web', [TAGS.role]: role },
      vus: counts[role],
      iterations: 1,
      // The iteration ends itself at the load's end; a step under way then may take a minute more.
      maxDuration: seconds(durationSeconds + 60),
      options: { browser: { type: 'chromium' } },
    };
    for (const step of UI_STEPS[role]) steps.add(step);
  }
  for (const step of steps)
    threshold(
      selector(METRICS.uiStepDuration.name, { [TAGS.step]: step }),
      `p(95)<${users.slo[step]}`,
    );
  threshold(METRICS.uiStepFailed.name, `rate<${maxErrorRate}`, false);
  plan.browsers = { counts, pauseSeconds: users.pauseSeconds, durationSeconds };
  const who = BROWSER_ROLES.filter((role) => counts[role] > 0)
    .map((role) => `${counts[role]} ${role}`)
    .join(', ');
  plan.derived.push(
    `browser users: ${who} in Chromium for ${seconds(durationSeconds)}, pausing ${users.pauseSeconds.min}–${users.pauseSeconds.max} s between units of work`,
  );
}
