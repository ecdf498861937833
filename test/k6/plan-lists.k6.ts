/**
 * k6 self-test of the plan a VU keeps: the per-person lists (everyone setup() logs in, the operators
 * it prepares deliveries for) are not held by the VU, yet setup() still reads them whole.
 */
import { check } from 'k6';
import { loadPlan } from '../../lib/config.ts';

// The plan comes from the environment, as the CLI hands it to k6 (test/e2e/k6-selftests.test.ts).
const whole = JSON.parse(__ENV.ODOO_LOAD_PLAN!);
const { people } = whole.people;
const { operators, webOperators } = whole.workloads.barcodeScanning;
const plan = loadPlan();

export const options = { iterations: 1, thresholds: { checks: ['rate==1'] } };

const keptCopy = (holder: object, key: string) =>
  'value' in (Object.getOwnPropertyDescriptor(holder, key) ?? { value: undefined });

export default function () {
  const scanning = plan.workloads.barcodeScanning!;
  check(plan, {
    'a VU keeps no copy of the people list': () => !keptCopy(plan.people, 'people'),
    "nor of the scanner operators'": () => !keptCopy(scanning, 'operators'),
    "nor of the web pickers'": () => !keptCopy(scanning, 'webOperators'),
    'setup() reads everyone, in order': () =>
      people.length === 300 && JSON.stringify(plan.people.people) === JSON.stringify(people),
    'and every operator': () =>
      JSON.stringify(scanning.operators) === JSON.stringify(operators) &&
      JSON.stringify(scanning.webOperators) === JSON.stringify(webOperators),
    'the rest of the plan is kept as it came': () =>
      plan.people.loginConcurrency === 20 &&
      plan.people.thinkSeconds.max === 2 &&
      (scanning as unknown as { scansPerMinute: number }).scansPerMinute === 6,
  });
}
