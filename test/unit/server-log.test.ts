/** Odoo's own log lines, as a real Odoo 17 wrote them, read back into where the time went. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { callOf, readServerLog } from '../../judge/server-log.ts';

const REAL_LOG = 'test/fixtures/odoo-17-server-log.txt';
const all = { start: 0, end: Number.POSITIVE_INFINITY };
const local = (text: string) => new Date(text).getTime();

test('request paths name the model method, or stay a route', () => {
  assert.equal(
    callOf('/web/dataset/call_kw/sale.order/action_confirm'),
    'sale.order.action_confirm',
  );
  assert.equal(
    callOf('/json/2/stock.picking/button_validate?x=1'),
    'stock.picking.button_validate',
  );
  assert.equal(callOf('/web/session/authenticate'), '/web/session/authenticate');
  assert.equal(callOf('/jsonrpc'), '/jsonrpc');
});

test("a real Odoo 17 log: every werkzeug line counted, SQL and Python split, Odoo's retries found", async () => {
  const summary = await readServerLog(REAL_LOG, all);
  assert.equal(summary.requests, 28);
  const confirm = summary.calls.find((row) => row.call === 'sale.order.action_confirm')!;
  assert.equal(confirm.requests, 4);
  assert.equal(confirm.queries, 106 + 106 + 116 + 116);
  assert.ok(Math.abs(confirm.sqlSeconds - (0.038 + 0.036 + 0.058 + 0.056)) < 1e-9);
  assert.deepEqual(summary.retries, { SERIALIZATION_FAILURE: 1 });
  assert.equal(summary.retriesExhausted, 0);
  // Logins, cache signalling, the bad query that caused the retry: read, not counted as requests.
  assert.ok(summary.otherLines >= 8, `${summary.otherLines}`);
  const total = summary.calls.reduce((sum, row) => sum + row.sqlSeconds + row.pythonSeconds, 0);
  assert.ok(Math.abs(total - (summary.sqlSeconds + summary.pythonSeconds)) < 1e-9);
  // Busiest first.
  const times = summary.calls.map((row) => row.sqlSeconds + row.pythonSeconds);
  assert.deepEqual(
    times,
    [...times].sort((a, b) => b - a),
  );
});

test('lines outside the run window are left out (the log holds other runs too)', async () => {
  const summary = await readServerLog(REAL_LOG, {
    start: local('2026-11-22T19:00:00'),
    end: local('2026-11-22T19:00:18'),
  });
  assert.equal(
    summary.calls.find((row) => row.call === '/web/webclient/version_info'),
    undefined,
  );
  assert.equal(summary.calls.find((row) => row.call === 'sale.order.action_confirm')?.requests, 2);
  assert.deepEqual(summary.retries, { SERIALIZATION_FAILURE: 1 });
});

test('busy seconds count a request that began before the window from the window start only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'server-log-'));
  const log = join(dir, 'odoo.log');
  const line = (time: string, sql: string, python: string) =>
    `2026-11-22 19:00:${time} 101 INFO db werkzeug: 127.0.0.1 - - [22/Nov/2026 19:00:${time.slice(0, 2)}] "POST /web/dataset/call_kw/sale.order/action_confirm HTTP/1.0" 200 - 10 ${sql} ${python}`;
  // Two requests of 2 s each: one ending 0.5 s into the window, one wholly inside it.
  writeFileSync(log, `${line('10,500', '0.500', '1.500')}\n${line('13,000', '1.000', '1.000')}\n`);
  const summary = await readServerLog(log, {
    start: local('2026-11-22T19:00:10'),
    end: local('2026-11-22T19:00:14'),
  });
  assert.equal(summary.requests, 2);
  assert.ok(Math.abs(summary.sqlSeconds + summary.pythonSeconds - 4) < 1e-9);
  assert.ok(Math.abs(summary.busySeconds - 2.5) < 1e-9, `${summary.busySeconds}`);
});
