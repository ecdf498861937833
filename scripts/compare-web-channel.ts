/**
 * The web channel against the recorded web client, on the same real server (up.sh's demo database,
 * whose ids the recording has): each flow replayed from the recording and run as the suite sends it,
 * a round to warm the server's caches (as at a peak) and two measured rounds averaged, the queries
 * and server time of each from the server's own log.
 *
 *   ODOO_PASSWORD=… ODOO_OPERATOR_PASSWORD=… node --import tsx scripts/compare-web-channel.ts <url> <db> <odoo log> [--detail]
 */
import { readFileSync } from 'node:fs';
import { versionFields } from '../contract/odoo-versions.ts';
import { readServerLog } from '../judge/server-log.ts';
import { WebClient } from '../lib/web-client/client.ts';
import { validateDelivery } from '../lib/web-client/delivery.ts';
import { webDialect } from '../lib/web-client/dialect.ts';
import { enterInvoice } from '../lib/web-client/invoice-entry.ts';
import { enterOrder } from '../lib/web-client/order-entry.ts';
import { RAW_RECORDINGS } from './extract-web-client.ts';
import { REPLAYED_FLOWS, replayFlow, workOf } from './replay-web-client.ts';
import { serverVersionOf, syncSession } from './sync-transport.ts';

export type Work = ReturnType<typeof workOf>;

export interface FlowComparison {
  flow: keyof typeof REPLAYED_FLOWS;
  recorded: Work & { failed: number };
  suite: Work;
}

export interface Credentials {
  admin: { login: string; password: string };
  picker: { login: string; password: string };
}

/**
 * The recording's demo records (up.sh's database has them): a customer, three products (templates)
 * and the invoice's product (a variant). 19's demo data numbers the customer and variants otherwise.
 */
const RECORDED_RECORDS = (version: number) => ({
  customer: { id: version >= 19 ? 9 : 10, name: 'Deco Addict' },
  templates: [
    { id: 11, name: 'Large Cabinet' },
    { id: 12, name: 'Storage Box' },
    { id: 14, name: 'Pedal Bin' },
  ],
  product: { id: version >= 19 ? 20 : 17, name: 'Large Cabinet' },
});

async function measured(log: string, work: () => void): Promise<Work> {
  const start = Date.now() - 1;
  work();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const summary = await readServerLog(log, { start, end: Date.now() });
  return workOf(summary.calls.filter((row) => row.call !== '/web/session/authenticate'));
}

/**
 * Whether the server has the recording's demo records under the recording's ids (up.sh's database
 * does; a staging copy does not, and the comparison means nothing there).
 */
export function hasRecordedRecords(url: string, db: string, admin: Credentials['admin']): boolean {
  const session = syncSession(url, db, admin.login, admin.password);
  const { customer, templates: recorded } = RECORDED_RECORDS(serverVersionOf(session));
  const read = (model: string, ids: number[]) => {
    const answer = session.transport.call<{ id: number; name: string }[]>(
      '/web/dataset/call_kw',
      { model, method: 'read', args: [ids, ['name']], kwargs: {} },
      model,
      'read',
    );
    return answer.ok ? answer.value : [];
  };
  const partner = read('res.partner', [customer.id]);
  const templates = read(
    'product.template',
    recorded.map((template) => template.id),
  );
  return (
    partner[0]?.name === customer.name &&
    recorded.every((template) => templates.some((row) => row.name === template.name))
  );
}

/** Two measurements of a flow as one: the mean of each figure. */
function mean(a: Work, b: Work): Work {
  const calls = new Set([...Object.keys(a.queriesByCall), ...Object.keys(b.queriesByCall)]);
  return {
    requests: (a.requests + b.requests) / 2,
    queries: (a.queries + b.queries) / 2,
    seconds: (a.seconds + b.seconds) / 2,
    queriesByCall: Object.fromEntries(
      [...calls].map((call) => [
        call,
        ((a.queriesByCall[call] ?? 0) + (b.queriesByCall[call] ?? 0)) / 2,
      ]),
    ),
  };
}

type Flow = keyof typeof REPLAYED_FLOWS;

/** The suite's own flows as it sends them, each in a fresh session of its person. */
function suiteFlows(url: string, db: string, who: Credentials, version: number) {
  const dialect = webDialect(version)!;
  const client = (session: ReturnType<typeof syncSession>) =>
    new WebClient(session.transport, dialect, {
      uid: session.uid,
      context: { ...session.userContext, allowed_company_ids: [1] },
    });
  const records = RECORDED_RECORDS(version);
  const admin = client(syncSession(url, db, who.admin.login, who.admin.password));
  const action = (key: keyof typeof dialect.actions) => admin.loadAction(dialect.actions[key]).id;
  const actions = {
    quotations: action('quotations'),
    overview: action('overview'),
    deliveries: action('deliveries'),
    invoices: action('customerInvoices'),
  };
  const think = () => undefined;
  const currencyId = dialect.currencyRate ? admin.companyCurrency() : undefined;
  const as = (person: Credentials['admin']) =>
    client(syncSession(url, db, person.login, person.password));
  return {
    admin,
    orderEntry: () =>
      enterOrder(as(who.admin), {
        quotationsAction: actions.quotations,
        currencyId,
        customer: records.customer,
        lines: records.templates.map((template) => ({ template, quantity: 5 })),
        ref: 'compare',
        think,
      }),
    delivery: (picking: number) =>
      validateDelivery(as(who.picker), {
        overviewAction: actions.overview,
        deliveriesAction: actions.deliveries,
        pickingId: picking,
        think,
      }),
    invoiceEntry: () =>
      enterInvoice(as(who.admin), {
        invoicesAction: actions.invoices,
        currencyId,
        customer: records.customer,
        products: [records.product],
        ref: 'compare',
        think,
      }),
  };
}

/**
 * Fresh deliveries, ready (one line reserved, one not), for a picker to validate. The recorded
 * delivery was partly available: Validate asked about a backorder. A storable product never
 * stocked gives every delivery here the same shape.
 */
function readyDeliveries(admin: WebClient, version: number): () => number {
  const records = RECORDED_RECORDS(version);
  const context = () => ({ context: admin.userContext() });
  const unstocked = admin.must(
    admin.callKw<number>(
      'product.product',
      'create',
      [
        {
          name: `compare: never in stock ${Date.now()}`,
          ...(version >= 18 ? { type: 'consu', is_storable: true } : { type: 'product' }),
        },
      ],
      context(),
    ),
  );
  const stocked = stockedProduct(admin, version, records.product.id);
  return () => {
    const order = admin.must(
      admin.callKw<number>(
        'sale.order',
        'create',
        [
          {
            partner_id: records.customer.id,
            order_line: [
              [0, 0, { product_id: stocked, product_uom_qty: 1 }],
              [0, 0, { product_id: unstocked, product_uom_qty: 1 }],
            ],
          },
        ],
        context(),
      ),
    );
    admin.must(admin.callKw('sale.order', 'action_confirm', [[order]], context()));
    return admin.must(
      admin.callKw<{ picking_ids: number[] }[]>('sale.order', 'read', [[order]], {
        fields: ['picking_ids'],
        ...context(),
      }),
    )[0]!.picking_ids[0]!;
  };
}

/**
 * The recording's product when it has stock no delivery holds, else the first storable product
 * that has (a database many runs used may have every unit of it reserved).
 */
function stockedProduct(admin: WebClient, version: number, recorded: number): number {
  const products = admin.must(
    admin.callKw<{ id: number; free_qty: number }[]>('product.product', 'search_read', [], {
      domain: versionFields(version).storable,
      fields: ['free_qty'],
      order: 'id',
      context: admin.userContext(),
    }),
  );
  const free = products.filter((product) => product.free_qty >= 10);
  return (free.find((product) => product.id === recorded) ?? free[0])?.id ?? recorded;
}

/** The picking the recorded picker opened (its first `stock.picking` web_read, 16's read). */
function recordedDelivery(version: number): number {
  const { records } = JSON.parse(readFileSync(RAW_RECORDINGS[version]!, 'utf8')) as {
    records: {
      flow: string;
      post: { params?: { model?: string; method?: string; args?: number[][] } } | null;
    }[];
  };
  const read = records.find(
    (record) =>
      record.flow === REPLAYED_FLOWS.delivery &&
      record.post?.params?.model === 'stock.picking' &&
      ['web_read', 'read'].includes(String(record.post.params.method)),
  );
  const id = read?.post?.params?.args?.[0]?.[0];
  if (typeof id !== 'number') throw new Error(`no delivery opened in ${RAW_RECORDINGS[version]}`);
  return id;
}

export async function compareWebChannel(
  url: string,
  db: string,
  log: string,
  who: Credentials,
): Promise<FlowComparison[]> {
  const version = serverVersionOf(syncSession(url, db, who.admin.login, who.admin.password));
  const suite = suiteFlows(url, db, who, version);
  const readyDelivery = readyDeliveries(suite.admin, version);
  const comparisons: FlowComparison[] = [];
  for (const flow of Object.keys(REPLAYED_FLOWS) as Flow[]) {
    const as = flow === 'delivery' ? who.picker : who.admin;
    // The recorded delivery was a picking of the recording's database; a fresh one stands in.
    const recordedPicking = recordedDelivery(version);
    const prepared = () =>
      flow === 'delivery' ? new Map([[recordedPicking, readyDelivery()]]) : new Map();
    const replay = () => replayFlow(url, db, version, REPLAYED_FLOWS[flow], as, log, prepared());
    const run = () => {
      const picking = flow === 'delivery' ? readyDelivery() : 0;
      return measured(log, () => {
        if (flow === 'delivery') suite.delivery(picking);
        else suite[flow]();
      });
    };
    // A round to warm the caches, then two measured, each side first once: whichever runs first
    // after something cleared a cache pays for it, so the order alternates and the two are averaged.
    await replay();
    await run();
    const first = { recorded: await replay(), suite: await run() };
    const second = { suite: await run(), recorded: await replay() };
    comparisons.push({
      flow,
      recorded: {
        ...mean(first.recorded, second.recorded),
        failed: first.recorded.failed + second.recorded.failed,
      },
      suite: mean(first.suite, second.suite),
    });
  }
  return comparisons;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, db, log] = process.argv.slice(2);
  if (!url || !db || !log) {
    console.error('usage: compare-web-channel.ts <url> <db> <odoo log>');
    process.exit(2);
  }
  const rows = await compareWebChannel(url, db, log, {
    admin: { login: process.env.ODOO_LOGIN ?? 'admin', password: process.env.ODOO_PASSWORD ?? '' },
    picker: {
      login: (process.env.ODOO_OPERATORS ?? 'picker01').split(',')[0]!,
      password: process.env.ODOO_OPERATOR_PASSWORD ?? '',
    },
  });
  console.log(
    'flow | recorded client replayed: calls (refused), queries, s | the suite: calls, queries, s | queries ratio',
  );
  for (const row of rows)
    console.log(
      `${row.flow} | ${row.recorded.requests} (${row.recorded.failed}), ${row.recorded.queries}, ${row.recorded.seconds.toFixed(2)} | ${row.suite.requests}, ${row.suite.queries}, ${row.suite.seconds.toFixed(2)} | ${(row.suite.queries / row.recorded.queries).toFixed(2)}`,
    );
  // --detail: the calls whose queries differ, recorded → the suite's.
  if (process.argv.includes('--detail'))
    for (const row of rows) {
      const calls = new Set([
        ...Object.keys(row.recorded.queriesByCall),
        ...Object.keys(row.suite.queriesByCall),
      ]);
      for (const call of [...calls].sort()) {
        const recorded = row.recorded.queriesByCall[call] ?? 0;
        const suite = row.suite.queriesByCall[call] ?? 0;
        if (recorded !== suite) console.log(`  ${row.flow} ${call}: ${recorded} → ${suite}`);
      }
    }
}
