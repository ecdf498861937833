/** A hung target is a silence while requests wait; a quiet stretch when nothing was asked is not one. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K6_METRICS } from '../../contract/index.ts';
import { ResultsAggregator } from '../../judge/results/aggregate.ts';

/** One answered request: sent at `sentMs`, answered `ms` later (k6 stamps its samples at the end). */
function answer(aggregator: ResultsAggregator, sentMs: number, ms: number) {
  const time = sentMs + ms;
  const tags = { status: '200' };
  aggregator.add({ metric: K6_METRICS.httpReqs, type: 'counter', time, value: 1, tags });
  aggregator.add({ metric: K6_METRICS.httpReqDuration, type: 'trend', time, value: ms, tags });
}

test('requests waiting through 8 quiet seconds: the target answered nothing for 8 s', () => {
  const aggregator = new ResultsAggregator();
  for (let second = 0; second < 5; second++) answer(aggregator, second * 1000, 100);
  answer(aggregator, 4_500, 8_600); // sent at 4.5 s, answered at 13.1 s
  for (let second = 14; second < 20; second++) answer(aggregator, second * 1000, 100);
  assert.deepEqual(aggregator.results().timeline.longestSilence, {
    from: 5_000,
    seconds: 8,
    answeredSeconds: 12,
  });
});

test('a woken target answers its newest waiting request first: the silence is still from the oldest', () => {
  const aggregator = new ResultsAggregator();
  for (let second = 0; second < 5; second++) answer(aggregator, second * 1000, 100);
  answer(aggregator, 8_000, 5_100); // sent 3 s into the pause, answered first at 13.1 s
  answer(aggregator, 5_000, 9_100); // waiting since 5 s, answered next at 14.1 s
  for (let second = 15; second < 20; second++) answer(aggregator, second * 1000, 100);
  assert.deepEqual(aggregator.results().timeline.longestSilence, {
    from: 5_000,
    seconds: 8,
    answeredSeconds: 12,
  });
});

test('nothing asked for 8 seconds (people pausing): no silence to speak of', () => {
  const aggregator = new ResultsAggregator();
  for (let second = 0; second < 5; second++) answer(aggregator, second * 1000, 100);
  answer(aggregator, 13_000, 100); // the next request is sent after the pause
  for (let second = 14; second < 20; second++) answer(aggregator, second * 1000, 100);
  const silence = aggregator.results().timeline.longestSilence;
  assert.ok(!silence || silence.seconds === 0, JSON.stringify(silence));
});
