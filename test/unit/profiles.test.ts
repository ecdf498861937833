/** Profiles compile to the k6 options a performance engineer would write by hand, and bad ones fail clearly. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileLoadProfile, preAllocatedVus } from '../../cli/profiles/compile.ts';
import { loadLoadProfile } from '../../cli/profiles/load.ts';
import { CliError, EXIT } from '../../cli/run/exit-codes.ts';

test('the shipped smoke profile compiles to a 2/s arrival rate with Little\'s-law pre-allocation', () => {
  const { profile } = loadLoadProfile('smoke');
  const plan = compileLoadProfile(profile);
  // 7200 orders/h = 2/s; 2/s × 2 s (p95 SLO) × 1.5 headroom = 6 VUs; max = max(6 × 4, 10) = 24.
  assert.deepEqual(plan.options.scenarios.order_confirmation, {
    executor: 'constant-arrival-rate',
    exec: 'default',
    rate: 7200,
    timeUnit: '1h',
    duration: '20s',
    preAllocatedVUs: 6,
    maxVUs: 24,
    tags: { workload: 'order_confirmation' },
  });
  assert.deepEqual(plan.options.thresholds, {
    order_confirm_duration: ['p(95)<2000'],
    odoo_rpc_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
  });
  assert.deepEqual(plan.workloads.orderConfirmation, { linesPerOrder: { min: 1, max: 5 } });
});

const vus: [number, number, number][] = [
  [2, 2000, 6],
  [0.01, 500, 1],
  [100, 250, 38],
  [27.8, 1000, 42],
];
for (const [rate, latency, expected] of vus) {
  test(`pre-allocation: ${rate}/s at ${latency} ms → ${expected} VUs`, () => assert.equal(preAllocatedVus(rate, latency), expected));
}

const base = {
  kind: 'load',
  name: 'x',
  duration: '10s',
  workloads: { orderConfirmation: { ordersPerHour: 100 } },
};
const malformed: [string, unknown, RegExp][] = [
  ['wrong type for a rate', { ...base, workloads: { orderConfirmation: { ordersPerHour: 'many' } } }, /workloads\.orderConfirmation\.ordersPerHour: .*expected number.*found string "many"/],
  ['negative rate', { ...base, workloads: { orderConfirmation: { ordersPerHour: -5 } } }, /workloads\.orderConfirmation\.ordersPerHour: .*>0.*found number -5/],
  ['unknown top-level key', { ...base, vus: 10 }, /unknown field "vus"/],
  ['unknown nested key', { ...base, workloads: { orderConfirmation: { ordersPerHour: 1, speed: 2 } } }, /workloads\.orderConfirmation: unknown field "speed"/],
  ['impossible duration', { ...base, duration: 'ten minutes' }, /duration: expected a duration such as "30s"/],
  ['min above max', { ...base, workloads: { orderConfirmation: { ordersPerHour: 1, linesPerOrder: { min: 5, max: 2 } } } }, /linesPerOrder\.min: min must not exceed max/],
  ['no workload', { ...base, workloads: {} }, /workloads: at least one workload is required/],
  ['wrong kind', { ...base, kind: 'hosting' }, /kind: .*"load"/],
  ['error rate above 1', { ...base, slo: { maxErrorRate: 2 } }, /slo\.maxErrorRate: .*<=1/],
];
const folder = mkdtempSync(join(tmpdir(), 'odoo-load-profiles-'));
for (const [name, content, message] of malformed) {
  test(`profile error: ${name}`, () => {
    const file = join(folder, `${name.replaceAll(' ', '-')}.json`);
    writeFileSync(file, JSON.stringify(content));
    assert.throws(() => loadLoadProfile(file), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.exitCode, EXIT.badInput);
      assert.ok(error.message.startsWith(file), error.message);
      assert.match(error.message, message);
      assert.equal(error.message.includes('\n'), false, 'one line');
      return true;
    });
  });
}

test('profile error: a missing file and invalid JSON name the file', () => {
  assert.throws(() => loadLoadProfile(join(folder, 'absent.json')), /absent\.json: profile not found/);
  const broken = join(folder, 'broken.json');
  writeFileSync(broken, '{ "kind": ');
  assert.throws(() => loadLoadProfile(broken), /broken\.json: not valid JSON/);
});
