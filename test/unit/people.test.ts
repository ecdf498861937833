/** Who a run's people are: the integration user's sessions first, then the operators, each logged in once. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { K6ScenarioName } from '../../contract/index.ts';
import { compileLoadProfile } from '../../planning/compile.ts';
import { loadLoadProfile } from '../../planning/load.ts';
import { peopleOf } from '../../planning/plan.ts';
import { loadProfileSchema } from '../../planning/schema.ts';

const minimal = {
  kind: 'load',
  name: 'people',
  duration: '10s',
  workloads: { orderConfirmation: { ordersPerHour: 60 } },
};

test('a profile without people gets the schema defaults: one integration session, two logins at a time', () => {
  const profile = loadProfileSchema.parse(minimal);
  assert.deepEqual(profile.people, {
    integrationUsers: 1,
    salesReps: 4,
    accountants: 2,
    loginConcurrency: 2,
    thinkSeconds: { min: 0.5, max: 1.5 },
  });
  assert.deepEqual(peopleOf(profile, 'admin', []), {
    people: [{ role: 'integration', login: 'admin' }],
    loginConcurrency: 2,
    thinkSeconds: { min: 0.5, max: 1.5 },
  });
});

test('integration sessions come first (setup logs in as the first), then one picker per operator', () => {
  const profile = loadProfileSchema.parse({
    ...minimal,
    people: { integrationUsers: 2, loginConcurrency: 4 },
  });
  const { people, loginConcurrency } = peopleOf(profile, 'edi@example.com', ['p1', 'p2']);
  assert.deepEqual(people, [
    { role: 'integration', login: 'edi@example.com' },
    { role: 'integration', login: 'edi@example.com' },
    { role: 'picker', login: 'p1' },
    { role: 'picker', login: 'p2' },
  ]);
  assert.equal(loginConcurrency, 4);
});

test('people are checked at the edge: a wrong field or a zero concurrency names the path', () => {
  for (const people of [{ loginConcurency: 2 }, { loginConcurrency: 0 }, { salesReps: 1.5 }]) {
    const parsed = loadProfileSchema.safeParse({ ...minimal, people });
    assert.equal(parsed.success, false, JSON.stringify(people));
    assert.equal(parsed.error!.issues[0]!.path[0], 'people');
  }
});

test('the smoke profile keeps its logins few: one integration user, a sales rep, an accountant, its two operators', () => {
  const { profile } = loadLoadProfile('smoke');
  const scenarios = Object.keys(compileLoadProfile(profile).options.scenarios) as K6ScenarioName[];
  const { people } = peopleOf(profile, 'admin', ['p1', 'p2'], scenarios);
  assert.deepEqual(
    people.map((person) => person.role),
    ['integration', 'salesRep', 'accountant', 'picker', 'picker'],
  );
});
