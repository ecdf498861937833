/** Public face of the workloads: what each scenario (and the peak-day mix) runs. */
export { setupBarcodeScanning, runBarcodeScanning } from './barcode-scanning.ts';
export type { BarcodeScanningData } from './barcode-scanning.ts';
export { setupBulkImport, runBulkImport, buildBatch, failureReason, importPrefix } from './bulk-import.ts';
export type { BulkImportData } from './bulk-import.ts';
export { setupMonthEndClose, runMonthEndPosting, runMonthEndReport } from './month-end-close.ts';
export type { MonthEndCloseData } from './month-end-close.ts';
export { setupOrderConfirmation, runOrderConfirmation } from './order-confirmation.ts';
export type { OrderConfirmationData } from './order-confirmation.ts';
export { setupReservationContention, runReservationContention } from './reservation-contention.ts';
export type { ReservationContentionData } from './reservation-contention.ts';
export { setupSession } from './sessions.ts';
