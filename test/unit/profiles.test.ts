/** Profiles compile to the k6 options a performance engineer would write by hand, and bad ones fail clearly. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { METRICS, selector, WORKLOAD_KEYS } from '../../contract/index.ts';
import {
  compileLoadProfile,
  preAllocatedVus,
  webUnitGracefulStop,
  webUnitSeconds,
} from '../../planning/compile.ts';
import { datasetProfileSchema } from '../../planning/dataset-schema.ts';
import { SCHEMA_DIR, schemaFiles } from '../../planning/export-schemas.ts';
import { formatIssue, loadLoadProfile } from '../../planning/load.ts';
import { loadProfileSchema } from '../../planning/schema.ts';

test('smoke, order confirmation by API: 90 % of 2400/h = 0.6/s, 0.6/s × 2 s p95 × 1.5 = 1.8 → 2 VUs pre-allocated, max(2 × 4, 10) = 10', () => {
  const { profile } = loadLoadProfile('smoke');
  const plan = compileLoadProfile(profile, 'order-confirmation');
  assert.deepEqual(Object.keys(plan.options.scenarios), ['order_confirmation', 'order_entry_web']);
  assert.deepEqual(plan.options.scenarios.order_confirmation, {
    executor: 'constant-arrival-rate',
    exec: 'orderConfirmation',
    rate: 2160,
    timeUnit: '1h',
    duration: '90s',
    startTime: '0s',
    preAllocatedVUs: 2,
    maxVUs: 10,
    tags: { workload: 'order_confirmation', channel: 'api' },
  });
  assert.deepEqual(
    plan.options.thresholds[`${METRICS.orderConfirmDuration.name}{workload:order_confirmation}`],
    ['p(95)<2000'],
  );
  assert.deepEqual(plan.foldedThresholds.odoo_rpc_failed, ['rate<0.05']);
  assert.deepEqual(plan.options.thresholds.checks, ['rate>0.95']);
  assert.deepEqual(plan.options.thresholds[`${METRICS.rpcErrors.name}{error_kind:concurrency}`], [
    'count>=0',
  ]);
  assert.deepEqual(plan.workloads.orderConfirmation, {
    linesPerOrder: { min: 1, max: 5 },
    quantityPerLine: { min: 1, max: 5 },
    invoiceShare: 0.2,
  });
});

test('smoke, the other workloads: operators as shared iterations, imports as batches, postings and reports as rates', () => {
  const { profile } = loadLoadProfile('smoke');
  const plan = compileLoadProfile(profile);
  const { scenarios, thresholds } = plan.options;
  // 2 operators, half of them at the web client: 1 scanner × 2 deliveries; 60 scans/min → one
  // scan every 1 s ± 30 %.
  assert.deepEqual(scenarios.barcode_scanning, {
    executor: 'shared-iterations',
    exec: 'barcodeScanning',
    vus: 1,
    iterations: 2,
    maxDuration: '90s',
    startTime: '0s',
    tags: { workload: 'barcode_scanning', channel: 'barcode' },
  });
  assert.deepEqual(plan.workloads.barcodeScanning!.thinkSeconds, { min: 0.7, max: 1.3 });
  assert.deepEqual(scenarios.bulk_import, {
    executor: 'shared-iterations',
    exec: 'bulkImport',
    vus: 1,
    iterations: 3,
    maxDuration: '90s',
    startTime: '0s',
    tags: { workload: 'bulk_import', channel: 'api' },
  });
  // 2400/h = 0.67/s × 2 s × 1.5 = 2 VUs, up to max(4 × 2, 10) = 10.
  assert.equal(scenarios.reservation_contention!.preAllocatedVUs, 2);
  assert.equal(scenarios.reservation_contention!.maxVUs, 10);
  // 90 % of 40/min = 0.6/s × 2 s × 1.5 = 1.8 → 2; reports 12/min = 0.2/s × 10 s × 1.5 = 3.
  assert.deepEqual(
    [
      scenarios.month_end_posting!.rate,
      scenarios.month_end_posting!.timeUnit,
      scenarios.month_end_posting!.preAllocatedVUs,
    ],
    [36, '1m', 2],
  );
  assert.equal(scenarios.delivery_validation_web!.vus, 1);
  assert.equal(scenarios.invoice_entry_web!.rate, 4);
  assert.deepEqual(
    [
      scenarios.month_end_report!.rate,
      scenarios.month_end_report!.preAllocatedVUs,
      scenarios.month_end_report!.maxVUs,
    ],
    [12, 3, 12],
  );
  assert.deepEqual(thresholds.scan_duration, ['p(95)<1000']);
  assert.deepEqual(thresholds.posting_duration, ['p(95)<2000']);
  assert.deepEqual(thresholds.report_duration, ['p(95)<10000']);
  assert.deepEqual(thresholds.import_batch_duration, ['p(95)<60000']);
});

test('channels split a workload: 30 % of orders keyed by reps become their own scenario, sized for a person at the form', () => {
  const profile = loadProfileSchema.parse({
    kind: 'load',
    name: 'mix',
    duration: '1m',
    people: { thinkSeconds: { min: 1, max: 3 } },
    workloads: {
      orderConfirmation: {
        ordersPerHour: 1000,
        linesPerOrder: { min: 2, max: 4 },
        channels: { web: 0.3 },
      },
      barcodeScanning: { operators: 5, channels: { web: 0.4 } },
      monthEndClose: { postingsPerMinute: 10, reportsPerMinute: 0, channels: { api: 0, web: 1 } },
    },
  });
  const { scenarios, thresholds } = compileLoadProfile(profile).options;
  assert.equal(scenarios.order_confirmation!.rate, 700);
  assert.equal(scenarios.order_entry_web!.rate, 300);
  assert.deepEqual(scenarios.order_entry_web!.tags, {
    workload: 'order_confirmation',
    channel: 'web',
  });
  // A rep: (4 + 3 lines) pauses of 2 s and (14 + 8 × 3) calls of 0.1 s = 17.8 s per order.
  assert.equal(webUnitSeconds({ min: 2, max: 4 }, { min: 1, max: 3 }), 17.8);
  // 300/h = 0.083/s × 17.8 s × 1.5 = 2.2 → 3 VUs.
  assert.equal(scenarios.order_entry_web!.preAllocatedVUs, 3);
  // An order started just before the end may finish: twice the longest, (4 + 4) × 3 s + (14 + 32) × 0.1 s = 28.6 s.
  assert.equal(webUnitGracefulStop({ min: 2, max: 4 }, { min: 1, max: 3 }), '58s');
  assert.equal(scenarios.order_entry_web!.gracefulStop, '58s');
  // Short work keeps k6's own 30 s.
  assert.equal(webUnitGracefulStop({ min: 1, max: 1 }, { min: 0, max: 0 }), '30s');
  // 5 operators: 40 % at the web client = 2 pickers, 3 scanners.
  assert.equal(scenarios.barcode_scanning!.vus, 3);
  assert.equal(scenarios.delivery_validation_web!.vus, 2);
  assert.equal(scenarios.month_end_posting, undefined, 'no API postings at a share of 0');
  assert.equal(scenarios.invoice_entry_web!.rate, 10);
  assert.deepEqual(thresholds.web_action_duration, ['p(95)<3000']);
});

test('a shift start: N people over M minutes, evenly, exactly N of them', () => {
  const profile = loadProfileSchema.parse({
    kind: 'load',
    name: 'shift',
    duration: '10m',
    workloads: { shiftStart: { people: 30, minutes: 5, role: 'picker' } },
  });
  const { scenarios, thresholds } = compileLoadProfile(profile).options;
  // One every 10 s from 0 s; the wave ends 5 s after the 30th, before a 31st would start.
  assert.deepEqual(
    [scenarios.shift_start!.rate, scenarios.shift_start!.timeUnit, scenarios.shift_start!.duration],
    [30, '300s', '295s'],
  );
  assert.deepEqual(thresholds[selector(METRICS.loginDuration.name, { phase: 'shift' })], [
    'p(95)<5000',
  ]);
});

const vus: [number, number, number][] = [
  [2, 2000, 6],
  [0.01, 500, 1],
  [100, 250, 38],
  [27.8, 1000, 42],
];
for (const [rate, latency, expected] of vus) {
  test(`pre-allocation: ${rate}/s at ${latency} ms → ${expected} VUs`, () =>
    assert.equal(preAllocatedVus(rate, latency), expected));
}

const base = {
  kind: 'load',
  name: 'x',
  duration: '10s',
  workloads: { orderConfirmation: { ordersPerHour: 100 } },
};
const work = (workloads: Record<string, unknown>) => ({ ...base, workloads });
const malformed: [string, unknown, RegExp][] = [
  [
    'wrong type for a rate',
    { ...base, workloads: { orderConfirmation: { ordersPerHour: 'many' } } },
    /workloads\.orderConfirmation\.ordersPerHour: .*expected number.*found string "many"/,
  ],
  [
    'negative rate',
    { ...base, workloads: { orderConfirmation: { ordersPerHour: -5 } } },
    /workloads\.orderConfirmation\.ordersPerHour: .*>0.*found number -5/,
  ],
  ['unknown top-level key', { ...base, vus: 10 }, /unknown field "vus"/],
  [
    'unknown nested key',
    { ...base, workloads: { orderConfirmation: { ordersPerHour: 1, speed: 2 } } },
    /workloads\.orderConfirmation: unknown field "speed"/,
  ],
  [
    'impossible duration',
    { ...base, duration: 'ten minutes' },
    /duration: expected a duration such as "30s"/,
  ],
  [
    'min above max',
    {
      ...base,
      workloads: { orderConfirmation: { ordersPerHour: 1, linesPerOrder: { min: 5, max: 2 } } },
    },
    /linesPerOrder\.min: min must not exceed max/,
  ],
  ['no workload', { ...base, workloads: {} }, /workloads: at least one workload is required/],
  ['wrong kind', { ...base, kind: 'hosting' }, /kind: .*"load"/],
  ['error rate above 1', { ...base, slo: { maxErrorRate: 2 } }, /slo\.maxErrorRate: .*<=1/],
  [
    'operators not an integer',
    work({ barcodeScanning: { operators: 2.5 } }),
    /workloads\.barcodeScanning\.operators: .*int/,
  ],
  [
    'zero operators',
    work({ barcodeScanning: { operators: 0 } }),
    /workloads\.barcodeScanning\.operators: .*>=1/,
  ],
  [
    'unknown backorder answer',
    work({ barcodeScanning: { operators: 1, backorder: 'maybe' } }),
    /workloads\.barcodeScanning\.backorder: .*"process"/,
  ],
  [
    'scan share above 1',
    work({ barcodeScanning: { operators: 1, scanShare: 1.5 } }),
    /workloads\.barcodeScanning\.scanShare: .*<=1/,
  ],
  [
    'unknown import kind',
    work({ bulkImport: { kind: 'orders', rowsPerBatch: 10, batches: 1 } }),
    /workloads\.bulkImport\.kind: .*"products"/,
  ],
  [
    'missing rows per batch',
    work({ bulkImport: { batches: 1 } }),
    /workloads\.bulkImport\.rowsPerBatch: .*expected number.*found nothing/,
  ],
  [
    'negative postings',
    work({ monthEndClose: { postingsPerMinute: -1 } }),
    /workloads\.monthEndClose\.postingsPerMinute: .*>0/,
  ],
  [
    'bad start time',
    work({ monthEndClose: { postingsPerMinute: 1, startTime: 'later' } }),
    /workloads\.monthEndClose\.startTime: expected a duration/,
  ],
  [
    'hot products not a number',
    work({ reservationContention: { ordersPerHour: 1, hotProducts: 'two' } }),
    /workloads\.reservationContention\.hotProducts: .*expected number/,
  ],
  ['companies above 100', { ...base, companies: 500 }, /companies: .*<=100/],
  ['name empty', { ...base, name: '' }, /name: .*>=1 character/],
];
const folder = mkdtempSync(join(tmpdir(), 'odoo-load-profiles-'));
for (const [name, content, message] of malformed) {
  test(`profile error: ${name}`, () => {
    const file = join(folder, `${name.replaceAll(' ', '-')}.json`);
    writeFileSync(file, JSON.stringify(content));
    assert.throws(
      () => loadLoadProfile(file),
      (error: unknown) => {
        assert.ok(error instanceof CliError);
        assert.equal(error.exitCode, EXIT.badInput);
        assert.ok(error.message.startsWith(file), error.message);
        assert.match(error.message, message);
        assert.equal(error.message.includes('\n'), false, 'one line');
        return true;
      },
    );
  });
}

test('profile error: a missing file and invalid JSON name the file', () => {
  assert.throws(
    () => loadLoadProfile(join(folder, 'absent.json')),
    /absent\.json: profile not found/,
  );
  const broken = join(folder, 'broken.json');
  writeFileSync(broken, '{ "kind": ');
  assert.throws(() => loadLoadProfile(broken), /broken\.json: not valid JSON/);
});

test('stress: stages become ramping-arrival-rate targets; the VU pool is sized for the peak stage', () => {
  const { profile } = loadLoadProfile('stress');
  const orders = compileLoadProfile(profile).options.scenarios.order_confirmation!;
  assert.equal(orders.executor, 'ramping-arrival-rate');
  assert.deepEqual(orders.stages, [
    { duration: '5m', target: 1200 },
    { duration: '5m', target: 1800 },
    { duration: '5m', target: 2400 },
    { duration: '5m', target: 3600 },
    { duration: '5m', target: 3600 },
  ]);
  // Peak 3600/h = 1/s × 3 s p95 × 1.5 = 4.5 → 5 VUs; max(5 × 4, 10) = 20.
  assert.deepEqual(
    [orders.preAllocatedVUs, orders.maxVUs, orders.timeUnit, orders.startRate],
    [5, 20, '1h', 0],
  );
});

test('breakpoint: latency SLOs abort the run, error budgets do not', () => {
  const { profile } = loadLoadProfile('breakpoint');
  const plan = compileLoadProfile(profile);
  assert.deepEqual(
    plan.options.thresholds[`${METRICS.orderConfirmDuration.name}{workload:order_confirmation}`],
    [{ threshold: 'p(95)<3000', abortOnFail: true, delayAbortEval: '30s' }],
  );
  assert.deepEqual(plan.foldedThresholds.odoo_rpc_failed, ['rate<0.05']);
  // 1200/h × 10 = 3.33/s × 3 s × 1.5 = 15 VUs, up to 60.
  assert.deepEqual(
    [
      plan.options.scenarios.order_confirmation!.preAllocatedVUs,
      plan.options.scenarios.order_confirmation!.maxVUs,
    ],
    [15, 60],
  );
});

test('peak-hour: 25 operators × 6 deliveries, a scan every 4 s ± 30 %, the import starting at 2 minutes', () => {
  const { profile } = loadLoadProfile('peak-hour');
  const plan = compileLoadProfile(profile);
  assert.deepEqual(
    [
      plan.options.scenarios.barcode_scanning!.vus,
      plan.options.scenarios.barcode_scanning!.iterations,
    ],
    [25, 150],
  );
  assert.deepEqual(plan.workloads.barcodeScanning!.thinkSeconds, { min: 2.8, max: 5.2 });
  assert.deepEqual(
    [plan.options.scenarios.bulk_import!.startTime, plan.options.scenarios.bulk_import!.iterations],
    ['2m', 5],
  );
  assert.equal(plan.workloads.bulkImport!.rowsPerBatch, 2000);
  // 1200/h = 0.33/s × 3 s × 1.5 = 1.5 → 2 VUs, up to 10.
  assert.deepEqual(
    [
      plan.options.scenarios.order_confirmation!.preAllocatedVUs,
      plan.options.scenarios.order_confirmation!.maxVUs,
    ],
    [2, 10],
  );
});

test('every shipped load shape and hosting model validates and compiles', async () => {
  const { readdirSync } = await import('node:fs');
  const { loadHostingProfile } = await import('../../planning/load.ts');
  for (const file of readdirSync('profiles/shapes')) {
    const plan = compileLoadProfile(loadLoadProfile(`profiles/shapes/${file}`).profile);
    assert.ok(Object.keys(plan.options.scenarios).length > 0, file);
  }
  // The people's-distance measurement (docs/hosting.md): the browser's and the emulator's versions.
  const withBrowser = compileLoadProfile(
    loadLoadProfile('test/fixtures/profiles/people-distance.json').profile,
  );
  const webOnly = compileLoadProfile(
    loadLoadProfile('test/fixtures/profiles/people-distance-web.json').profile,
  );
  assert.deepEqual(
    Object.keys(withBrowser.options.scenarios).filter(
      (name) => !(name in webOnly.options.scenarios),
    ),
    ['browser_sales_rep'],
    'the browser version adds its browser user, and nothing else',
  );
  const hosting = readdirSync('profiles/hosting').map(
    (file) => loadHostingProfile(`profiles/hosting/${file}`).profile,
  );
  assert.ok(hosting.length >= 4);
  assert.ok(
    hosting.some((h) => h.model === 'odoo-sh') &&
      hosting.some((h) => h.model === 'self-hosted' && h.postgres.placement === 'separate-host') &&
      hosting.some((h) => h.model === 'odoo-online'),
  );
  // Every placement figure says where it comes from.
  for (const h of hosting) {
    if (h.postgres.roundTripMs !== undefined) assert.ok(h.postgres.roundTripSource, h.name);
    assert.ok(h.cpuSource, `${h.name}: cpuSource`);
  }
  const { loadDatasetProfile } = await import('../../planning/load.ts');
  const datasets = readdirSync('profiles/datasets').map(
    (file) => loadDatasetProfile(`profiles/datasets/${file}`).profile,
  );
  const grown = datasets.find((d) => d.name === 'distributor-3-companies')!;
  assert.ok(
    grown.companies >= 3 &&
      grown.products.count >= 10_000 &&
      grown.customers.count >= 5000 &&
      grown.history.orders >= 20_000,
    'the grown distributor is the size the growth measurements need',
  );
});

test('dataset profiles: bad input names the field and what was expected', () => {
  const cases: [unknown, RegExp][] = [
    [
      { kind: 'dataset', name: 'x', companies: 0, products: { count: 1 }, customers: { count: 1 } },
      /companies: .*>=1/,
    ],
    [
      {
        kind: 'dataset',
        name: 'x',
        companies: 1,
        products: { count: -1 },
        customers: { count: 1 },
      },
      /products.count/,
    ],
    [
      {
        kind: 'dataset',
        name: 'x',
        companies: 1,
        products: { count: 1 },
        customers: { count: 1 },
        history: { orders: 5, linesPerOrder: { min: 3, max: 1 } },
      },
      /history.linesPerOrder.min: min must not exceed max/,
    ],
    [
      {
        kind: 'dataset',
        name: 'x',
        companies: 1,
        products: { count: 1 },
        customers: { count: 1 },
        extra: 1,
      },
      /unknown field "extra"/,
    ],
  ];
  for (const [data, message] of cases) {
    const parsed = datasetProfileSchema.safeParse(data);
    assert.equal(parsed.success, false);
    assert.match(formatIssue('x.json', data, parsed.error!), message);
  }
});

test('profiles/schema matches the zod schemas (run `npm run schemas` after changing them), and every shipped profile validates against it', () => {
  for (const [name, text] of Object.entries(schemaFiles())) {
    assert.equal(readFileSync(join(SCHEMA_DIR, name), 'utf8'), text, `${name} is stale`);
  }
  const load = JSON.parse(schemaFiles()['load-profile.schema.json']!);
  const workloads = Object.keys(load.properties.workloads.properties);
  assert.deepEqual(workloads.sort(), [...WORKLOAD_KEYS].sort());
  assert.ok(
    load.properties.workloads.properties.bulkImport.properties.kind.enum.includes(
      'pricelist-items',
    ),
  );
});
