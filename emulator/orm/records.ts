/** The generic ORM: search, read, create, write and unlink over declarative models, with record rules. */
import { accessError, keyError, missingError, OdooError } from '../errors.ts';
import { pyFloat } from '../python-json.ts';
import { compileDomain, Params } from './domain.ts';
import {
  columnOf,
  type Env,
  type FieldDef,
  fieldsOf,
  isStored,
  type ModelDef,
  type Vals,
} from './model.ts';

const valueError = (message: string) => new OdooError('builtins.ValueError', message);

export function modelOf(env: Env, name: string): ModelDef {
  const model = env.registry.get(name);
  if (!model || (model.versions && !model.versions.includes(env.version))) throw keyError(name);
  return model;
}

/** Multi-company record rule: records of another company are invisible (docs/odoo-protocol.md §2.2). */
export function ruleSql(env: Env, model: ModelDef, params: Params, alias = 't'): string {
  if (env.su || !model.companyField) return 'TRUE';
  const column = `${alias}.${model.companyField}`;
  return `(${column} IS NULL OR ${column} = ANY(${params.add(env.companyIds)}))`;
}

/** Validates an `order` spec ("name desc, id") against the model so it can be put in SQL. */
function orderSql(env: Env, model: ModelDef, order: unknown): string {
  const spec = typeof order === 'string' && order.trim() ? order : model.order;
  const fields = fieldsOf(model, env.version);
  return spec
    .split(',')
    .map((part) => {
      const [name, direction = 'asc', ...extra] = part.trim().split(/\s+/);
      const field = name === 'id' ? undefined : fields[name!];
      if (
        (name !== 'id' && (!field || !isStored(field))) ||
        extra.length > 1 ||
        !/^(asc|desc)$/i.test(direction)
      ) {
        throw valueError(`Invalid "order" specified (${spec}).`);
      }
      return `t.${name === 'id' ? 'id' : columnOf(name!, field!)} ${direction.toUpperCase()}`;
    })
    .join(', ');
}

export interface SearchOptions {
  domain?: unknown;
  offset?: unknown;
  limit?: unknown;
  order?: unknown;
}

/** Archived records stay out of searches unless the domain names `active` or the context says active_test: false. */
export function activeSql(env: Env, model: ModelDef, domain: unknown, alias = 't'): string {
  const mentionsActive =
    Array.isArray(domain) && domain.some((leaf) => Array.isArray(leaf) && leaf[0] === 'active');
  if (!('active' in model.fields) || mentionsActive || env.context.active_test === false)
    return 'TRUE';
  return `${alias}.active IS NOT FALSE`;
}

/** The WHERE, ORDER BY and LIMIT/OFFSET of a search, with its parameters. */
function searchClauses(env: Env, model: ModelDef, options: SearchOptions) {
  const params = new Params();
  const where = `${compileDomain(env, model, options.domain, params)} AND ${ruleSql(env, model, params)} AND ${activeSql(env, model, options.domain)}`;
  const limit =
    typeof options.limit === 'number' && options.limit > 0
      ? ` LIMIT ${Math.floor(options.limit)}`
      : '';
  const offset =
    typeof options.offset === 'number' && options.offset > 0
      ? ` OFFSET ${Math.floor(options.offset)}`
      : '';
  return { where, params, order: orderSql(env, model, options.order), limit: limit + offset };
}

export async function search(env: Env, model: ModelDef, options: SearchOptions): Promise<number[]> {
  const { where, params, order, limit } = searchClauses(env, model, options);
  const { rows } = await env.db.query<{ id: number }>(
    `SELECT t.id FROM ${model.table} t WHERE ${where} ORDER BY ${order}${limit}`,
    params.values,
  );
  return rows.map((row) => row.id);
}

export async function searchCount(env: Env, model: ModelDef, domain: unknown): Promise<number> {
  const { where, params } = searchClauses(env, model, { domain });
  const { rows } = await env.db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM ${model.table} t WHERE ${where}`,
    params.values,
  );
  return rows[0]!.count;
}

/** Field names to read: the given list (validated) or every field of the model. */
function fieldsToRead(env: Env, model: ModelDef, fields: unknown): string[] {
  const known = fieldsOf(model, env.version);
  if (!Array.isArray(fields) || fields.length === 0)
    return ['id', ...Object.keys(known), 'display_name'];
  for (const name of fields) {
    if (name !== 'id' && name !== 'display_name' && !(String(name) in known)) {
      throw valueError(`Invalid field '${String(name)}' on model '${model.name}'`);
    }
  }
  return ['id', ...fields.filter((name) => name !== 'id').map(String)];
}

/** Where rows come from: a list of ids (read, in that order), or a search (search_read) in one query. */
type RowSource =
  | { ids: number[] }
  | { where: string; params: Params; order: string; limit: string };

/** Reads rows already known to be visible in Odoo's read() shape, with one query for the columns. */
async function readRows(
  env: Env,
  model: ModelDef,
  source: RowSource,
  names: string[],
): Promise<Vals[]> {
  if ('ids' in source && source.ids.length === 0) return [];
  const fields = fieldsOf(model, env.version);
  const select: string[] = ['t.id'];
  const relational: [string, FieldDef][] = [];
  for (const name of names) {
    if (name === 'id') continue;
    if (name === 'display_name') {
      select.push(`${model.displayName('t')} AS display_name`);
      continue;
    }
    const field = fields[name]!;
    if (field.sql) {
      select.push(`${field.sql('t')} AS "${name}"`);
    } else if (field.type === 'one2many' || field.type === 'many2many') {
      relational.push([name, field]);
    } else if (field.type === 'many2one') {
      const target = env.registry.get(field.relation!)!;
      select.push(`t.${columnOf(name, field)} AS "${name}"`);
      select.push(
        `(SELECT ${target.displayName('r')} FROM ${target.table} r WHERE r.id = t.${columnOf(name, field)}) AS "${name}__name"`,
      );
    } else {
      select.push(`t.${columnOf(name, field)} AS "${name}"`);
    }
  }
  const { rows } =
    'ids' in source
      ? await env.db.query(
          `SELECT ${select.join(', ')} FROM ${model.table} t WHERE t.id = ANY($1)`,
          [source.ids],
        )
      : await env.db.query(
          `SELECT ${select.join(', ')} FROM ${model.table} t WHERE ${source.where} ORDER BY ${source.order}${source.limit}`,
          source.params.values,
        );
  const records: Vals[] = [];
  for (const row of rows) {
    const record: Vals = { id: row.id };
    for (const name of names) {
      if (name === 'id') continue;
      if (name === 'display_name') {
        record.display_name = row.display_name ?? false;
        continue;
      }
      const field = fields[name]!;
      if (!field.sql && (field.type === 'one2many' || field.type === 'many2many')) continue;
      record[name] = toReadValue(field, row[name], row[`${name}__name`]);
    }
    records.push(record);
  }
  const ids = records.map((record) => record.id as number);
  for (const [name, field] of relational) {
    const lists = await relatedIds(env, field, ids);
    for (const record of records) record[name] = lists.get(record.id as number) ?? [];
  }
  if (!('ids' in source)) return records;
  // read() answers in the order the ids were asked for.
  const byId = new Map(records.map((record) => [record.id as number, record]));
  return source.ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** Odoo's convert_to_read: many2one → [id, name], empty → false, numbers → 0 when empty. */
function toReadValue(field: FieldDef, value: unknown, displayName: unknown): unknown {
  if (field.type === 'many2one')
    return value === null || value === undefined ? false : [value, displayName ?? false];
  if (field.type === 'float') return pyFloat(value as number | null);
  if (value === null || value === undefined) return field.type === 'integer' ? 0 : false;
  return value;
}

async function relatedIds(
  env: Env,
  field: FieldDef,
  ids: number[],
): Promise<Map<number, number[]>> {
  const target = env.registry.get(field.relation!)!;
  const sql =
    field.type === 'one2many'
      ? `SELECT ${columnOf(field.inverse!, target.fields[field.inverse!]!)} AS owner, array_agg(id ORDER BY id) AS ids
           FROM ${target.table} WHERE ${columnOf(field.inverse!, target.fields[field.inverse!]!)} = ANY($1) GROUP BY 1`
      : `SELECT ${field.relColumn} AS owner, array_agg(${field.relOtherColumn} ORDER BY ${field.relOtherColumn}) AS ids
           FROM ${field.relTable} WHERE ${field.relColumn} = ANY($1) GROUP BY 1`;
  const { rows } = await env.db.query<{ owner: number; ids: number[] }>(sql, [ids]);
  return new Map(rows.map((row) => [row.owner, row.ids]));
}

/**
 * Checks that every id exists (MissingError) and is visible under the record rules (AccessError),
 * as `_check_access` / `check_access_rule` do before read, write and unlink.
 */
export async function checkAccess(
  env: Env,
  model: ModelDef,
  ids: number[],
  operation: 'read' | 'write' | 'unlink',
): Promise<number[]> {
  if (ids.length === 0) return [];
  const params = new Params();
  const idsParam = params.add(ids);
  const rule = ruleSql(env, model, params);
  const { rows } = await env.db.query<{ id: number; allowed: boolean }>(
    `SELECT t.id, ${rule} AS allowed FROM ${model.table} t WHERE t.id = ANY(${idsParam})`,
    params.values,
  );
  const found = new Set(rows.map((row) => row.id));
  const missing = ids.filter((id) => !found.has(id));
  // read() skips records that no longer exist (17's _read_format); writes refuse them.
  if (missing.length > 0 && operation !== 'read') throw missingError(model.name, missing, env.uid);
  const forbidden = rows.filter((row) => !row.allowed).map((row) => row.id);
  if (forbidden.length > 0) {
    throw accessError(
      `Due to security restrictions, you are not allowed to ${operation === 'read' ? 'access' : 'modify'} '${model.description}' (${model.name}) records.\n\n` +
        `Records: ${forbidden.map((id) => `${model.name},${id}`).join(', ')}\n\nContact your administrator to request access if necessary.`,
    );
  }
  return ids.filter((id) => found.has(id));
}

export async function read(
  env: Env,
  model: ModelDef,
  ids: number[],
  fields: unknown,
): Promise<Vals[]> {
  const existing = await checkAccess(env, model, [...new Set(ids)], 'read');
  return readRows(env, model, { ids: existing }, fieldsToRead(env, model, fields));
}

export async function searchRead(
  env: Env,
  model: ModelDef,
  options: SearchOptions & { fields?: unknown },
): Promise<Vals[]> {
  // One query, as Odoo's search_read does after its search: ids, columns and display names together.
  return readRows(
    env,
    model,
    searchClauses(env, model, options),
    fieldsToRead(env, model, options.fields),
  );
}

/** Splits create/write values into stored columns and relational commands, checking every name. */
function splitVals(env: Env, model: ModelDef, vals: Vals) {
  const fields = fieldsOf(model, env.version);
  const columns: Record<string, unknown> = {};
  const commands: [string, FieldDef, unknown][] = [];
  for (const [name, value] of Object.entries(vals)) {
    const field = fields[name];
    if (!field) throw valueError(`Invalid field '${name}' on model '${model.name}'`);
    if ((field.sql && !field.writesColumn) || field.readonly) continue; // Odoo ignores writes to computed, non-inverse fields.
    if (field.type === 'one2many' || field.type === 'many2many')
      commands.push([name, field, value]);
    else
      columns[columnOf(name, field)] = value === false && field.type !== 'boolean' ? null : value;
  }
  return { columns, commands };
}

export async function create(env: Env, model: ModelDef, input: Vals): Promise<number> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw valueError(`create() expects a dict of values, got ${JSON.stringify(input)}`);
  }
  const vals: Vals = { ...input };
  for (const [name, field] of Object.entries(fieldsOf(model, env.version))) {
    // default_get: `default_<field>` in the context first (how wizards receive their records),
    // then the field's own default. Keys naming no stored field are ignored, as Odoo does.
    const fromContext = env.context[`default_${name}`];
    const writable = isStored(field) || field.relTable !== undefined || field.inverse !== undefined;
    if (vals[name] === undefined && fromContext !== undefined && writable) vals[name] = fromContext;
    if (vals[name] === undefined && field.default) vals[name] = field.default(env);
  }
  await model.beforeCreate?.(env, vals);
  if (model.companyField && vals[model.companyField] === undefined)
    vals[model.companyField] = env.companyId;
  const { columns, commands } = splitVals(env, model, vals);
  const names = Object.keys(columns);
  const params = new Params();
  const placeholders = names.map((name) => params.add(columns[name]));
  const { rows } = await env.db.query<{ id: number }>(
    names.length
      ? `INSERT INTO ${model.table} (${names.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING id`
      : `INSERT INTO ${model.table} DEFAULT VALUES RETURNING id`,
    params.values,
  );
  const id = rows[0]!.id;
  for (const [, field, value] of commands) await applyCommands(env, field, id, value);
  await model.afterCreate?.(env, id);
  return id;
}

export async function write(env: Env, model: ModelDef, ids: number[], vals: Vals): Promise<true> {
  await checkAccess(env, model, ids, 'write');
  const { columns, commands } = splitVals(env, model, vals);
  const names = Object.keys(columns);
  if (names.length > 0 && ids.length > 0) {
    const params = new Params();
    const assignments = names.map((name) => `${name} = ${params.add(columns[name])}`);
    await env.db.query(
      `UPDATE ${model.table} SET ${assignments.join(', ')} WHERE id = ANY(${params.add(ids)})`,
      params.values,
    );
  }
  for (const id of ids)
    for (const [, field, value] of commands) await applyCommands(env, field, id, value);
  return true;
}

export async function unlink(env: Env, model: ModelDef, ids: number[]): Promise<true> {
  await checkAccess(env, model, ids, 'unlink');
  await model.beforeUnlink?.(env, ids);
  await env.db.query(`DELETE FROM ${model.table} WHERE id = ANY($1)`, [ids]);
  return true;
}

/** x2many commands (docs/odoo-protocol.md §7.1): [0,0,vals] create, [1,id,vals] update, [2,id] delete, [3,id] unlink, [4,id] link, [5] clear, [6,0,ids] set. */
async function applyCommands(
  env: Env,
  field: FieldDef,
  ownerId: number,
  value: unknown,
): Promise<void> {
  if (!Array.isArray(value)) throw valueError(`Invalid x2many commands: ${JSON.stringify(value)}`);
  const target = modelOf(env, field.relation!);
  // A plain list of ids (a `default_<field>` from the context, say) means "set exactly these".
  const commands = value.every((item) => typeof item === 'number') ? [[6, 0, value]] : value;
  for (const command of commands) {
    if (!Array.isArray(command))
      throw valueError(`Invalid x2many command: ${JSON.stringify(command)}`);
    const [code, id, vals] = command as [number, number, unknown];
    if (field.type === 'one2many') {
      if (code === 0) await create(env, target, { ...(vals as Vals), [field.inverse!]: ownerId });
      else if (code === 1) await write(env, target, [id], vals as Vals);
      else if (code === 2 || code === 3) await unlink(env, target, [id]);
      else if (code === 4) await write(env, target, [id], { [field.inverse!]: ownerId });
      else throw valueError(`Unsupported one2many command ${code}`);
      continue;
    }
    const relation = `${field.relTable} (${field.relColumn}, ${field.relOtherColumn})`;
    if (code === 4)
      await env.db.query(`INSERT INTO ${relation} VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        ownerId,
        id,
      ]);
    else if (code === 3)
      await env.db.query(
        `DELETE FROM ${field.relTable} WHERE ${field.relColumn} = $1 AND ${field.relOtherColumn} = $2`,
        [ownerId, id],
      );
    else if (code === 5 || code === 6) {
      await env.db.query(`DELETE FROM ${field.relTable} WHERE ${field.relColumn} = $1`, [ownerId]);
      if (code === 6)
        await env.db.query(`INSERT INTO ${relation} SELECT $1, unnest($2::int[])`, [ownerId, vals]);
    } else throw valueError(`Unsupported many2many command ${code}`);
  }
}

export async function nameSearch(
  env: Env,
  model: ModelDef,
  name: string,
  domain: unknown,
  operator: string,
  limit: number,
) {
  const fullDomain = [
    ...(Array.isArray(domain) ? domain : []),
    ...(name ? [['display_name', operator, name]] : []),
  ];
  const rows = await readRows(
    env,
    model,
    searchClauses(env, model, { domain: fullDomain, limit }),
    ['id', 'display_name'],
  );
  return rows.map((row) => [row.id, row.display_name]);
}
