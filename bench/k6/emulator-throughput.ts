/**
 * Benchmark load for the emulator: a closed loop of product lookups by barcode (`search_read`, through
 * the suite's client; `raw`, the same JSON-RPC body by k6's own http.post) or of order create +
 * confirm, chosen by BENCH_MODE. Not a scenario of the suite: it measures the target and the client.
 */
import { check } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import { loadPlan, secretFor } from '../../lib/config.ts';
import { OdooSession } from '../../lib/odoo/index.ts';

const plan = loadPlan();
export const options = plan.options;
const mode = __ENV.BENCH_MODE ?? 'search_read';
const barcodes: string[] = JSON.parse(__ENV.BENCH_BARCODES ?? '[]');
const products: number[] = JSON.parse(__ENV.BENCH_PRODUCTS ?? '[]');
const customers: number[] = JSON.parse(__ENV.BENCH_CUSTOMERS ?? '[]');
const operations = new Counter('bench_operations');

let session: OdooSession | undefined;

export default function benchmark(): void {
  if (!session) {
    session = new OdooSession(plan.target);
    if (!session.authenticate(plan.target.login, secretFor(plan)).ok)
      exec.test.abort('bench: login failed');
  }
  const i = exec.scenario.iterationInTest;
  if (mode === 'raw') {
    // What the client sends for the lookup below, by k6 alone: the floor a client's cost is held to.
    const response = http.post(
      `${plan.target.url}/web/dataset/call_kw/product.product/search_read`,
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'call',
        id: i,
        params: {
          model: 'product.product',
          method: 'search_read',
          args: [],
          kwargs: {
            domain: [['barcode', '=', barcodes[i % barcodes.length]]],
            fields: ['id', 'display_name', 'uom_id', 'tracking'],
            limit: 1,
            context: session.context,
          },
        },
      }),
      {
        headers: {
          'Content-Type': 'application/json',
          Cookie: `session_id=${session.snapshot().sessionId}`,
        },
      },
    );
    const found = (response.json('result') as unknown[] | undefined)?.length === 1;
    if (check(response, { 'product found': () => found })) operations.add(1);
    return;
  }
  if (mode === 'search_read') {
    const found = session.callModel<unknown[]>('product.product', 'search_read', {
      domain: [['barcode', '=', barcodes[i % barcodes.length]]],
      fields: ['id', 'display_name', 'uom_id', 'tracking'],
      limit: 1,
    });
    if (check(found, { 'product found': (r) => r.ok && r.value.length === 1 })) operations.add(1);
    return;
  }
  const created = session.create('sale.order', {
    partner_id: customers[i % customers.length],
    order_line: [[0, 0, { product_id: products[i % products.length], product_uom_qty: 1 }]],
  });
  if (!created.ok) return;
  const confirmed = session.callRecords<boolean>('sale.order', 'action_confirm', [created.value]);
  if (check(confirmed, { 'order confirmed': (r) => r.ok })) operations.add(1);
}
