/**
 * The throughput knee: where added work in flight stops turning into completed work. Measured on
 * steps as a sweep records them, including one from CI where a fixed 10 % margin put it a step late.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kneesOf, sizingOf } from '../../capacity/analysis.ts';
import type { StepResult } from '../../capacity/steps.ts';

const step = (load: number, throughput: number, inFlight: number, p50: number) =>
  ({ load, throughput, inFlight, p50, done: Math.round(throughput * 6) }) as StepResult;

test('4 workers at 100 ms a call: the knee is at 4 users although 8 users still added 14 % (CI, stop 22)', () => {
  const knees = kneesOf([
    step(1, 2.17, 0.97, 118.5),
    step(2, 4.33, 1.97, 122),
    step(4, 8.17, 3.89, 118),
    step(8, 9.33, 8.17, 227.5),
    step(12, 10, 12.98, 334),
  ]);
  assert.equal(knees.throughputFlat, 4);
  assert.equal(knees.p50Doubled, 12);
});

test('throughput that keeps scaling with the users has no throughput knee', () => {
  const knees = kneesOf([step(1, 2, 1, 100), step(2, 3.9, 2, 102), step(4, 7.5, 4, 105)]);
  assert.equal(knees.throughputFlat, undefined);
  assert.equal(knees.p50Doubled, undefined);
});

test('a step that scaled less than a quarter of its added work in flight is past the knee', () => {
  // 2 → 4 users: in flight ×2, throughput +20 %: scaling kept 0.2 of 1.0, under a quarter.
  assert.equal(
    kneesOf([step(1, 2, 1, 100), step(2, 4, 2, 100), step(4, 4.8, 4, 170)]).throughputFlat,
    2,
  );
  // +30 % is more than a quarter of ×2: still scaling, no knee yet.
  assert.equal(
    kneesOf([step(1, 2, 1, 100), step(2, 4, 2, 100), step(4, 5.2, 4, 150)]).throughputFlat,
    undefined,
  );
});

test('steps with nothing in flight or nothing done are skipped, not divided by', () => {
  const knees = kneesOf([step(1, 0, 0, Number.NaN), step(2, 4, 2, 100), step(4, 4.1, 4, 200)]);
  assert.equal(knees.throughputFlat, 2);
});

test('a target of unknown workers is sized as a share of its capacity: a percentage below 1×, a multiple above', () => {
  const peak = {
    perSecond: 1,
    unit: 'orders',
    per: 'hour',
    profile: 'p',
    sloMs: 2000,
  } as Parameters<typeof sizingOf>[1];
  const withinSlo = (throughput: number) =>
    ({ ...step(1, throughput, 1, 100), withinSlo: true }) as StepResult;
  const cases: [number, string][] = [
    [35.7, "4 % of this target's capacity"],
    [1.5, "95 % of this target's capacity"],
    [0.5, "2.9× this target's capacity"],
    [300, "0.5 % of this target's capacity"],
  ];
  for (const [throughput, expected] of cases)
    assert.match(
      sizingOf([withinSlo(throughput)], peak, 0).sentence,
      new RegExp(`: ${expected} \\(`),
    );
});
