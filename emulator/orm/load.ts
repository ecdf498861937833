/**
 * `Model.load(fields, data)` (docs/odoo-protocol.md §7.5): rows of strings converted per field type, matched
 * by external id when an `id` column is given, created or updated one savepoint per row. Any error
 * makes the whole batch roll back: `ids` is false and `messages` says which row and field failed.
 */
import { OdooError, toOdooError } from '../errors.ts';
import { type Env, type FieldDef, fieldsOf, type ModelDef, type Vals } from './model.ts';
import * as orm from './records.ts';

export interface ImportMessage {
  type: 'error' | 'warning';
  message: string;
  record: number;
  field?: string;
  /** The field's label, as the import screen shows it. */
  field_name?: string;
  rows: { from: number; to: number };
}

export interface LoadResult {
  ids: number[] | false;
  messages: ImportMessage[];
  nextrow: number;
}

export interface NumberFormat {
  thousands: string;
  decimal: string;
}

class RowError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const labelOf = (name: string, field: FieldDef) =>
  field.label ??
  name
    .replaceAll('_', ' ')
    .replace(/^\w/, (c) => c.toUpperCase())
    .replace(/ id$/i, '');

async function xmlidTarget(env: Env, xmlid: string, model: string): Promise<number | undefined> {
  const [module, name] = xmlid.includes('.') ? xmlid.split(/\.(.*)/s) : ['__import__', xmlid];
  const { rows } = await env.db.query<{ res_id: number }>(
    'SELECT res_id FROM ir_model_data WHERE module = $1 AND name = $2 AND model = $3',
    [module, name, model],
  );
  return rows[0]?.res_id;
}

async function convert(
  env: Env,
  model: ModelDef,
  path: string,
  raw: string,
  format: NumberFormat,
): Promise<[string, unknown]> {
  const [name, subfield] = path.split('/') as [string, string | undefined];
  const field = fieldsOf(model, env.version)[name];
  if (!field) throw new RowError(`Unknown field '${name}' on model '${model.name}'`, name);
  const label = labelOf(name, field);
  const value = raw.trim();
  if (value === '') {
    if (field.required)
      throw new RowError(`Missing required value for the field '${label}' (${name})`, name);
    return [name, false];
  }
  if (field.type === 'many2one') {
    if (subfield === '.id') {
      const id = Number(value);
      if (!Number.isInteger(id))
        throw new RowError(`Invalid database id '${value}' for the field '${label}'`, name);
      return [name, id];
    }
    if (subfield === 'id') {
      const id = await xmlidTarget(env, value, field.relation!);
      if (id === undefined)
        throw new RowError(
          `No matching record found for external id '${value}' in field '${label}'`,
          name,
        );
      return [name, id];
    }
    const target = orm.modelOf(env, field.relation!);
    const matches = await orm.search(env, target, {
      domain: [['display_name', '=ilike', value]],
      limit: 2,
    });
    if (matches.length === 0)
      throw new RowError(`No matching record found for name '${value}' in field '${label}'`, name);
    return [name, matches[0]];
  }
  if (field.type === 'integer') {
    const number = Number(value);
    if (!Number.isInteger(number))
      throw new RowError(`'${value}' does not seem to be an integer for field '${label}'`, name);
    return [name, number];
  }
  if (field.type === 'float') {
    const normalised = value
      .split(format.thousands || '\u0000')
      .join('')
      .replace(format.decimal, '.');
    const number = Number(normalised);
    if (!Number.isFinite(number))
      throw new RowError(`'${value}' does not seem to be a number for field '${label}'`, name);
    return [name, number];
  }
  if (field.type === 'boolean') {
    const lower = value.toLowerCase();
    if (['1', 'true', 'yes'].includes(lower)) return [name, true];
    if (['0', 'false', 'no'].includes(lower)) return [name, false];
    throw new RowError(`Unknown value '${value}' for boolean field '${label}'`, name);
  }
  return [name, value];
}

/** Maps a database error on one row to the message Odoo's user would read. */
function rowFailure(error: unknown): RowError {
  const pgError = error as { code?: string; constraint?: string; detail?: string };
  if (pgError.code === '23505' && pgError.constraint === 'product_product_barcode_company') {
    return new RowError(
      `Barcode(s) already assigned:\n\n- ${pgError.detail ?? ''}`.trim(),
      'barcode',
    );
  }
  const odoo = error instanceof OdooError ? error : toOdooError(error);
  return new RowError(odoo.message);
}

/** A row's values by field (converted as the import screen does), and its external id if any. */
async function rowValues(
  env: Env,
  model: ModelDef,
  paths: string[],
  row: unknown[],
  format: NumberFormat,
): Promise<{ vals: Vals; xmlid?: string }> {
  const vals: Vals = {};
  let xmlid: string | undefined;
  for (const [column, path] of paths.entries()) {
    const raw = String(row[column] ?? '');
    if (path === 'id') {
      xmlid = raw.trim() || undefined;
      continue;
    }
    if (path === '.id') continue;
    const [name, value] = await convert(env, model, path, raw, format);
    vals[name] = value;
  }
  for (const [name, field] of Object.entries(fieldsOf(model, env.version))) {
    if (field.required && !(name in vals))
      throw new RowError(
        `Missing required value for the field '${labelOf(name, field)}' (${name})`,
        name,
      );
  }
  return { vals, xmlid };
}

/** Updates the record an external id already names, or creates one (and names it). */
async function saveRow(
  env: Env,
  loading: Env,
  model: ModelDef,
  vals: Vals,
  xmlid: string | undefined,
): Promise<number> {
  const existing = xmlid ? await xmlidTarget(loading, xmlid, model.name) : undefined;
  if (existing !== undefined) {
    await orm.write(loading, model, [existing], vals);
    return existing;
  }
  const id = await (model.createRecord ?? ((e: Env, v: Vals) => orm.create(e, model, v)))(
    loading,
    vals,
  );
  if (xmlid) {
    const [module, name] = xmlid.includes('.') ? xmlid.split(/\.(.*)/s) : ['__import__', xmlid];
    await env.db.query(
      'INSERT INTO ir_model_data (module, name, model, res_id) VALUES ($1, $2, $3, $4)',
      [module, name, model.name, id],
    );
  }
  return id;
}

export async function load(
  env: Env,
  model: ModelDef,
  fields: unknown,
  data: unknown,
  format: NumberFormat = { thousands: ',', decimal: '.' },
): Promise<LoadResult> {
  if (!Array.isArray(fields) || !Array.isArray(data))
    throw new OdooError(
      'builtins.TypeError',
      'load() expects a list of field names and a list of rows',
    );
  const paths = fields.map(String);
  // Models load in their own context (`_load_records_create`; quants in inventory mode).
  const loading: Env = { ...env, context: { ...env.context, ...model.loadContext } };
  const messages: ImportMessage[] = [];
  const ids: number[] = [];
  await env.db.query('SAVEPOINT model_load');
  for (const [index, row] of data.entries()) {
    if (!Array.isArray(row)) continue;
    await env.db.query('SAVEPOINT model_load_save');
    try {
      const { vals, xmlid } = await rowValues(env, model, paths, row, format);
      ids.push(await saveRow(env, loading, model, vals, xmlid));
      await env.db.query('RELEASE SAVEPOINT model_load_save');
    } catch (error) {
      await env.db.query('ROLLBACK TO SAVEPOINT model_load_save');
      const failure = error instanceof RowError ? error : rowFailure(error);
      const field = failure.field ? fieldsOf(model, env.version)[failure.field] : undefined;
      messages.push({
        rows: { from: index, to: index },
        type: 'error',
        record: index,
        ...(failure.field ? { field: failure.field } : {}),
        message: failure.message,
        ...(field ? { field_name: labelOf(failure.field!, field) } : {}),
      });
    }
  }
  if (messages.some((message) => message.type === 'error')) {
    await env.db.query('ROLLBACK TO SAVEPOINT model_load');
    return { ids: false, messages, nextrow: 0 };
  }
  await env.db.query('RELEASE SAVEPOINT model_load');
  return { ids, messages, nextrow: 0 };
}
