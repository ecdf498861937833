/** Public face of the data helpers. */
export { companiesOf, discoverAccounting, discoverCompanies, requireModules, required } from './discovery.ts';
export type { AccountingData, CompanyData } from './discovery.ts';
export type { Dataset, DatasetCompany, DatasetProduct } from './dataset.ts';
export { pick, randomInt, randomBetween } from './random.ts';
export { ean13, runHash } from './codes.ts';
