/**
 * The run plan k6 receives from the CLI as resolved JSON in `ODOO_LOAD_PLAN` (profiles are validated
 * and defaulted in Node, never here). To run a bundle by hand, let the CLI print a plan:
 * `ODOO_LOAD_PLAN="$(odoo-load plan order-confirmation --profile smoke)" k6 run dist/…`.
 * Secrets are only ever read from the environment: ODOO_PASSWORD (session login), ODOO_API_KEY
 * (jsonrpc / json2), and ODOO_OPERATOR_PASSWORD for the scanner users (defaults to ODOO_PASSWORD).
 */
import type { RunPlan, WorkloadKey, WorkloadPlan } from '../contract/index.ts';

export type * from '../contract/plan.ts';

/**
 * The plan as a VU keeps it. Its per-person lists (everyone setup() logs in, the operators it
 * prepares deliveries for) are read by setup() alone, yet every VU kept its own parsed copy: memory
 * in proportion to people × VUs, most of a 1,000-person peak's VU heap in k6's profile. A VU drops
 * them; reading one (setup() does, once) parses it again from the environment.
 */
export function loadPlan(): RunPlan {
  const plan = parsePlan();
  setupOnly(plan.people, 'people', (whole) => whole.people.people);
  const scanning = plan.workloads.barcodeScanning;
  if (scanning) {
    setupOnly(scanning, 'operators', (whole) => whole.workloads.barcodeScanning!.operators);
    setupOnly(scanning, 'webOperators', (whole) => whole.workloads.barcodeScanning!.webOperators);
  }
  return plan;
}

function parsePlan(): RunPlan {
  const json = __ENV.ODOO_LOAD_PLAN;
  if (!json) {
    throw new Error(
      'ODOO_LOAD_PLAN is not set: run through odoo-load, or print a plan with `odoo-load plan <scenario> --profile <profile>`',
    );
  }
  return JSON.parse(json) as RunPlan;
}

function setupOnly<T extends object, K extends keyof T>(
  holder: T,
  key: K,
  read: (whole: RunPlan) => T[K],
): void {
  Object.defineProperty(holder, key, { get: () => read(parsePlan()), enumerable: true });
}

/** A workload's resolved settings; its scenario only runs when the plan has them. */
export function settingsOf<K extends WorkloadKey>(plan: RunPlan, key: K): WorkloadPlan<K> {
  const settings = plan.workloads[key];
  if (!settings) throw new Error(`the plan has no ${key} workload`);
  return settings as WorkloadPlan<K>;
}

function required(name: string, why: string): string {
  const value = __ENV[name];
  if (!value) throw new Error(`${name} is not set: ${why}`);
  return value;
}

/** The secret for the plan's auth mode: a password for web sessions, an API key otherwise. */
export function secretFor(plan: RunPlan): string {
  return plan.target.auth === 'session'
    ? required('ODOO_PASSWORD', 'the password only ever comes from the environment')
    : required(
        'ODOO_API_KEY',
        `auth "${plan.target.auth}" logs in with an API key, which only ever comes from the environment`,
      );
}

/** The scanner users' password (they always use web sessions, as handhelds do). */
export function operatorPassword(): string {
  return (
    __ENV.ODOO_OPERATOR_PASSWORD ||
    required('ODOO_PASSWORD', 'operators log in with ODOO_OPERATOR_PASSWORD or ODOO_PASSWORD')
  );
}
