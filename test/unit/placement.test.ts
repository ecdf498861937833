/**
 * Placement as numbers: the hosting profile's terms read out, what the emulator spends per call for a
 * distant database and for CPUs shared by more busy workers, and only the difference from where the
 * cost model was measured.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { companyCostOf, datasetCostOf, placementCostOf } from '../../capacity/placement-cost.ts';
import { loadCostModel } from '../../emulator/cost-model.ts';
import { cpuStretch, roundTripsOf, ServerTime } from '../../emulator/server-time.ts';
import { loadHostingProfile } from '../../planning/load.ts';
import { describePlacement, NO_PLACEMENT, placementOf } from '../../planning/placement.ts';

const model = (measuredOn?: object) => {
  const costs = loadCostModel('test/fixtures/placement-cost-model.json');
  return measuredOn ? { ...costs, measuredOn: measuredOn as never } : costs;
};

test('a database 1 ms away adds the round trips the call makes: 100 measured, 100 ms', () => {
  const time = new ServerTime(model(), {
    databaseRoundTripMs: 1,
    cpus: 0,
    databaseSharesCpus: false,
  });
  const call = time.callTime('sale.order.action_confirm', 100);
  assert.equal(call.roundTripMs, 100);
  assert.equal(call.pace(4), 1, 'no CPU limit said: no stretch');
});

test("unmeasured, a call's round trips are Odoo's queries and its transactions' own", () => {
  const estimated = loadCostModel('uniform:40');
  const shaped = { ...estimated, sqlOf: () => ({ queries: 100, share: 0.5 }) };
  const time = new ServerTime(shaped, {
    databaseRoundTripMs: 1,
    cpus: 0,
    databaseSharesCpus: false,
  });
  // 10 per request + 1.2 per query (fitted on real Odoo 17, test/unit/round-trips.test.ts).
  assert.equal(time.callTime('x.y', 40).roundTripMs, 130);
  assert.equal(roundTripsOf({ queries: 100, share: 0.5, roundTrips: 75 }), 75, 'measured wins');
});

test('only the difference from where the model was measured is spent', () => {
  const measuredFar = model({ cpus: 0, databaseSharesCpus: false, databaseRoundTripMs: 1 });
  const nearer = new ServerTime(measuredFar, {
    databaseRoundTripMs: 0.5,
    cpus: 0,
    databaseSharesCpus: false,
  });
  assert.equal(nearer.callTime('x.y', 100).roundTripMs, -50, 'moved closer: 50 ms less');
});

test('busy workers beyond the CPUs stretch the CPU-bound time; below them, nothing', () => {
  const cases: [busy: number, share: number, cpus: number, stretch: number][] = [
    [1, 1, 2, 1],
    [2, 1, 2, 1],
    [4, 1, 2, 2],
    [4, 0.5, 2, 1],
    [6, 0.5, 2, 1.5],
    [8, 1, 0, 1],
  ];
  for (const [busy, share, cpus, stretch] of cases)
    assert.equal(cpuStretch(busy, share, cpus), stretch, `${busy} busy × ${share} on ${cpus}`);
  // All Python (uniform costs): 4 busy workers on 2 CPUs take twice as long.
  const uniform = new ServerTime(loadCostModel('uniform:100'), {
    databaseRoundTripMs: 0,
    cpus: 2,
    databaseSharesCpus: false,
  });
  assert.equal(uniform.callTime('x.y', 100).pace(4), 2);
  assert.equal(uniform.callTime('x.y', 100).pace(2), 1);
});

test('a model measured on 2 CPUs shared with PostgreSQL, placed on 1: only the extra stretch', () => {
  const measured = model({ cpus: 2, databaseSharesCpus: true, databaseRoundTripMs: 0 });
  const one = new ServerTime(measured, {
    databaseRoundTripMs: 0,
    cpus: 1,
    databaseSharesCpus: true,
  });
  // All Python (share 0): 2 busy on 1 CPU is ×2; on the 2 it was measured on, ×1.
  assert.equal(one.callTime('x.y', 40).pace(2), 2);
  const same = new ServerTime(measured, {
    databaseRoundTripMs: 0,
    cpus: 2,
    databaseSharesCpus: true,
  });
  assert.equal(same.callTime('x.y', 40).pace(2), 1, 'the calibrated point stays put');
});

test('the shipped profiles say where their figures come from, and what they assume reads as a sentence', () => {
  const single = placementOf(loadHostingProfile('self-hosted-single-box').profile);
  assert.equal(single.databaseSharesCpus, true);
  assert.equal(single.cpus, 4);
  assert.equal(
    describePlacement(single),
    'database on the same host, 4 CPUs shared with PostgreSQL, integrations 1 ms away, reps 70 ms away, accountants 70 ms away, pickers 1 ms away',
  );
  const separate = loadHostingProfile('self-hosted-separate-db').profile;
  assert.equal(placementOf(separate).databaseRoundTripMs, 0.5);
  assert.match(separate.postgres.roundTripSource!, /gist\.github\.com|measure yours/);
  const online = loadHostingProfile('odoo-online').profile;
  assert.equal(online.model, 'odoo-online');
  assert.match(online.description, /nothing of the server is the customer's to choose/);
  assert.match(online.people!.source, /Odoo SA/);
});

test("a container's CPU limit is said as a quota, whole CPUs as CPUs", () => {
  const box = loadHostingProfile('self-hosted-single-box').profile;
  assert.equal(placementOf(box).cpuQuota, undefined);
  const container = placementOf({ ...box, cpu: 0.5, cpuQuota: true });
  assert.equal(container.cpuQuota, true);
  assert.match(
    describePlacement(container),
    /^database on the same host, a quota of 0\.5 CPU shared with PostgreSQL, /,
  );
});

test('what a millisecond costs is said against the repeats: inside their spread it is noise', () => {
  const peak = { perSecond: 1, unit: 'orders', per: 'hour', profile: 'p', sloMs: 2000 } as const;
  const sweep = (rtt: number, maximum: number, p50: number) =>
    ({
      targetName: 'emulator-2w',
      channel: 'api',
      companies: 1,
      target: { kind: 'emulator' },
      placement: { ...NO_PLACEMENT, databaseRoundTripMs: rtt },
      dataset: undefined,
      steps: [
        { load: 1, throughput: maximum / 2, p50 },
        { load: 2, throughput: maximum, p50: p50 * 2 },
      ],
    }) as unknown as Parameters<typeof placementCostOf>[0][number];
  const lines = placementCostOf(
    [sweep(0, 10, 100), sweep(0, 11, 100), sweep(1, 5, 300), sweep(1, 5.5, 300)],
    peak as never,
  );
  assert.equal(lines.length, 1);
  assert.match(
    lines[0]!,
    /database round trip 0 → 1 ms: maximum −50 % \(−18,900 orders\/h per ms\), p50 at load 1 \+200 ms \(\+200 ms per ms\); noise band ±5 % \(2\+2 repeats\)$/,
  );
  const close = placementCostOf(
    [sweep(0, 10, 100), sweep(0, 12, 100), sweep(1, 10.5, 110), sweep(1, 10.6, 110)],
    peak as never,
  );
  assert.match(close[0]!, /noise band ±9 % \(2\+2 repeats\): within it, noise$/);
  const once = placementCostOf([sweep(0, 10, 100), sweep(1, 5, 300)], peak as never);
  assert.match(once[0]!, /one sweep each, no noise band/);
});

test("datasets are compared as what they are, never by a real target's counts the campaign's own orders grew", () => {
  const peak = { perSecond: 1, unit: 'orders', per: 'hour', profile: 'p', sloMs: 2000 } as const;
  const sweep = (
    kind: 'remote' | 'emulator',
    dataset: { companies: number; products: number; orders: number },
    maximum: number,
    datasetName?: string,
  ) =>
    ({
      targetName: 'emulator-2w',
      channel: 'api',
      companies: dataset.companies,
      target: { kind },
      placement: NO_PLACEMENT,
      dataset,
      ...(datasetName ? { datasetName } : {}),
      steps: [{ load: 1, throughput: maximum, p50: 150, p95: 200, withinSlo: true }],
    }) as unknown as Parameters<typeof placementCostOf>[0][number];
  const real = [
    sweep('remote', { companies: 3, products: 10_000, orders: 20_000 }, 8),
    sweep('remote', { companies: 3, products: 10_000, orders: 20_993 }, 8.3),
  ];
  assert.deepEqual(placementCostOf(real, peak as never), [], 'repeats of one database');
  assert.deepEqual(datasetCostOf(real, peak as never), []);
  // The emulator seeded from two dataset profiles, twice each: one line, the companies with them.
  const seeded = [
    sweep('emulator', { companies: 2, products: 30, orders: 0 }, 8, 'demo'),
    sweep('emulator', { companies: 2, products: 30, orders: 0 }, 8, 'demo'),
    sweep('emulator', { companies: 3, products: 10_000, orders: 20_000 }, 7, 'big'),
    sweep('emulator', { companies: 3, products: 10_000, orders: 20_000 }, 7, 'big'),
  ];
  assert.deepEqual(datasetCostOf(seeded, peak as never), [
    'emulator-2w, api: dataset demo → big (+1 company, +9,970 products, +20,000 orders): maximum −13 % (−3,600 orders/h), p50 at load 1 +0 ms; noise band ±0 % (2+2 repeats)',
  ]);
  assert.deepEqual(
    companyCostOf(seeded, peak as never),
    [],
    "a dataset's companies are not a company count's cost",
  );
});
