/** Declarative model definitions: the subset of Odoo's fields and methods the emulator serves. */
import type pg from 'pg';

export type OdooVersion = 16 | 17 | 18 | 19;

/** What every ORM call runs with: one transaction, one user, one company scope (docs/odoo-protocol.md §2.2). */
export interface Env {
  db: pg.PoolClient;
  uid: number;
  /** `env.company`: the first of `allowed_company_ids`. */
  companyId: number;
  /** `env.companies`: all of `allowed_company_ids`. */
  companyIds: number[];
  context: Record<string, unknown>;
  version: OdooVersion;
  registry: Registry;
  /** Bypasses record rules, as `sudo()` does for internal steps (procurement, numbering). */
  su: boolean;
  /** Process-wide counters the stats endpoint shows (e.g. sequence conflicts resolved in savepoints). */
  counters: Record<string, number>;
  /** The methods every model answers: the ORM's, and the web client's where it is served. */
  methods: GenericMethods;
}

/** A parameter of a Python signature. */
export interface Param {
  name: string;
  required?: boolean;
}

/** A Python signature: `owner` is the class in TypeError messages (`BaseModel.search()`). */
export interface Signature {
  owner: string;
  params: Param[];
  /** `**kwargs` forwarded to another method, named in the error for an unknown keyword. */
  forwardsTo?: string;
  forwarded?: string[];
}

/** A method every model answers (BaseModel's), with its signature and what it runs. */
export interface GenericMethod {
  kind: 'model' | 'record';
  signature: Signature;
  run: (env: Env, model: ModelDef, ids: number[], a: Record<string, unknown>) => Promise<unknown>;
}

export type GenericMethods = Record<string, GenericMethod>;

export const optional = (...names: string[]): Param[] => names.map((name) => ({ name }));

/** BaseModel's signature of a generic method. */
export const baseSignature = (params: Param[], extra: Partial<Signature> = {}): Signature => ({
  owner: 'BaseModel',
  params,
  ...extra,
});

export type FieldType =
  | 'integer'
  | 'float'
  | 'char'
  | 'boolean'
  | 'selection'
  | 'date'
  | 'datetime'
  | 'many2one'
  | 'one2many'
  | 'many2many';

export interface FieldDef {
  type: FieldType;
  /** Target model of relational fields. */
  relation?: string;
  /** one2many: the many2one field on the target that points back. */
  inverse?: string;
  /** many2many: relation table and its two columns (this side, other side). */
  relTable?: string;
  relColumn?: string;
  relOtherColumn?: string;
  /** Column name when it differs from the field name. */
  column?: string;
  /** Field read through SQL over the row alias `t`; read-only unless `writesColumn`. */
  sql?: (alias: string) => string;
  /** A field read through `sql` whose writes still go to its column (a version's reinterpretation). */
  writesColumn?: boolean;
  readonly?: boolean;
  /** Label used in messages and fields_get (Odoo's `string`), e.g. "Internal Reference". */
  label?: string;
  /** fields_get extras, as Odoo declares them on the field. */
  help?: string;
  groups?: string;
  depends?: string[];
  /** Static domain of a relational field (fields_get `domain`). */
  domain?: unknown[];
  /** Values of a selection field. */
  selection?: [string, string][];
  /** A computed field Odoo does not store (fields_get `store: false`). */
  computed?: boolean;
  /** `load` refuses rows without a value (Odoo's `required=True`). */
  required?: boolean;
  /** Value applied on create when the caller gives none. */
  default?: (env: Env) => unknown;
  /** Versions in which the field exists (all when absent), e.g. `qty_done` only in 16. */
  versions?: OdooVersion[];
  /** How the field differs in some versions, e.g. `type` reads 'consu' for storables from 18. */
  byVersion?: Partial<Record<OdooVersion, Partial<FieldDef>>>;
}

/** Arguments of one `call_kw`: ids for record methods, then positional args and kwargs. */
export interface MethodCall {
  ids: number[];
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export interface MethodDef {
  /** `record` methods take ids from args[0]; `model` methods (`@api.model`) do not (docs/odoo-protocol.md §2.2). */
  kind: 'record' | 'model';
  run: (env: Env, call: MethodCall) => Promise<unknown>;
}

export type Vals = Record<string, unknown>;

export interface ModelDef {
  name: string;
  /** Human name used in access error messages, e.g. "Sales Order". */
  description: string;
  table: string;
  fields: Record<string, FieldDef>;
  /** Default `_order`. */
  order: string;
  /** SQL for `display_name` over a row alias. */
  displayName: (alias: string) => string;
  /** Field holding the company, for the multi-company record rule. */
  companyField?: string;
  /** Versions in which the model exists (all when absent). */
  versions?: OdooVersion[];
  methods?: Record<string, MethodDef>;
  /** Context keys `load` adds for this model (`_load_records_create` overrides). */
  loadContext?: Record<string, unknown>;
  /** Creates one record when the generic create is not enough (e.g. move lines reserve stock). */
  createRecord?: (env: Env, vals: Vals) => Promise<number>;
  /** Fills computed values before insert (names from sequences, prices from products, ...). */
  beforeCreate?: (env: Env, vals: Vals) => Promise<void>;
  /** Recomputes stored totals once a record and its lines exist. */
  afterCreate?: (env: Env, id: number) => Promise<void>;
  beforeUnlink?: (env: Env, ids: number[]) => Promise<void>;
}

export type Registry = Map<string, ModelDef>;

const fieldCache = new WeakMap<ModelDef, Map<OdooVersion, Record<string, FieldDef>>>();

/** The fields a model has in the running version (computed once per model and version). */
export function fieldsOf(model: ModelDef, version: OdooVersion): Record<string, FieldDef> {
  let perVersion = fieldCache.get(model);
  if (!perVersion) {
    perVersion = new Map();
    fieldCache.set(model, perVersion);
  }
  const cached = perVersion.get(version);
  if (cached) return cached;
  const visible: Record<string, FieldDef> = {};
  for (const [name, field] of Object.entries(model.fields)) {
    if (!field.versions || field.versions.includes(version))
      visible[name] = { ...field, ...field.byVersion?.[version] };
  }
  perVersion.set(version, visible);
  return visible;
}

export const columnOf = (name: string, field: FieldDef) => field.column ?? name;
export const isStored = (field: FieldDef) =>
  (!field.sql || field.writesColumn === true) &&
  field.type !== 'one2many' &&
  field.type !== 'many2many';
