/**
 * A step's throughput from k6's samples. Closed-model users start together and stay in step, so the
 * units that end inside a short window are a poor count of the rate; Little's law is not.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { measureSteps, stepName } from '../../capacity/steps.ts';
import { K6_METRICS, METRICS, OUTCOMES, TAGS } from '../../contract/index.ts';

const T0 = Date.parse('2026-12-05T09:00:00Z');
const TIMING = { warmupSeconds: 2, measureSeconds: 6 };
const SLO = { latencyMs: 2000, maxErrorRate: 0.05 };

const point = (metric: string, ms: number, value: number, tags: Record<string, string>) =>
  JSON.stringify({
    type: 'Point',
    metric,
    data: { time: new Date(T0 + ms).toISOString(), value, tags },
  });

/** `users` back to back from T0, each unit taking `unitMs` and failing every `failEvery`th. */
function samplesOf(users: number, unitMs: number, failEvery = 0): string {
  const scenario = { [TAGS.scenario]: stepName(0) };
  const lines: string[] = [];
  for (let user = 0; user < users; user++)
    for (let unit = 1; unit * unitMs <= 8000; unit++) {
      const end = unit * unitMs;
      const failed = failEvery > 0 && unit % failEvery === 0;
      lines.push(point(K6_METRICS.iterationDuration, end, unitMs, scenario));
      lines.push(
        point(METRICS.outcomes.name, end, 1, {
          ...scenario,
          [TAGS.outcome]: failed ? OUTCOMES.failed : OUTCOMES.done,
        }),
      );
      lines.push(point(METRICS.orderConfirmDuration.name, end, unitMs / 2, scenario));
    }
  const file = join(mkdtempSync(join(tmpdir(), 'steps-')), 'samples.json');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const stepOf = (load: number) => [{ name: stepName(0), load, startSeconds: 0 }];

test('12 users in step, 1.3 s a unit: 12 ÷ 1.3 units/s, not the 10/s that ended in the window', async () => {
  // Each user's units end at 2.6, 3.9, 5.2, 6.5 and 7.8 s: five in the 6-s window, 60 in all.
  const [step] = await measureSteps(
    samplesOf(12, 1300),
    'order_confirmation',
    stepOf(12),
    TIMING,
    SLO,
    'closed',
  );
  assert.equal(step!.done, 60);
  assert.ok(Math.abs(step!.throughput - 12 / 1.3) < 0.01, `${step!.throughput} units/s`);
  assert.ok(Math.abs(step!.littleRatio! - 10 / (12 / 1.3)) < 0.01, 'the count still shows');
});

test('a closed step counts only the units done: one in five failing takes a fifth off', async () => {
  const [step] = await measureSteps(
    samplesOf(4, 1000, 5),
    'order_confirmation',
    stepOf(4),
    TIMING,
    SLO,
    'closed',
  );
  assert.ok(Math.abs(step!.throughput - 4 * (step!.done / (step!.done + step!.failed))) < 0.01);
  assert.ok(step!.failed > 0);
});

test('an open step is its count: arrivals are spaced by k6, not in step', async () => {
  const [step] = await measureSteps(
    samplesOf(12, 1300),
    'order_confirmation',
    stepOf(9),
    TIMING,
    SLO,
    'open',
  );
  assert.equal(step!.throughput, 10);
});
