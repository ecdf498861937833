/**
 * `call_kw` dispatch (odoo/api.py `call_kw`, docs/odoo-protocol.md §2.1–2.3): binds positional args and
 * kwargs to a method's parameters the way Python does, then runs the generic ORM method or the
 * model's own, with Odoo's strictness:
 * - a record method takes its ids from `args[0]`; with no args Python raises IndexError;
 * - `create` reads `args[0]` after creating, to answer an id (dict) or ids (list), so values passed
 *   by keyword fail with IndexError ("list index out of range" from call_kw, "tuple index out of
 *   range" from the external API, whose args arrive as a tuple);
 * - JSON-2 (19) calls the method itself with named parameters and answers recordsets as id lists.
 */
import { accessError, attributeError, OdooError, typeError } from '../errors.ts';
import { fieldsGet } from './fields-get.ts';
import { load } from './load.ts';
import {
  baseSignature,
  type Env,
  type GenericMethods,
  type MethodCall,
  type ModelDef,
  optional,
  type Registry,
  type Signature,
  type Vals,
} from './model.ts';
import { readGroup } from './read-group.ts';
import * as orm from './records.ts';

/** How the call arrived: the web client's call_kw, execute_kw over /jsonrpc or XML-RPC, or JSON-2. */
export type CallStyle = 'call_kw' | 'execute_kw' | 'json2';

const indexError = (style: CallStyle) =>
  new OdooError(
    'builtins.IndexError',
    `${style === 'call_kw' ? 'list' : 'tuple'} index out of range`,
  );

/** Python's own messages for a call that does not fit the signature (counts include `self`). */
export function bindArguments(
  method: string,
  signature: Signature,
  args: unknown[],
  kwargs: Record<string, unknown>,
): Record<string, unknown> {
  const { params } = signature;
  const qualified = `${signature.owner}.${method}()`;
  const required = params.filter((param) => param.required).length;
  if (args.length > params.length) {
    const takes =
      required === params.length
        ? `${params.length + 1}`
        : `from ${required + 1} to ${params.length + 1}`;
    throw typeError(
      `${qualified} takes ${takes} positional arguments but ${args.length + 1} were given`,
    );
  }
  const bound: Record<string, unknown> = {};
  args.forEach((value, index) => {
    bound[params[index]!.name] = value;
  });
  for (const [name, value] of Object.entries(kwargs)) {
    const known = params.some((param) => param.name === name);
    if (!known && !signature.forwarded?.includes(name)) {
      const receiver = signature.forwardsTo ?? qualified;
      throw typeError(`${receiver} got an unexpected keyword argument '${name}'`);
    }
    if (name in bound) throw typeError(`${qualified} got multiple values for argument '${name}'`);
    bound[name] = value;
  }
  const missing = params.filter((param) => param.required && !(param.name in bound));
  if (missing.length > 0) {
    const names = missing.map((param) => `'${param.name}'`).join(' and ');
    const count =
      missing.length === 1
        ? '1 required positional argument'
        : `${missing.length} required positional arguments`;
    throw typeError(`${qualified} missing ${count}: ${names}`);
  }
  return bound;
}

const asIds = (value: unknown): number[] =>
  Array.isArray(value) ? value.map(Number) : typeof value === 'number' ? [value] : [];

/** The ORM methods every model answers (`create` is dispatched on its own, below). */
export const ORM_METHODS: GenericMethods = {
  search: {
    kind: 'model',
    signature: baseSignature(optional('domain', 'offset', 'limit', 'order')),
    run: (env, model, _ids, a) => orm.search(env, model, a),
  },
  search_read: {
    kind: 'model',
    // 17+ hand **read_kwargs to _read_format (16: to read), which takes only `load`.
    signature: baseSignature(optional('domain', 'fields', 'offset', 'limit', 'order'), {
      forwarded: ['load'],
    }),
    run: (env, model, _ids, a) => orm.searchRead(env, model, a),
  },
  search_count: {
    kind: 'model',
    signature: baseSignature(optional('domain', 'limit')),
    run: (env, model, _ids, a) => orm.searchCount(env, model, a.domain),
  },
  read: {
    kind: 'record',
    signature: baseSignature(optional('fields', 'load')),
    run: (env, model, ids, a) => orm.read(env, model, ids, a.fields),
  },
  write: {
    kind: 'record',
    signature: baseSignature([{ name: 'vals', required: true }]),
    run: (env, model, ids, a) => orm.write(env, model, ids, a.vals as Vals),
  },
  unlink: {
    kind: 'record',
    signature: baseSignature([]),
    run: (env, model, ids) => orm.unlink(env, model, ids),
  },
  fields_get: {
    kind: 'model',
    signature: baseSignature(optional('allfields', 'attributes')),
    run: async (env, model, _ids, a) => fieldsGet(env, model, a.allfields, a.attributes),
  },
  read_group: {
    kind: 'model',
    signature: baseSignature([
      { name: 'domain', required: true },
      { name: 'fields', required: true },
      { name: 'groupby', required: true },
      ...optional('offset', 'limit', 'orderby', 'lazy'),
    ]),
    run: (env, model, _ids, a) =>
      readGroup(
        env,
        model,
        a,
        (params) => `${orm.ruleSql(env, model, params)} AND ${orm.activeSql(env, model, a.domain)}`,
      ),
  },
  web_read_group: {
    kind: 'model',
    signature: baseSignature(
      optional(
        'domain',
        'fields',
        'groupby',
        'limit',
        'offset',
        'orderby',
        'lazy',
        'expand',
        'expand_limit',
        'expand_orderby',
      ),
    ),
    run: async (env, model, _ids, a) => {
      const groups = await readGroup(env, model, a, (params) => orm.ruleSql(env, model, params));
      const all = a.limit
        ? await readGroup(env, model, { ...a, limit: undefined, offset: undefined }, (params) =>
            orm.ruleSql(env, model, params),
          )
        : groups;
      return { groups, length: all.length };
    },
  },
  load: {
    kind: 'model',
    signature: baseSignature([
      { name: 'fields', required: true },
      { name: 'data', required: true },
    ]),
    run: (env, model, _ids, a) => load(env, model, a.fields, a.data),
  },
  name_search: {
    kind: 'model',
    signature: baseSignature(optional('name', 'args', 'operator', 'limit')),
    run: (env, model, _ids, a) =>
      orm.nameSearch(
        env,
        model,
        String(a.name ?? ''),
        a.args,
        String(a.operator ?? 'ilike'),
        Number(a.limit ?? 100),
      ),
  },
};

/** Whether `model.method` takes ids (`record`), not (`model`), or does not exist. */
export function methodKind(
  registry: Registry,
  methods: GenericMethods,
  modelName: string,
  method: string,
): 'record' | 'model' | undefined {
  const model = registry.get(modelName);
  if (!model || method.startsWith('_')) return undefined;
  if (method === 'create') return 'model';
  return model.methods?.[method]?.kind ?? methods[method]?.kind;
}

const isMapping = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `create` as `_call_kw_model_create` runs it: create, then answer by the shape of args[0]. */
async function create(
  env: Env,
  model: ModelDef,
  args: unknown[],
  kwargs: Record<string, unknown>,
  style: CallStyle,
): Promise<number | number[]> {
  const { vals_list: valsList } = bindArguments(
    'create',
    { owner: 'BaseModel', params: [{ name: 'vals_list', required: true }] },
    args,
    kwargs,
  );
  const list = isMapping(valsList)
    ? [valsList as Vals]
    : Array.isArray(valsList)
      ? (valsList as Vals[])
      : [];
  if (!isMapping(valsList) && !Array.isArray(valsList)) {
    throw new OdooError(
      'builtins.TypeError',
      `create() expects a dict or a list of dicts, got ${JSON.stringify(valsList)}`,
    );
  }
  const createRecord = model.createRecord ?? ((e: Env, vals: Vals) => orm.create(e, model, vals));
  const ids: number[] = [];
  for (const vals of list) ids.push(await createRecord(env, vals));
  if (style === 'json2') return ids;
  // The records exist at this point; the IndexError rolls the whole request back.
  if (args.length === 0) throw indexError(style);
  return isMapping(args[0]) ? ids[0]! : ids;
}

/** Runs `model.method` with call_kw's args and kwargs (the context already removed from kwargs). */
export async function callMethod(
  env: Env,
  modelName: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
  style: CallStyle = 'call_kw',
): Promise<unknown> {
  const model = orm.modelOf(env, modelName);
  if (method.startsWith('_')) {
    throw accessError(`Private methods (such as ${method}) cannot be called remotely.`);
  }
  if (method === 'create') return create(env, model, args, kwargs, style);
  const own = model.methods?.[method];
  const generic = env.methods[method];
  if (!own && !generic) throw attributeError(model.name, method);
  const kind = own?.kind ?? generic!.kind;
  // _call_kw_multi: `ids, args = args[0], args[1:]`.
  if (kind === 'record' && args.length === 0 && style !== 'json2') throw indexError(style);
  const ids = kind === 'record' ? asIds(args[0]) : [];
  const rest = kind === 'record' ? args.slice(1) : args;
  if (own) {
    const call: MethodCall = { ids, args: rest, kwargs };
    if (kind === 'record') await orm.checkAccess(env, model, ids, 'write');
    return own.run(env, call);
  }
  const signature =
    method === 'search_read'
      ? {
          ...generic!.signature,
          forwardsTo: env.version === 16 ? 'BaseModel.read()' : 'BaseModel._read_format()',
        }
      : generic!.signature;
  return generic!.run(env, model, ids, bindArguments(method, signature, rest, kwargs));
}
