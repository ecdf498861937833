/**
 * `call_kw` dispatch (odoo-rpc.md §2.1–2.3): binds positional args and kwargs to a method's
 * parameters the way Python would, then runs the generic ORM method or the model's own.
 */
import { accessError, attributeError, typeError } from '../errors.ts';
import { load } from './load.ts';
import type { Env, MethodCall, ModelDef, Registry, Vals } from './model.ts';
import { readGroup } from './read-group.ts';
import * as orm from './records.ts';

/** Python-style binding: positional args fill `names` in order, kwargs by name, unknown names fail. */
export function bindArguments(
  method: string,
  names: string[],
  args: unknown[],
  kwargs: Record<string, unknown>,
): Record<string, unknown> {
  if (args.length > names.length) {
    throw typeError(
      `${method}() takes ${names.length + 1} positional arguments but ${args.length + 1} were given`,
    );
  }
  const bound: Record<string, unknown> = {};
  args.forEach((value, index) => {
    bound[names[index]!] = value;
  });
  for (const [name, value] of Object.entries(kwargs)) {
    if (!names.includes(name))
      throw typeError(`${method}() got an unexpected keyword argument '${name}'`);
    if (name in bound) throw typeError(`${method}() got multiple values for argument '${name}'`);
    bound[name] = value;
  }
  return bound;
}

const asIds = (value: unknown): number[] =>
  Array.isArray(value) ? value.map(Number) : typeof value === 'number' ? [value] : [];

type Generic = {
  kind: 'model' | 'record';
  params: string[];
  run: (env: Env, model: ModelDef, ids: number[], a: Record<string, unknown>) => Promise<unknown>;
};

/** The ORM methods every model answers. */
const GENERIC: Record<string, Generic> = {
  search: {
    kind: 'model',
    params: ['domain', 'offset', 'limit', 'order', 'count'],
    run: async (env, model, _ids, a) =>
      a.count ? orm.searchCount(env, model, a.domain) : orm.search(env, model, a),
  },
  search_read: {
    kind: 'model',
    params: ['domain', 'fields', 'offset', 'limit', 'order'],
    run: (env, model, _ids, a) => orm.searchRead(env, model, a),
  },
  search_count: {
    kind: 'model',
    params: ['domain', 'limit'],
    run: (env, model, _ids, a) => orm.searchCount(env, model, a.domain),
  },
  read: {
    kind: 'record',
    params: ['fields', 'load'],
    run: (env, model, ids, a) => orm.read(env, model, ids, a.fields),
  },
  create: {
    kind: 'model',
    params: ['vals_list'],
    // model_create_multi: a dict gives an id, a list of dicts gives a list of ids (odoo-rpc.md §2.3).
    run: async (env, model, _ids, a) => {
      if (Array.isArray(a.vals_list)) {
        const ids: number[] = [];
        for (const vals of a.vals_list) ids.push(await orm.create(env, model, vals as Vals));
        return ids;
      }
      return orm.create(env, model, (a.vals_list ?? {}) as Vals);
    },
  },
  write: {
    kind: 'record',
    params: ['vals'],
    run: (env, model, ids, a) => orm.write(env, model, ids, (a.vals ?? {}) as Vals),
  },
  unlink: { kind: 'record', params: [], run: (env, model, ids) => orm.unlink(env, model, ids) },
  read_group: {
    kind: 'model',
    params: ['domain', 'fields', 'groupby', 'offset', 'limit', 'orderby', 'lazy'],
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
    params: [
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
    ],
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
    params: ['fields', 'data'],
    run: (env, model, _ids, a) => load(env, model, a.fields, a.data),
  },
  name_search: {
    kind: 'model',
    params: ['name', 'args', 'operator', 'limit'],
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
  modelName: string,
  method: string,
): 'record' | 'model' | undefined {
  const model = registry.get(modelName);
  if (!model || method.startsWith('_')) return undefined;
  return model.methods?.[method]?.kind ?? GENERIC[method]?.kind;
}

/** Runs `model.method` with call_kw's args and kwargs (the context already removed from kwargs). */
export async function callMethod(
  env: Env,
  modelName: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
): Promise<unknown> {
  const model = orm.modelOf(env, modelName);
  if (method.startsWith('_')) {
    throw accessError(
      `Private methods (such as '${model.name}.${method}') cannot be called remotely.`,
    );
  }
  const own = model.methods?.[method];
  const generic = GENERIC[method];
  if (!own && !generic) throw attributeError(model.name, method);
  const kind = own?.kind ?? generic!.kind;
  const ids = kind === 'record' ? asIds(args[0]) : [];
  const rest = kind === 'record' ? args.slice(1) : args;
  if (own) {
    const call: MethodCall = { ids, args: rest, kwargs };
    if (kind === 'record') await orm.checkAccess(env, model, ids, 'write');
    return own.run(env, call);
  }
  return generic!.run(env, model, ids, bindArguments(method, generic!.params, rest, kwargs));
}
