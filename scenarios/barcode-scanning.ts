/** Concurrent barcode scanning (docs/domain.md workload 2): k6 entry; scanners, and pickers validating in the web client. */
import { loadPlan } from '../lib/config.ts';
import { establishPeople, type PeopleData, setupSession } from '../lib/people/index.ts';
import {
  type BarcodeScanningData,
  runBarcodeScanning,
  runDeliveryValidationWeb,
  setupBarcodeScanning,
  setupWebChannel,
  type WebChannelData,
} from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  web?: WebChannelData;
  work: BarcodeScanningData;
}

export function setup(): Data {
  const session = setupSession(plan);
  const people = establishPeople(plan, session);
  return {
    people,
    web: setupWebChannel(session, plan, people),
    work: setupBarcodeScanning(session, plan),
  };
}

export function barcodeScanning(data: Data): void {
  runBarcodeScanning(data.work, plan, data.people);
}

export function deliveryValidationWeb(data: Data): void {
  runDeliveryValidationWeb(data.web!, data.work.webPickings, plan, data.people);
}
export default barcodeScanning;
