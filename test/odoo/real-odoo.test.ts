/**
 * The suite's own scenarios and audit against a real Odoo (`npm run test:odoo`), not part of
 * `npm test`: CI has no Odoo. Point it at a staging copy with ODOO_URL, ODOO_DB, ODOO_LOGIN,
 * ODOO_PASSWORD (ODOO_API_KEY for the API-key run, ODOO_OPERATORS / ODOO_OPERATOR_PASSWORD for the
 * scanners). A target that is not loopback also needs ODOO_LOAD_NOT_PRODUCTION=yes, the same word
 * as --i-know-this-is-not-production. Without ODOO_URL every test says it was skipped and why.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { CapacityFile } from '../../capacity/capacity-file.ts';
import { EXIT, METRICS, OUTCOMES } from '../../contract/index.ts';
import { WEB_CLIENT_VERSIONS } from '../../contract/web-client/types.ts';
import type { ServerLogSummary } from '../../judge/server-log.ts';
import { BROWSER_VERSIONS, EMULATED_WEB_CLIENT_VERSIONS } from '../../planning/plan.ts';
import { compareWebChannel, hasRecordedRecords } from '../../scripts/compare-web-channel.ts';
import { RunFolder } from '../../store/run-folder.ts';
import { odooLoad, told } from '../support/cli.ts';
import { outcomes, type RunFiles, readRun, runIdOf } from '../support/runs.ts';

const configured = Boolean(
  process.env.ODOO_URL &&
    process.env.ODOO_DB &&
    process.env.ODOO_LOGIN &&
    process.env.ODOO_PASSWORD,
);
const skip = configured
  ? false
  : 'ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD are not set: there is no real Odoo to test against';
const safety =
  process.env.ODOO_LOAD_NOT_PRODUCTION === 'yes' ? ['--i-know-this-is-not-production'] : [];
/** Odoo's own request log (up.sh prints where): the server's time and queries, the ground truth for cost. */
const odooLog = process.env.ODOO_LOG;
const withLog = odooLog ? false : "ODOO_LOG (the path of Odoo's log file) is not set";

/** The target, passed on explicitly: the CLI helper blanks ODOO_* so no other test hits a real Odoo. */
const TARGET = Object.fromEntries(
  [
    'ODOO_URL',
    'ODOO_DB',
    'ODOO_LOGIN',
    'ODOO_PASSWORD',
    'ODOO_API_KEY',
    'ODOO_OPERATORS',
    'ODOO_OPERATOR_PASSWORD',
  ].map((name) => [name, process.env[name] ?? '']),
);

/** The target's major version: the web channel and the browsers speak the recorded web clients. */
async function serverVersion(): Promise<number | undefined> {
  if (!configured) return undefined;
  try {
    const response = await fetch(`${process.env.ODOO_URL}/web/webclient/version_info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, params: {} }),
    });
    const body = (await response.json()) as { result?: { server_version_info?: [number] } };
    return body.result?.server_version_info?.[0];
  } catch {
    // Unreachable or not Odoo: the doctor test below says what is wrong, in one line.
    return undefined;
  }
}
const version = await serverVersion();
const speaks = (versions: readonly number[]) => versions.includes(version ?? 0);
const webClient = speaks(WEB_CLIENT_VERSIONS);
/** A version whose web client is not recorded gets the smoke's load without the web channel. */
const SMOKE = webClient ? 'smoke' : 'smoke-api';
const noWebClient = webClient
  ? false
  : `Odoo ${version} has no web client the suite speaks (${WEB_CLIENT_VERSIONS.join(', ')} are recorded): the web channel's refusal is tested instead`;
const noBrowsers = speaks(BROWSER_VERSIONS)
  ? false
  : `the browser users know the web client of ${BROWSER_VERSIONS.join(', ')}, not ${version}'s`;
/** The emulator answers 17's and 18's web client: a calibrated emulator stands in for those only. */
const noEmulatedWebClient =
  noWebClient ||
  (speaks(EMULATED_WEB_CLIENT_VERSIONS)
    ? false
    : `the emulator answers the web client of ${EMULATED_WEB_CLIENT_VERSIONS.join(' and ')}, not ${version}'s: no calibrated stand-in to compare`);

/** The API of the latency proxy this Odoo reaches PostgreSQL through (`odoo-load latency-proxy`). */
const dbProxy = process.env.ODOO_DB_PROXY;
/** Odoo's master (pid or pid file) and PostgreSQL's postmaster, for a CPU quota set on them. */
const odooPid = process.env.ODOO_PID;
const postgresPid = process.env.ODOO_POSTGRES_PID;
/** A hosting profile naming this target, so sizing counts its 2 workers and says where it is. */
const hostingFile = join(mkdtempSync(join(tmpdir(), 'odoo-load-real-')), 'this-odoo.json');
writeFileSync(
  hostingFile,
  JSON.stringify({
    kind: 'hosting',
    name: 'this-odoo',
    model: 'self-hosted',
    odooVersion: Math.min(19, Math.max(16, version ?? 17)),
    workers: Number(process.env.ODOO_WORKERS ?? 2),
    cpu: availableParallelism(),
    memoryGb: 4,
    postgres: { placement: 'same-host' },
    url: process.env.ODOO_URL ?? 'http://127.0.0.1:8069',
    database: process.env.ODOO_DB ?? 'odoo',
    testEnvironment: true,
  }),
);
const capacityRunOf = (stderr: string) => /results in \S*reports\/([^\s/]+)/.exec(stderr)?.[1];
const capacityFileOf = (runId: string) => RunFolder.open(runId).read<CapacityFile>('capacity')!;
const maximumOf = (sweep: CapacityFile['sweeps'][number]) =>
  Math.max(...sweep.steps.map((step) => step.throughput));

/** The sweep the placement tests measure by: loads 1–6, 30 s steps after a 10 s warm-up. */
const PLACEMENT_SWEEP = [
  'capacity',
  '--profile',
  'test/fixtures/profiles/capacity-channels.json',
  '--loads',
  '1,2,3,4,6',
  '--step-seconds',
  '30',
  '--warmup-seconds',
  '10',
];

type Sweep = CapacityFile['sweeps'][number];

/**
 * Each sweep of the real server's run beside its emulated twin (the same channel and what-if): the
 * maximum predicted within ±20 %, both in the closing table.
 */
function assertPredicted(
  realStderr: string,
  emulatedStderr: string,
  whatIf: (sweep: Sweep) => string,
  twins: (real: Sweep, emulated: Sweep) => boolean,
): void {
  const server = capacityFileOf(capacityRunOf(realStderr)!);
  const emulator = capacityFileOf(capacityRunOf(emulatedStderr)!);
  for (const sweep of server.sweeps) {
    const twin = emulator.sweeps.find(
      (other) => other.channel === sweep.channel && twins(sweep, other),
    );
    assert.ok(twin, `no emulated sweep beside ${sweep.label}`);
    const [was, is] = [maximumOf(sweep) * 3600, maximumOf(twin) * 3600];
    table.push([
      `placement ${sweep.channel}, ${whatIf(sweep)}: server / emulator (orders/h)`,
      '-',
      `${Math.round(was)} / ${Math.round(is)} (${((is / was - 1) * 100).toFixed(0)} %)`,
      '-',
    ]);
    assert.ok(
      Math.abs(is / was - 1) <= 0.2,
      `${sweep.label}: server ${was}, emulator ${is} orders/h`,
    );
  }
}

/** Calibrates the emulator from a real run and Odoo's log: the cost model's path. */
async function calibrateFrom(runId: string, name: string): Promise<string> {
  const model = `reports/${runId}/calibrated-cost-model.json`;
  const calibrated = await odooLoad([
    'calibrate',
    '--odoo-log',
    odooLog!,
    '--run',
    runId,
    '--name',
    name,
    '--out',
    model,
  ]);
  assert.equal(calibrated.code, EXIT.ok, told(calibrated));
  return model;
}

/** `odoo-load grow` stopped with SIGINT once its first products are in. */
function growInterrupted(dataset: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    const child = spawn(
      process.execPath,
      ['cli/bin.mjs', 'grow', '--dataset', dataset, '--batch', '25', ...safety],
      {
        env: { ...process.env, ...TARGET },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      // Once, as a person presses Ctrl-C once, as the products start.
      if (!stderr.includes('SIGINT sent') && /grow users: done/.test(stderr)) {
        stderr += 'SIGINT sent';
        child.kill('SIGINT');
      }
    });
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

const table: string[][] = [];
after(() => {
  if (!configured) return console.log(`# real Odoo: skipped (${skip})`);
  console.log(['scenario', 'exit', 'verdict', 'audit'].join(' | '));
  for (const row of table) console.log(row.join(' | '));
});

/** Runs one scenario at smoke scale; the business calls must hold and the audit must pass. */
async function runOnOdoo(label: string, args: string[]): Promise<RunFiles> {
  const log = odooLog ? ['--odoo-log', odooLog] : [];
  const result = await odooLoad(['run', ...args, ...log, ...safety], TARGET, 900_000);
  assert.match(
    result.stderr,
    new RegExp(`logged in to ${process.env.ODOO_URL}`),
    'the run went to ODOO_URL',
  );
  const runId = runIdOf(result.stderr);
  const run = runId ? readRun(runId) : undefined;
  const audit = run?.audit ? (run.audit.passed ? 'passed' : 'FAILED') : 'not run';
  table.push([
    label,
    String(result.code),
    run?.record.ending?.verdict ?? result.stderr.trim().split('\n').pop() ?? '',
    audit,
  ]);
  assert.ok(runId, result.stderr);
  // Thresholds (speed) may fail on a slow staging server; business calls and integrity may not.
  assert.ok(
    result.code === EXIT.ok || result.code === EXIT.thresholdsFailed,
    `${label}: exit ${result.code}\n${result.stderr.slice(-1500)}`,
  );
  assert.equal(run!.audit.passed, true, JSON.stringify(run!.audit.checks));
  return run!;
}

/** The share of the server's time over the run that went to logins, from Odoo's log. */
function loginShare(run: RunFiles): number {
  const log = run.folder.read<ServerLogSummary>('serverLog');
  assert.ok(log, "the run read Odoo's log");
  const logins = log.calls.filter((row) => row.call === '/web/session/authenticate');
  const seconds = (rows: typeof logins) =>
    rows.reduce((sum, row) => sum + row.sqlSeconds + row.pythonSeconds, 0);
  return seconds(logins) / seconds(log.calls);
}

describe('a real Odoo', { skip }, () => {
  test('doctor finds the target ready, or names what it lacks', async () => {
    const result = await odooLoad(['doctor'], TARGET);
    table.push([
      'doctor',
      String(result.code),
      result.stdout
        .split('\n')
        .filter((line) => /^(FAIL|warn)/.test(line))
        .join('; ') || 'all ok',
      '-',
    ]);
    assert.match(
      result.stdout,
      new RegExp(`^ok {3}target +${process.env.ODOO_URL}`, 'm'),
      result.stdout,
    );
  });

  for (const scenario of [
    'order-confirmation',
    'barcode-scanning',
    'bulk-import',
    'reservation-contention',
    'month-end-close',
  ]) {
    test(`${scenario} at smoke scale: business calls hold and the audit passes`, async () => {
      await runOnOdoo(scenario, [scenario, '--profile', SMOKE]);
    });
  }

  test('peak-day at smoke scale: every workload by both channels (by API where no web client is recorded), and logins a small share of the server', async () => {
    const run = await runOnOdoo('peak-day', ['peak-day', '--profile', SMOKE]);
    if (!odooLog) return;
    const share = loginShare(run);
    table.push([
      "peak-day: logins' share of server time",
      '-',
      `${(share * 100).toFixed(1)} %`,
      '-',
    ]);
    assert.ok(share <= 0.05, `logins took ${(share * 100).toFixed(1)} % of the server's time`);
  });

  test('browser users: a rep and a picker in real Chromium beside the smoke, every step timed, no Chromium left', {
    skip: noBrowsers,
  }, async () => {
    const run = await runOnOdoo('browser users', ['peak-day', '--profile', 'smoke-browsers']);
    const steps = run.results.trends[METRICS.uiStepDuration.name] ?? [];
    for (const step of ['login', 'openForm', 'save', 'confirm', 'openDeliveries', 'validate'])
      assert.ok(
        steps.some((row) => row.tags.step === step && row.summary.count > 0),
        `${step} was timed`,
      );
    assert.equal(
      (run.results.rates[METRICS.uiStepFailed.name] ?? []).reduce(
        (sum, row) => sum + row.passes,
        0,
      ),
      0,
      'no step failed',
    );
    assert.match(run.record.ending!.verdict, /browser users' p95: login [\d.]+ s, openForm/);
    const browsers = run.record.ending!.generators![0]!.browsers;
    assert.ok(browsers && browsers.peakRssMiB > 100, JSON.stringify(browsers));
    const chromium = spawnSync('pgrep', ['-f', 'chromium.*--headless'], { encoding: 'utf8' });
    assert.equal(chromium.stdout.trim(), '', 'no Chromium left after the run');
  });

  test("capacity peak-day with a rep in a real browser: the rep's confirm p95 at every load step, higher at 8 users than at 1", {
    skip: noBrowsers,
  }, async () => {
    const log = odooLog ? ['--odoo-log', odooLog] : [];
    const result = await odooLoad(
      [
        'capacity',
        'peak-day',
        '--profile',
        'test/fixtures/profiles/capacity-browser.json',
        // A rep keys an order in about 30 s: steps of 2 minutes hold 3–4 of them, and 1, 4 and 8
        // users put the two workers from idle to a queue twice as deep as at 4.
        '--loads',
        '1,4,8',
        '--step-seconds',
        '120',
        '--warmup-seconds',
        '10',
        ...log,
        ...safety,
      ],
      TARGET,
      900_000,
    );
    assert.equal(result.code, EXIT.ok, told(result));
    const runId = /results in \S*reports\/([^\s/]+)/.exec(result.stderr)?.[1];
    const file = RunFolder.open(runId!).read<CapacityFile>('capacity')!;
    const confirms = file.sweeps[0]!.steps.map((step) => step.ui?.confirm?.p95);
    table.push([
      'capacity: rep confirm p95 per step (ms)',
      '-',
      confirms.map((value) => Math.round(value ?? -1)).join(', '),
      '-',
    ]);
    assert.ok(
      confirms.every((value) => value !== undefined && value > 0),
      JSON.stringify(confirms),
    );
    assert.ok(confirms.at(-1)! > confirms[0]!, `confirm p95 rises with the load: ${confirms}`);
  });

  test("a calibrated emulator: its 2-worker capacity within ±20 % of this server's, by API and in the web client", {
    skip: withLog || noEmulatedWebClient,
  }, async () => {
    const sweepArgs = [
      'capacity',
      '--profile',
      'test/fixtures/profiles/capacity-channels.json',
      '--loads',
      '1,2,4,6',
      '--step-seconds',
      '20',
      '--warmup-seconds',
      '5',
    ];
    const capacityOf = (stderr: string) => {
      const runId = /results in \S*reports\/([^\s/]+)/.exec(stderr)?.[1];
      assert.ok(runId, stderr);
      return { runId, file: RunFolder.open(runId).read<CapacityFile>('capacity')! };
    };
    const real = await odooLoad([...sweepArgs, '--odoo-log', odooLog!, ...safety], TARGET, 900_000);
    assert.equal(real.code, EXIT.ok, told(real));
    const server = capacityOf(real.stderr);
    const model = await calibrateFrom(server.runId, 'this-server');
    const emulated = await odooLoad(
      [...sweepArgs, '--workers', '2', '--cost-model', model],
      {},
      900_000,
    );
    assert.equal(emulated.code, EXIT.ok, told(emulated));
    const emulator = capacityOf(emulated.stderr);
    assert.match(emulator.file.sentence, /emulated at the costs of this-server/);
    const maximum = (file: typeof server.file, channel: string) =>
      Math.max(
        ...file.sweeps.find((sweep) => sweep.channel === channel)!.steps.map((s) => s.throughput),
      ) * 3600;
    for (const channel of ['api', 'web']) {
      const [was, is] = [maximum(server.file, channel), maximum(emulator.file, channel)];
      table.push([
        `capacity ${channel}: server / calibrated emulator (orders/h)`,
        '-',
        `${Math.round(was)} / ${Math.round(is)} (${((is / was - 1) * 100).toFixed(0)} %)`,
        '-',
      ]);
      assert.ok(
        Math.abs(is / was - 1) <= 0.2,
        `${channel}: server ${was}, emulator ${is} orders/h`,
      );
    }
  });

  test('placement: the database 1 and 2 ms away, measured through the latency proxy, predicted by the emulator calibrated at 0 ms (±20 %)', {
    skip:
      withLog ||
      noEmulatedWebClient ||
      (dbProxy
        ? false
        : 'ODOO_DB_PROXY (the API of the odoo-load latency-proxy this Odoo reaches PostgreSQL through) is not set'),
  }, async () => {
    const real = (rtt: string) =>
      odooLoad(
        [
          ...PLACEMENT_SWEEP,
          '--target',
          hostingFile,
          '--odoo-log',
          odooLog!,
          '--db-proxy',
          dbProxy!,
          '--db-rtt',
          rtt,
          ...safety,
        ],
        TARGET,
        3_600_000,
      );
    const near = await real('0');
    assert.equal(near.code, EXIT.ok, told(near));
    const model = await calibrateFrom(capacityRunOf(near.stderr)!, 'this-server-proxied');
    const far = await real('1,2');
    assert.equal(far.code, EXIT.ok, told(far));
    const emulated = await odooLoad(
      [...PLACEMENT_SWEEP, '--workers', '2', '--cost-model', model, '--db-rtt', '1,2'],
      {},
      3_600_000,
    );
    assert.equal(emulated.code, EXIT.ok, told(emulated));
    assertPredicted(
      far.stderr,
      emulated.stderr,
      (sweep) => `database ${sweep.placement.databaseRoundTripMs} ms away`,
      (real, twin) => twin.placement.databaseRoundTripMs === real.placement.databaseRoundTripMs,
    );
  });

  test("placement: Odoo's CPUs held to a quota of half a CPU, measured in a cgroup, predicted by the emulator calibrated at one CPU (±20 %)", {
    skip:
      withLog ||
      noEmulatedWebClient ||
      (odooPid
        ? false
        : "ODOO_PID (Odoo's master: its pid or pid file; ODOO_POSTGRES_PID adds PostgreSQL's postmaster) is not set"),
  }, async () => {
    const processes = [
      '--odoo-pid',
      odooPid!,
      ...(postgresPid ? ['--postgres-pid', postgresPid] : []),
    ];
    const real = (quota: string) =>
      odooLoad(
        [
          ...PLACEMENT_SWEEP,
          '--target',
          hostingFile,
          '--odoo-log',
          odooLog!,
          '--cpu-quota',
          quota,
          ...processes,
          ...safety,
        ],
        TARGET,
        3_600_000,
      );
    const whole = await real('1');
    assert.equal(whole.code, EXIT.ok, told(whole));
    assert.match(
      whole.stderr,
      /placement: Odoo's (and PostgreSQL's )?processes \(\d+\) limited to 1 CPU of CPU time/,
    );
    const model = await calibrateFrom(capacityRunOf(whole.stderr)!, 'this-server-one-cpu');
    const half = await real('0.5');
    assert.equal(half.code, EXIT.ok, told(half));
    const emulated = await odooLoad(
      [...PLACEMENT_SWEEP, '--workers', '2', '--cost-model', model, '--cpu-quota', '0.5'],
      {},
      3_600_000,
    );
    assert.equal(emulated.code, EXIT.ok, told(emulated));
    for (const sweep of capacityFileOf(capacityRunOf(half.stderr)!).sweeps)
      assert.equal(sweep.placement.cpuQuota, true, sweep.label);
    assertPredicted(
      half.stderr,
      emulated.stderr,
      () => 'a quota of 0.5 CPU',
      () => true,
    );
  });

  test('the web channel: refused before any VU starts on a version whose web client is not recorded', {
    skip: webClient
      ? `Odoo ${version} has a recorded web client: the channel itself is tested`
      : false,
  }, async () => {
    const result = await odooLoad(['run', 'peak-day', '--profile', 'smoke', ...safety], TARGET);
    table.push([
      'web channel refused',
      String(result.code),
      result.stderr.trim().split('\n').pop()!,
      '-',
    ]);
    assert.equal(result.code, EXIT.badInput, told(result));
    assert.match(
      result.stderr,
      new RegExp(
        `runs Odoo ${version}: set the profile's web shares to 0 \\(the shipped smoke-api does\\)`,
      ),
    );
    assert.doesNotMatch(result.stderr + result.stdout, /k6 started|running \(/, 'no VU started');
  });

  test('the web channel: reps, pickers and accountants in the web client, a shift starting', {
    skip: noWebClient,
  }, async () => {
    const run = await runOnOdoo('web channel', [
      'peak-day',
      '--profile',
      'test/fixtures/profiles/web-channel.json',
    ]);
    for (const scenario of [
      'order_entry_web',
      'delivery_validation_web',
      'invoice_entry_web',
      'shift_start',
    ]) {
      assert.ok(outcomes(run, scenario, OUTCOMES.done) > 0, `${scenario} did something`);
      assert.equal(outcomes(run, scenario, OUTCOMES.failed), 0, `${scenario} failed nothing`);
    }
  });

  test("the web channel's flows cost what the recorded web client's cost (±25 % queries, Odoo's log)", {
    skip: withLog || noWebClient,
  }, async (t) => {
    const admin = { login: TARGET.ODOO_LOGIN!, password: TARGET.ODOO_PASSWORD! };
    if (!hasRecordedRecords(TARGET.ODOO_URL!, TARGET.ODOO_DB!, admin))
      return t.skip("the recording's demo records are not there: compare on up.sh's database");
    const picker = {
      login: (TARGET.ODOO_OPERATORS || TARGET.ODOO_LOGIN!).split(',')[0]!,
      password: TARGET.ODOO_OPERATOR_PASSWORD || TARGET.ODOO_PASSWORD!,
    };
    const rows = await compareWebChannel(TARGET.ODOO_URL!, TARGET.ODOO_DB!, odooLog!, {
      admin,
      picker,
    });
    for (const row of rows) {
      const ratio = row.suite.queries / row.recorded.queries;
      table.push([
        `web ${row.flow} vs the recorded client`,
        '-',
        `${row.suite.queries} vs ${row.recorded.queries} queries (${ratio.toFixed(2)})`,
        '-',
      ]);
      assert.ok(Math.abs(ratio - 1) <= 0.25, `${row.flow}: ${ratio.toFixed(2)}`);
    }
  });

  test('grow: a small distributor grown through the API, interrupted and resumed without duplicates, the audit passing after', {
    skip:
      process.env.ODOO_GROW === 'yes'
        ? false
        : 'ODOO_GROW=yes is not set (grow adds companies, products, customers and orders to the target)',
  }, async () => {
    const dataset = join(mkdtempSync(join(tmpdir(), 'odoo-load-grow-')), 'small.json');
    writeFileSync(
      dataset,
      JSON.stringify({
        kind: 'dataset',
        name: 'small-distributor',
        companies: 3,
        users: { salesReps: 1, accountants: 1, pickers: 2 },
        products: { count: 300, categories: 5 },
        customers: { count: 150, contactsPerCustomer: 1 },
        stock: { onHand: { min: 500, max: 1000 } },
        history: { orders: 200, months: 3, paid: 0.5 },
      }),
    );
    const grow = (env: Record<string, string> = {}) =>
      odooLoad(
        ['grow', '--dataset', dataset, '--batch', '25', ...safety],
        { ...TARGET, ...env },
        3_600_000,
      );
    // Interrupted once: the grow stops at a batch boundary (exit 130), what it made stays.
    const first = growInterrupted(dataset);
    const interrupted = await first;
    assert.equal(interrupted.code, EXIT.interrupted, told(interrupted));
    const resumed = await grow();
    assert.equal(resumed.code, EXIT.ok, told(resumed));
    const grown =
      /grow small-distributor: (\d+) compan\w+, ([\d,]+) products?, ([\d,]+) customers?, ([\d,]+) orders? \(([\d,]+) deliver\w+ done, ([\d,]+) invoices? posted\)/.exec(
        resumed.stdout,
      );
    assert.ok(grown, resumed.stdout);
    const [companies, products, customers, orders] = grown
      .slice(1, 5)
      .map((n) => Number(n!.replace(/,/g, '')));
    assert.ok(
      companies! >= 3 && products! >= 300 && customers! >= 150 && orders! >= 200,
      resumed.stdout,
    );
    // Growing again adds nothing: every count is what the profile asks, or what was there.
    const again = await grow();
    assert.equal(again.code, EXIT.ok, told(again));
    assert.equal(
      again.stdout,
      resumed.stdout.replace(/after \d+ s/, again.stdout.match(/after \d+ s/)![0]),
    );
    table.push([
      'grow (interrupted, resumed, again)',
      String(again.code),
      again.stdout.trim(),
      '-',
    ]);
    await runOnOdoo('order-confirmation on the grown database', [
      'order-confirmation',
      '--profile',
      'smoke-api',
    ]);
  });

  test('opening stock changes on hand, through base_import', async () => {
    await runOnOdoo('bulk-import (opening stock)', [
      'bulk-import',
      '--profile',
      'test/fixtures/profiles/opening-stock.json',
    ]);
  });

  test('order-confirmation over /jsonrpc with an API key', {
    skip: process.env.ODOO_API_KEY ? false : 'ODOO_API_KEY is not set',
  }, async () => {
    await runOnOdoo('order-confirmation --auth jsonrpc', [
      'order-confirmation',
      '--profile',
      SMOKE,
      '--auth',
      'jsonrpc',
    ]);
  });

  test("Debian's odoorpc client works against it", () => {
    const result = spawnSync('/usr/bin/python3', ['test/fixtures/odoorpc_client.py'], {
      env: {
        ...process.env,
        URL: process.env.ODOO_URL,
        DB: process.env.ODOO_DB,
        LOGIN: process.env.ODOO_LOGIN,
        SECRET: process.env.ODOO_PASSWORD,
      },
      encoding: 'utf8',
    });
    table.push([
      'odoorpc client',
      String(result.status),
      result.stdout.trim() || result.stderr.trim().split('\n').pop() || '',
      '-',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).order.state, 'sale');
  });
});
