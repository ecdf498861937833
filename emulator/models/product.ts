/** product.product: what orders sell and scanners look up by barcode (odoo-rpc.md §7.6). */
import type { ModelDef } from '../orm/model.ts';

export const productModels: ModelDef[] = [
  {
    name: 'product.product',
    description: 'Product Variant',
    table: 'product_product',
    order: 'default_code, name, id',
    // Odoo shows "[REF] Name" when the product has an internal reference.
    displayName: (t) => `CASE WHEN ${t}.default_code IS NOT NULL THEN '[' || ${t}.default_code || '] ' || ${t}.name ELSE ${t}.name END`,
    companyField: 'company_id',
    fields: {
      name: { type: 'char', required: true },
      default_code: { type: 'char', label: 'Internal Reference' },
      barcode: { type: 'char' },
      list_price: { type: 'float', label: 'Sales Price' },
      lst_price: { type: 'float', sql: (t) => `${t}.list_price` },
      // 16/17: 'product' means storable. 18 folded it into 'consu' + is_storable (odoo-rpc.md §7.1).
      type: {
        type: 'selection',
        default: () => 'product',
        byVersion: {
          18: { sql: (t) => `CASE WHEN ${t}.type = 'product' THEN 'consu' ELSE ${t}.type END`, writesColumn: true },
          19: { sql: (t) => `CASE WHEN ${t}.type = 'product' THEN 'consu' ELSE ${t}.type END`, writesColumn: true },
        },
      },
      is_storable: { type: 'boolean', versions: [18, 19], sql: (t) => `(${t}.type = 'product')` },
      sale_ok: { type: 'boolean', default: () => true },
      tracking: { type: 'selection', default: () => 'none' },
      uom_id: { type: 'many2one', relation: 'uom.uom', default: () => 1 },
      company_id: { type: 'many2one', relation: 'res.company', default: () => false },
      active: { type: 'boolean', default: () => true },
      qty_available: {
        type: 'float',
        sql: (t) => `(SELECT coalesce(sum(q.quantity), 0) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id WHERE q.product_id = ${t}.id AND l.usage = 'internal')`,
      },
    },
    beforeCreate: async (env, vals) => {
      // 18+: a storable product is created as type 'consu' with is_storable.
      if (env.version >= 18) {
        const storable = vals.is_storable === true || (vals.is_storable === undefined && (vals.type === undefined || vals.type === 'product'));
        if ((vals.type ?? 'consu') === 'consu') vals.type = storable ? 'product' : 'consu';
      }
      delete vals.is_storable;
    },
  },
];
