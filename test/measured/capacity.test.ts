/**
 * Capacity against ground truth: the emulator with W workers and a uniform cost of 100 ms per call
 * serves W ÷ 0.1 s calls per second at most, on work that never conflicts. The sweep must predict
 * that maximum within ±10 % (±15 % for 8 workers on a 2-core machine), put the knee where the queue
 * starts (W users), and name the worker count the peak needs. Then the gate: JUnit read back by an XML parser, Markdown, and a baseline
 * comparison that fails a build 1.5× slower and passes an identical rerun.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { CapacityFile } from '../../capacity/capacity-file.ts';
import { EXIT } from '../../contract/exit-codes.ts';
import { K6_METRICS, METRICS, TAGS } from '../../contract/index.ts';
import { readSamples } from '../../judge/results/k6-samples.ts';
import { ensureK6 } from '../../services/k6.ts';
import { freePort } from '../../services/process.ts';
import { launchChromium } from '../support/browser.ts';
import { odooLoad, told } from '../support/cli.ts';
import { runIdOf } from '../support/runs.ts';

const PROFILE = 'test/fixtures/profiles/capacity.json';
const COST_MS = 100;
let pgPort: number;
before(async () => {
  await ensureK6((line) => console.log(line));
  pgPort = await freePort();
});

const capacityRunOf = (stderr: string) => /results in \S*reports\/([^\s/]+)/.exec(stderr)?.[1];

async function sweep(
  workers: number,
  model: 'closed' | 'open' = 'closed',
  openLoads: number[] = [],
): Promise<{ runId: string; file: CapacityFile; stdout: string }> {
  const loads =
    model === 'open'
      ? openLoads
      : [1, workers / 2, workers, workers * 2, workers * 3].filter(
          (load, i, all) => Number.isInteger(load) && all.indexOf(load) === i,
        );
  const result = await odooLoad(
    [
      'capacity',
      '--model',
      model,
      '--profile',
      PROFILE,
      '--workers',
      String(workers),
      '--cost-model',
      `uniform:${COST_MS}`,
      '--loads',
      loads.join(','),
      '--step-seconds',
      '6',
      '--warmup-seconds',
      '2',
      '--products',
      '3000',
      '--pg-port',
      String(pgPort),
    ],
    {},
    300_000,
  );
  assert.equal(result.code, EXIT.ok, told(result));
  const runId = capacityRunOf(result.stderr);
  assert.ok(runId, result.stderr);
  const file = JSON.parse(
    readFileSync(resolve('reports', runId, 'capacity.json'), 'utf8'),
  ) as CapacityFile;
  return { runId, file, stdout: result.stdout };
}

describe('capacity against ground truth', () => {
  let reportRun = '';
  for (const workers of [2, 4, 8]) {
    test(`${workers} workers at ${COST_MS} ms per call: maximum within ±${workers >= 8 ? 15 : 10} % of ${(workers * 1000) / COST_MS} calls/s, knee at ${workers} users, the right worker count`, async () => {
      const { runId, file, stdout } = await sweep(workers);
      reportRun = runId;
      const [sweepResult] = file.sweeps;
      const { analysis } = sweepResult!;
      const known = (workers * 1000) / COST_MS;
      const predicted = analysis.usl!.maxThroughput * analysis.requestsPerUnit;
      // 8 workers' load on a 2-core machine has k6's 24 VUs competing with the emulator for CPU:
      // the measured maximum sits a little lower, and the fit with it.
      const tolerance = workers >= 8 ? 0.15 : 0.1;
      assert.ok(
        Math.abs(predicted / known - 1) <= tolerance,
        `USL predicts ${predicted.toFixed(1)} calls/s, the emulator serves ${known} (R² ${analysis.usl!.r2.toFixed(2)})`,
      );
      assert.equal(analysis.knees.throughputFlat, workers, JSON.stringify(sweepResult!.steps));
      // Little's law holds per step in a closed model: work in flight ≈ users.
      for (const step of sweepResult!.steps)
        assert.ok(
          Math.abs(step.littleRatio! - 1) < 0.15,
          `load ${step.load}: in flight ${step.inFlight.toFixed(2)}`,
        );
      // One worker does 1000 / (100 × calls per order) orders/s: the measured one within 12 % of it
      // (the client's own overhead takes a little; at 8 workers k6's CPU takes more: 15 % under was
      // seen), and the peak sized on it at 70 % utilisation.
      const perWorker = 1000 / (COST_MS * analysis.requestsPerUnit);
      const measured = analysis.sizing.perWorker!;
      assert.ok(
        Math.abs(measured / perWorker - 1) <= (workers >= 8 ? 0.18 : 0.12),
        `${measured} vs ${perWorker} per worker`,
      );
      const expected = Math.ceil(file.peak.perSecond / (measured * 0.7));
      assert.equal(analysis.sizing.workersNeeded, expected, analysis.sizing.sentence);
      assert.match(
        file.sentence,
        new RegExp(
          `^to hold capacity-ground-truth's peak of 16,000 orders/h at p95 < 2,000 ms with 30 % headroom: ${expected} workers`,
        ),
      );
      assert.equal(stdout.trim(), file.sentence, 'the sizing sentence is what the command prints');
      // Odoo's log as the emulator writes it: past saturation, every worker is busy all the window.
      for (const step of sweepResult!.steps.filter((step) => step.load >= workers * 2)) {
        const busyWorkers = (step.server!.sqlSeconds + step.server!.pythonSeconds) / 6;
        assert.ok(
          busyWorkers > workers * 0.85 && busyWorkers < workers * 1.1,
          `load ${step.load}: the log shows ${busyWorkers.toFixed(2)} busy workers of ${workers}`,
        );
      }
    });
  }

  test('the capacity report draws throughput and latency against load, with data, in Chromium', async () => {
    assert.ok(reportRun, 'a sweep ran');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`file://${resolve('reports', reportRun, 'report.html')}`);
      const charts = await page.evaluate(() =>
        (
          globalThis as unknown as {
            __charts: {
              canvas: { id: string };
              data: { datasets: { label: string; data: unknown[] }[] };
            }[];
          }
        ).__charts.map((chart) => ({
          id: chart.canvas.id,
          labels: chart.data.datasets.map((dataset) => dataset.label),
          points: chart.data.datasets.reduce((sum, dataset) => sum + dataset.data.length, 0),
        })),
      );
      assert.deepEqual(errors, []);
      const throughput = charts.find((chart) => chart.id === 'capacity-throughput-1');
      const latency = charts.find((chart) => chart.id === 'capacity-latency-1');
      assert.ok(throughput && throughput.points > 10, JSON.stringify(charts));
      assert.ok(latency && latency.points > 10, JSON.stringify(charts));
      assert.ok(throughput.labels.some((label) => label.startsWith('USL fit')));
      assert.ok(throughput.labels.includes('knee: throughput flat'));
      const text = await page.textContent('body');
      assert.match(text ?? '', /to hold capacity-ground-truth's peak/);
    } finally {
      await browser.close();
    }
  });
});

describe('capacity, open model', () => {
  test('arrivals below capacity are all served; beyond it throughput stays flat, every worker busy, and requests queue', async () => {
    const workers = 2;
    const { file } = await sweep(workers, 'open', [1, 2, 8, 12]);
    const [low, , high, highest] = file.sweeps[0]!.steps;
    assert.ok(Math.abs(low!.throughput - 1) <= 0.15, `1 order/s offered, ${low!.throughput} done`);
    assert.equal(low!.withinSlo, true);
    // Offering 50 % more beyond saturation completes far less than 50 % more. Not nothing more: at
    // 8/s part of the workers' time goes to orders still queued when the step's window closes, and
    // how much varies with the machine (a CI runner measured 3.67 → 4.67/s); that every worker is
    // busy at both is the proof of saturation, below.
    assert.ok(
      highest!.throughput / high!.throughput - 1 < 0.4,
      `${high!.throughput.toFixed(2)} vs ${highest!.throughput.toFixed(2)} orders/s`,
    );
    assert.ok(highest!.throughput < highest!.load * 0.6);
    for (const step of [high!, highest!]) {
      const busyWorkers = (step.server!.sqlSeconds + step.server!.pythonSeconds) / 6;
      assert.ok(
        Math.abs(busyWorkers / workers - 1) <= 0.15,
        `${step.load}/s offered: the log shows ${busyWorkers.toFixed(2)} busy workers of ${workers}`,
      );
    }
    assert.ok(highest!.p95 > low!.p95 * 4, `p95 ${low!.p95} ms → ${highest!.p95} ms`);
  });
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
    const file = JSON.parse(
      readFileSync(resolve('reports', runId, 'capacity.json'), 'utf8'),
    ) as CapacityFile;
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
    const file = JSON.parse(
      readFileSync(resolve('reports', runId, 'capacity.json'), 'utf8'),
    ) as CapacityFile;
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
      /^to hold capacity-channels-busy's peak of 1,200 orders\/h at p95 < 2,000 ms with 30 % headroom, with 30 % of orders keyed in the web client and 70 % by API: \d+ workers? \(per worker: by API [\d,]+ orders\/h, keyed in the web client [\d,]+ orders\/h; the mix [\d,]+ orders\/h; measured on 2 workers\)$/,
    );
    assert.equal(file.sentence, mix!.sentence);
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

describe('gate', () => {
  const runs: Record<string, string> = {};
  const runOrders = async (name: string, cost: number) => {
    const result = await odooLoad([
      'run',
      'order-confirmation',
      '--profile',
      'test/fixtures/profiles/gate.json',
      '--workers',
      '2',
      '--cost-model',
      `uniform:${cost}`,
      '--pg-port',
      String(pgPort),
    ]);
    const runId = runIdOf(result.stderr);
    assert.ok(runId, result.stderr);
    runs[name] = runId;
  };

  test('a build 1.5× slower fails the baseline comparison; an identical rerun passes; JUnit reads back', async () => {
    await runOrders('baseline', COST_MS);
    await runOrders('rerun', COST_MS);
    await runOrders('slower', COST_MS * 1.5);
    const parser = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => name === 'testcase',
    });
    const gate = async (run: string) => {
      const result = await odooLoad(['gate', '--run', run, '--baseline', runs.baseline!]);
      const xml = readFileSync(resolve('reports', run, 'junit.xml'), 'utf8');
      const cases = parser.parse(xml).testsuites.testsuite.testcase as Record<string, unknown>[];
      const markdown = readFileSync(resolve('reports', run, 'gate.md'), 'utf8');
      return { result, cases, markdown };
    };
    const slower = await gate(runs.slower!);
    assert.equal(slower.result.code, EXIT.gateFailed, told(slower.result));
    const regression = slower.cases.find(
      (row) => row['@_classname'] === 'odoo-load.baseline' && 'failure' in row,
    );
    assert.ok(regression, JSON.stringify(slower.cases));
    assert.match(String(regression['@_name']), /no regression of order_confirm_duration/);
    assert.match(slower.markdown, /^## odoo-load gate: NOT READY/);
    assert.match(slower.markdown, /\| FAIL \| no regression of order_confirm_duration/);

    const rerun = await gate(runs.rerun!);
    assert.equal(rerun.result.code, EXIT.ok, told(rerun.result));
    assert.ok(rerun.cases.length >= 5, 'one test case per criterion');
    assert.ok(
      rerun.cases.every((row) => !('failure' in row)),
      JSON.stringify(rerun.cases),
    );
    // No capacity run named: that criterion does not apply, and says so as a skipped case.
    const capacity = rerun.cases.find((row) => row['@_classname'] === 'odoo-load.capacity')!;
    assert.ok('skipped' in capacity);
    assert.match(rerun.markdown, /^## odoo-load gate: READY/);
  });

  test('gate: a run id that is not one is bad input, named', async () => {
    const result = await odooLoad(['gate', '--run', '../etc']);
    assert.equal(result.code, EXIT.badInput);
    assert.match(result.stderr, /--run: expected a run id/);
    const baseline = await odooLoad([
      'gate',
      '--run',
      runs.rerun ?? 'x',
      '--baseline',
      'nope-nope',
    ]);
    assert.equal(baseline.code, EXIT.badInput);
    assert.match(baseline.stderr, /--baseline: no run folder reports\/nope-nope/);
  });
});
