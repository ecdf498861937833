/** Which servers the web channel may be sent to: the recorded web clients, and what the emulator answers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliError } from '../../contract/exit-codes.ts';
import { webDialect } from '../../lib/web-client/dialect.ts';
import { checkWebChannel } from '../../planning/plan.ts';

const URL = 'http://staging.invalid:8069';
const refusal = (pattern: RegExp) => (error: unknown) =>
  error instanceof CliError && pattern.test(error.message);

test('a real Odoo 16, 17, 18 or 19 gets the web channel; 15 is refused before anything starts', () => {
  for (const version of [16, 17, 18, 19])
    assert.doesNotThrow(() => checkWebChannel(['order_entry_web'], version, URL));
  assert.throws(
    () => checkWebChannel(['order_entry_web'], 15, URL),
    refusal(/recorded web client of Odoo 16 or 17 or 18 or 19 sends; .* runs Odoo 15/),
  );
  assert.doesNotThrow(() => checkWebChannel(['order_confirmation'], 15, URL), 'no web: no check');
});

test("the emulator answers 17's and 18's web client; at 16 and 19 it says so instead of answering wrongly", () => {
  for (const version of [17, 18])
    assert.doesNotThrow(() => checkWebChannel(['order_entry_web'], version, URL, true));
  for (const version of [16, 19])
    assert.throws(
      () => checkWebChannel(['order_entry_web'], version, URL, true),
      refusal(
        new RegExp(
          `emulator answers the web client of Odoo 17 and 18, not ${version}'s .*--odoo-version 18`,
        ),
      ),
    );
});

test("19's dialect is 18's routes with 19's searches, chatter and messaging", () => {
  const dialect = webDialect(19)!;
  assert.equal(dialect.nameSearch, 'web_name_search');
  assert.equal(dialect.thread, 'mail_data');
  assert.equal(dialect.messaging, 'fetch_params');
  assert.ok(dialect.buttonInPath && dialect.deliveriesByServerAction);
  assert.deepEqual(dialect.recorded.threadRequestList.slice(0, 3), [
    'activities',
    'attachments',
    'contact_fields',
  ]);
  assert.ok(dialect.recorded.specs['orderEntry:product.template/web_name_search']);
  assert.equal(webDialect(15), undefined);
});

test("16's dialect is 17's routes with legacy forms: field lists, create, then a read per relation", () => {
  const dialect = webDialect(16)!;
  assert.equal(dialect.forms, 'legacy');
  assert.equal(dialect.messaging, 'init_messaging');
  assert.equal(dialect.buttonInPath, false);
  const legacy = dialect.recorded.legacy!;
  // The order form's onchange names its lines' fields dotted; "1" marks a field with an onchange.
  assert.equal(legacy.fieldOnchange['orderEntry:sale.order']!['order_line.product_id'], '1');
  assert.equal(legacy.x2many['sale.order']!.order_line, 'one2many');
  assert.equal(legacy.x2many['sale.order.line']!.tax_id, 'many2many');
  assert.ok(legacy.readFields['delivery:stock.picking']!.includes('move_ids_without_package'));
  assert.ok(dialect.recorded.writable['sale.order/order_line']!.includes('product_uom_qty'));
  assert.deepEqual(Object.keys(dialect.recorded.specs), []);
});
