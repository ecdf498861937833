/** The web channel's specifications are the recorded web client's, extracted fresh. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { extractAll, recordedFile } from '../../scripts/extract-web-client.ts';
import { webCosts } from '../../scripts/web-client-costs.ts';

test('contract/web-client/<version>.json is what the recordings say (run `npm run web-client` after they change)', () => {
  for (const [version, text] of extractAll())
    assert.equal(readFileSync(recordedFile(version), 'utf8'), text, `${version}.json is stale`);
});

test('a recorded order form saves its lines, and 17 sends the order under each line’s onchange', () => {
  const recorded17 = JSON.parse(readFileSync(recordedFile(17), 'utf8'));
  assert.ok(recorded17.writable['sale.order'].includes('partner_id'));
  assert.ok(recorded17.writable['sale.order/order_line'].includes('product_uom_qty'));
  assert.equal(recorded17.parentKeys['sale.order.line'].field, 'order_id');
  const recorded18 = JSON.parse(readFileSync(recordedFile(18), 'utf8'));
  // 18's line specification names order_id itself: no parent keys outside it.
  assert.equal(recorded18.parentKeys['sale.order.line'], undefined);
  assert.ok('order_id' in recorded18.specs['orderEntry:sale.order.line/onchange']);
});

test("the emulator's cost model has every call of the recorded web client, 18's as recorded (run `npm run cost-model:web`)", () => {
  const model = JSON.parse(readFileSync('emulator/cost-model.json', 'utf8'));
  const web17 = webCosts(17);
  for (const key of Object.keys(web17.methods))
    assert.ok(key in model.methods, `${key} has a cost`);
  assert.deepEqual(model.versions['18'], {
    methods: webCosts(18).methods,
    sql: { methods: webCosts(18).sql },
  });
  // A rep's order costs the server several times the API's two calls (README's table).
  const onchange = model.methods['sale.order.onchange'] + model.methods['sale.order.line.onchange'];
  assert.ok(onchange > 50, 'an order and a line onchange cost tens of ms');
});
