/**
 * A distributor's peak day (docs/domain.md): the workloads at once as k6 scenarios, with the mix, channels,
 * start times and rates the profile sets. Only the workloads the plan names are set up; everyone
 * logs in once, before the load. A VU evaluates the code of the workload it runs only
 * (lib/on-first-use.ts).
 */
import exec from 'k6/execution';
import { loadPlan } from '../lib/config.ts';
import type { OdooSession } from '../lib/odoo/index.ts';
import * as onFirstUse from '../lib/on-first-use.ts';
import type { PeopleData } from '../lib/people/index.ts';
import type { BarcodeScanningData } from '../lib/workloads/barcode-scanning.ts';
import type { BulkImportData } from '../lib/workloads/bulk-import.ts';
import type { MonthEndCloseData } from '../lib/workloads/month-end-close.ts';
import type { OrderConfirmationData } from '../lib/workloads/order-confirmation.ts';
import type { ReservationContentionData } from '../lib/workloads/reservation-contention.ts';
import type { WebChannelData } from '../lib/workloads/web-channel.ts';

const plan = loadPlan();
// People in a real browser: k6's browser module costs every VU of the run 0.1 MB, so only a plan
// with browsers requires it (in the init stage, the one where k6 takes a require() of its modules).
const k6Browser = plan.browsers
  ? (require('k6/browser') as typeof import('k6/browser')).browser
  : undefined;
const browserCode = () =>
  require('../lib/browser/index.ts') as typeof import('../lib/browser/index.ts');
export const options = plan.options;

interface PeakDayData {
  people: PeopleData;
  web?: WebChannelData;
  orders?: OrderConfirmationData;
  scanning?: BarcodeScanningData;
  imports?: BulkImportData;
  contention?: ReservationContentionData;
  monthEnd?: MonthEndCloseData;
}

export function setup(): PeakDayData {
  const { establishPeople, setupSession, webClientSetupSession } = onFirstUse.people();
  const session = setupSession(plan);
  const people = establishPeople(plan, session);
  const wanted = plan.workloads;
  if (plan.browsers) warmUp(webClientSetupSession(plan, session, people));
  return {
    people,
    web: onFirstUse.webChannel().setupWebChannel(session, plan, people),
    orders:
      wanted.orderConfirmation &&
      onFirstUse.orderConfirmation().setupOrderConfirmation(session, plan),
    scanning:
      wanted.barcodeScanning && onFirstUse.barcodeScanning().setupBarcodeScanning(session, plan),
    imports: wanted.bulkImport && onFirstUse.bulkImport().setupBulkImport(session, plan),
    contention:
      wanted.reservationContention &&
      onFirstUse.reservationContention().setupReservationContention(session, plan),
    monthEnd: wanted.monthEndClose && onFirstUse.monthEndClose().setupMonthEndClose(session, plan),
  };
}

export const orderConfirmation = (data: PeakDayData) =>
  onFirstUse.orderConfirmation().runOrderConfirmation(data.orders!, plan, data.people);
export const orderEntryWeb = (data: PeakDayData) =>
  onFirstUse.webChannel().runOrderEntryWeb(data.web!, plan, data.people);
export const barcodeScanning = (data: PeakDayData) =>
  onFirstUse.barcodeScanning().runBarcodeScanning(data.scanning!, plan, data.people);
export const deliveryValidationWeb = (data: PeakDayData) =>
  onFirstUse
    .webChannel()
    .runDeliveryValidationWeb(data.web!, data.scanning!.webPickings, plan, data.people);
export const bulkImport = (data: PeakDayData) =>
  onFirstUse.bulkImport().runBulkImport(data.imports!, plan, data.people);
export const reservationContention = (data: PeakDayData) =>
  onFirstUse.reservationContention().runReservationContention(data.contention!, plan, data.people);
export const monthEndPosting = (data: PeakDayData) =>
  onFirstUse.monthEndClose().runMonthEndPosting(data.monthEnd!, plan, data.people);
export const invoiceEntryWeb = (data: PeakDayData) =>
  onFirstUse
    .webChannel()
    .runInvoiceEntryWeb(data.web!, invoiceable(data.monthEnd!), plan, data.people);
export const monthEndReport = (data: PeakDayData) =>
  onFirstUse.monthEndClose().runMonthEndReport(data.monthEnd!, plan, data.people);
export const shiftStart = (data: PeakDayData) =>
  onFirstUse.webChannel().runShiftStart(data.web!, plan);
// People in a real browser: one VU each, whose one iteration is their shift.
export const browserSalesRep = () =>
  browserCode().browserShift(plan, 'salesRep', exec.scenario.iterationInTest, k6Browser!);
export const browserPicker = () =>
  browserCode().browserShift(plan, 'picker', exec.scenario.iterationInTest, k6Browser!);
export const browserAccountant = () =>
  browserCode().browserShift(plan, 'accountant', exec.scenario.iterationInTest, k6Browser!);

/** Browser users meet a server whose web client bundles were built long before the peak (lib/browser/warm-up.ts). */
function warmUp(session: OdooSession) {
  const { OdooSession } = onFirstUse.odoo();
  const warm = browserCode().warmWebClientAssets(new OdooSession(plan.target), session);
  if (warm.problem) console.warn(`warm-up: ${warm.problem}; browser users may find the same`);
  else
    console.log(
      `warm-up: the login page's and web client's ${warm.bundles} asset bundles asked for once before the load (${warm.ms} ms)`,
    );
}

/** Companies with a sales journal: the ones an accountant can invoice in. */
const invoiceable = (monthEnd: MonthEndCloseData) =>
  monthEnd.companies.filter((company) => company.journals.sale).map((company) => company.companyId);
