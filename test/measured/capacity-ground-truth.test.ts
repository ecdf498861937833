/**
 * Capacity against ground truth: the emulator with W workers and a uniform cost of c per call (100 ms,
 * 200 ms at 8 workers) serves W ÷ c calls per second at most, on work that never conflicts. The sweep must predict
 * that maximum within ±10 % (±15 % for 8 workers on a 2-core machine), put the knee where the queue
 * starts (W users), and name the worker count the peak needs; the report draws it.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { ensureK6 } from '../../services/k6.ts';
import { freePort } from '../../services/process.ts';
import { launchChromium } from '../support/browser.ts';
import { COST_MS, sweep } from '../support/capacity.ts';

let pgPort: number;
before(async () => {
  await ensureK6((line) => console.log(line));
  pgPort = await freePort();
});

/**
 * 8 workers at 200 ms: the knee and the maximum at W users as at 100 ms, for half the calls a second
 * (80 calls/s took this 2-core machine's CPU from the measured files beside it).
 */
const costOf = (workers: number) => (workers >= 8 ? 2 * COST_MS : COST_MS);

describe('capacity against ground truth', () => {
  let reportRun = '';
  for (const workers of [2, 4, 8]) {
    const cost = costOf(workers);
    test(`${workers} workers at ${cost} ms per call: maximum within ±${workers >= 8 ? 15 : 10} % of ${(workers * 1000) / cost} calls/s, knee at ${workers} users, the right worker count`, async () => {
      const { runId, file, stdout } = await sweep(pgPort, workers, 'closed', [], cost);
      reportRun = runId;
      const [sweepResult] = file.sweeps;
      const { analysis } = sweepResult!;
      const known = (workers * 1000) / cost;
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
      // One worker does 1000 / (cost × calls per order) orders/s: the measured one within 12 % of it
      // (the client's own overhead takes a little; at 8 workers k6's CPU takes more: 15 % under was
      // seen), and the peak sized on it at 70 % utilisation.
      const perWorker = 1000 / (cost * analysis.requestsPerUnit);
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
