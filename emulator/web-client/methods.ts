/**
 * The ORM methods of Odoo's web client (odoo/addons/web/models/models.py), on every model: web_read,
 * web_search_read, onchange, web_save, get_views. Strict as Odoo is: a field of a specification the
 * model does not have is a ValueError (web_read, web_save) or a KeyError (onchange); a changed field
 * it does not have makes onchange answer `{}`; a mandatory field left empty is the ValidationError
 * PostgreSQL's NOT NULL becomes in Odoo.
 */
import type { Spec } from '../../contract/web-client/types.ts';
import { keyError, OdooError } from '../errors.ts';
import type { Env, ModelDef, Vals } from '../orm/model.ts';
import * as orm from '../orm/records.ts';
import { PyFloat } from '../python-json.ts';
import { BEHAVIOURS, capturedDefaults } from './behaviour.ts';
import { checkSpec, invalidField, ormModel, type WebField, webFieldsOf } from './fields.ts';
import {
  emptyValue,
  formatRow,
  formatValue,
  type Names,
  type Reader,
  type Row,
  storedRows,
} from './format.ts';

const names: Map<number, Names> = new Map();

/** Display names the captured defaults carry for records the emulator does not store (a sales team). */
function namesOf(env: Env): Names {
  let known = names.get(env.version);
  if (known) return known;
  // The company currency (the emulator keeps one, USD, as id 1).
  known = new Map([['res.currency', new Map([[1, 'USD']])]]);
  for (const model of ['sale.order', 'sale.order.line', 'account.move', 'account.move.line']) {
    const fields = webFieldsOf(env, model);
    for (const [name, value] of Object.entries(capturedDefaults(env.version, model) ?? {})) {
      const relation = fields[name]?.relation;
      const record = value as { id?: number; display_name?: string };
      if (relation && record?.id && record.display_name) {
        const byId = known.get(relation) ?? new Map();
        byId.set(record.id, record.display_name);
        known.set(relation, byId);
      }
    }
  }
  names.set(env.version, known);
  return known;
}

const asSpec = (value: unknown): Spec =>
  typeof value === 'object' && value !== null ? (value as Spec) : {};

/** Records of `model` in web format; records the emulator does not store answer their id. */
export async function webRead(env: Env, model: string, ids: number[], spec: Spec): Promise<Row[]> {
  checkSpec(env, model, spec);
  const fields = webFieldsOf(env, model);
  const known = namesOf(env).get(model);
  const stored: Row[] = ormModel(env, model)
    ? await storedRows(env, model, ids, Object.keys(spec))
    : ids.map((id): Row => ({ id, display_name: known?.get(id) ?? false }));
  // What the emulator does not store starts as Odoo's own default for a new record of the model.
  const defaults = defaultRow(env, model);
  for (const row of stored)
    for (const name of Object.keys(spec))
      if (!(name in row)) row[name] = name in defaults ? defaults[name] : emptyValue(fields[name]!);
  await BEHAVIOURS[model]?.prefetch?.(env, stored);
  for (const row of stored) await BEHAVIOURS[model]?.derive?.(env, row, 'all', undefined);
  const read = await prefetchingReader(env, model, stored, spec);
  const out: Row[] = [];
  for (const row of stored) {
    const formatted = await formatRow(env, model, row, spec, read, namesOf(env));
    out.push({ id: row.id, ...formatted });
  }
  return out;
}

/**
 * A reader that has each many2one of the specification read once for all rows (a list of 80 orders
 * reads their customers in one go, as Odoo's prefetch does), not once per row: the emulator's own
 * CPU per call must stay below the server time its cost model stands for.
 */
async function prefetchingReader(
  env: Env,
  model: string,
  rows: Row[],
  spec: Spec,
): Promise<Reader> {
  const fields = webFieldsOf(env, model);
  const keyOf = (relation: string, sub: Spec) => `${relation} ${JSON.stringify(sub)}`;
  const prefetched = new Map<string, Map<number, Row>>();
  for (const [name, entry] of Object.entries(spec)) {
    const field = fields[name];
    const sub = entry?.fields;
    if (field?.type !== 'many2one' || !sub || Object.keys(sub).length === 0) continue;
    const ids = new Set(
      rows
        .map((row) => Number(Array.isArray(row[name]) ? row[name][0] : row[name]))
        .filter((id) => id > 0),
    );
    if (ids.size === 0) continue;
    const records = await webRead(env, field.relation!, [...ids], sub);
    prefetched.set(
      keyOf(field.relation!, sub),
      new Map(records.map((record) => [Number(record.id), record])),
    );
  }
  return async (env, relation, ids, sub) => {
    const record =
      ids.length === 1 ? prefetched.get(keyOf(relation, sub))?.get(ids[0]!) : undefined;
    return record ? [record] : webRead(env, relation, ids, sub);
  };
}

export async function webSearchRead(env: Env, model: string, a: Record<string, unknown>) {
  const spec = asSpec(a.specification);
  checkSpec(env, model, spec);
  const definition = orm.modelOf(env, model);
  const limit = typeof a.limit === 'number' ? a.limit : undefined;
  const offset = typeof a.offset === 'number' ? a.offset : 0;
  const ids = (await orm.search(env, definition, {
    domain: a.domain ?? [],
    offset,
    limit,
    order: a.order,
  })) as number[];
  if (ids.length === 0) return { length: 0, records: [] };
  const records = await webRead(env, model, ids, spec);
  const current = records.length + offset;
  const countLimit = typeof a.count_limit === 'number' ? a.count_limit : undefined;
  // _format_web_search_read_results: count only when a full page came back.
  const length =
    limit && records.length === limit && !(countLimit && countLimit <= current)
      ? Math.min(await orm.searchCount(env, definition, a.domain ?? []), countLimit ?? Infinity)
      : current;
  return { length, records };
}

/** Client values as rows: many2one ids stay ids, many2many links become ids, lines stay commands. */
function toRow(env: Env, model: string, values: Row): Row {
  const fields = webFieldsOf(env, model);
  const row: Row = {};
  for (const [name, value] of Object.entries(values)) {
    const field = fields[name];
    if (field?.type === 'many2many' && Array.isArray(value))
      row[name] = value.flatMap((item) =>
        Array.isArray(item) ? (item[0] === 6 ? (item[2] as number[]) : [Number(item[1])]) : [item],
      );
    else if (field?.type === 'many2one' && value && typeof value === 'object')
      row[name] = (value as { id?: number }).id ?? false;
    else row[name] = value;
  }
  return row;
}

/** Captured defaults as a row (web format in, ids out). */
function defaultRow(env: Env, model: string): Row {
  const row: Row = {};
  const fields = webFieldsOf(env, model);
  for (const [name, value] of Object.entries(capturedDefaults(env.version, model) ?? {})) {
    const field = fields[name];
    if (!field) continue;
    if (field.type === 'many2one')
      row[name] = (value as { id?: number } | false) ? (value as { id: number }).id : false;
    else if (field.type === 'one2many' || field.type === 'many2many')
      row[name] = Array.isArray(value)
        ? value.flatMap((c) => (Array.isArray(c) && c[0] === 4 ? [c[1]] : []))
        : [];
    else row[name] = value;
  }
  return row;
}

const plain = (value: unknown): unknown =>
  value instanceof PyFloat ? value.value : JSON.parse(JSON.stringify(value ?? false));
const same = (a: unknown, b: unknown) => JSON.stringify(plain(a)) === JSON.stringify(plain(b));

/** One field of an onchange answer: x2many as commands, everything else as web_read formats it. */
async function onchangeValue(env: Env, field: WebField, value: unknown, entry: Spec[string]) {
  if ((field.type === 'one2many' || field.type === 'many2many') && entry?.fields) {
    const commands: unknown[] = [];
    for (const item of Array.isArray(value) ? value : []) {
      if (Array.isArray(item) && item[0] === 0) {
        const line = toRow(env, field.relation!, item[2] as Row);
        const formatted = await formatRow(
          env,
          field.relation!,
          line,
          entry.fields,
          webRead,
          namesOf(env),
        );
        commands.push([0, item[1] ?? 0, formatted]);
      } else if (typeof item === 'number') {
        const [record] = await webRead(env, field.relation!, [item], entry.fields);
        commands.push([4, item, record ?? { id: item }]);
      }
    }
    return commands;
  }
  return formatValue(env, field, value, entry, webRead, namesOf(env));
}

export async function onchange(env: Env, model: string, a: Record<string, unknown>) {
  const values = (a.values ?? {}) as Row;
  const changed = Array.isArray(a.field_names) ? (a.field_names as string[]) : [];
  const spec = asSpec(a.fields_spec);
  const fields = webFieldsOf(env, model);
  // onchange() answers {} for an unknown changed field before it reads the specification.
  if (changed.some((name) => !fields[name])) return {};
  for (const name of Object.keys(spec)) if (!fields[name]) throw keyError(name);
  const first = changed.length === 0;
  const parentField = Object.keys(values).find(
    (name) =>
      fields[name]?.type === 'many2one' &&
      typeof values[name] === 'object' &&
      values[name] !== null,
  );
  const parent = parentField
    ? toRow(env, fields[parentField]!.relation!, values[parentField] as Row)
    : undefined;
  const behaviour = BEHAVIOURS[model];
  let row = toRow(env, model, values);
  if (parentField) row[parentField] = false;
  if (first) {
    const defaults = defaultRow(env, model);
    await behaviour?.defaults?.(env, defaults, parent);
    row = { ...defaults, ...row, ...(parentField ? { [parentField]: false } : {}) };
  }
  const before: Row = first ? {} : { ...row };
  await behaviour?.derive?.(env, row, new Set(changed), parent);
  const value: Row = {};
  for (const [name, entry] of Object.entries(spec)) {
    if (name === 'id') continue;
    const field = fields[name]!;
    const now = row[name] ?? (first ? emptyValue(field) : undefined);
    if (now === undefined) continue;
    const empty = Array.isArray(now) && now.length === 0;
    if (
      first
        ? (field.type === 'one2many' || field.type === 'many2many') && empty
        : same(before[name], now)
    )
      continue;
    value[name] = await onchangeValue(env, field, now, entry);
  }
  return { value };
}

/** Values web_save may hand the emulator's ORM: its own writable fields, lines converted. */
function ormVals(env: Env, model: string, vals: Row): Vals {
  const fields = webFieldsOf(env, model);
  const out: Vals = {};
  for (const [name, value] of Object.entries(vals)) {
    const field = fields[name];
    if (!field) throw invalidField(name, model);
    const own = field.orm;
    if (!own || own.readonly || (own.sql && !own.writesColumn)) continue;
    if (own.type === 'one2many' && Array.isArray(value))
      out[name] = value.map((command) =>
        Array.isArray(command) && command[0] === 0
          ? [0, 0, ormVals(env, field.relation!, command[2] as Row)]
          : command,
      );
    else if (own.type === 'many2many')
      // A plain list of ids is Odoo's Command.set (fields.py, _RelationalMulti.write_batch).
      out[name] =
        Array.isArray(value) && !value.every((item) => typeof item === 'number')
          ? value.filter((command) => Array.isArray(command))
          : value;
    else out[name] = value;
  }
  return out;
}

/**
 * A mandatory stored field left empty fails as PostgreSQL's NOT NULL does in Odoo. Fields Odoo fills
 * itself are not: those with a default (the captured defaults, the emulator's own) and those computed
 * from the others (the behaviour derives them first).
 */
async function checkMandatory(env: Env, model: ModelDef, vals: Row): Promise<void> {
  const fields = webFieldsOf(env, model.name);
  const defaults = capturedDefaults(env.version, model.name) ?? {};
  const filled: Row = { ...vals };
  await BEHAVIOURS[model.name]?.derive?.(env, filled, new Set(Object.keys(vals)), undefined);
  for (const [name, field] of Object.entries(fields)) {
    if (!field.required || field.store === false || field.type === 'one2many') continue;
    if (filled[name] !== undefined && filled[name] !== false) continue;
    if (defaults[name] || field.orm?.default || name === 'name' || name === 'id') continue;
    throw new OdooError(
      'odoo.exceptions.ValidationError',
      `The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: ${model.description} (${model.name})\nField: ${field.string ?? name} (${name})\n`,
    );
  }
}

export async function webSave(
  env: Env,
  model: ModelDef,
  ids: number[],
  a: Record<string, unknown>,
  create: (env: Env, vals: Vals) => Promise<number>,
) {
  const spec = asSpec(a.specification);
  checkSpec(env, model.name, spec);
  const vals = (a.vals ?? {}) as Row;
  const converted = ormVals(env, model.name, vals);
  let id = ids[0];
  if (id === undefined) {
    await checkMandatory(env, model, vals);
    id = await create(env, converted);
  } else await orm.write(env, model, ids, converted);
  return webRead(env, model.name, [id], spec);
}
