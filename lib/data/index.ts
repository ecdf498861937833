/** Public face of the data helpers. */

export type { Dataset, DatasetCompany, DatasetProduct } from '../../contract/index.ts';
export { ean13, runHash } from '../../contract/index.ts';
export type { AccountingData, CompanyData } from './discovery.ts';
export {
  companiesOf,
  discoverAccounting,
  discoverCompanies,
  required,
  requireModules,
} from './discovery.ts';
export { pick, randomBetween, randomInt } from './random.ts';
