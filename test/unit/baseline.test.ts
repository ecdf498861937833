/** The gate's baseline test on known samples: a large, certain slowdown fails; noise does not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compareSamples } from '../../judge/baseline.ts';

/** Latencies around `median` ms with ±20 % spread, reproducible from `seed`. */
const latencies = (seed: number, median: number, count: number) =>
  fc.sample(fc.double({ min: median * 0.8, max: median * 1.2, noNaN: true }), {
    seed,
    numRuns: count,
  });

test('1.5× slower is a regression; the same build rerun is not', () => {
  for (let seed = 1; seed <= 50; seed++) {
    const baseline = latencies(seed, 110, 90);
    assert.equal(compareSamples(baseline, latencies(seed + 1000, 165, 90)).regressed, true);
    const rerun = compareSamples(baseline, latencies(seed + 2000, 110, 90));
    assert.equal(rerun.regressed, false, `seed ${seed}: ${JSON.stringify(rerun)}`);
  }
});

test('faster is never a regression, however certain', () => {
  const result = compareSamples(latencies(7, 200, 90), latencies(8, 100, 90));
  assert.equal(result.regressed, false);
  assert.ok(result.effect < 0.01 && result.pValue > 0.99);
});

test('a 3 % drift is not a regression, though the test may call it significant', () => {
  const result = compareSamples(latencies(3, 110, 400), latencies(4, 113.3, 400));
  assert.equal(result.regressed, false, JSON.stringify(result));
});

test('a 5 % shift of nearly constant timings (a busy load generator) is not a regression', () => {
  const steady = (seed: number, median: number) =>
    fc.sample(fc.double({ min: median * 0.99, max: median * 1.01, noNaN: true }), {
      seed,
      numRuns: 200,
    });
  const drift = compareSamples(steady(5, 200), steady(6, 210));
  assert.ok(drift.effect > 0.99 && drift.pValue < 0.01, 'certain and large by A');
  assert.equal(drift.regressed, false, JSON.stringify(drift));
  assert.equal(compareSamples(steady(5, 200), steady(6, 300)).regressed, true);
});
