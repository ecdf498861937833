/** Concurrent barcode scanning (docs/domain.md workload 2): k6 entry; scanners, and pickers validating in the web client. */
import { loadPlan } from '../lib/config.ts';
import * as onFirstUse from '../lib/on-first-use.ts';
import type { PeopleData } from '../lib/people/index.ts';
import type { BarcodeScanningData } from '../lib/workloads/barcode-scanning.ts';
import type { WebChannelData } from '../lib/workloads/web-channel.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  web?: WebChannelData;
  work: BarcodeScanningData;
}

export function setup(): Data {
  const { establishPeople, setupSession } = onFirstUse.people();
  const session = setupSession(plan);
  const people = establishPeople(plan, session);
  return {
    people,
    web: onFirstUse.webChannel().setupWebChannel(session, plan, people),
    work: onFirstUse.barcodeScanning().setupBarcodeScanning(session, plan),
  };
}

export function barcodeScanning(data: Data): void {
  onFirstUse.barcodeScanning().runBarcodeScanning(data.work, plan, data.people);
}

export function deliveryValidationWeb(data: Data): void {
  const { runDeliveryValidationWeb } = onFirstUse.webChannel();
  runDeliveryValidationWeb(data.web!, data.work.webPickings, plan, data.people);
}
export default barcodeScanning;
