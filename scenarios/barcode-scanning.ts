/** Concurrent barcode scanning (DOMAIN.md workload 2): k6 entry; one VU per warehouse operator. */
import { loadPlan } from '../lib/config.ts';
import {
  type BarcodeScanningData,
  runBarcodeScanning,
  setupBarcodeScanning,
  setupSession,
} from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

export function setup(): BarcodeScanningData {
  return setupBarcodeScanning(setupSession(plan), plan);
}

export function barcodeScanning(data: BarcodeScanningData): void {
  runBarcodeScanning(data, plan);
}
export default barcodeScanning;
