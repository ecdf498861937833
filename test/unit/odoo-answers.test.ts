/**
 * Odoo's JSON-RPC answers read into results (lib/odoo/answers.ts). A success in Odoo's own spelling
 * has only its value parsed; every answer must read exactly as parsing it whole would.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { pythonJson } from '../../emulator/python-json.ts';
import { type Answer, parseEnvelope, resultOf, UNREAD } from '../../lib/odoo/answers.ts';

const answer = (body: string, status = 200): Answer => ({ status, body, error: '', error_code: 0 });
/** What parsing the whole envelope gives. */
const whole = (body: string) => (JSON.parse(body) as { result?: unknown }).result ?? null;

const results: unknown[] = [
  [{ id: 12, display_name: '[FURN_0001] Desk', uom_id: [1, 'Units'], tracking: 'none' }],
  true,
  42,
  'done',
  {
    length: 2,
    records: [
      { id: 1, name: 'a "result": 1}' },
      { id: 2, name: 'Zoë, 5 €' },
    ],
  },
  [],
  {},
  false,
];

test("a real Odoo 17's answers read as parsing them whole does", () => {
  const [success, failure, empty] = readFileSync('test/fixtures/real-odoo-17/answers.txt', 'utf8')
    .trim()
    .split('\n') as [string, string, string];
  // Its success is read the short way: only the value is parsed.
  assert.deepEqual(resultOf(success, 42), whole(success));
  for (const [body, id] of [
    [failure, 43],
    [empty, 44],
    [success, 41],
  ] as const)
    assert.equal(resultOf(body, id), UNREAD, body);
  const read = parseEnvelope<{ display_name: string }[]>(answer(success), 'm', 'f', 42);
  assert.deepEqual(read, { ok: true, value: whole(success) });
  assert.equal(
    read.ok && read.value[1]?.display_name,
    '[DESK0006] Customizable Desk (Custom, Black)',
  );
  const refused = parseEnvelope(answer(failure), 'sale.order', 'action_confirm', 43);
  assert.equal(!refused.ok && refused.error.faultName, 'odoo.exceptions.MissingError');
  assert.deepEqual(parseEnvelope(answer(empty), 'm', 'f', 44), { ok: true, value: null });
  // The emulator spells them as Odoo does (the error and the empty answer hold no float).
  for (const body of [failure, empty]) assert.equal(pythonJson(JSON.parse(body)), body);
});

test("a success in Odoo's spelling reads as the whole envelope does, whatever its value", () => {
  for (const [i, result] of results.entries()) {
    const id = i + 7;
    // Python's json.dumps of JsonRPCDispatcher._response (odoo/http.py), as the emulator writes it.
    const body = pythonJson({ jsonrpc: '2.0', id, result });
    assert.ok(body.startsWith(`{"jsonrpc": "2.0", "id": ${id}, "result": `), body);
    assert.deepEqual(parseEnvelope(answer(body), 'm', 'f', id), { ok: true, value: whole(body) });
  }
});

test('an answer not in that spelling, or to another id, is parsed whole', () => {
  const bodies: [string, unknown][] = [
    ['{"jsonrpc": "2.0", "id": 3, "result": [1, 2]}', [1, 2]],
    ['{"jsonrpc":"2.0","id":4,"result":[1,2]}', [1, 2]],
    ['{"jsonrpc": "2.0", "id": 4, "result": 1, "extra": 2}', 1],
    ['{"jsonrpc": "2.0", "id": 4, "result": {"a": 1}}\n', { a: 1 }],
    // A method returning None has no result key (docs/odoo-protocol.md §0).
    ['{"jsonrpc": "2.0", "id": 4}', null],
  ];
  for (const [body, value] of bodies)
    assert.deepEqual(parseEnvelope(answer(body), 'm', 'f', 4), { ok: true, value }, body);
  // A compact envelope (a faster JSON writer) is read the short way too.
  assert.deepEqual(resultOf('{"jsonrpc":"2.0","id":4,"result":[1,2]}', 4), [1, 2]);
});

test('an error envelope is an error, even where its data spells a result', () => {
  const body = pythonJson({
    jsonrpc: '2.0',
    id: 5,
    error: {
      code: 200,
      message: 'Odoo Server Error',
      data: { name: 'odoo.exceptions.UserError', message: '"result": 1}' },
    },
  });
  const read = parseEnvelope(answer(body), 'sale.order', 'action_confirm', 5);
  assert.equal(read.ok, false);
  if (read.ok) return;
  assert.equal(read.error.kind, 'validation');
  assert.equal(read.error.faultName, 'odoo.exceptions.UserError');
  assert.equal(read.error.message, '"result": 1}');
});

test('a body that is not JSON, or a status other than 200, is a transport error', () => {
  for (const [body, status] of [
    ['{"jsonrpc": "2.0", "id": 6, "result": [1,', 200],
    ['Bad Gateway', 502],
  ] as const) {
    const read = parseEnvelope(answer(body, status), 'm', 'f', 6);
    assert.equal(read.ok, false, body);
    if (!read.ok) assert.equal(read.error.kind, 'transport', body);
  }
});
