/**
 * The emulator at costs calibrated from a real Odoo 17's log logs them back: calibrating from the
 * emulator's own log gives the real server's per-call times again, within 20 %; and a what-if run at
 * 4 workers names what it extrapolates. In the measured lane, after the CPU-bound files: its
 * per-call times are measured.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import type { CapacityFile } from '../../capacity/capacity-file.ts';
import { EXIT } from '../../contract/exit-codes.ts';
import { ensureK6 } from '../../services/k6.ts';
import { freePort } from '../../services/process.ts';
import { calibrateRealLog, readCostModel } from '../support/calibration.ts';
import { cliLocal, odooLoad, told } from '../support/cli.ts';
import { runIdOf } from '../support/runs.ts';

const work = mkdtempSync(join(tmpdir(), 'calibrate-e2e-'));
const capacityRunOf = (stderr: string) => /results in \S*reports\/([^\s/]+)/.exec(stderr)?.[1];

describe('calibrate: a real Odoo 17 log', () => {
  const model = join(work, 'real-odoo-17.json');
  let pgPort: number;
  before(async () => {
    await ensureK6((line) => console.log(line));
    pgPort = await freePort();
    const result = await calibrateRealLog(model);
    assert.equal(result.code, EXIT.ok, told(result));
  });

  test('the emulator at the calibrated costs logs them back: calibrating from its own log gives the same per-call times', async () => {
    const result = await odooLoad(
      [
        'capacity',
        '--profile',
        'test/fixtures/profiles/capacity.json',
        '--workers',
        '2',
        '--cost-model',
        model,
        '--loads',
        '1,2,4',
        '--step-seconds',
        '10',
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
    const capacity = JSON.parse(
      readFileSync(resolve('reports', runId, 'capacity.json'), 'utf8'),
    ) as CapacityFile;
    assert.match(
      capacity.sentence,
      /; emulated with database on the same host; emulated at the costs of real-odoo-17 \(real-odoo-17-capacity\.log\.gz, measured \d{4}-\d\d-\d\d with up to 2 workers busy\); the database held \d+ compan(y|ies), [\d,]+ products, [\d,]+ customers, [\d,]+ orders .*; Odoo's rule of thumb/,
    );
    assert.equal(capacity.sweeps[0]!.costModel?.calibrated, 'real-odoo-17');
    const again = join(work, 'emulator-again.json');
    const back = await odooLoad([
      'calibrate',
      '--odoo-log',
      cliLocal('emulator-odoo.log'),
      '--run',
      runId,
      '--name',
      'emulator-again',
      '--out',
      again,
    ]);
    assert.equal(back.code, EXIT.ok, told(back));
    const real = readCostModel(model);
    const emulated = readCostModel(again);
    // Every call the API order sends, alone: as the real server spent it, within 20 %.
    const orderCalls = ['sale.order.create', 'sale.order.action_confirm'];
    for (const call of orderCalls) {
      const [was, is] = [real.methods[call]!, emulated.methods[call]!];
      assert.ok(Math.abs(is / was - 1) <= 0.2, `${call}: real ${was} ms, emulated ${is} ms`);
    }
  });

  test('a run at the calibrated costs with more workers than it saw says what it extrapolates; a run is a window to calibrate from', async () => {
    const result = await odooLoad(
      [
        'run',
        'order-confirmation',
        '--profile',
        'test/fixtures/profiles/quick.json',
        '--workers',
        '4',
        '--cost-model',
        model,
        '--pg-port',
        String(pgPort),
        // At the calibrated (slower) costs orders overlap longer, and two of them reserving the
        // same scarce item at once over-reserve it, as Odoo's skip-locked reservation does (the
        // audit fails the run, rightly; emulator-concurrency.test.ts proves it): not this test's subject.
        '--scarce-share',
        '0',
      ],
      {},
      300_000,
    );
    assert.equal(result.code, EXIT.ok, told(result));
    assert.match(
      result.stderr,
      /emulator: emulated at the costs of real-odoo-17 \(.*with up to 2 workers busy\); 4 workers go beyond that: each call's growth per busy worker \(\+\d+ %\) is extrapolated/,
    );
    const runId = runIdOf(result.stderr)!;
    const record = JSON.parse(readFileSync(resolve('reports', runId, 'run.json'), 'utf8'));
    assert.equal(record.hosting.costModel.calibrated, 'real-odoo-17');
    assert.equal(record.hosting.costModel.extrapolated, true);
    const fromRun = join(work, 'from-run.json');
    const back = await odooLoad([
      'calibrate',
      '--odoo-log',
      cliLocal('emulator-odoo.log'),
      '--run',
      runId,
      '--out',
      fromRun,
    ]);
    assert.equal(back.code, EXIT.ok, told(back));
    const calibrated = readCostModel(fromRun);
    assert.ok(calibrated.calibration.requests > 0);
    assert.ok('sale.order.action_confirm' in calibrated.sql!.methods, 'the run confirmed orders');
    assert.ok(
      Date.parse(calibrated.calibration.window.from) >= Date.parse(record.startedAt),
      'the window is the run',
    );
  });
});
