/**
 * A call's database round trips: measured by calibrate from requests at several distances, shipped
 * in the packaged model from real Odoo 17 (test/fixtures/real-odoo-17/round-trips.tsv), and
 * estimated from queries where nothing measured them, by a fit of the same measurements.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type DistancedRequest, fitRoundTrips } from '../../calibrate/round-trips.ts';
import { UNMEASURED_ROUND_TRIPS } from '../../emulator/server-time.ts';

const measured = readFileSync('test/fixtures/real-odoo-17/round-trips.tsv', 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .slice(1)
  .map((line) => line.split('\t'))
  .map(([call, channel, , , , queries, , , , roundTrips]) => ({
    call: call!,
    channel: channel!,
    queries: Number(queries),
    roundTrips: Number(roundTrips),
  }));

test('round trips are the slope of a call’s time on the distance, per call seen at two distances', () => {
  const requests: DistancedRequest[] = [];
  for (const rtt of [0, 1, 2])
    for (let i = 0; i < 4; i++) {
      requests.push({
        call: 'sale.order.create',
        ms: 80 + 120 * rtt + (i % 2),
        databaseRoundTripMs: rtt,
      });
      requests.push({ call: 'res.partner.read', ms: 5 + 11 * rtt, databaseRoundTripMs: rtt });
    }
  // Seen at one distance only, or too rarely at the second: not measured.
  for (let i = 0; i < 5; i++)
    requests.push({ call: 'stock.quant.load', ms: 300, databaseRoundTripMs: 0 });
  requests.push({ call: 'stock.quant.load', ms: 900, databaseRoundTripMs: 2 });
  const fitted = fitRoundTrips(requests);
  assert.equal(fitted.get('sale.order.create'), 120);
  assert.equal(fitted.get('res.partner.read'), 11);
  assert.equal(fitted.has('stock.quant.load'), false);
});

test('the packaged model carries the round trips measured on real Odoo 17', () => {
  const model = JSON.parse(readFileSync('emulator/cost-model.json', 'utf8'));
  const shipped = measured.filter((row) => model.sql.methods[row.call]);
  assert.ok(shipped.length >= 15, `${shipped.length} measured calls in the model`);
  for (const row of shipped)
    assert.equal(model.sql.methods[row.call].roundTrips, row.roundTrips, row.call);
});

test('the estimate for unmeasured calls is the fit of the measured API calls, and counts more than the queries', () => {
  const api = measured.filter((row) => row.channel === 'api');
  const n = api.length;
  const meanX = api.reduce((sum, row) => sum + row.queries, 0) / n;
  const meanY = api.reduce((sum, row) => sum + row.roundTrips, 0) / n;
  const slope =
    api.reduce((sum, row) => sum + (row.queries - meanX) * (row.roundTrips - meanY), 0) /
    api.reduce((sum, row) => sum + (row.queries - meanX) ** 2, 0);
  assert.ok(Math.abs(slope - UNMEASURED_ROUND_TRIPS.perQuery) < 0.1, `per query ${slope}`);
  assert.ok(
    Math.abs(meanY - slope * meanX - UNMEASURED_ROUND_TRIPS.perRequest) < 1.5,
    `per request ${meanY - slope * meanX}`,
  );
  // Every measured call made more round trips than Odoo counted queries.
  for (const row of measured) assert.ok(row.roundTrips > row.queries, row.call);
});
