/** Fitting the emulator's cost model to a server's log: busy workers, retries, growth, the file. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { withBusyWorkers } from '../../calibrate/busy-workers.ts';
import { costFileOf, fitCalls } from '../../calibrate/fit.ts';
import { costModelUse } from '../../calibrate/what-if.ts';
import { loadCostModel } from '../../emulator/cost-model.ts';
import { ServerTime } from '../../emulator/server-time.ts';
import { type LoggedRequest, loggedRequests } from '../../judge/server-log.ts';

const request = (call: string, end: number, ms: number, pid = '1'): LoggedRequest => ({
  end,
  pid,
  call,
  queries: 10,
  sqlSeconds: ms / 4000,
  pythonSeconds: (ms * 3) / 4000,
  retries: 0,
  retrySleepSeconds: 0,
});

test('busy workers: a request alone is 1, two that overlap by half each saw 1.5', () => {
  const [a, b, c] = withBusyWorkers([
    request('x.read', 100, 100),
    request('x.read', 150, 100),
    request('x.read', 400, 100),
  ]);
  assert.equal(a!.busy, 1.5);
  assert.equal(b!.busy, 1.5);
  assert.equal(c!.busy, 1);
});

test('a retry line is pinned to the next request of the same worker process, with its sleep', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'calibrate-'));
  const file = join(dir, 'odoo.log');
  const werkzeug = (pid: number, second: number, path: string) =>
    `2026-12-02 10:00:0${second},000 ${pid} INFO odoo werkzeug: 127.0.0.1 - - [02/Dec/2026 10:00:0${second}] "POST ${path} HTTP/1.1" 200 - 31 0.120 0.480`;
  writeFileSync(
    file,
    [
      '2026-12-02 10:00:01,000 11 INFO odoo odoo.service.model: SERIALIZATION_FAILURE, 4 tries left, try again in 0.2500 sec...',
      werkzeug(12, 2, '/web/dataset/call_kw/res.partner/read'),
      '2026-12-02 10:00:03,000 11 INFO odoo odoo.service.model: SERIALIZATION_FAILURE, 3 tries left, try again in 0.5000 sec...',
      werkzeug(11, 4, '/web/dataset/call_kw/sale.order/action_confirm'),
      werkzeug(11, 5, '/web/dataset/call_kw/sale.order/action_confirm'),
    ].join('\n'),
  );
  const read: LoggedRequest[] = [];
  for await (const line of loggedRequests(file, { start: 0, end: Number.POSITIVE_INFINITY }))
    read.push(line);
  assert.deepEqual(
    read.map((r) => [r.pid, r.call, r.retries, r.retrySleepSeconds, r.queries]),
    [
      ['12', 'res.partner.read', 0, 0, 31],
      ['11', 'sale.order.action_confirm', 2, 0.75, 31],
      ['11', 'sale.order.action_confirm', 0, 0, 31],
    ],
  );
});

/** Requests of one call: alone `aloneMs`, in pairs `(1 + growth) ×` that, back to back. */
function server(
  call: string,
  aloneMs: number,
  growth: number,
  pairs: number,
  from = 1_000_000,
): LoggedRequest[] {
  const requests: LoggedRequest[] = [];
  let clock = from;
  for (let i = 0; i < pairs; i++) {
    clock += aloneMs;
    requests.push(request(call, clock, aloneMs));
    const paired = aloneMs * (1 + growth);
    requests.push(
      request(call, clock + paired, paired, '1'),
      request(call, clock + paired, paired, '2'),
    );
    clock += paired + 1000;
  }
  return requests;
}

test('a call that takes 1.5 × as long with two workers busy fits as its time alone and growth 0.5', () => {
  const fitted = fitCalls(withBusyWorkers(server('sale.order.action_confirm', 200, 0.5, 10)));
  const [fit] = fitted.calls;
  assert.equal(fit!.call, 'sale.order.action_confirm');
  assert.ok(Math.abs(fit!.aloneMs - 200) < 1, String(fit!.aloneMs));
  assert.ok(Math.abs(fit!.growth - 0.5) < 0.01, String(fit!.growth));
  assert.ok(fit!.ownGrowth);
  assert.equal(fitted.growth.measuredUpTo, 2);
  assert.ok(Math.abs(fit!.sqlShare - 0.25) < 0.01);
});

test('a call seen too rarely to fit its own growth takes the pooled one', () => {
  const rare = server('res.partner.read', 40, 0.5, 2, 2_000_000);
  const fitted = fitCalls(withBusyWorkers([...server('sale.order.create', 100, 0.5, 10), ...rare]));
  const fit = fitted.calls.find((call) => call.call === 'res.partner.read')!;
  assert.equal(fit.ownGrowth, false);
  assert.ok(Math.abs(fit.growth - fitted.growth.default) < 1e-9);
  assert.ok(Math.abs(fitted.growth.default - 0.5) < 0.05, String(fitted.growth.default));
});

const calibration = {
  name: 'test-server',
  log: 'odoo.log',
  window: { from: '2026-12-02T10:00:00.000Z', to: '2026-12-02T10:05:00.000Z' },
  calibratedAt: '2026-12-02T11:00:00.000Z',
  requests: 33,
  retries: 0,
  retrySleepSeconds: 0,
};

test('calls the log did not see cost the packaged time scaled as this server compares with it', () => {
  const fitted = fitCalls(withBusyWorkers(server('sale.order.action_confirm', 254, 0.5, 10)));
  const file = costFileOf(
    fitted,
    { default: 8, methods: { 'sale.order.action_confirm': 127, 'sale.order.create': 50 } },
    calibration,
  );
  assert.equal(file.calibration.referenceScale, 2);
  assert.equal(file.methods['sale.order.create'], 100);
  assert.equal(file.default, 16);
  assert.match(file.$estimated['sale.order.create']!, /× 2/);
  assert.ok(!('sale.order.action_confirm' in file.$estimated));
  assert.equal(file.inclusive, true);
});

test('the emulator reads a calibrated file: time grows with busy workers, the SQL share moves, costs are inclusive', () => {
  const dir = mkdtempSync(join(tmpdir(), 'calibrate-'));
  const spec = join(dir, 'model.json');
  const fitted = fitCalls(withBusyWorkers(server('sale.order.action_confirm', 200, 0.5, 10)));
  const file = costFileOf(fitted, { default: 8, methods: {} }, calibration);
  file.growth.sql = 1;
  file.growth.python = 0;
  writeFileSync(spec, JSON.stringify(file));
  const model = loadCostModel(spec);
  assert.ok(Math.abs(model.costOf('sale.order', 'action_confirm', 1) - 200) < 1);
  assert.ok(Math.abs(model.costOf('sale.order', 'action_confirm', 3) - 400) < 2);
  const alone = model.sqlOf('sale.order.action_confirm', 1).share;
  const busy = model.sqlOf('sale.order.action_confirm', 2).share;
  assert.ok(busy > alone, `${busy} > ${alone}`);
  assert.match(model.describe, /calibrated: test-server/);
});

test('a calibrated cost is spent at the pace of the busy workers, and counts the work already done', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'calibrate-'));
  const spec = join(dir, 'model.json');
  const fitted = fitCalls(withBusyWorkers(server('sale.order.action_confirm', 200, 0.5, 10)));
  writeFileSync(spec, JSON.stringify(costFileOf(fitted, { default: 8, methods: {} }, calibration)));
  const model = loadCostModel(spec);
  const timed = async (spend: () => Promise<void>) => {
    const start = performance.now();
    await spend();
    return performance.now() - start;
  };
  const key = 'sale.order.action_confirm';
  // Three workers busy: each ms of work takes 1 + 0.5 × 2 = 2 ms. Timers never fire early.
  assert.ok((await timed(() => new ServerTime(model).spend(key, 40, () => 3))) >= 79);
  // 190 ms of a 200 ms inclusive cost already went on the emulator's own work: 10 ms are left.
  assert.ok((await timed(() => new ServerTime(model).spend(key, 200, () => 1, 190))) < 150);
  // The packaged model's cost comes on top of the emulator's own work.
  const packaged = loadCostModel('uniform:100');
  assert.ok((await timed(() => new ServerTime(packaged).spend(key, 100, () => 1, 90))) >= 99);
});

test('a what-if past the calibrated concurrency says what it extrapolates; the packaged model says nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'calibrate-'));
  const spec = join(dir, 'model.json');
  const fitted = fitCalls(withBusyWorkers(server('sale.order.action_confirm', 200, 0.5, 10)));
  writeFileSync(spec, JSON.stringify(costFileOf(fitted, { default: 8, methods: {} }, calibration)));
  const within = costModelUse(spec, 17, 2);
  assert.equal(within.extrapolated, false);
  assert.match(
    within.clause,
    /^; emulated at the costs of test-server \(odoo\.log, measured 2026-12-02 with up to 2 workers busy\)$/,
  );
  const beyond = costModelUse(spec, 17, 8);
  assert.equal(beyond.extrapolated, true);
  assert.match(
    beyond.clause,
    /8 workers go beyond that: .*extrapolated, and the database's share with it/,
  );
  assert.deepEqual(costModelUse('emulator/cost-model.json', 17, 8), {
    spec: 'emulator/cost-model.json',
    extrapolated: false,
    clause: '',
  });
});
