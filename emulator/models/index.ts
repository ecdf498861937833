/** The registry of every model the emulator serves. */
import { ORM_METHODS } from '../orm/dispatch.ts';
import type { GenericMethods, ModelDef, Registry } from '../orm/model.ts';
import { WEB_METHODS } from '../web-client/generic-methods.ts';
import { userMethods, webClientModels } from '../web-client/models.ts';
import { accountModels } from './account.ts';
import { baseModels } from './base.ts';
import { importModels } from './base-import.ts';
import { productModels } from './product.ts';
import { saleModels } from './sale.ts';
import { saleInvoicingModels } from './sale-invoicing.ts';
import { stockModels } from './stock.ts';

export function buildRegistry(): Registry {
  const models: ModelDef[] = [
    ...baseModels,
    ...productModels,
    ...stockModels,
    ...saleModels,
    ...saleInvoicingModels,
    ...accountModels,
    ...importModels,
    ...webClientModels,
  ];
  const users = models.find((model) => model.name === 'res.users')!;
  users.methods = { ...users.methods, ...userMethods };
  return new Map(models.map((model) => [model.name, model]));
}

/** The methods every model answers: the ORM's and the web client's. */
export const GENERIC_METHODS: GenericMethods = { ...ORM_METHODS, ...WEB_METHODS };
