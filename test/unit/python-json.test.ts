/**
 * The emulator writes JSON as Odoo's Python does (json.dumps in make_json_response, odoo/http.py):
 * the expected text below is what Python 3.11's json.dumps(value, ensure_ascii=False) printed for
 * the same value, separators, float repr and non-ASCII text included.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pyFloat, pythonJson } from '../../emulator/python-json.ts';

test("an answer reads byte for byte as Python's json.dumps writes it", () => {
  const value = {
    jsonrpc: '2.0',
    id: 12,
    result: {
      length: 2,
      records: [
        {
          id: 1,
          name: 'a, b: "c" \\ d',
          price: pyFloat(1000),
          qty: pyFloat(2.5),
          active: true,
          parent_id: false,
          note: null,
          tags: [],
          extra: {},
        },
        { id: 2, name: 'Zoë ünd €', uom_id: [1, 'Units'], ratio: pyFloat(0.00001) },
      ],
    },
  };
  assert.equal(
    pythonJson(value),
    '{"jsonrpc": "2.0", "id": 12, "result": {"length": 2, "records": [{"id": 1, "name": "a, b: \\"c\\" \\\\ d", "price": 1000.0, "qty": 2.5, "active": true, "parent_id": false, "note": null, "tags": [], "extra": {}}, {"id": 2, "name": "Zoë ünd €", "uom_id": [1, "Units"], "ratio": 1e-05}]}}',
  );
});

test('a bare value is written the same way', () => {
  assert.equal(pythonJson([1, 'x']), '[1, "x"]');
  assert.equal(pythonJson('a,b:c'), '"a,b:c"');
  assert.equal(pythonJson(null), 'null');
});
