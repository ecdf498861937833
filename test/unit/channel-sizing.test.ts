/** What a channel mix costs in workers, and what each channel's unit costs the server. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mixedPerWorker, mixSizing, type Peak } from '../../capacity/analysis.ts';
import { mixesOf } from '../../capacity/capacity-file.ts';
import { companyCostOf } from '../../capacity/placement-cost.ts';
import { METRICS, TAGS } from '../../contract/index.ts';
import { serverCostByScenario } from '../../judge/results/scenario-costs.ts';
import type { RunResults } from '../../judge/results/types.ts';
import type { ServerLogSummary } from '../../judge/server-log.ts';
import { NO_PLACEMENT } from '../../planning/placement.ts';

const peak: Peak = { perSecond: 2, unit: 'orders', per: 'hour', profile: 'peak-hour', sloMs: 2000 };

test('a mix holds the weighted harmonic mean of its channels per worker', () => {
  // A rep's order costs five API orders: 70 % API, 30 % web → 1 / (0.7 / 5 + 0.3 / 1) = 2.27 per worker.
  assert.equal(mixedPerWorker({ api: 5, web: 1 }, { api: 0.7, web: 0.3 }).toFixed(2), '2.27');
  assert.equal(mixedPerWorker({ api: 5, web: 1 }, { api: 1, web: 0 }), 5);
  assert.equal(mixedPerWorker({ api: 5 }, { api: 0.5, web: 0.5 }), 0, 'a channel not measured');
});

test('the sizing sentence names the mix it assumed and each channel per worker', () => {
  const sizing = mixSizing({ api: 5, web: 1 }, { api: 0.7, web: 0.3 }, peak, 2);
  // 2 orders/s at 70 % of 2.27 per worker → 1.26 → 2 workers.
  assert.equal(sizing.workersNeeded, 2);
  assert.match(
    sizing.sentence,
    /with 30 % of orders keyed in the web client and 70 % by API: 2 workers \(per worker: by API 18,000 orders\/h, keyed in the web client 3,600 orders\/h/,
  );
  const allWeb = mixSizing({ api: 5, web: 1 }, { api: 0, web: 1 }, peak, 2);
  assert.equal(allWeb.workersNeeded, 3, '2 / (1 × 0.7) → 3');
});

test("each channel's sweep of one target is sized as one mix, though each ran its own emulator", () => {
  const sweep = (channel: 'api' | 'web', url: string, perWorker: number, companies = 1) => ({
    targetName: 'emulator-2w',
    channel,
    target: { kind: 'emulator' as const, url },
    companies,
    workers: 2,
    placement: NO_PLACEMENT,
    analysis: { sizing: { perWorker, capacityWithinSlo: perWorker * 2 } },
  });
  const mixes = mixesOf(
    [
      sweep('api', 'http://127.0.0.1:40001', 5),
      sweep('web', 'http://127.0.0.1:40002', 1),
      sweep('api', 'http://127.0.0.1:40003', 4, 5),
    ] as unknown as Parameters<typeof mixesOf>[0],
    { api: 0.7, web: 0.3 },
    peak,
  );
  assert.deepEqual(
    mixes.map((mix) => [mix.label, mix.perWorker, mix.workersNeeded]),
    [['emulator-2w, 1 company', { api: 5, web: 1 }, 2]],
    'five companies were swept by API alone: no mix to size',
  );
  assert.match(
    mixes[0]!.sentence,
    /; emulated with database on the same host; the database was not counted$/,
  );
});

test('what a company costs compares one channel at growing company counts, never one channel with another', () => {
  const sweep = (channel: 'api' | 'web', companies: number, throughput: number, p95: number) => ({
    targetName: 'emulator-2w',
    channel,
    target: { kind: 'emulator', url: `http://127.0.0.1:${40000 + companies}` },
    companies,
    steps: [{ load: 2, throughput, p95, withinSlo: true }],
  });
  const lines = companyCostOf(
    [
      sweep('api', 1, 8, 200),
      sweep('web', 1, 1, 900),
      sweep('api', 5, 6, 300),
    ] as unknown as Parameters<typeof companyCostOf>[0],
    peak,
  );
  assert.deepEqual(lines, [
    'emulator-2w: 1 → 5 companies: p95 at load 2 +100 ms (+25 ms per added company), maximum throughput −25 % (−1,800 orders/h per added company); one sweep each, no noise band (--repeat 3 tells a difference from noise)',
  ]);

  // Repeats of each count (--repeat 2, in campaign order): averaged, their spread the noise band.
  const repeated = companyCostOf(
    [
      sweep('api', 1, 8, 200),
      sweep('api', 1, 10, 220),
      sweep('api', 3, 9.5, 240),
      sweep('api', 3, 8.5, 260),
    ] as unknown as Parameters<typeof companyCostOf>[0],
    peak,
  );
  assert.deepEqual(repeated, [
    'emulator-2w: 1 → 3 companies: p95 at load 2 +40 ms (+20 ms per added company), maximum throughput +0 % (+0 orders/h per added company); noise band ±11 % (2+2 repeats): within it, noise',
  ]);
});

/** A results file with the calls each scenario sent and the units it got done. */
function results(calls: [string, string, number][], done: [string, number][]): RunResults {
  return {
    trends: {
      [METRICS.rpcDuration.name]: calls.map(([call, scenario, count]) => ({
        tags: { [TAGS.call]: call, [TAGS.scenario]: scenario },
        summary: { count, avg: 0, min: 0, med: 0, p90: 0, p95: 0, p99: 0, max: 0 },
        histogram: '',
      })),
    },
    counters: {
      [METRICS.outcomes.name]: done.map(([scenario, value]) => ({
        tags: { [TAGS.scenario]: scenario, [TAGS.outcome]: 'done' },
        value,
      })),
    },
  } as unknown as RunResults;
}

const row = (call: string, requests: number, seconds: number, queries: number) => ({
  call,
  requests,
  queries,
  sqlSeconds: seconds / 2,
  pythonSeconds: seconds / 2,
});

test("each call's server time goes to the scenarios that sent it, in proportion, then per unit done", () => {
  const log = {
    calls: [
      // Both channels confirm: 10 by API, 5 by the web client's button (18 names it in the path).
      row('sale.order.action_confirm', 15, 3, 1500),
      row('sale.order.create', 10, 1, 600),
      row('sale.order.onchange', 40, 4, 1000),
      // Nobody's: setup's calls carry no scenario.
      row('res.partner.search_read', 3, 0.1, 9),
    ],
  } as unknown as ServerLogSummary;
  const costs = serverCostByScenario(
    results(
      [
        ['sale.order.action_confirm', 'order_confirmation', 10],
        ['sale.order.action_confirm', 'order_entry_web', 5],
        ['sale.order.create', 'order_confirmation', 10],
        ['sale.order.onchange', 'order_entry_web', 40],
      ],
      [
        ['order_confirmation', 10],
        ['order_entry_web', 5],
      ],
    ),
    log,
    ['order_confirmation', 'order_entry_web'],
  );
  const api = costs.find((cost) => cost.scenario === 'order_confirmation')!;
  const web = costs.find((cost) => cost.scenario === 'order_entry_web')!;
  assert.deepEqual([api.channel, api.units, api.seconds, api.queries], ['api', 10, 3, 1600]);
  assert.deepEqual([web.channel, web.units, web.seconds, web.queries], ['web', 5, 5, 1500]);
  // Per order: API 0.3 s and 160 queries, web 1 s and 300 queries.
  assert.equal(web.seconds / web.units / (api.seconds / api.units), 1 / 0.3);
});
