/**
 * A distributor's peak day (DOMAIN.md): the five workloads at once as k6 scenarios, with the mix,
 * start times and rates the profile sets. Only the workloads the plan names are set up; everyone
 * logs in once, before the load.
 */
import { loadPlan } from '../lib/config.ts';
import { establishPeople, type PeopleData, setupSession } from '../lib/people/index.ts';
import * as workloads from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

interface PeakDayData {
  people: PeopleData;
  orders?: workloads.OrderConfirmationData;
  scanning?: workloads.BarcodeScanningData;
  imports?: workloads.BulkImportData;
  contention?: workloads.ReservationContentionData;
  monthEnd?: workloads.MonthEndCloseData;
}

export function setup(): PeakDayData {
  const session = setupSession(plan);
  const wanted = plan.workloads;
  return {
    people: establishPeople(plan, session),
    orders: wanted.orderConfirmation && workloads.setupOrderConfirmation(session, plan),
    scanning: wanted.barcodeScanning && workloads.setupBarcodeScanning(session, plan),
    imports: wanted.bulkImport && workloads.setupBulkImport(session, plan),
    contention: wanted.reservationContention && workloads.setupReservationContention(session, plan),
    monthEnd: wanted.monthEndClose && workloads.setupMonthEndClose(session, plan),
  };
}

export const orderConfirmation = (data: PeakDayData) =>
  workloads.runOrderConfirmation(data.orders!, plan, data.people);
export const barcodeScanning = (data: PeakDayData) =>
  workloads.runBarcodeScanning(data.scanning!, plan, data.people);
export const bulkImport = (data: PeakDayData) =>
  workloads.runBulkImport(data.imports!, plan, data.people);
export const reservationContention = (data: PeakDayData) =>
  workloads.runReservationContention(data.contention!, plan, data.people);
export const monthEndPosting = (data: PeakDayData) =>
  workloads.runMonthEndPosting(data.monthEnd!, plan, data.people);
export const monthEndReport = (data: PeakDayData) =>
  workloads.runMonthEndReport(data.monthEnd!, plan, data.people);
