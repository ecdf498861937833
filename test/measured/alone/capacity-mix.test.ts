/**
 * Capacity of a mix: order confirmation stepped while the rest of peak-day runs beside it, and the
 * API and web channels swept one after the other and sized as a mix. Alone: the emulator's own work
 * for web calls keeps a core busy, and beside other measured files the mix's background was starved
 * out of the measured windows.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { EXIT } from '../../../contract/exit-codes.ts';
import { K6_METRICS, METRICS, TAGS } from '../../../contract/index.ts';
import { readSamples } from '../../../judge/results/k6-samples.ts';
import { ensureK6 } from '../../../services/k6.ts';
import { freePort } from '../../../services/process.ts';
import { COST_MS, capacityFileOf, capacityRunOf } from '../../support/capacity.ts';
import { odooLoad, told } from '../../support/cli.ts';

let pgPort: number;
before(async () => {
  await ensureK6((line) => console.log(line));
  pgPort = await freePort();
});

describe('capacity, peak-day mix', () => {
  test('order confirmation is stepped while the rest of the mix runs beside every measured step', async () => {
    const result = await odooLoad(
      [
        'capacity',
        'peak-day',
        '--profile',
        'test/fixtures/profiles/capacity-mix.json',
        '--workers',
        '2',
        '--cost-model',
        `uniform:${COST_MS}`,
        '--loads',
        '1,2,4',
        '--step-seconds',
        '6',
        '--warmup-seconds',
        '2',
        '--pg-port',
        String(pgPort),
      ],
      {},
      300_000,
    );
    assert.equal(result.code, EXIT.ok, told(result));
    const runId = capacityRunOf(result.stderr)!;
    const file = capacityFileOf(runId);
    assert.equal(file.scenario, 'peak-day');
    assert.match(file.sentence, /^to hold capacity-mix's peak of 16,000 orders\/h/);
    const steps = file.sweeps[0]!.steps;
    assert.deepEqual(
      steps.map((step) => step.load),
      [1, 2, 4],
    );
    for (const step of steps) assert.ok(step.throughput > 0, JSON.stringify(step));
    // The background ran during the measured windows, not only around them.
    const background: Record<string, number> = {};
    for await (const sample of readSamples(resolve('reports', runId, 'sweep-1.json.gz'))) {
      const scenario = sample.tags.scenario ?? '';
      if (sample.metric !== K6_METRICS.iterations || scenario.startsWith('step_')) continue;
      if (steps.some((step) => sample.time >= step.window.from && sample.time <= step.window.to))
        background[scenario] = (background[scenario] ?? 0) + 1;
    }
    assert.ok((background.month_end_posting ?? 0) > 0, JSON.stringify(background));
    assert.ok((background.barcode_scanning ?? 0) > 0, JSON.stringify(background));
  });
});

describe('capacity by channel', () => {
  // A rep's order is ~35 calls: at 100 ms a call a 6 s window held 1 to 4 of them, and one order
  // more or less moved the ratio by a third. At 40 ms and 8 s each busy step holds about ten.
  const WEB_SWEEP_COST_MS = 40;
  test("a rep's order sends ten times the calls of an API order: the mix is sized from both sweeps, and names the mix", async () => {
    const result = await odooLoad(
      [
        'capacity',
        '--profile',
        'test/fixtures/profiles/capacity-channels-busy.json',
        '--workers',
        '2',
        '--cost-model',
        `uniform:${WEB_SWEEP_COST_MS}`,
        '--loads',
        '1,2,4',
        '--step-seconds',
        '8',
        '--warmup-seconds',
        '2',
        '--pg-port',
        String(pgPort),
      ],
      {},
      300_000,
    );
    assert.equal(result.code, EXIT.ok, told(result));
    const runId = capacityRunOf(result.stderr)!;
    const file = capacityFileOf(runId);
    const [api, web] = file.sweeps;
    assert.deepEqual(
      file.sweeps.map((sweep) => sweep.channel),
      ['api', 'web'],
    );
    // Saturated workers hold orders as the inverse of an order's work: its calls times the time a
    // call takes alone. The modelled cost is uniform, but the emulator's own work is not (an API
    // create writes rows, a web read reads), so each call's time is measured at one user.
    const callsRatio = web!.analysis.requestsPerUnit / api!.analysis.requestsPerUnit;
    assert.ok(callsRatio > 5, `a web order sends ${callsRatio.toFixed(1)}× the calls`);
    const orderSecondsAlone = (sweep: typeof api) =>
      sweep!.analysis.requestsPerUnit / sweep!.steps[0]!.requestsPerSecond;
    const workRatio = orderSecondsAlone(web) / orderSecondsAlone(api);
    const capacityRatio = api!.analysis.sizing.perWorker! / web!.analysis.sizing.perWorker!;
    assert.ok(
      Math.abs(capacityRatio / workRatio - 1) < 0.3,
      `capacity ratio ${capacityRatio.toFixed(1)} for a work ratio of ${workRatio.toFixed(1)} (calls ${callsRatio.toFixed(1)}×)`,
    );
    const [mix] = file.mixes!;
    assert.equal(file.mixes!.length, 1);
    assert.match(
      file.sentence,
      /^to hold capacity-channels-busy's peak of 1,200 orders\/h at p95 < 2,000 ms with 30 % headroom, with 30 % of orders keyed in the web client and 70 % by API: \d+ workers? \(per worker: by API [\d,]+ orders\/h, keyed in the web client [\d,]+ orders\/h; the mix [\d,]+ orders\/h; measured on 2 workers\); emulated with database on the same host; the database held \d+ compan(y|ies), [\d,]+ products, [\d,]+ customers, [\d,]+ orders? \([\d,]+ deliver(y|ies) done, [\d,]+ open holding [\d,.]+ units? reserved, [\d,]+ invoices? posted\); Odoo's rule of thumb \(6 concurrent users a worker, 2 × CPUs \+ 1 workers\) gives \d+ workers? on \d+ CPUs? for this peak's \d+ people: .*$/,
    );
    assert.ok(file.sentence.startsWith(mix!.sentence), `${file.sentence}\n${mix!.sentence}`);
    assert.equal(result.stdout.trim(), file.sentence);
    assert.deepEqual(file.companyCost, [], 'one company count: nothing to compare');
    // Every rep (one per user of the largest step) logged in before the first step, none during.
    let logins = 0;
    for await (const sample of readSamples(resolve('reports', runId, 'sweep-2.json.gz'))) {
      if (sample.metric !== METRICS.logins.name) continue;
      assert.equal(sample.tags[TAGS.phase], 'setup', JSON.stringify(sample.tags));
      assert.ok(sample.time < web!.steps[0]!.window.from, 'logged in before the first step');
      if (sample.tags[TAGS.role] === 'salesRep') logins += sample.value;
    }
    assert.equal(logins, 4);
  });
});
