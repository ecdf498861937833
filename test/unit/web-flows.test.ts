/**
 * The web channel sends what Odoo's own web client sends, in its order: each flow runs against the
 * answers a real Odoo 17 and 18 gave it (test/fixtures/web-client, scripts/capture-web-exchanges.ts)
 * and its requests are compared, call by call, with the recorded web client's
 * (contract/web-client/raw): route, model, method, the fields an onchange says changed,
 * the fields of every specification, the values an onchange carries and the fields Save writes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Spec } from '../../contract/web-client/types.ts';
import { FlowStop, WebClient, type WebTransport } from '../../lib/web-client/client.ts';
import { validateDelivery } from '../../lib/web-client/delivery.ts';
import { webDialect } from '../../lib/web-client/dialect.ts';
import { enterInvoice } from '../../lib/web-client/invoice-entry.ts';
import { enterOrder } from '../../lib/web-client/order-entry.ts';
import { RAW_RECORDINGS } from '../../scripts/extract-web-client.ts';

interface Sent {
  path: string;
  params: Record<string, any>;
}

interface FixtureExchange {
  path: string;
  response: { result?: unknown; error?: unknown };
}

type Fixture = Record<'orderEntry' | 'delivery' | 'invoiceEntry', FixtureExchange[]>;

/** Answers each call with the real server's answer to the same call of the same flow. */
function replaying(exchanges: FixtureExchange[]) {
  const sent: Sent[] = [];
  const transport: WebTransport = {
    call<T>(path: string, params: Record<string, unknown>) {
      const next = exchanges[sent.length];
      sent.push({ path, params });
      assert.ok(next, `call ${sent.length} (${path}) is beyond the captured flow`);
      assert.equal(path, next.path, `call ${sent.length}`);
      return { ok: true, value: (next.response.result ?? null) as T };
    },
  };
  return { transport, sent };
}

const recorded = (version: number, flow: string): Sent[] =>
  (
    JSON.parse(readFileSync(RAW_RECORDINGS[version]!, 'utf8')) as {
      records: { flow: string; path: string; post: unknown }[];
    }
  ).records
    .filter((record) => record.flow === flow && record.post && typeof record.post === 'object')
    .map((record) => ({ path: record.path, params: (record.post as Sent).params }))
    // An outside service (partner_autocomplete) a load test must not call.
    .filter((call) => !['autocomplete_by_name', 'autocomplete'].includes(call.params.method));

/** What must agree between two calls: route (ids out), model, method, changed fields. */
function signature(call: Sent): string {
  const path = call.path.replace(/\/\d+$/, '');
  const p = call.params;
  const changed = p.method === 'onchange' ? ` ${JSON.stringify(p.args[2])}` : '';
  return `${path} ${p.model ?? ''}.${p.method ?? ''}${changed}`.trim();
}

/** A specification's fields, recursively (contexts are evaluated from the record, so left out). */
const fieldsOf = (spec: Spec): unknown =>
  Object.entries(spec).map(([name, entry]) => [name, entry.fields ? fieldsOf(entry.fields) : 0]);

function specOfCall(call: Sent): Spec | undefined {
  const p = call.params;
  if (p.method === 'onchange') return p.args[3];
  return p.kwargs?.specification;
}

/** The fields a call names: a spec's, 16's field lists (`read`, `web_search_read`), a create's values. */
function fieldListOf(call: Sent): string[] | undefined {
  const p = call.params;
  if (p.method === 'read') return p.args[1];
  if (p.method === 'web_search_read' && p.kwargs.fields) return p.kwargs.fields;
  if (p.method === 'web_save') return Object.keys(p.args[1]).sort();
  if (p.method === 'create') return Object.keys(p.args[0]).sort();
  return undefined;
}

function compare(version: number, ours: Sent[], theirs: Sent[], skip: (call: Sent) => boolean) {
  const mine = ours.filter((call) => !skip(call));
  const recordedCalls = theirs.filter((call) => !skip(call));
  assert.deepEqual(mine.map(signature), recordedCalls.map(signature), `Odoo ${version}: the calls`);
  mine.forEach((call, index) => {
    const other = recordedCalls[index]!;
    const where = `Odoo ${version}, call ${index + 1} ${signature(call)}`;
    // Both sides or neither: a specification the suite stopped sending is the regression to catch.
    const spec = specOfCall(call);
    const recordedSpec = specOfCall(other);
    assert.deepEqual(
      spec && fieldsOf(spec),
      recordedSpec && fieldsOf(recordedSpec),
      `${where}: spec`,
    );
    if (call.params.method === 'onchange')
      assert.deepEqual(
        Object.keys(call.params.args[1]).sort(),
        Object.keys(other.params.args[1]).sort(),
        `${where}: values`,
      );
    assert.deepEqual(fieldListOf(call), fieldListOf(other), `${where}: fields`);
  });
}

const think = () => undefined;

/**
 * 16's chatter asks again as the form re-renders around a dialog and after a button, more often than
 * a person's work decides, and the login's inbox may answer inside the next flow: the mail routes are
 * left out of 16's comparison (they cost a few queries).
 */
const chatterOf16 = (version: number) => (call: Sent) =>
  version === 16 && call.path.startsWith('/mail/');

for (const version of [16, 17, 18]) {
  const fixture = JSON.parse(
    readFileSync(`test/fixtures/web-client/exchanges-${version}.json`, 'utf8'),
  ) as Fixture;
  const client = (transport: WebTransport) =>
    new WebClient(transport, webDialect(version)!, {
      uid: 2,
      context: { lang: 'en_US', tz: 'UTC', uid: 2, allowed_company_ids: [1] },
    });

  test(`Odoo ${version}: a rep's 3-line order sends the recorded web client's 42-43 calls`, () => {
    const { transport, sent } = replaying(fixture.orderEntry);
    const result = enterOrder(client(transport), {
      quotationsAction: 1,
      currencyId: 1,
      customer: { id: 10, name: 'Deco Addict' },
      lines: [1, 2, 3].map((id) => ({ template: { id, name: `product ${id}` }, quantity: 5 })),
      ref: 'test',
      think,
    });
    assert.equal(typeof result.orderId, 'number');
    compare(version, sent, recorded(version, '2-order-entry'), chatterOf16(version));
  });

  test(`Odoo ${version}: a picker's delivery sends the recorded calls around Validate`, () => {
    const { transport, sent } = replaying(fixture.delivery);
    validateDelivery(client(transport), {
      overviewAction: 1,
      deliveriesAction: 2,
      pickingId: Number(
        (
          fixture.delivery.find((e) => /stock\.picking\/(web_)?read$/.test(e.path))!.response
            .result as {
            id: number;
          }[]
        )[0]!.id,
      ),
      think,
    });
    // The dialogs Validate opens depend on the delivery (backorder) and the company (SMS, asked once).
    const dialog = (call: Sent) =>
      /stock\.backorder|confirm\.stock\.sms/.test(`${call.path} ${call.params.model ?? ''}`) ||
      chatterOf16(version)(call);
    compare(version, sent, recorded(version, '4-warehouse'), dialog);
  });

  test(`Odoo ${version}: an accountant's invoice sends the recorded calls`, () => {
    const { transport, sent } = replaying(fixture.invoiceEntry);
    const result = enterInvoice(client(transport), {
      invoicesAction: 1,
      currencyId: 1,
      customer: { id: 10, name: 'Deco Addict' },
      products: [{ id: 17, name: 'Large Cabinet' }],
      ref: 'test',
      think,
    });
    assert.equal(typeof result.moveId, 'number');
    compare(version, sent, recorded(version, '5-invoice'), chatterOf16(version));
  });
}

test('a failed call stops the flow with its error, which the workload counts', () => {
  const transport: WebTransport = {
    call: () => ({
      ok: false,
      error: Object.assign(new Error('boom'), { kind: 'server', inDoubt: false }) as never,
    }),
  };
  const web = new WebClient(transport, webDialect(17)!, { uid: 2, context: {} });
  assert.throws(
    () =>
      enterOrder(web, {
        quotationsAction: 1,
        currencyId: 1,
        customer: { id: 1, name: 'x' },
        lines: [],
        ref: 'x',
        think,
      }),
    FlowStop,
  );
});
