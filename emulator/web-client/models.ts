/**
 * What the web client calls beyond the generic web methods: product templates (one variant each in
 * the emulator, so a template shares its product's id), the html editor's colour picker, the user's
 * groups and activities, and access checks before edit buttons are shown.
 */
import { OdooError, typeError } from '../errors.ts';
import type { Env, MethodDef, ModelDef } from '../orm/model.ts';

/** Users of the emulator's "Settings" group: only admin configures operation types and journals. */
const CONFIGURATION = new Set(['stock.picking.type', 'account.journal', 'res.company']);
export const mayWrite = (env: Env, model: string) => env.uid === 2 || !CONFIGURATION.has(model);

const productDisplay = (t: string) =>
  `CASE WHEN ${t}.default_code IS NOT NULL THEN '[' || ${t}.default_code || '] ' || ${t}.name ELSE ${t}.name END`;

const singleVariant: MethodDef = {
  kind: 'record',
  run: async (env, call) => {
    const { rows } = await env.db.query<{ id: number; name: string }>(
      `SELECT id, ${productDisplay('p')} AS name FROM product_product p WHERE p.id = $1`,
      [call.ids[0]],
    );
    const product = rows[0];
    return {
      product_id: product?.id ?? false,
      product_name: product?.name ?? false,
      has_optional_products: false,
      ...(env.version >= 18 ? { is_combo: false } : {}),
    };
  },
};

/** 17: `has_group(group)` on the model; 18: on the user record, `[uid, group]`. */
const hasGroup: MethodDef = {
  kind: 'model',
  run: async (env, call) => {
    const group = env.version >= 18 ? call.args[1] : call.args[0];
    if (env.version >= 18 && call.args.length < 2 && call.kwargs.group_ext_id === undefined)
      throw typeError("Users.has_group() missing 1 required positional argument: 'group_ext_id'");
    return typeof group === 'string' && (env.uid === 2 || !group.includes('system'));
  },
};

export const webClientModels: ModelDef[] = [
  {
    name: 'product.template',
    description: 'Product',
    table: 'product_product',
    order: 'default_code, name, id',
    displayName: productDisplay,
    companyField: 'company_id',
    fields: {
      name: { type: 'char', required: true },
      default_code: { type: 'char' },
      sale_ok: { type: 'boolean' },
      list_price: { type: 'float' },
      company_id: { type: 'many2one', relation: 'res.company' },
      active: { type: 'boolean' },
      product_variant_count: { type: 'integer', sql: () => '1', label: '# Product Variants' },
      // The emulator's products have no attributes: one variant each, nothing to configure.
      has_configurable_attributes: {
        type: 'boolean',
        sql: () => 'false',
        label: 'Is a configurable product',
      },
    },
    methods: { get_single_product_variant: singleVariant },
  },
  {
    name: 'ir.ui.view',
    description: 'View',
    table: 'ir_model',
    order: 'id',
    displayName: (t) => `${t}.model`,
    fields: {},
    methods: {
      render_public_asset: {
        kind: 'model',
        run: async (_env, call) =>
          `\n    <colorpicker data-template="${String(call.args[0])}">…</colorpicker>\n`,
      },
    },
  },
];

/** Methods the web client calls on users (merged into res.users). */
export const userMethods: Record<string, MethodDef> = {
  has_group: hasGroup,
  systray_get_activities: { kind: 'model', run: async () => [] },
};

/** `check_access_rights(operation, raise_exception=True)` (17, 18); `has_access(operation)` (18). */
export function accessCheck(
  env: Env,
  model: string,
  method: string,
  operation: unknown,
  raise: unknown,
) {
  if (method === 'has_access' && env.version < 18)
    throw new OdooError(
      'builtins.AttributeError',
      `The method 'has_access' does not exist on the model '${model}'`,
    );
  const allowed = operation !== 'write' || mayWrite(env, model);
  if (!allowed && raise !== false && method === 'check_access_rights')
    throw new OdooError(
      'odoo.exceptions.AccessError',
      `You are not allowed to modify '${model}' records.`,
    );
  return allowed;
}
