/**
 * Benchmark load for the emulator: a closed loop of product lookups by barcode (`search_read`) or of
 * order create + confirm, chosen by BENCH_MODE. Not a scenario of the suite: it measures the target.
 */
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
import { loadPlan, secretFor } from '../../lib/config.ts';
import { OdooSession } from '../../lib/odoo/index.ts';

const plan = loadPlan();
export const options = plan.options;
const mode = __ENV.BENCH_MODE === 'confirm' ? 'confirm' : 'search_read';
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
