/**
 * A record's values in the format of `web_read` (odoo/addons/web/models/models.py): a many2one as
 * `{id, ...its sub-fields}` or false, an x2many as ids or, with sub-fields, a list of records,
 * floats as floats. Records are held as rows: many2one as an id, x2many as ids.
 */
import type { Spec } from '../../contract/web-client/types.ts';
import type { Env } from '../orm/model.ts';
import * as orm from '../orm/records.ts';
import { PyFloat, pyFloat } from '../python-json.ts';
import { isRelational, ormModel, type WebField, webFieldsOf } from './fields.ts';

export type Row = Record<string, unknown>;

/** Display names of records the emulator does not store (a sales team, a country): model → id → name. */
export type Names = Map<string, Map<number, string>>;

const numeric = (value: unknown) =>
  value instanceof PyFloat ? value.value : typeof value === 'number' ? value : Number(value ?? 0);

/** Reads records of `model` in web format; `derive` fills what the emulator does not store. */
export type Reader = (env: Env, model: string, ids: number[], spec: Spec) => Promise<Row[]>;

export async function formatValue(
  env: Env,
  field: WebField,
  value: unknown,
  entry: Spec[string],
  read: Reader,
  names: Names,
): Promise<unknown> {
  const sub = entry?.fields;
  if (field.type === 'many2one') {
    const id = Array.isArray(value) ? value[0] : value;
    if (!id) return false;
    if (!sub || Object.keys(sub).length === 0) return { id };
    const [record] = await read(env, field.relation!, [Number(id)], sub);
    if (record) return { id, ...record };
    const name = names.get(field.relation!)?.get(Number(id));
    return { id, ...('display_name' in sub ? { display_name: name ?? false } : {}) };
  }
  if (field.type === 'one2many' || field.type === 'many2many') {
    const ids = Array.isArray(value) ? (value as unknown[]).map(Number) : [];
    if (!sub) return ids;
    return read(env, field.relation!, ids, sub);
  }
  if (field.type === 'float' || field.type === 'monetary') return pyFloat(numeric(value));
  if (field.type === 'integer') return value === undefined || value === false ? 0 : value;
  return value === undefined || value === null ? false : value;
}

/** A row in web format, per specification. */
export async function formatRow(
  env: Env,
  model: string,
  row: Row,
  spec: Spec,
  read: Reader,
  names: Names,
): Promise<Row> {
  const fields = webFieldsOf(env, model);
  const out: Row = {};
  for (const [name, entry] of Object.entries(spec)) {
    if (name === 'id') {
      out.id = row.id;
      continue;
    }
    out[name] = await formatValue(env, fields[name]!, row[name], entry, read, names);
  }
  return out;
}

/** Stored values of records as rows (many2one as ids), for the fields the emulator stores. */
export async function storedRows(env: Env, model: string, ids: number[], names: string[]) {
  const definition = ormModel(env, model);
  if (!definition || ids.length === 0) return [];
  const fields = webFieldsOf(env, model);
  const stored = names.filter((name) => fields[name]?.orm && name !== 'id');
  const rows = await orm.read(env, definition, ids, [...new Set([...stored, 'display_name'])]);
  return rows.map((row) => {
    const out: Row = { ...row };
    for (const [name, value] of Object.entries(row))
      if (fields[name]?.type === 'many2one') out[name] = Array.isArray(value) ? value[0] : value;
    return out;
  });
}

/** The empty value of a field Odoo computes and the emulator does not: false, 0, 0.0 or []. */
export function emptyValue(field: WebField): unknown {
  if (field.type === 'one2many' || field.type === 'many2many' || field.type === 'properties')
    return [];
  if (field.type === 'integer') return 0;
  if (field.type === 'float' || field.type === 'monetary') return pyFloat(0);
  return false;
}

export { isRelational };
