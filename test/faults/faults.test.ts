/**
 * Whatever breaks during a run, the run folder says what happened: the target killed, paused or
 * slowed past limit_time_real, its PostgreSQL killed, Ctrl-C once and twice, reports/ not writable,
 * two runs at once. Each case asserts the exit code, the files written, the one-line explanation,
 * and that nothing the run started is left running. (InfluxDB killed mid-run:
 * test/e2e/observability.test.ts.)
 */
import assert from 'node:assert/strict';
import { chmodSync, readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXIT } from '../../contract/exit-codes.ts';
import type { AuditReport } from '../../judge/audit/checks.ts';
import { ensureK6 } from '../../services/k6.ts';
import { freePort } from '../../services/process.ts';
import { RunFolder } from '../../store/run-folder.ts';
import { type CliResult, cliLocal, type RunningCli, startOdooLoad, told } from '../support/cli.ts';
import { descendantsOf, isRunning, listenerOf } from '../support/processes.ts';
import { runFolderNames, runFoldersSince, runIdOf } from '../support/runs.ts';

const PROFILE = 'test/fixtures/profiles/faults.json';
const POSTMASTER_PID = cliLocal('postgres', 'data', 'postmaster.pid');
/** When the fault is injected, after k6 started. */
const FAULT_AT_MS = 5000;

interface Ports {
  pg: number;
  emulator: number;
}

interface FaultRun {
  cli: RunningCli;
  ports: Ports;
  /** Every process the run had started when the fault came (its tree and PostgreSQL). */
  started: number[];
}

/** Starts an order-confirmation run on the emulator and waits until k6 has run for a while. */
async function runUntilLoaded(extraArgs: string[] = []): Promise<FaultRun> {
  const ports = { pg: await freePort(), emulator: await freePort() };
  const cli = startOdooLoad([
    'run',
    'order-confirmation',
    '--profile',
    PROFILE,
    '--pg-port',
    String(ports.pg),
    '--emulator-port',
    String(ports.emulator),
    ...extraArgs,
  ]);
  // The thresholds line is the last one before k6 starts.
  await cli.waitFor(/profile faults: thresholds/);
  await sleep(FAULT_AT_MS);
  return { cli, ports, started: [...descendantsOf(cli.pid), postmaster()] };
}

const postmaster = () => Number(readFileSync(POSTMASTER_PID, 'utf8').split('\n')[0]);

/** The CLI's last line: the one-sentence explanation of how the run ended. */
const lastLine = (result: CliResult) => result.stderr.trim().split('\n').at(-1) ?? '';

/** Nothing the run started is left: every process gone, no one on its ports. */
async function assertNothingLeft(run: FaultRun): Promise<void> {
  // PostgreSQL's backends leave a moment after their postmaster.
  for (let waited = 0; waited < 5000 && run.started.some(isRunning); waited += 100)
    await sleep(100);
  assert.deepEqual(run.started.filter(isRunning), [], 'processes the run started still run');
  assert.equal(listenerOf(run.ports.pg), undefined, 'something still listens on the PG port');
  assert.equal(
    listenerOf(run.ports.emulator),
    undefined,
    'something still listens on the emulator',
  );
}

function folderOf(result: CliResult): RunFolder {
  const runId = runIdOf(result.stderr);
  assert.ok(runId, `no run id in:\n${result.stderr}`);
  return RunFolder.open(runId);
}

function assertNoStackTrace(result: CliResult): void {
  assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+/, 'a stack trace reached the console');
}

const skippedStep = (folder: RunFolder, step: string) =>
  folder.run()?.ending?.skipped.find((skipped) => skipped.step === step)?.reason;

describe('faults during a run', () => {
  before(async () => {
    await ensureK6((line) => console.log(line));
  });

  test('the target killed (SIGKILL) mid-run: exit 14, a report, and since when it was gone', async () => {
    const run = await runUntilLoaded();
    process.kill(listenerOf(run.ports.emulator)!, 'SIGKILL');
    const result = await run.cli.done;
    assert.equal(result.code, EXIT.targetLost, told(result));
    assert.match(lastLine(result), /the target stopped answering at 0:0\d after \d+ iterations/);
    assertNoStackTrace(result);
    const folder = folderOf(result);
    for (const file of ['run', 'k6Summary', 'results', 'report'] as const)
      assert.ok(folder.has(file), `${file} missing`);
    assert.equal(folder.read<AuditReport>('audit'), undefined);
    assert.match(skippedStep(folder, 'audit') ?? '', /target unreachable since 0:0\d/);
    const events = folder.run()!.ending!.events.map((event) => event.what);
    assert.ok(
      events.some((what) => /first transport error/.test(what)),
      events.join('\n'),
    );
    assert.match(folder.readText('report') ?? '', /stopped answering/);
    await assertNothingLeft(run);
  });

  test('the target paused for 10 s (SIGSTOP, SIGCONT): the silence is on the timeline, the audit passes', async () => {
    const run = await runUntilLoaded();
    const emulator = listenerOf(run.ports.emulator)!;
    process.kill(emulator, 'SIGSTOP');
    await sleep(10_000);
    process.kill(emulator, 'SIGCONT');
    const result = await run.cli.done;
    // Nothing failed or was lost: the orders waited. Whether the confirmation SLO held depends on
    // how many confirmations queued behind the backlog once the target woke up.
    assert.ok([EXIT.ok, EXIT.thresholdsFailed].includes(result.code as 0), result.stderr);
    assert.match(lastLine(result), /the target answered nothing for (8|9|10|11) s from 0:0\d/);
    const folder = folderOf(result);
    assert.equal(folder.read<AuditReport>('audit')?.passed, true);
    assert.ok(folder.has('report'));
    await assertNothingLeft(run);
  });

  test('requests slowed past limit_time_real: exit 13, the orders in doubt, the audit says what Odoo kept', async () => {
    const run = await runUntilLoaded([
      '--target',
      'test/fixtures/profiles/short-time-limit.json',
      '--cost-model',
      'test/fixtures/slow-confirm-cost-model.json',
    ]);
    const result = await run.cli.done;
    assert.equal(result.code, EXIT.businessFailed, told(result));
    assert.match(
      lastLine(result),
      /0 of (\d+) orders confirmed, \1 in doubt \(no answer came back\)/,
    );
    const folder = folderOf(result);
    const stats = folder.emulatorStats() as { killed: { timeReal: number } };
    assert.ok(stats.killed.timeReal > 0, 'the emulator killed no worker');
    assert.ok(folder.read<AuditReport>('audit'), 'the target still answers: the audit must run');
    assert.ok(folder.has('report'));
    await assertNothingLeft(run);
  });

  test("the target's PostgreSQL killed mid-run: a failed verdict, a report, nothing left running", async () => {
    const run = await runUntilLoaded();
    process.kill(postmaster(), 'SIGKILL');
    const result = await run.cli.done;
    // Odoo without its database still answers, with werkzeug's 404 for every JSON route.
    assert.equal(result.code, EXIT.businessFailed, told(result));
    assert.match(lastLine(result), /\d+ of \d+ orders confirmed — transport: HTTP 404 in \S+ ×\d+/);
    assertNoStackTrace(result);
    const folder = folderOf(result);
    assert.ok(folder.has('report'));
    assert.match(skippedStep(folder, 'audit') ?? '', /HTTP 404/);
    await assertNothingLeft(run);
  });

  test('Ctrl-C once: k6 stops gracefully, the run is still audited and reported, exit 130', async () => {
    const run = await runUntilLoaded();
    run.cli.interrupt();
    const result = await run.cli.done;
    assert.equal(result.code, EXIT.interrupted, told(result));
    assert.match(
      lastLine(result),
      /interrupted at 0:0\d — \d+ of \d+ orders confirmed; audit passed/,
    );
    const folder = folderOf(result);
    assert.equal(folder.read<AuditReport>('audit')?.passed, true);
    assert.ok(folder.has('report'));
    await assertNothingLeft(run);
  });

  test('Ctrl-C twice: k6 stops at once, no audit, what exists is still reported, exit 130', async () => {
    const run = await runUntilLoaded();
    run.cli.interrupt();
    await run.cli.waitFor(/stopping \(Ctrl-C again/);
    run.cli.interrupt();
    const result = await run.cli.done;
    assert.equal(result.code, EXIT.interrupted, told(result));
    assert.match(lastLine(result), /interrupted at 0:0\d — .*not audited/);
    const folder = folderOf(result);
    assert.equal(folder.read<AuditReport>('audit'), undefined);
    assert.match(skippedStep(folder, 'audit') ?? '', /interrupted twice/);
    assert.ok(folder.has('report'));
    await assertNothingLeft(run);
  });

  test('reports/ not writable by a non-root user: exit 2 naming it, before anything starts', async () => {
    const pg = await freePort();
    const before = runFolderNames();
    const asRoot = process.getuid?.() === 0;
    // As root, run as `nobody` (the checkout is root's); otherwise this user loses write access.
    if (!asRoot) chmodSync('reports', 0o555);
    try {
      const cli = startOdooLoad(
        ['run', 'order-confirmation', '--profile', PROFILE, '--pg-port', String(pg)],
        asRoot ? { uid: 65534, gid: 65534, env: { HOME: '/tmp' } } : {},
      );
      const result = await cli.done;
      assert.equal(result.code, EXIT.badInput, told(result));
      assert.match(lastLine(result), /reports\/: cannot be written by this user .*EACCES/);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assertNoStackTrace(result);
      assert.equal(listenerOf(pg), undefined, 'PostgreSQL was started');
    } finally {
      if (!asRoot) chmodSync('reports', 0o755);
    }
    assert.deepEqual(
      runFoldersSince(before, (record) => record.profile.file.endsWith('faults.json')),
      [],
    );
  });

  test('two runs at once in one folder: the second stops naming the first, the first is unharmed', async () => {
    const first = await runUntilLoaded();
    const second = startOdooLoad([
      'run',
      'order-confirmation',
      '--profile',
      PROFILE,
      '--pg-port',
      String(await freePort()),
    ]);
    const refused = await second.done;
    assert.equal(refused.code, EXIT.targetUnreachable, told(refused));
    assert.match(
      lastLine(refused),
      new RegExp(`in use by another odoo-load run \\(pid ${first.cli.pid}\\)`),
    );
    assert.equal(runIdOf(refused.stderr), undefined, 'the refused run made a run folder');
    const result = await first.cli.done;
    assert.equal(result.code, EXIT.ok, told(result));
    assert.equal(folderOf(result).read<AuditReport>('audit')?.passed, true);
    await assertNothingLeft(first);
  });
});
