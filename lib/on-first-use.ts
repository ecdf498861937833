/**
 * The suite's k6 code, evaluated in a VU when it first runs it. A VU pays for every function a
 * module declares once the module is evaluated, called or not, and k6 evaluates a bundle's static
 * imports in every VU: with all the workloads and the web client, 0.6 MB a VU where raw k6 takes
 * 0.14 (bench/generator-cost.ts). build.mjs compiles lib/ and contract/ to CommonJS modules whose
 * bodies run at their first require(), so a scenario reaches a workload's code through these
 * functions in the exec function that runs it: an idle VU holds the plan and the metrics, a busy one
 * the workload it runs.
 */
// k6 takes metrics declared in the init stage only: they are evaluated with the scenario.
import './metrics/index.ts';

type People = typeof import('./people/index.ts');
type Odoo = typeof import('./odoo/index.ts');
type Orders = typeof import('./workloads/order-confirmation.ts');
type Scanning = typeof import('./workloads/barcode-scanning.ts');
type Imports = typeof import('./workloads/bulk-import.ts');
type Contention = typeof import('./workloads/reservation-contention.ts');
type MonthEnd = typeof import('./workloads/month-end-close.ts');
type WebClientWork = typeof import('./workloads/web-client-work.ts');

// require() with a literal path: esbuild bundles each module and calls it here, k6 never sees it.
// One export each, so a scenario's bundle holds the packs it names only.
export const people = () => require('./people/index.ts') as People;
export const odoo = () => require('./odoo/index.ts') as Odoo;
export const orderConfirmation = () => require('./workloads/order-confirmation.ts') as Orders;
export const barcodeScanning = () => require('./workloads/barcode-scanning.ts') as Scanning;
export const bulkImport = () => require('./workloads/bulk-import.ts') as Imports;
export const reservationContention = () =>
  require('./workloads/reservation-contention.ts') as Contention;
export const monthEndClose = () => require('./workloads/month-end-close.ts') as MonthEnd;
export const webChannel = () => require('./workloads/web-client-work.ts') as WebClientWork;
