/**
 * The fields the web client's specifications name, as the real Odoo of each version declares them
 * (emulator/web-client/fields-<version>.json, captured by scripts/capture-web-fields.ts): with the fields the
 * emulator's own models store, they are what a specification may ask for. A field in neither is one
 * Odoo does not have, and the emulator refuses it as Odoo does.
 */
import { OdooError } from '../errors.ts';
import { type Env, type FieldDef, fieldsOf, type ModelDef } from '../orm/model.ts';
import { readCaptured } from './json.ts';

export interface WebField {
  type: string;
  string?: string;
  relation?: string;
  relation_field?: string;
  readonly?: boolean;
  required?: boolean;
  store?: boolean;
  selection?: [string, string][];
  /** The emulator's own field, when it stores or computes it. */
  orm?: FieldDef;
}

type Captured = { models: Record<string, Record<string, WebField>> };

const captured = new Map<number, Captured>();

/** No web client was recorded for 16 and 19: there, only the emulator's own fields exist. */
function capturedFor(version: number): Captured {
  let fields = captured.get(version);
  if (!fields) {
    fields = readCaptured<Captured>(`fields-${version}.json`, { models: {} });
    captured.set(version, fields);
  }
  return fields;
}

const cache = new Map<string, Record<string, WebField>>();

/** Every field of a model a specification may name in the running version. */
export function webFieldsOf(env: Env, model: string): Record<string, WebField> {
  const key = `${env.version}:${model}`;
  const known = cache.get(key);
  if (known) return known;
  const definition = env.registry.get(model);
  const fields: Record<string, WebField> = {
    id: { type: 'integer', readonly: true, string: 'ID' },
    display_name: { type: 'char', readonly: true, string: 'Display Name' },
    ...capturedFor(env.version).models[model],
  };
  if (definition)
    for (const [name, field] of Object.entries(fieldsOf(definition, env.version)))
      fields[name] = {
        ...fields[name],
        type: fields[name]?.type ?? field.type,
        relation: fields[name]?.relation ?? field.relation,
        string: fields[name]?.string ?? field.label,
        orm: field,
      };
  cache.set(key, fields);
  return fields;
}

export const invalidField = (field: string, model: string) =>
  new OdooError('builtins.ValueError', `Invalid field '${field}' on model '${model}'`);

/** web_read/web_save's check: every field of the specification, at every depth, exists. */
export function checkSpec(env: Env, model: string, spec: unknown): void {
  if (typeof spec !== 'object' || spec === null) return;
  const fields = webFieldsOf(env, model);
  for (const [name, entry] of Object.entries(spec as Record<string, { fields?: unknown }>)) {
    const field = fields[name];
    if (!field) throw invalidField(name, model);
    if (entry?.fields && field.relation) checkSpec(env, field.relation, entry.fields);
  }
}

export const isRelational = (field: WebField) =>
  field.type === 'many2one' || field.type === 'one2many' || field.type === 'many2many';

/** The emulator's model, or undefined when it only knows the model by its fields. */
export const ormModel = (env: Env, model: string): ModelDef | undefined => {
  const definition = env.registry.get(model);
  return definition && (!definition.versions || definition.versions.includes(env.version))
    ? definition
    : undefined;
};
