/** Domains compile to the SQL Odoo's expression.py would produce for these operators. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRegistry } from '../../emulator/models/index.ts';
import { compileDomain, Params } from '../../emulator/orm/domain.ts';
import type { Env } from '../../emulator/orm/model.ts';

const registry = buildRegistry();
const env = { registry, version: 17 } as Env;
const compile = (model: string, domain: unknown) => {
  const params = new Params();
  const sql = compileDomain(env, registry.get(model)!, domain, params);
  return { sql: sql.replace(/s\d+/g, 's'), values: params.values };
};

const cases: [string, string, unknown, string, unknown[]][] = [
  ['empty domain', 'res.partner', [], 'TRUE', []],
  ['equality', 'res.partner', [['name', '=', 'Azure']], 't.name = $1', ['Azure']],
  [
    'implicit AND',
    'res.partner',
    [
      ['name', '=', 'A'],
      ['is_company', '=', true],
    ],
    't.name = $1 AND t.is_company = $2',
    ['A', true],
  ],
  [
    'OR prefix',
    'res.partner',
    ['|', ['name', '=', 'A'], ['name', '=', 'B']],
    '(t.name = $1 OR t.name = $2)',
    ['A', 'B'],
  ],
  ['NOT prefix', 'res.partner', ['!', ['name', '=', 'A']], '(NOT t.name = $1)', ['A']],
  [
    'ilike wraps in %',
    'res.partner',
    [['name', 'ilike', 'zur']],
    't.name::text ILIKE $1',
    ['%zur%'],
  ],
  ['=like does not wrap', 'res.partner', [['name', '=like', 'A%']], 't.name::text LIKE $1', ['A%']],
  ['in list', 'res.partner', [['id', 'in', [1, 2]]], 't.id = ANY($1)', [[1, 2]]],
  [
    'in with false also matches NULL',
    'res.partner',
    [['company_id', 'in', [1, false]]],
    '(t.company_id = ANY($1) OR t.company_id IS NULL)',
    [[1]],
  ],
  ['empty in is FALSE', 'res.partner', [['id', 'in', []]], 'FALSE', []],
  [
    '= false on a many2one is IS NULL',
    'res.partner',
    [['company_id', '=', false]],
    't.company_id IS NULL',
    [],
  ],
  [
    '= false on a boolean includes NULL',
    'res.partner',
    [['is_company', '=', false]],
    '(t.is_company IS NULL OR t.is_company = false)',
    [],
  ],
  [
    '!= value is null-safe',
    'res.partner',
    [['name', '!=', 'A']],
    '(t.name IS DISTINCT FROM $1)',
    ['A'],
  ],
  [
    'many2one path becomes a subquery',
    'stock.move.line',
    [['picking_id.name', '=', 'WH/OUT/00001']],
    't.picking_id IN (SELECT s.id FROM stock_picking s WHERE s.name = $1)',
    ['WH/OUT/00001'],
  ],
  [
    'one2many path looks through the inverse',
    'sale.order',
    [['order_line.product_id', '=', 5]],
    't.id IN (SELECT s.order_id FROM sale_order_line s WHERE s.product_id = $1)',
    [5],
  ],
  ['TRUE_LEAF', 'res.partner', [[1, '=', 1]], 'TRUE', []],
];

for (const [name, model, domain, sql, values] of cases) {
  test(`domain: ${name}`, () => {
    assert.deepEqual(compile(model, domain), { sql, values });
  });
}

const invalid: [string, unknown, RegExp][] = [
  ['unknown field', [['nope', '=', 1]], /Invalid field res.partner.nope/],
  ['unknown operator', [['name', '~', 'x']], /Invalid operator/],
  ['malformed leaf', [['name', '=']], /Invalid leaf/],
  ['not a list', 'name = 1', /Invalid domain/],
];
for (const [name, domain, message] of invalid) {
  test(`domain: ${name} is a ValueError`, () => {
    assert.throws(
      () => compile('res.partner', domain),
      (error: Error & { pythonClass?: string }) => {
        assert.equal(error.pythonClass, 'builtins.ValueError');
        assert.match(error.message, message);
        return true;
      },
    );
  });
}
