/**
 * `fields_get`: each field described with the attributes Odoo 17's `Field.get_description` gives it
 * (the base set for every field, plus `translate`/`trim` for char, `group_operator` for numbers,
 * `selection`, and `context`/`domain`/`relation`[/`relation_field`] for relational fields), filtered
 * by `allfields` and `attributes` as Odoo filters them. Clients such as odoorpc call it.
 */
import { type Env, type FieldDef, fieldsOf, isStored, type ModelDef } from './model.ts';

type Description = Record<string, unknown>;

/** "partner_id" → "Partner", as Odoo derives a label from a field name. */
const labelOf = (name: string) =>
  name
    .replace(/_ids?$/, '')
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');

function describe(name: string, field: FieldDef, model: ModelDef): Description {
  const stored = !field.computed && isStored(field);
  const description: Description = {
    change_default: false,
    company_dependent: false,
    default_export_compatible: name === 'name' || field.required === true,
    depends: field.depends ?? [],
    exportable: true,
    manual: false,
    name,
    readonly: field.readonly === true || (field.sql !== undefined && !field.writesColumn),
    required: field.required === true,
    searchable: true,
    sortable: stored && field.type !== 'one2many' && field.type !== 'many2many',
    store: field.computed
      ? false
      : stored || field.type === 'one2many' || field.type === 'many2many',
    string: field.label ?? labelOf(name),
    type: field.type,
  };
  if (field.help) description.help = field.help;
  if (field.groups) description.groups = field.groups;
  if (field.type === 'char') Object.assign(description, { translate: false, trim: true });
  if (field.type === 'integer' || field.type === 'float') description.group_operator = 'sum';
  if (field.type === 'selection') description.selection = field.selection ?? [];
  if (field.type === 'many2one' || field.type === 'many2many' || field.type === 'one2many') {
    Object.assign(description, {
      context: {},
      domain: field.domain ?? [],
      relation: field.relation,
    });
  }
  if (field.type === 'one2many') description.relation_field = field.inverse;
  if (model.name && name === 'id') Object.assign(description, { readonly: true, string: 'ID' });
  return description;
}

const ID_FIELD: FieldDef = { type: 'integer', readonly: true, label: 'ID' };
const DISPLAY_NAME: FieldDef = {
  type: 'char',
  readonly: true,
  computed: true,
  label: 'Display Name',
};

export function fieldsGet(
  env: Env,
  model: ModelDef,
  allfields: unknown,
  attributes: unknown,
): Record<string, Description> {
  const fields: Record<string, FieldDef> = {
    ...fieldsOf(model, env.version),
    id: ID_FIELD,
    display_name: DISPLAY_NAME,
  };
  const wanted =
    Array.isArray(allfields) && allfields.length > 0 ? allfields.map(String) : Object.keys(fields);
  const keep =
    Array.isArray(attributes) && attributes.length > 0
      ? new Set(attributes.map(String))
      : undefined;
  const result: Record<string, Description> = {};
  for (const name of wanted) {
    const field = fields[name];
    if (!field) continue;
    const description = describe(name, field, model);
    result[name] = keep
      ? Object.fromEntries(Object.entries(description).filter(([key]) => keep.has(key)))
      : description;
  }
  return result;
}
