/**
 * Odoo domains (Polish-notation lists of `[field, operator, value]` leaves joined by '&', '|', '!')
 * compiled to a parameterised SQL condition over a row alias.
 */
import { OdooError } from '../errors.ts';
import { columnOf, type Env, type FieldDef, fieldsOf, type ModelDef } from './model.ts';

const OPERATORS = new Set([
  '=',
  '!=',
  '<>',
  '<',
  '>',
  '<=',
  '>=',
  'in',
  'not in',
  'like',
  'not like',
  'ilike',
  'not ilike',
  '=like',
  '=ilike',
  'child_of',
  'parent_of',
]);

const valueError = (message: string) => new OdooError('builtins.ValueError', message);

/** Collects query parameters and hands out `$n` placeholders. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

let aliasCounter = 0;
const nextAlias = () => `s${++aliasCounter % 100000}`;

/** Compiles a domain to SQL over `alias`; an empty domain is TRUE. */
export function compileDomain(
  env: Env,
  model: ModelDef,
  domain: unknown,
  params: Params,
  alias = 't',
): string {
  if (domain === undefined || domain === null || domain === false) return 'TRUE';
  if (!Array.isArray(domain)) throw valueError(`Invalid domain: ${JSON.stringify(domain)}`);
  const tokens = [...domain];
  const parseOne = (): string => {
    const token = tokens.shift();
    if (token === '&' || token === '|') {
      const left = parseOne();
      const right = parseOne();
      return `(${left} ${token === '&' ? 'AND' : 'OR'} ${right})`;
    }
    if (token === '!') return `(NOT ${parseOne()})`;
    if (Array.isArray(token) && token.length === 3)
      return compileLeaf(env, model, token as [unknown, unknown, unknown], params, alias);
    throw valueError(`Invalid leaf ${JSON.stringify(token)}`);
  };
  const parts: string[] = [];
  while (tokens.length > 0) parts.push(parseOne());
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

function compileLeaf(
  env: Env,
  model: ModelDef,
  leaf: [unknown, unknown, unknown],
  params: Params,
  alias: string,
): string {
  const [path, rawOperator, value] = leaf;
  // TRUE_LEAF / FALSE_LEAF
  if (path === 1 && rawOperator === '=' && value === 1) return 'TRUE';
  if (path === 0 && rawOperator === '=' && value === 1) return 'FALSE';
  if (typeof path !== 'string' || typeof rawOperator !== 'string')
    throw valueError(`Invalid leaf ${JSON.stringify(leaf)}`);
  const operator = rawOperator.toLowerCase();
  if (!OPERATORS.has(operator))
    throw valueError(
      `Invalid operator ${JSON.stringify(rawOperator)} in leaf ${JSON.stringify(leaf)}`,
    );

  const [head, ...rest] = path.split('.');
  if (head === 'id') return compareColumn(`${alias}.id`, 'integer', operator, value, params);
  if (head === 'display_name')
    return compareColumn(model.displayName(alias), 'char', operator, value, params);
  const field = fieldsOf(model, env.version)[head!];
  if (!field)
    throw valueError(`Invalid field ${model.name}.${head} in leaf ${JSON.stringify(leaf)}`);
  const target = field.relation ? env.registry.get(field.relation) : undefined;

  if (field.type === 'many2one' && rest.length > 0) {
    const sub = nextAlias();
    const inner = compileLeaf(env, target!, [rest.join('.'), operator, value], params, sub);
    return `${alias}.${columnOf(head!, field)} IN (SELECT ${sub}.id FROM ${target!.table} ${sub} WHERE ${inner})`;
  }
  if (field.type === 'one2many') {
    const sub = nextAlias();
    const inner = compileLeaf(
      env,
      target!,
      [rest.length ? rest.join('.') : 'id', operator, value],
      params,
      sub,
    );
    const inverse = columnOf(field.inverse!, fieldsOf(target!, env.version)[field.inverse!]!);
    return `${alias}.id IN (SELECT ${sub}.${inverse} FROM ${target!.table} ${sub} WHERE ${inner})`;
  }
  if (field.type === 'many2many') {
    const sub = nextAlias();
    const inner = compileLeaf(
      env,
      target!,
      [rest.length ? rest.join('.') : 'id', operator, value],
      params,
      sub,
    );
    return `${alias}.id IN (SELECT r.${field.relColumn} FROM ${field.relTable} r JOIN ${target!.table} ${sub} ON ${sub}.id = r.${field.relOtherColumn} WHERE ${inner})`;
  }
  const column = field.sql ? field.sql(alias) : `${alias}.${columnOf(head!, field)}`;
  return compareColumn(column, field.type, operator, value, params);
}

function compareColumn(
  column: string,
  type: FieldDef['type'] | 'integer',
  leafOperator: string,
  value: unknown,
  params: Params,
): string {
  const isBoolean = type === 'boolean';
  // Without parent_path, hierarchy operators match the ids themselves.
  const operator =
    leafOperator === 'child_of' || leafOperator === 'parent_of' ? 'in' : leafOperator;
  if (operator === 'in' || operator === 'not in') {
    const list = Array.isArray(value) ? value : [value];
    const present = list.filter((item) => item !== false && item !== null);
    const withNull = present.length !== list.length;
    const positive = present.length ? `${column} = ANY(${params.add(present)})` : 'FALSE';
    const condition = withNull ? `(${positive} OR ${column} IS NULL)` : positive;
    return operator === 'in'
      ? condition
      : `(NOT ${condition} OR ${withNull ? 'FALSE' : `${column} IS NULL`})`;
  }
  if (value === false || value === null) {
    if (operator === '=')
      return isBoolean ? `(${column} IS NULL OR ${column} = false)` : `${column} IS NULL`;
    if (operator === '!=' || operator === '<>')
      return isBoolean ? `${column} = true` : `${column} IS NOT NULL`;
  }
  switch (operator) {
    case 'like':
    case 'not like':
    case 'ilike':
    case 'not ilike': {
      const sqlOperator = operator.toUpperCase();
      const negated = operator.startsWith('not');
      const condition = `${column}::text ${sqlOperator} ${params.add(`%${String(value)}%`)}`;
      return negated ? `(${condition} OR ${column} IS NULL)` : condition;
    }
    case '=like':
      return `${column}::text LIKE ${params.add(String(value))}`;
    case '=ilike':
      return `${column}::text ILIKE ${params.add(String(value))}`;
    case '<>':
    case '!=':
      return `(${column} IS DISTINCT FROM ${params.add(value)})`;
    default:
      return `${column} ${operator} ${params.add(value)}`;
  }
}
