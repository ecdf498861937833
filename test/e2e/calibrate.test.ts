/**
 * Calibration's parts that run no load: a real Odoo 17's log (a trimmed excerpt of a capacity sweep
 * on this machine, 2 workers) becomes a cost model, and bad input is refused in one line. Runs at the
 * model are in test/measured/calibrate.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('calibrate: runs at several database distances', () => {
  // Two capacity runs against one server, its database 0 ms away, then 1 and 2 ms (--db-rtt through
  // --db-proxy): each step a window of the log, its order creations 80 ms + 120 per ms of distance.
  const runs = { near: '20991231-000001-ca1a', far: '20991231-000002-ca1b' };
  const log = join(work, 'distances.log');
  const start = new Date(2026, 11, 5, 3, 0, 0).getTime();
  const stamp = (ms: number) => {
    const d = new Date(ms);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())},${String(d.getMilliseconds()).padStart(3, '0')}`;
  };
  const lines: string[] = [];
  const sweep = (rtt: number, offset: number) => {
    const from = start + offset;
    for (let i = 0; i < 6; i++) {
      const ms = 80 + 120 * rtt + (i % 2);
      lines.push(
        `${stamp(from + 1000 + i * 1000)} 7575 INFO odoo werkzeug: 127.0.0.1 - - [x] "POST /web/dataset/call_kw/sale.order/create HTTP/1.1" 200 - 85 ${(ms * 0.0005).toFixed(4)} ${(ms * 0.0005).toFixed(4)}`,
      );
    }
    return {
      label: `server, database ${rtt} ms away`,
      channel: 'api',
      model: 'closed',
      workers: 2,
      placement: { databaseRoundTripMs: rtt, cpus: 2, databaseSharesCpus: true, people: {} },
      steps: [{ load: 1, window: { from, to: from + 10_000 } }],
    };
  };
  const write = (runId: string, sweeps: object[]) => {
    mkdirSync(join('reports', runId), { recursive: true });
    writeFileSync(join('reports', runId, 'capacity.json'), JSON.stringify({ runId, sweeps }));
    const target = { kind: 'remote', url: 'http://staging.invalid:8069', serverVersion: '17.0' };
    writeFileSync(
      join('reports', runId, 'run.json'),
      JSON.stringify({ runId, startedAt: new Date(start).toISOString(), target }),
    );
  };

  test("each call's round trips are measured, its time alone from the nearest distance", async () => {
    write(runs.near, [sweep(0, 0)]);
    write(runs.far, [sweep(1, 20_000), sweep(2, 40_000)]);
    writeFileSync(log, `${lines.join('\n')}\n`);
    const out = join(work, 'distances.json');
    try {
      const result = await odooLoad([
        'calibrate',
        '--odoo-log',
        log,
        '--run',
        runs.near,
        '--run',
        runs.far,
        '--out',
        out,
      ]);
      assert.equal(result.code, EXIT.ok, told(result));
      assert.match(
        result.stderr,
        /round trips measured at 0, 1, 2 ms for 1 call: 1\.41 per query Odoo counted \(120 for 85 queries\)/,
      );
      const file = readCostModel(out);
      assert.equal(file.sql!.methods['sale.order.create']!.roundTrips, 120);
      assert.ok(
        Math.abs(file.methods['sale.order.create']! - 80.5) < 1,
        JSON.stringify(file.methods),
      );
      assert.equal(file.measuredOn.databaseRoundTripMs, 0);
      // A call the log did not see keeps the packaged model's measured round trips.
      const packaged = JSON.parse(readFileSync('emulator/cost-model.json', 'utf8'));
      assert.equal(
        file.sql!.methods['sale.order.web_save']!.roundTrips,
        packaged.sql.methods['sale.order.web_save'].roundTrips,
      );
    } finally {
      for (const runId of Object.values(runs))
        rmSync(join('reports', runId), { recursive: true, force: true });
    }
  });
});
