/**
 * A distributor's peak day (docs/domain.md): the workloads at once as k6 scenarios, with the mix, channels,
 * start times and rates the profile sets. Only the workloads the plan names are set up; everyone
 * logs in once, before the load.
 */
import exec from 'k6/execution';
import { browserShift, warmWebClientAssets } from '../lib/browser/index.ts';
import { loadPlan } from '../lib/config.ts';
import { OdooSession } from '../lib/odoo/index.ts';
import {
  establishPeople,
  type PeopleData,
  setupSession,
  webClientSetupSession,
} from '../lib/people/index.ts';
import * as workloads from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

interface PeakDayData {
  people: PeopleData;
  web?: workloads.WebChannelData;
  orders?: workloads.OrderConfirmationData;
  scanning?: workloads.BarcodeScanningData;
  imports?: workloads.BulkImportData;
  contention?: workloads.ReservationContentionData;
  monthEnd?: workloads.MonthEndCloseData;
}

export function setup(): PeakDayData {
  const session = setupSession(plan);
  const people = establishPeople(plan, session);
  const wanted = plan.workloads;
  if (plan.browsers) warmUp(webClientSetupSession(plan, session, people));
  return {
    people,
    web: workloads.setupWebChannel(session, plan, people),
    orders: wanted.orderConfirmation && workloads.setupOrderConfirmation(session, plan),
    scanning: wanted.barcodeScanning && workloads.setupBarcodeScanning(session, plan),
    imports: wanted.bulkImport && workloads.setupBulkImport(session, plan),
    contention: wanted.reservationContention && workloads.setupReservationContention(session, plan),
    monthEnd: wanted.monthEndClose && workloads.setupMonthEndClose(session, plan),
  };
}

export const orderConfirmation = (data: PeakDayData) =>
  workloads.runOrderConfirmation(data.orders!, plan, data.people);
export const orderEntryWeb = (data: PeakDayData) =>
  workloads.runOrderEntryWeb(data.web!, plan, data.people);
export const barcodeScanning = (data: PeakDayData) =>
  workloads.runBarcodeScanning(data.scanning!, plan, data.people);
export const deliveryValidationWeb = (data: PeakDayData) =>
  workloads.runDeliveryValidationWeb(data.web!, data.scanning!.webPickings, plan, data.people);
export const bulkImport = (data: PeakDayData) =>
  workloads.runBulkImport(data.imports!, plan, data.people);
export const reservationContention = (data: PeakDayData) =>
  workloads.runReservationContention(data.contention!, plan, data.people);
export const monthEndPosting = (data: PeakDayData) =>
  workloads.runMonthEndPosting(data.monthEnd!, plan, data.people);
export const invoiceEntryWeb = (data: PeakDayData) =>
  workloads.runInvoiceEntryWeb(data.web!, invoiceable(data.monthEnd!), plan, data.people);
export const monthEndReport = (data: PeakDayData) =>
  workloads.runMonthEndReport(data.monthEnd!, plan, data.people);
export const shiftStart = (data: PeakDayData) => workloads.runShiftStart(data.web!, plan);
// People in a real browser: one VU each, whose one iteration is their shift.
export const browserSalesRep = () => browserShift(plan, 'salesRep', exec.scenario.iterationInTest);
export const browserPicker = () => browserShift(plan, 'picker', exec.scenario.iterationInTest);
export const browserAccountant = () =>
  browserShift(plan, 'accountant', exec.scenario.iterationInTest);

/** Browser users meet a server whose web client bundles were built long before the peak (lib/browser/warm-up.ts). */
function warmUp(session: OdooSession) {
  const warm = warmWebClientAssets(new OdooSession(plan.target), session);
  if (warm.problem) console.warn(`warm-up: ${warm.problem}; browser users may find the same`);
  else
    console.log(
      `warm-up: the login page's and web client's ${warm.bundles} asset bundles asked for once before the load (${warm.ms} ms)`,
    );
}

/** Companies with a sales journal: the ones an accountant can invoice in. */
const invoiceable = (monthEnd: workloads.MonthEndCloseData) =>
  monthEnd.companies.filter((company) => company.journals.sale).map((company) => company.companyId);
