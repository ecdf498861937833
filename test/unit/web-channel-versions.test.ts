/** Which servers the web channel may be sent to: the recorded web clients, and what the emulator answers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliError } from '../../contract/exit-codes.ts';
import { webDialect } from '../../lib/web/dialect.ts';
import { checkWebChannel } from '../../planning/plan.ts';

const URL = 'http://staging.invalid:8069';
const refusal = (pattern: RegExp) => (error: unknown) =>
  error instanceof CliError && pattern.test(error.message);

test('a real Odoo 17, 18 or 19 gets the web channel; 16 is refused before anything starts', () => {
  for (const version of [17, 18, 19])
    assert.doesNotThrow(() => checkWebChannel(['order_entry_web'], version, URL));
  assert.throws(
    () => checkWebChannel(['order_entry_web'], 16, URL),
    refusal(/recorded web client of Odoo 17 or 18 or 19 sends; .* runs Odoo 16/),
  );
  assert.doesNotThrow(() => checkWebChannel(['order_confirmation'], 16, URL), 'no web: no check');
});

test("the emulator answers 17's and 18's web client; at 19 it says so instead of answering wrongly", () => {
  for (const version of [17, 18])
    assert.doesNotThrow(() => checkWebChannel(['order_entry_web'], version, URL, true));
  assert.throws(
    () => checkWebChannel(['order_entry_web'], 19, URL, true),
    refusal(/emulator answers the web client of Odoo 17 and 18, not 19's .*--odoo-version 18/),
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
  assert.equal(webDialect(16), undefined);
});
