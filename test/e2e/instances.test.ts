/**
 * One plan on 2 k6 instances (execution segments, setup() once) against the same plan on 1: every
 * iteration is one order counted once (the iteration counts may differ by one arrival), the merged
 * p95 is the p95 of all samples together, and the run ends in one summary, one audit, one report,
 * one exit code.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { EXIT } from '../../contract/exit-codes.ts';
import { K6_METRICS, METRICS, OUTCOMES } from '../../contract/index.ts';
import { readSamples } from '../../judge/results/k6-samples.ts';
import { ensureK6 } from '../../services/k6.ts';
import { freePort } from '../../services/process.ts';
import { odooLoad, told } from '../support/cli.ts';
import { count, outcomes, type RunFiles, readRun, runIdOf } from '../support/runs.ts';

/** One order a second for 15.5 s: constant arrival rate, so the iteration count is the plan's (16). */
const PROFILE = 'test/fixtures/profiles/instances.json';
const SCENARIO = 'order_confirmation';
let pgPort: number;

before(async () => {
  await ensureK6((line) => console.log(line));
  pgPort = await freePort();
});

const lastLine = (stderr: string) => stderr.trim().split('\n').at(-1) ?? '';

async function runOn(instances: number): Promise<{ run: RunFiles; stderr: string }> {
  const result = await odooLoad([
    'run',
    'order-confirmation',
    '--profile',
    PROFILE,
    '--pg-port',
    String(pgPort),
    '--instances',
    String(instances),
  ]);
  assert.equal(result.code, EXIT.ok, told(result));
  return { run: readRun(runIdOf(result.stderr)!), stderr: result.stderr };
}

/** p95 by nearest rank over every sample of a trend in the run's k6 files. */
async function p95Of(run: RunFiles, metric: string): Promise<number> {
  const values: number[] = [];
  for (const file of run.folder.metricsFiles())
    for await (const sample of readSamples(file))
      if (sample.metric === metric && sample.type === 'trend') values.push(sample.value);
  values.sort((a, b) => a - b);
  return values[Math.ceil(values.length * 0.95) - 1]!;
}

/** HTTP requests k6 made in setup() (its `group` tag is `::setup`), over every instance. */
async function setupRequestsOf(run: RunFiles): Promise<number> {
  let requests = 0;
  for (const file of run.folder.metricsFiles())
    for await (const sample of readSamples(file))
      if (sample.metric === K6_METRICS.httpReqs && sample.tags.group === '::setup') requests++;
  return requests;
}

test('2 instances count every order once, as 1 does; merged p95 is the p95 of all samples; one of everything', async () => {
  const single = await runOn(1);
  const split = await runOn(2);
  assert.equal(split.run.record.instances, 2);
  assert.equal(split.run.folder.metricsFiles().length, 2, 'one k6 result file per instance');
  // Each instance keeps its own arrival clock, so k6 may start one arrival more or fewer over the
  // split plan (seen both ways: 16 against 17); what must hold exactly is that every iteration the
  // instances ran is one order, counted once in the merged results, as with one instance.
  const iterations = (run: RunFiles) => count(run, K6_METRICS.iterations);
  assert.ok(
    Math.abs(iterations(split.run) - iterations(single.run)) <= 1,
    `${lastLine(single.stderr)}\n${lastLine(split.stderr)}`,
  );
  for (const { run } of [single, split]) {
    assert.equal(outcomes(run, SCENARIO, OUTCOMES.done), iterations(run), lastLine(split.stderr));
    assert.equal(count(run, METRICS.ordersConfirmed.name), iterations(run));
    assert.equal(outcomes(run, SCENARIO, OUTCOMES.failed), 0);
    assert.equal(outcomes(run, SCENARIO, OUTCOMES.inDoubt), 0);
  }
  assert.ok(outcomes(split.run, SCENARIO, OUTCOMES.done) > 10);
  // setup() ran once: the data was discovered by one instance, with the requests of one setup.
  const setupRequests = await setupRequestsOf(split.run);
  assert.ok(setupRequests > 0);
  assert.equal(setupRequests, await setupRequestsOf(single.run));
  const metric = METRICS.orderConfirmDuration.name;
  const merged = split.run.results.metrics[metric]!.trend!.p95;
  const exact = await p95Of(split.run, metric);
  assert.ok(Math.abs(merged / exact - 1) <= 0.01, `merged p95 ${merged} vs samples' ${exact}`);
  // One audit, one report, one verdict line.
  assert.equal(split.run.audit.passed, true);
  assert.ok(split.run.folder.has('report'));
  assert.equal((split.stderr.match(/^odoo-load: run \S+:/gm) ?? []).length, 1);
  assert.match(split.stderr, /progress: .* · 2 k6 instances/);
  // Each generator's own CPU and memory are kept, one per instance.
  const generators = split.run.record.ending!.generators!;
  assert.deepEqual(
    generators.map((generator) => generator.instance),
    [1, 2],
  );
  for (const generator of generators)
    assert.ok(generator.cpuSeconds > 0 && generator.peakRssMiB > 10, JSON.stringify(generator));
});
