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
      name: { type: 'char' },
      default_code: { type: 'char' },
      barcode: { type: 'char' },
      list_price: { type: 'float' },
      lst_price: { type: 'float', sql: (t) => `${t}.list_price` },
      type: { type: 'selection', default: () => 'product' },
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
  },
];
