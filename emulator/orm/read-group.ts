/**
 * `read_group` / `web_read_group` (docs/odoo-protocol.md §2.3): aggregates per group, many2one groups as
 * [id, name], date groups by day/week/month/quarter/year with Odoo's labels, `<field>_count` for a
 * lazy single groupby and `__count` otherwise, each group with its `__domain`.
 */
import { OdooError } from '../errors.ts';
import { pyFloat } from '../python-json.ts';
import { compileDomain, Params } from './domain.ts';
import { columnOf, type Env, fieldsOf, type ModelDef, type Vals } from './model.ts';

const valueError = (message: string) => new OdooError('builtins.ValueError', message);
const AGGREGATES = new Set([
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'count_distinct',
  'bool_and',
  'bool_or',
  'array_agg',
]);
const GRANULARITIES = {
  day: 'day',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
} as const;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface GroupSpec {
  key: string;
  field: string;
  granularity?: keyof typeof GRANULARITIES;
}

function parseGroupby(model: ModelDef, env: Env, groupby: string): GroupSpec {
  const [field, granularity] = groupby.split(':');
  const def = fieldsOf(model, env.version)[field!];
  if (!def) throw valueError(`Invalid field '${field}' on model '${model.name}'`);
  if (granularity && !(granularity in GRANULARITIES))
    throw valueError(`Invalid granularity '${granularity}' in '${groupby}'`);
  const isDate = def.type === 'date' || def.type === 'datetime';
  return {
    key: groupby,
    field: field!,
    granularity: isDate ? ((granularity ?? 'month') as keyof typeof GRANULARITIES) : undefined,
  };
}

/** "June 2024", "W23 2024", "Q2 2024", "2024", "01 Jun 2024": the labels Odoo's web client shows. */
function dateLabel(start: Date, granularity: keyof typeof GRANULARITIES): string {
  const year = start.getUTCFullYear();
  if (granularity === 'year') return String(year);
  if (granularity === 'quarter') return `Q${Math.floor(start.getUTCMonth() / 3) + 1} ${year}`;
  if (granularity === 'month') return `${MONTHS[start.getUTCMonth()]} ${year}`;
  if (granularity === 'week') {
    const thursday = new Date(start.getTime() + 3 * 86400000);
    const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
    const week = 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / 604800000);
    return `W${week} ${thursday.getUTCFullYear()}`;
  }
  return `${String(start.getUTCDate()).padStart(2, '0')} ${MONTHS[start.getUTCMonth()]!.slice(0, 3)} ${year}`;
}

function addInterval(date: Date, granularity: keyof typeof GRANULARITIES): Date {
  const next = new Date(date);
  if (granularity === 'day') next.setUTCDate(next.getUTCDate() + 1);
  else if (granularity === 'week') next.setUTCDate(next.getUTCDate() + 7);
  else if (granularity === 'month') next.setUTCMonth(next.getUTCMonth() + 1);
  else if (granularity === 'quarter') next.setUTCMonth(next.getUTCMonth() + 3);
  else next.setUTCFullYear(next.getUTCFullYear() + 1);
  return next;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** A domain with its implicit ANDs made explicit (`expression.normalize_domain`). */
function normalize(domain: unknown[]): unknown[] {
  const leaves = domain.filter((item) => Array.isArray(item)).length;
  const operators = domain.filter((item) => typeof item === 'string');
  const arity = operators.reduce<number>((sum, op) => sum + (op === '!' ? 0 : 1), 0);
  const missing = Math.max(0, leaves - 1 - arity);
  return [...Array.from({ length: missing }, () => '&'), ...domain];
}

/** `expression.AND`: the non-empty domains, normalized, under one '&' per extra domain. */
function andDomains(domains: unknown[][]): unknown[] {
  const present = domains.filter((domain) => domain.length > 0);
  return [
    ...Array.from({ length: Math.max(0, present.length - 1) }, () => '&'),
    ...present.flatMap(normalize),
  ];
}

export interface ReadGroupArgs {
  domain?: unknown;
  fields?: unknown;
  groupby?: unknown;
  offset?: unknown;
  limit?: unknown;
  orderby?: unknown;
  lazy?: unknown;
}

type Fields = ReturnType<typeof fieldsOf>;

/** The aggregates asked for: SQL expressions, their aliases, and which ones sum floats. */
interface Aggregates {
  sql: string[];
  names: string[];
  floats: Set<string>;
}

/** `fields`: "name", "name:agg" or "alias:agg(field)"; numbers are summed unless told otherwise. */
function aggregatesOf(
  model: ModelDef,
  fields: Fields,
  specs: GroupSpec[],
  raw: unknown,
): Aggregates {
  const result: Aggregates = { sql: [], names: [], floats: new Set() };
  for (const item of Array.isArray(raw) ? raw.map(String) : []) {
    const match = /^(\w+)(?::(\w+)(?:\((\w+)\))?)?$/.exec(item);
    if (!match) throw valueError(`Invalid field specification "${item}"`);
    const [, alias, aggregate, source] = match as unknown as [
      string,
      string,
      string | undefined,
      string | undefined,
    ];
    const fieldName = source ?? alias;
    if (specs.some((spec) => spec.field === fieldName) || fieldName === '__count') continue;
    const def = fieldName === 'id' ? { type: 'integer' as const } : fields[fieldName];
    if (!def) throw valueError(`Invalid field '${fieldName}' on model '${model.name}'`);
    const fn = aggregate ?? (def.type === 'integer' || def.type === 'float' ? 'sum' : undefined);
    if (!fn) continue;
    if (!AGGREGATES.has(fn)) throw valueError(`Invalid aggregation function '${fn}'`);
    const column =
      fieldName === 'id'
        ? 't.id'
        : 'sql' in def && def.sql
          ? def.sql('t')
          : `t.${columnOf(fieldName, def)}`;
    const expression = fn === 'count_distinct' ? `count(DISTINCT ${column})` : `${fn}(${column})`;
    result.sql.push(`${expression} AS "${alias}"`);
    result.names.push(alias);
    if (def.type === 'float' && !fn.startsWith('count')) result.floats.add(alias);
  }
  return result;
}

/** orderby: "<aggregate or groupby field> [asc|desc], …"; groups are ordered by their values otherwise. */
function orderByOf(orderby: unknown, specs: GroupSpec[], names: string[]): string {
  const terms = String(orderby || '')
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean)
    .map((term) => {
      const [name, direction = 'asc'] = term.split(/\s+/) as [string, string?];
      const groupIndex = specs.findIndex((spec) => spec.field === name || spec.key === name);
      const target =
        groupIndex >= 0
          ? `g${groupIndex}`
          : name === '__count'
            ? '__count'
            : names.includes(name)
              ? `"${name}"`
              : undefined;
      if (!target || !/^(asc|desc)$/i.test(direction))
        throw valueError(`Invalid "orderby" specified (${String(orderby)}).`);
      return `${target} ${direction.toUpperCase()} NULLS LAST`;
    });
  return terms.length > 0
    ? terms.join(', ')
    : specs.map((_, index) => `g${index} ASC NULLS LAST`).join(', ');
}

/** many2one group values come back as [id, display_name]: the names of each such groupby. */
async function groupLabels(env: Env, fields: Fields, specs: GroupSpec[], rows: Vals[]) {
  const labels = new Map<number, Map<unknown, string>>();
  for (const [index, spec] of specs.entries()) {
    const def = fields[spec.field]!;
    if (def.type !== 'many2one') continue;
    const target = env.registry.get(def.relation!)!;
    const ids = [...new Set(rows.map((row) => row[`g${index}`]).filter((id) => id !== null))];
    const { rows: named } = await env.db.query(
      `SELECT r.id, ${target.displayName('r')} AS name FROM ${target.table} r WHERE r.id = ANY($1)`,
      [ids],
    );
    labels.set(index, new Map(named.map((row) => [row.id, row.name])));
  }
  return labels;
}

/** One group's key values, its domain parts and (for dates) its range, as Odoo answers them. */
function groupKeys(
  row: Vals,
  specs: GroupSpec[],
  fields: Fields,
  labels: Map<number, Map<unknown, string>>,
  group: Vals,
) {
  const parts: unknown[][] = [];
  const ranges: Record<string, { from: string; to: string }> = {};
  specs.forEach((spec, index) => {
    const value = row[`g${index}`];
    const def = fields[spec.field]!;
    if (spec.granularity && value) {
      const start = new Date(`${value}T00:00:00Z`);
      const end = addInterval(start, spec.granularity);
      group[spec.key] = dateLabel(start, spec.granularity);
      ranges[spec.key] = { from: isoDate(start), to: isoDate(end) };
      parts.push(['&', [spec.field, '>=', isoDate(start)], [spec.field, '<', isoDate(end)]]);
    } else if (def.type === 'many2one') {
      group[spec.key] = value === null ? false : [value, labels.get(index)?.get(value) ?? false];
      parts.push([[spec.field, '=', value === null ? false : value]]);
    } else {
      group[spec.key] = value ?? false;
      parts.push([[spec.field, '=', value ?? false]]);
    }
  });
  return { parts, ranges };
}

const groupbysOf = (groupby: unknown) =>
  typeof groupby === 'string' ? [groupby] : Array.isArray(groupby) ? groupby.map(String) : [];

export async function readGroup(
  env: Env,
  model: ModelDef,
  args: ReadGroupArgs,
  ruleSql: (params: Params) => string,
): Promise<Vals[]> {
  const groupbys = groupbysOf(args.groupby);
  if (groupbys.length === 0) throw valueError('read_group() requires at least one groupby');
  const lazy = args.lazy !== false;
  const specs = (lazy ? groupbys.slice(0, 1) : groupbys).map((groupby) =>
    parseGroupby(model, env, groupby),
  );
  const fields = fieldsOf(model, env.version);
  const params = new Params();
  const where = `${compileDomain(env, model, args.domain, params)} AND ${ruleSql(params)}`;
  const groupColumns = specs.map((spec, index) => {
    const def = fields[spec.field]!;
    const column = def.sql ? def.sql('t') : `t.${columnOf(spec.field, def)}`;
    return spec.granularity
      ? `date_trunc('${spec.granularity}', ${column})::date AS g${index}`
      : `${column} AS g${index}`;
  });
  const aggregates = aggregatesOf(model, fields, specs, args.fields);
  const limit =
    typeof args.limit === 'number' && args.limit > 0 ? ` LIMIT ${Math.floor(args.limit)}` : '';
  const offset =
    typeof args.offset === 'number' && args.offset > 0 ? ` OFFSET ${Math.floor(args.offset)}` : '';
  const { rows } = await env.db.query(
    `SELECT ${[...groupColumns, 'count(*)::int AS __count', ...aggregates.sql].join(', ')} FROM ${model.table} t WHERE ${where}
      GROUP BY ${specs.map((_, index) => `g${index}`).join(', ')} ORDER BY ${orderByOf(args.orderby, specs, aggregates.names)}${limit}${offset}`,
    params.values,
  );
  const labels = await groupLabels(env, fields, specs, rows);
  const baseDomain = Array.isArray(args.domain) ? args.domain : [];
  return rows.map((row) => {
    const group: Vals = {};
    const { parts, ranges } = groupKeys(row, specs, fields, labels, group);
    if (lazy && specs.length === 1) group[`${specs[0]!.field}_count`] = row.__count;
    else group.__count = row.__count;
    // Sums of float fields are Python floats; of integers, ints.
    for (const name of aggregates.names)
      group[name] = aggregates.floats.has(name) ? pyFloat(row[name]) : (row[name] ?? 0);
    group.__domain = andDomains([baseDomain, ...parts]);
    if (Object.keys(ranges).length > 0) group.__range = ranges;
    if (lazy && groupbys.length > 1) group.__context = { group_by: groupbys.slice(1) };
    return group;
  });
}
