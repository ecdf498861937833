/** Public face of the workloads: what each scenario (and the peak-day mix) runs. */

export type { BarcodeScanningData } from './barcode-scanning.ts';
export { runBarcodeScanning, setupBarcodeScanning } from './barcode-scanning.ts';
export type { BulkImportData } from './bulk-import.ts';
export {
  buildBatch,
  failureReason,
  locationsNeeded,
  runBulkImport,
  setupBulkImport,
} from './bulk-import.ts';
export type { MonthEndCloseData } from './month-end-close.ts';
export { runMonthEndPosting, runMonthEndReport, setupMonthEndClose } from './month-end-close.ts';
export type { OrderConfirmationData } from './order-confirmation.ts';
export { runOrderConfirmation, setupOrderConfirmation } from './order-confirmation.ts';
export type { ReservationContentionData } from './reservation-contention.ts';
export { runReservationContention, setupReservationContention } from './reservation-contention.ts';
export { runShiftStart } from './shift-start.ts';
export type { WebChannelData } from './web-channel.ts';
export {
  runDeliveryValidationWeb,
  runInvoiceEntryWeb,
  runOrderEntryWeb,
  setupWebChannel,
} from './web-channel.ts';
