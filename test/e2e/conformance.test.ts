/**
 * The emulator answers as a real Odoo 17 did: every exchange recorded from one
 * (test/fixtures/real-odoo-17/transcript.json) is replayed against the emulator in 17 mode,
 * with ids taken from the emulator's own earlier answers, and compared: error class and code,
 * Odoo's message (digits masked), and the recursive shape and JSON types of the result.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { isLosslessNumber, stringify } from 'lossless-json';
import {
  jsonType,
  maskDigits,
  parseLossless,
  type ShapeOptions,
  shapeDifferences,
} from '../support/json-shape.ts';
import { startPostgres, startStack, type TestStack } from '../support/stack.ts';

const TRANSCRIPT = 'test/fixtures/real-odoo-17/transcript.json';

interface Exchange {
  step: string;
  request: {
    path: string;
    jsonrpc_params: Record<string, unknown>;
    sent_with: 'session cookie' | 'none';
  };
  response: { jsonrpc: string; id: unknown; result?: unknown; error?: Record<string, any> };
}

const exchanges = (parseLossless(readFileSync(TRANSCRIPT, 'utf8')) as { exchanges: Exchange[] })
  .exchanges;

/** Plain numbers out of lossless ones, for reading ids. */
const num = (value: unknown): number => Number(isLosslessNumber(value) ? value.valueOf() : value);
type Answers = Record<number, any>;
type Ref = (answers: Answers) => number | string;

const partner: Ref = (a) => num(a[13][0].id);
const product: Ref = (a) => num(a[14][0].id);
const picking20: Ref = (a) => num(a[20][0].picking_ids[0]);
const picking30: Ref = (a) => num(a[30][0].picking_ids[0]);
const journal: Ref = (a) => num(a[35][0].id);
const account =
  (type: string): Ref =>
  (a) =>
    num(a[36].find((row: any) => row.account_type === type).id);
const result =
  (step: number): Ref =>
  (a) =>
    num(a[step]);
const order = [
  [655, partner],
  [5, product],
] as const;
const entry = [
  [3, journal],
  [27, account('expense')],
  [41, account('asset_cash')],
] as const;

/**
 * Recorded ids (and one barcode) in a step's request, and where the emulator's counterpart comes
 * from. Replaced in one pass, so an emulator id equal to another recorded id is never rewritten.
 */
const SUBSTITUTE: Record<number, readonly (readonly [number | string, Ref])[]> = {
  15: [['2000000000053', (a) => String(a[14][0].barcode)]],
  16: order,
  17: order,
  18: order,
  19: [[840, result(17)]],
  20: [[840, result(17)]],
  21: [[562, picking20]],
  22: [[562, picking20]],
  23: [[1426, (a) => num(a[22][0].id)]],
  24: [[562, picking20]],
  25: [[562, picking20]],
  26: [
    [17, result(25)],
    [562, picking20],
  ],
  27: [[562, picking20]],
  28: order,
  29: [[843, result(28)]],
  30: [[843, result(28)]],
  31: [[564, picking30]],
  32: [[564, picking30]],
  37: entry,
  38: [[182, result(37)]],
  39: [[182, result(37)]],
  40: [[182, result(37)]],
  41: entry,
  42: order,
  43: [[844, result(42)]],
  44: [[5, product]],
  45: [[844, result(42)]],
  46: [
    [27, result(45)],
    [844, result(42)],
  ],
  48: [[36, result(47)]],
  60: [[844, result(42)]],
  61: [
    [844, result(42)],
    [843, result(28)],
  ],
  62: [[844, result(42)]],
};

/** Objects whose keys are data (company ids, currency ids, field names): only shared keys compare. */
const OPEN: Record<number, ShapeOptions> = {
  0: { openObjects: ['$.user_companies.allowed_companies', '$.currencies'] },
  57: { openObjects: ['$'] },
};

function substitute(value: unknown, replacements: Map<number | string, number | string>): unknown {
  if (isLosslessNumber(value) && replacements.has(num(value))) return replacements.get(num(value));
  if (typeof value === 'string' && replacements.has(value)) return replacements.get(value);
  if (Array.isArray(value)) return value.map((item) => substitute(item, replacements));
  if (value && typeof value === 'object' && !isLosslessNumber(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substitute(item, replacements)]),
    );
  }
  return value;
}

let stack: TestStack;
let cookie = '';
let adminUid = 0;
const answers: Answers = {};

before(async () => {
  const postgres = await startPostgres('conformance');
  stack = await startStack(postgres, { version: 17 });
});
after(async () => {
  await stack?.stop();
  await stack?.postgres.stop();
});

/** The recorded request, pointed at the emulator: its db, login, password, session and ids. */
function requestFor(index: number, exchange: Exchange): Record<string, unknown> {
  const replacements = new Map(
    (SUBSTITUTE[index] ?? []).map(([recorded, ref]) => [recorded, ref(answers)]),
  );
  const params = substitute(exchange.request.jsonrpc_params, replacements) as Record<string, any>;
  const wrong = /wrong_password/.test(exchange.step);
  const password = wrong ? `${stack.password}-wrong` : stack.password;
  if (exchange.request.path === '/web/session/authenticate') {
    return { ...params, db: stack.db, login: stack.dataset.adminLogin, password };
  }
  if (exchange.request.path === '/jsonrpc' && params.service === 'object') {
    const [, , , ...rest] = params.args as unknown[];
    return { ...params, args: [stack.db, adminUid, password, ...rest] };
  }
  return params;
}

for (const [index, exchange] of exchanges.entries()) {
  test(`${index} ${exchange.step}: ${exchange.request.path}`, async () => {
    const params = requestFor(index, exchange);
    const id = num(exchange.response.id ?? index + 1);
    const response = await fetch(stack.url + exchange.request.path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(exchange.request.sent_with === 'session cookie' && cookie ? { Cookie: cookie } : {}),
      },
      body: stringify({ jsonrpc: '2.0', method: 'call', id, params }),
    });
    assert.equal(response.status, 200);
    const text = await response.text();
    const body = parseLossless(text) as Exchange['response'];
    if (index === 0) {
      cookie = response.headers.get('set-cookie')!.split(';')[0]!;
      adminUid = num((body.result as Record<string, unknown>).uid);
    }
    const recorded = exchange.response;
    assert.equal(body.jsonrpc, '2.0');
    assert.equal(jsonType(body.id), jsonType(recorded.id), 'the envelope id');
    if (recorded.error) {
      assert.ok(
        body.error,
        `expected ${recorded.error.data.name}, got a result: ${text.slice(0, 200)}`,
      );
      assert.equal(num(body.error.code), num(recorded.error.code), 'error code');
      assert.equal(body.error.message, recorded.error.message);
      assert.equal(body.error.data.name, recorded.error.data.name, body.error.data.message);
      assert.equal(
        maskDigits(body.error.data.message),
        maskDigits(recorded.error.data.message),
        'the message',
      );
      assert.deepEqual(shapeDifferences(recorded.error.data, body.error.data), []);
      return;
    }
    assert.ok(
      !body.error,
      `expected a result, got ${body.error?.data?.name}: ${body.error?.data?.message}`,
    );
    assert.equal(
      'result' in body,
      'result' in recorded,
      'a result key (absent when Odoo returns None)',
    );
    assert.deepEqual(shapeDifferences(recorded.result, body.result, OPEN[index]), []);
    answers[index] = body.result;
  });
}
