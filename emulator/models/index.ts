/** The registry of every model the emulator serves. */
import type { ModelDef, Registry } from '../orm/model.ts';
import { userMethods, webClientModels } from '../web/models.ts';
import { accountModels } from './account.ts';
import { baseModels } from './base.ts';
import { importModels } from './base-import.ts';
import { productModels } from './product.ts';
import { saleModels } from './sale.ts';
import { stockModels } from './stock.ts';

export function buildRegistry(): Registry {
  const models: ModelDef[] = [
    ...baseModels,
    ...productModels,
    ...stockModels,
    ...saleModels,
    ...accountModels,
    ...importModels,
    ...webClientModels,
  ];
  const users = models.find((model) => model.name === 'res.users')!;
  users.methods = { ...users.methods, ...userMethods };
  return new Map(models.map((model) => [model.name, model]));
}
