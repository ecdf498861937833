/** res.company, res.partner, res.users and uom.uom: the base models every workload reads. */
import type { ModelDef } from '../orm/model.ts';

const name = (alias: string) => `${alias}.name`;

export const baseModels: ModelDef[] = [
  {
    name: 'res.company',
    description: 'Companies',
    table: 'res_company',
    order: 'sequence, name',
    displayName: name,
    fields: {
      name: { type: 'char' },
      sequence: { type: 'integer' },
      parent_id: { type: 'many2one', relation: 'res.company' },
    },
  },
  {
    name: 'res.partner',
    description: 'Contact',
    table: 'res_partner',
    order: 'name, id',
    displayName: name,
    companyField: 'company_id',
    fields: {
      name: { type: 'char', required: true },
      email: { type: 'char' },
      ref: { type: 'char' },
      is_company: { type: 'boolean' },
      customer_rank: { type: 'integer' },
      company_id: { type: 'many2one', relation: 'res.company' },
      active: { type: 'boolean', default: () => true },
      create_date: { type: 'datetime', readonly: true },
    },
  },
  {
    name: 'res.users',
    description: 'User',
    table: 'res_users',
    order: 'login',
    displayName: (alias) => `(SELECT p.name FROM res_partner p WHERE p.id = ${alias}.partner_id)`,
    fields: {
      login: { type: 'char' },
      name: {
        type: 'char',
        sql: (alias) => `(SELECT p.name FROM res_partner p WHERE p.id = ${alias}.partner_id)`,
      },
      partner_id: { type: 'many2one', relation: 'res.partner' },
      company_id: { type: 'many2one', relation: 'res.company' },
      company_ids: {
        type: 'many2many',
        relation: 'res.company',
        relTable: 'res_company_users_rel',
        relColumn: 'user_id',
        relOtherColumn: 'cid',
      },
      share: { type: 'boolean' },
      active: { type: 'boolean' },
    },
  },
  {
    name: 'ir.module.module',
    description: 'Module',
    table: 'ir_module_module',
    order: 'name',
    displayName: name,
    fields: { name: { type: 'char' }, state: { type: 'selection' } },
  },
  {
    name: 'uom.uom',
    description: 'Product Unit of Measure',
    table: 'uom_uom',
    order: 'name',
    displayName: name,
    fields: { name: { type: 'char' } },
  },
];
