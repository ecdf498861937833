/** product.product: what orders sell and scanners look up by barcode (docs/odoo-protocol.md §7.6). */
import type { ModelDef } from '../orm/model.ts';

export const productModels: ModelDef[] = [
  {
    name: 'product.product',
    description: 'Product Variant',
    table: 'product_product',
    order: 'default_code, name, id',
    // Odoo shows "[REF] Name" when the product has an internal reference.
    displayName: (t) =>
      `CASE WHEN ${t}.default_code IS NOT NULL THEN '[' || ${t}.default_code || '] ' || ${t}.name ELSE ${t}.name END`,
    companyField: 'company_id',
    fields: {
      name: { type: 'char', required: true },
      default_code: { type: 'char', label: 'Internal Reference' },
      barcode: { type: 'char' },
      // One variant per template: a product's template shares its id (emulator/web-client/models.ts).
      product_tmpl_id: {
        type: 'many2one',
        relation: 'product.template',
        column: 'id',
        readonly: true,
        label: 'Product Template',
      },
      list_price: { type: 'float', label: 'Sales Price' },
      lst_price: { type: 'float', sql: (t) => `${t}.list_price` },
      // 16/17: 'product' means storable. 18 folded it into 'consu' + is_storable (docs/odoo-protocol.md §7.1).
      type: {
        type: 'selection',
        default: () => 'product',
        byVersion: {
          18: {
            sql: (t) => `CASE WHEN ${t}.type = 'product' THEN 'consu' ELSE ${t}.type END`,
            writesColumn: true,
          },
          19: {
            sql: (t) => `CASE WHEN ${t}.type = 'product' THEN 'consu' ELSE ${t}.type END`,
            writesColumn: true,
          },
        },
      },
      is_storable: { type: 'boolean', versions: [18, 19], sql: (t) => `(${t}.type = 'product')` },
      // 16/17's product kind as the form sets it; `type` follows it (product.template _compute_type).
      detailed_type: {
        type: 'selection',
        versions: [16, 17],
        column: 'type',
        sql: (t) => `${t}.type`,
        writesColumn: true,
        label: 'Product Type',
      },
      categ_id: {
        type: 'many2one',
        relation: 'product.category',
        default: () => 1,
        label: 'Product Category',
      },
      standard_price: { type: 'float', label: 'Cost' },
      sale_ok: { type: 'boolean', default: () => true },
      invoice_policy: {
        type: 'selection',
        label: 'Invoicing Policy',
        selection: [
          ['order', 'Ordered quantities'],
          ['delivery', 'Delivered quantities'],
        ],
        default: () => 'order',
      },
      tracking: { type: 'selection', default: () => 'none' },
      uom_id: { type: 'many2one', relation: 'uom.uom', default: () => 1 },
      company_id: { type: 'many2one', relation: 'res.company', default: () => false },
      active: { type: 'boolean', default: () => true },
      qty_available: {
        type: 'float',
        sql: (t) =>
          `(SELECT coalesce(sum(q.quantity), 0) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id WHERE q.product_id = ${t}.id AND l.usage = 'internal')`,
      },
      // On hand that no delivery has reserved (computed in Odoo: read, never searched).
      free_qty: {
        type: 'float',
        label: 'Free To Use Quantity',
        sql: (t) =>
          `(SELECT coalesce(sum(q.quantity - q.reserved_quantity), 0) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id WHERE q.product_id = ${t}.id AND l.usage = 'internal')`,
      },
    },
    beforeCreate: async (env, vals) => {
      // 18+: a storable product is created as type 'consu' with is_storable.
      if (env.version >= 18) {
        const storable =
          vals.is_storable === true ||
          (vals.is_storable === undefined && (vals.type === undefined || vals.type === 'product'));
        if ((vals.type ?? 'consu') === 'consu') vals.type = storable ? 'product' : 'consu';
      }
      delete vals.is_storable;
    },
  },
  {
    name: 'product.pricelist',
    description: 'Pricelist',
    table: 'product_pricelist',
    order: 'id',
    displayName: (t) => `${t}.name`,
    companyField: 'company_id',
    fields: {
      name: { type: 'char', required: true },
      company_id: { type: 'many2one', relation: 'res.company' },
      active: { type: 'boolean', default: () => true },
      item_ids: { type: 'one2many', relation: 'product.pricelist.item', inverse: 'pricelist_id' },
    },
  },
  {
    name: 'product.pricelist.item',
    description: 'Pricelist Rule',
    table: 'product_pricelist_item',
    order: 'min_quantity desc, id',
    displayName: (t) => `(SELECT p.name FROM product_product p WHERE p.id = ${t}.product_id)`,
    companyField: 'company_id',
    fields: {
      pricelist_id: {
        type: 'many2one',
        relation: 'product.pricelist',
        required: true,
        label: 'Pricelist',
      },
      product_id: { type: 'many2one', relation: 'product.product', label: 'Product' },
      applied_on: { type: 'selection', default: () => '0_product_variant' },
      compute_price: { type: 'selection', default: () => 'fixed' },
      min_quantity: { type: 'float', label: 'Min. Quantity' },
      fixed_price: { type: 'float', label: 'Fixed Price' },
      company_id: { type: 'many2one', relation: 'res.company' },
    },
    beforeCreate: async (env, vals) => {
      // Rules belong to their pricelist's company.
      if (vals.pricelist_id && vals.company_id === undefined) {
        const { rows } = await env.db.query(
          'SELECT company_id FROM product_pricelist WHERE id = $1',
          [vals.pricelist_id],
        );
        vals.company_id = rows[0]?.company_id ?? false;
      }
    },
  },
  {
    name: 'product.category',
    description: 'Product Category',
    table: 'product_category',
    order: 'name, id',
    // complete_name: "All / Saleable / Office Furniture", as the parents' names joined.
    displayName: (t) =>
      `(WITH RECURSIVE up(id, parent_id, name, depth) AS (SELECT c.id, c.parent_id, c.name::text, 0 FROM product_category c WHERE c.id = ${t}.id UNION ALL SELECT p.id, p.parent_id, p.name || ' / ' || up.name, up.depth + 1 FROM product_category p JOIN up ON p.id = up.parent_id) SELECT name FROM up ORDER BY depth DESC LIMIT 1)`,
    fields: {
      name: { type: 'char', required: true, label: 'Name' },
      parent_id: { type: 'many2one', relation: 'product.category', label: 'Parent Category' },
      child_id: { type: 'one2many', relation: 'product.category', inverse: 'parent_id' },
    },
  },
];
