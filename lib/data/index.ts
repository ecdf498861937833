/** Public face of the data helpers. */
export { discoverCompanies, storableDomain } from './discovery.ts';
export type { CompanyData } from './discovery.ts';
export type { Dataset, DatasetCompany, DatasetProduct } from './dataset.ts';
export { pick, randomInt } from './random.ts';
