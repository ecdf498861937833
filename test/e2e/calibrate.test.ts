/**
 * Calibration's parts that run no load: a real Odoo 17's log (a trimmed excerpt of a capacity sweep
 * on this machine, 2 workers) becomes a cost model, and bad input is refused in one line. Runs at the
 * model are in test/measured/calibrate.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { EXIT } from '../../contract/exit-codes.ts';
import { calibrateRealLog, REAL_ODOO_17_LOG, readCostModel } from '../support/calibration.ts';
import { odooLoad, told } from '../support/cli.ts';

const work = mkdtempSync(join(tmpdir(), 'calibrate-e2e-'));

describe('calibrate: bad input', () => {
  test('no log, a bad name, a log without request lines, an unknown run: one line naming the flag, exit 2', async () => {
    const empty = join(work, 'empty.log');
    writeFileSync(
      empty,
      '2026-12-02 10:00:00,000 11 INFO odoo odoo.modules.loading: loading 1 modules...\n',
    );
    const cases: [string[], RegExp][] = [
      [['calibrate'], /--odoo-log: expected the log of the server/],
      [['calibrate', '--odoo-log', join(work, 'missing.log')], /--odoo-log/],
      [['calibrate', '--odoo-log', REAL_ODOO_17_LOG, '--name', '../x'], /--name: expected letters/],
      [['calibrate', '--odoo-log', empty], /no request lines .*log_level info/],
      [['calibrate', '--odoo-log', REAL_ODOO_17_LOG, '--run', '20991231-000000-abcd'], /--run/],
    ];
    for (const [args, message] of cases) {
      const result = await odooLoad(args);
      assert.equal(result.code, EXIT.badInput, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});

describe('calibrate: a real Odoo 17 log', () => {
  const model = join(work, 'real-odoo-17.json');
  test('every request line of the log is fitted, its retries counted, the file says where it was measured', async () => {
    const result = await calibrateRealLog(model);
    assert.equal(result.code, EXIT.ok, told(result));
    assert.equal(result.stdout.trim(), model);
    const text = gunzipSync(readFileSync(REAL_ODOO_17_LOG)).toString('utf8').split('\n');
    const requests = text.filter((line) =>
      / werkzeug: .*" \d{3} \S+ \d+ [\d.]+ [\d.]+\s*$/.test(line),
    );
    const retries = text.filter((line) => /odoo\.service\.model: \w+, \d+ tries left/.test(line));
    const file = readCostModel(model);
    assert.equal(file.calibration.requests, requests.length);
    assert.equal(file.calibration.retries, retries.length);
    assert.equal(file.calibration.log, 'real-odoo-17-capacity.log.gz');
    assert.equal(file.growth.measuredUpTo, 2, 'two workers');
    assert.ok(file.growth.default > 0, 'calls took longer with both workers busy');
    // Order confirmation as the server spent it, alone, is what the packaged (recorded) model says
    // within a factor of two: the same server build, measured another day.
    assert.ok(file.methods['sale.order.action_confirm']! > 60, JSON.stringify(file.methods));
    assert.match(result.stderr, /calibrate real-odoo-17: [\d,]+ requests of \d+ calls/);
  });
});
