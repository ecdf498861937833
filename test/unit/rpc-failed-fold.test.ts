/**
 * odoo_rpc_failed is not sent by k6 (a sample of its own every call cost the generator CPU): the
 * aggregator counts a call from k6's http_reqs of each request the client tagged with its call, and
 * a failure from odoo_rpc_errors; its threshold is judged on that, and is never handed to k6.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K6_METRICS, METRICS, TAGS, thresholdsOf } from '../../contract/index.ts';
import { ResultsAggregator } from '../../judge/results/aggregate.ts';
import { compileLoadProfile } from '../../planning/compile.ts';
import { loadLoadProfile } from '../../planning/load.ts';

const scenario = { [TAGS.scenario]: 'order_confirmation' };
const confirm = { [TAGS.call]: 'sale.order.action_confirm', ...scenario };
const sample = (
  metric: string,
  type: 'counter' | 'rate',
  tags: Record<string, string>,
  value = 1,
) => ({
  metric,
  type,
  time: 1_000,
  value,
  tags,
});

test('a failed share: the failed calls over the requests tagged with a call; pages and an older run’s own samples are not counted', () => {
  const rule = `rate<${0.2}`;
  const aggregator = new ResultsAggregator({ [METRICS.rpcFailed.name]: [rule] });
  for (let i = 0; i < 4; i++) aggregator.add(sample(K6_METRICS.httpReqs, 'counter', confirm));
  aggregator.add(sample(K6_METRICS.httpReqs, 'counter', { name: 'GET /web', ...scenario }));
  aggregator.add(
    sample(METRICS.rpcErrors.name, 'counter', { ...confirm, [TAGS.errorKind]: 'concurrency' }),
  );
  // What k6 sent before the fold: the request above counts that call already.
  aggregator.add(sample(METRICS.rpcFailed.name, 'rate', { [TAGS.errorKind]: 'none' }, 0));
  const results = aggregator.results();

  assert.deepEqual(results.metrics[METRICS.rpcFailed.name], {
    type: 'rate',
    count: 4,
    passes: 1,
    rate: 0.25,
  });
  const [outcome] = results.thresholds;
  assert.equal(outcome?.verdict, 'fail', JSON.stringify(outcome));
  assert.deepEqual(results.series.errorsByKind, { concurrency: [1] });
});

test("the failed share's threshold is the CLI's to judge: k6 is not given a threshold on a metric it does not send", () => {
  const plan = compileLoadProfile(loadLoadProfile('smoke').profile);
  assert.equal(plan.options.thresholds[METRICS.rpcFailed.name], undefined);
  assert.deepEqual(plan.foldedThresholds[METRICS.rpcFailed.name], ['rate<0.05']);
  const judged = thresholdsOf({ options: plan.options, foldedThresholds: plan.foldedThresholds });
  assert.deepEqual(judged[METRICS.rpcFailed.name], ['rate<0.05']);
  assert.deepEqual(judged.checks, plan.options.thresholds.checks);
});
