/** Odoo's own log lines, as a real Odoo 17 wrote them, read back into where the time went. */
import assert from 'node:assert/strict';
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
