/** Browser users in the plan: their scenarios, SLOs and logins, and what a generator can hold. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { METRICS, selector } from '../../contract/index.ts';
import { compileLoadProfile } from '../../planning/compile.ts';
import { browserCount, buildPlan, setupTimeoutOf } from '../../planning/plan.ts';
import { loadProfileSchema } from '../../planning/schema.ts';
import { assertGeneratorHolds, generatorRoom } from '../../services/chromium.ts';

const uiStep = (step: string) => selector(METRICS.uiStepDuration.name, { step });

const profile = (browserUsers: Record<string, unknown>) =>
  loadProfileSchema.parse({
    kind: 'load',
    name: 'browsers',
    duration: '2m',
    workloads: { orderConfirmation: { ordersPerHour: 600 } },
    browserUsers,
  });

test('each role is one VU per person in Chromium for the whole load, each of its steps an SLO', () => {
  const compiled = compileLoadProfile(profile({ salesReps: 2, slo: { confirm: 2500 } }));
  const rep = compiled.options.scenarios.browser_sales_rep!;
  assert.equal(rep.executor, 'per-vu-iterations');
  assert.equal(rep.vus, 2);
  assert.equal(rep.iterations, 1);
  assert.deepEqual(rep.options, { browser: { type: 'chromium' } });
  assert.equal(compiled.options.scenarios.browser_picker, undefined);
  assert.deepEqual(compiled.options.thresholds[uiStep('confirm')], ['p(95)<2500']);
  assert.deepEqual(compiled.options.thresholds[uiStep('openForm')], ['p(95)<3000']);
  // A picker's steps are nobody's here: no SLO for them.
  assert.equal(compiled.options.thresholds[uiStep('validate')], undefined);
  assert.deepEqual(compiled.options.thresholds[METRICS.uiStepFailed.name], ['rate<0.01']);
  assert.equal(compiled.browsers?.durationSeconds, 120);
});

test('browser users run in peak-day only, and are never counted as protocol scenarios', () => {
  const withReps = profile({ salesReps: 1, pickers: 1 });
  assert.equal(browserCount(withReps, 'peak-day'), 2);
  assert.equal(browserCount(withReps, 'order-confirmation'), 0);
  const alone = compileLoadProfile(withReps, 'order-confirmation');
  assert.equal(alone.options.scenarios.browser_sales_rep, undefined);
  const { plan, scenarios } = buildPlan({
    runId: 'r',
    scenario: 'peak-day',
    profile: withReps,
    target: { url: 'http://staging.invalid:8069', db: 'odoo', login: 'admin', auth: 'session' },
    companies: [1],
    operators: [],
    hosting: 'staging',
    browsers: { version: 18, screenshotsDir: '/x', pickerLogins: ['picker01'] },
  });
  assert.deepEqual(scenarios, ['order_confirmation']);
  assert.deepEqual(plan.browsers?.users, [
    { role: 'salesRep', login: 'admin' },
    { role: 'picker', login: 'picker01' },
  ]);
  assert.equal(plan.browsers?.version, 18);
  // One integration login (setup's own) in one batch: k6's 60 s and one batch's 10 s.
  assert.equal(plan.options.setupTimeout, '70s');
});

test('a profile that names browserUsers but nobody in them is bad input, named', () => {
  const result = loadProfileSchema.safeParse({
    kind: 'load',
    name: 'x',
    duration: '1m',
    workloads: { orderConfirmation: { ordersPerHour: 1 } },
    browserUsers: {},
  });
  assert.equal(result.success, false);
  assert.match(JSON.stringify(result.error?.issues), /name at least one browser user/);
});

test('the generator holds a browser per half core beyond the one k6 keeps, and memory to spare', () => {
  assert.equal(generatorRoom(1, { cores: 2, freeMiB: 20_000 }).holds, 2);
  assert.equal(generatorRoom(1, { cores: 8, freeMiB: 20_000 }).holds, 14);
  assert.equal(generatorRoom(1, { cores: 8, freeMiB: 2000 }).holds, 2, 'memory-bound');
  assert.doesNotThrow(() => assertGeneratorHolds(generatorRoom(2, { cores: 2, freeMiB: 20_000 })));
  assert.throws(
    () => assertGeneratorHolds(generatorRoom(3, { cores: 2, freeMiB: 20_000 })),
    (error: Error) =>
      /^browserUsers: 3 browsers need about 1800 MB and 1.5 cores of this generator \(it holds 2 beside the protocol load\); name fewer browser users$/.test(
        error.message,
      ),
  );
});

test("thousands of people logging in at setup get a setup() timeout that fits them, not k6's 60 s", () => {
  const many = (count: number, role: 'picker') =>
    Array.from({ length: count }, () => ({ role, login: 'x' }));
  const people = {
    people: many(2000, 'picker'),
    loginConcurrency: 20,
    thinkSeconds: { min: 0, max: 0 },
  };
  // 100 login batches of 10 s beyond k6's 60 s; and 2 s for each of 2,000 deliveries prepared.
  assert.equal(setupTimeoutOf(people), '1060s');
  assert.equal(setupTimeoutOf(people, 2000), '5060s');
});
