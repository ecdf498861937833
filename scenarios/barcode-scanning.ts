/** Concurrent barcode scanning (DOMAIN.md workload 2): k6 entry; one VU per warehouse operator. */
import { loadPlan } from '../lib/config.ts';
import { establishPeople, type PeopleData, setupSession } from '../lib/people/index.ts';
import {
  type BarcodeScanningData,
  runBarcodeScanning,
  setupBarcodeScanning,
} from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  work: BarcodeScanningData;
}

export function setup(): Data {
  const session = setupSession(plan);
  return { people: establishPeople(plan, session), work: setupBarcodeScanning(session, plan) };
}

export function barcodeScanning(data: Data): void {
  runBarcodeScanning(data.work, plan, data.people);
}
export default barcodeScanning;
