/**
 * odoo_rpc_duration is not sent by k6 (a second sample per call cost the generator CPU): the
 * aggregator folds it from http_req_duration of the requests the client tagged with their call.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K6_METRICS, METRICS, TAGS } from '../../contract/index.ts';
import { ResultsAggregator } from '../../judge/results/aggregate.ts';

const request = (ms: number, tags: Record<string, string>) => ({
  metric: K6_METRICS.httpReqDuration,
  type: 'trend' as const,
  time: 1_000 + ms,
  value: ms,
  tags: { status: '200', [TAGS.scenario]: 'order_confirmation', ...tags },
});

test("Odoo calls' durations come from their tagged requests; a page or asset GET is not an Odoo call", () => {
  const aggregator = new ResultsAggregator();
  const confirm = { [TAGS.model]: 'sale.order', [TAGS.method]: 'action_confirm' };
  aggregator.add(request(120, { ...confirm, [TAGS.call]: 'sale.order.action_confirm' }));
  aggregator.add(request(80, { ...confirm, [TAGS.call]: 'sale.order.action_confirm' }));
  aggregator.add(request(900, { name: 'GET /web' }));
  const results = aggregator.results();

  const calls = results.metrics[METRICS.rpcDuration.name]?.trend;
  assert.equal(calls?.count, 2);
  assert.equal(calls?.max, 120);
  assert.equal(results.metrics[K6_METRICS.httpReqDuration]?.trend?.count, 3);
  const [row] = results.trends[METRICS.rpcDuration.name] ?? [];
  assert.equal(row?.tags[TAGS.call], 'sale.order.action_confirm');
  assert.equal(row?.tags[TAGS.scenario], 'order_confirmation');
  assert.equal(row?.summary.count, 2);
});
