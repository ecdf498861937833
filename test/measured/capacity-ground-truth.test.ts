/**
 * Capacity against ground truth: the emulator with W workers and a uniform cost of 100 ms per call
 * (plus its own work, which its log shows) serves W ÷ that time calls per second, on work that never
 * conflicts. The sweep must predict that maximum (−5 to +15 %), put the knee where the queue starts
 * (W users), and name the worker count the peak needs; the report draws it. 8 and 16 workers, where
 * k6 and the emulator contend for this machine's two cores, are a benchmark: `npm run bench:capacity`.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { ensureK6 } from '../../services/k6.ts';
import { freePort } from '../../services/process.ts';
import { launchChromium } from '../support/browser.ts';
import { assertGroundTruth, groundTruthName } from '../support/capacity.ts';

let pgPort: number;
before(async () => {
  await ensureK6((line) => console.log(line));
  pgPort = await freePort();
});

describe('capacity against ground truth', () => {
  let reportRun = '';
  for (const workers of [2, 4])
    test(groundTruthName(workers), async () => {
      reportRun = await assertGroundTruth(pgPort, workers);
    });

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
