/** Public face of the data helpers. */

export { ean13, runHash } from './codes.ts';
export type { Dataset, DatasetCompany, DatasetProduct } from './dataset.ts';
export type { AccountingData, CompanyData } from './discovery.ts';
export {
  companiesOf,
  discoverAccounting,
  discoverCompanies,
  required,
  requireModules,
} from './discovery.ts';
export { pick, randomBetween, randomInt } from './random.ts';
