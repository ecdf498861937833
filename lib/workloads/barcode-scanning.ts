/**
 * Concurrent barcode scanning (docs/domain.md workload 2): each warehouse operator, logged in as their own
 * user, works their own deliveries at human pace with the Community call sequence (docs/odoo-protocol.md §8):
 * product by barcode, add quantity to the move line, validate, answer the backorder wizard.
 * setup() prepares the deliveries (orders confirmed and assigned to each operator), so the scenario
 * needs nothing from the target but products, customers and the operators' logins.
 */

import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { REF_CODES, recordRef } from '../../contract/index.ts';
import { type BarcodeScanningPlan, type RunPlan, settingsOf } from '../config.ts';
import {
  companiesOf,
  discoverCompanies,
  randomBetween,
  required,
  requireModules,
} from '../data/index.ts';
import { metrics } from '../metrics/index.ts';
import { answerWizards, type OdooSession, versionFields } from '../odoo/index.ts';
import { type PeopleData, personSession } from '../people/index.ts';
import {
  type AssignedDeliveries,
  type AssignedDelivery,
  deliveryAt,
  packDeliveries,
} from './assigned-deliveries.ts';
import { createAndConfirmOrder } from './orders.ts';
import { unitDone, unitFailed } from './outcome.ts';

export interface BarcodeScanningData {
  /** Every prepared delivery with the operator who works it; iteration i works delivery i. */
  pickings: AssignedDeliveries;
  /** The same, for the pickers who validate in the web client. */
  webPickings: AssignedDeliveries;
}

interface Operator {
  id: number;
  company_id: [number, string];
  email: string | false;
}

/**
 * Validating with a backorder posts a chatter message in the operator's name, which Odoo refuses
 * ("Unable to send message, please configure the sender's email address.") when they have no email.
 */
function findOperator(session: OdooSession, plan: RunPlan, login: string): Operator {
  const settings = settingsOf(plan, 'barcodeScanning');
  const users = required(
    session.callModel<Operator[]>('res.users', 'search_read', {
      domain: [['login', '=', login]],
      fields: ['company_id', 'email'],
    }),
    `user ${login}`,
  );
  if (users.length === 0)
    exec.test.abort(`setup: operator ${login} does not exist on ${plan.target.url}`);
  const leavesBackorders = settings.scanShare < 1 && settings.backorder === 'process';
  if (leavesBackorders && !users[0]!.email) {
    exec.test.abort(
      `setup: operator ${login} has no email address; Odoo refuses the backorder message of a partial validation without one (set it in Settings > Users)`,
    );
  }
  return users[0]!;
}

export function setupBarcodeScanning(session: OdooSession, plan: RunPlan): BarcodeScanningData {
  const settings = settingsOf(plan, 'barcodeScanning');
  if (settings.api === 'enterprise') requireModules(session, ['stock_barcode']);
  const scanners = plan.scenarios.includes('barcode_scanning')
    ? settings.operators.length > 0
      ? settings.operators
      : [plan.target.login]
    : [];
  const pickers = plan.scenarios.includes('delivery_validation_web') ? settings.webOperators : [];
  return {
    pickings: prepareDeliveries(session, plan, scanners, 0),
    // Numbered after the scanners', so every delivery's reference is the run's own.
    webPickings: prepareDeliveries(session, plan, pickers, scanners.length),
  };
}

/** Each operator's deliveries: orders confirmed, their pickings assigned to the operator. */
function prepareDeliveries(
  session: OdooSession,
  plan: RunPlan,
  logins: string[],
  first: number,
): AssignedDeliveries {
  const settings = settingsOf(plan, 'barcodeScanning');
  if (logins.length === 0) return packDeliveries([]);
  const companies = discoverCompanies(session, companiesOf(session, plan.companies));
  const pickings: AssignedDelivery[] = [];
  for (const [index, login] of logins.entries()) {
    const user = findOperator(session, plan, login);
    const company =
      companies.find((candidate) => candidate.id === user.company_id[0]) ??
      companies[index % companies.length]!;
    const products = scannable(session, company.id, company.products);
    for (let n = 0; n < settings.pickingsPerOperator; n++) {
      const attempt = createAndConfirmOrder(session, {
        companyId: company.id,
        customers: company.customers,
        products,
        lines: settings.linesPerPicking,
        quantity: DELIVERED,
        ref: recordRef(plan.runId, REF_CODES.barcodeScanning, first + index, n),
        workload: 'barcode_scanning_setup',
      });
      if (!attempt.ok || attempt.order.pickingIds.length === 0) {
        exec.test.abort(`setup: could not prepare a delivery for ${login}`);
      }
      const order = (attempt as { ok: true; order: { pickingIds: number[] } }).order;
      // Responsible = the operator, as a supervisor assigns work on the floor.
      const context = { allowed_company_ids: [company.id] };
      required(
        session.write('stock.picking', order.pickingIds, { user_id: user.id }, context),
        'picking assignment',
      );
      requireReady(session, order.pickingIds, login, context);
      for (const id of order.pickingIds) pickings.push({ id, login, companyId: company.id });
    }
  }
  return packDeliveries(pickings);
}

/** Units of a product on each prepared delivery's line. */
const DELIVERED = { min: 1, max: 3 };

/**
 * A delivery an operator can validate is ready: its products reserved. One that waits for stock
 * (every unit on hand reserved by other deliveries, as on a database many runs left orders in)
 * stops setup here, naming it, rather than failing the operator's Validate in the measured load.
 */
function requireReady(
  session: OdooSession,
  ids: number[],
  login: string,
  context: Record<string, unknown>,
) {
  const states = required(
    session.callRecords<{ name: string; state: string }[]>(
      'stock.picking',
      'read',
      ids,
      { fields: ['name', 'state'] },
      context,
    ),
    'prepared deliveries',
  );
  const waiting = states.find((picking) => picking.state !== 'assigned');
  if (waiting)
    exec.test.abort(
      `setup: delivery ${waiting.name} for ${login} is ${waiting.state}, not ready: its products' stock is reserved by other deliveries (validate or cancel old ones, or add stock)`,
    );
}

/**
 * The products an operator can scan: those with a barcode (a real catalogue has some without), and
 * stock no other delivery holds (free_qty is computed, so read rather than searched).
 */
function scannable(session: OdooSession, companyId: number, products: number[]): number[] {
  const withBarcode = required(
    session.callModel<{ id: number; free_qty: number }[]>(
      'product.product',
      'search_read',
      {
        domain: [
          ['id', 'in', products],
          ['barcode', '!=', false],
        ],
        fields: ['free_qty'],
      },
      { allowed_company_ids: [companyId] },
    ),
    `products with a barcode in company ${companyId}`,
  );
  if (withBarcode.length === 0)
    exec.test.abort(`setup: company ${companyId} has no storable product with a barcode to scan`);
  const free = withBarcode.filter((product) => product.free_qty >= DELIVERED.max);
  if (free.length === 0)
    exec.test.abort(
      `setup: company ${companyId}'s products with a barcode have no free stock: what is on hand is reserved by other deliveries (validate or cancel old ones, or add stock)`,
    );
  return free.map((product) => product.id);
}

interface Line {
  id: number;
  product_id: [number, string];
  [field: string]: unknown;
}

export function runBarcodeScanning(
  data: BarcodeScanningData,
  plan: RunPlan,
  people: PeopleData,
): void {
  const settings = settingsOf(plan, 'barcodeScanning');
  const picking = deliveryAt(data.pickings, exec.scenario.iterationInTest);
  if (!picking) return;
  const odoo = personSession(plan, people, 'picker', picking.login);
  if (!odoo) return void unitFailed(`operator ${picking.login} has no session`);
  const fields = versionFields(odoo.version);
  const context = { allowed_company_ids: [picking.companyId] };
  const operation =
    settings.api === 'enterprise'
      ? openInBarcodeApp(odoo, picking.id)
      : openWithCallKw(odoo, picking.id, fields, context);
  if (!check(operation, { 'picking lines read': (o) => o !== undefined && o.lines.length > 0 }))
    return void unitFailed('picking lines could not be read');
  const { lines, barcodes } = operation!;
  for (const line of lines) {
    const units = Math.round(Number(line[fields.reservedQuantity]) * settings.scanShare);
    for (let done = 1; done <= units; done++) {
      sleep(randomBetween(settings.thinkSeconds));
      const barcode = String(barcodes.get(line.product_id[0]) ?? '');
      const ok =
        settings.api === 'enterprise'
          ? scanInBarcodeApp(odoo, picking.id, line, barcode, done, fields)
          : scan(odoo, line, barcode, done, fields, context);
      if (!ok) return void unitFailed('a scan was not recorded');
    }
  }
  validate(odoo, picking.id, settings, context);
}

interface Operation {
  lines: Line[];
  barcodes: Map<number, string | false>;
}

/** Community: the delivery's move lines and their products' barcodes through call_kw. */
function openWithCallKw(
  odoo: OdooSession,
  pickingId: number,
  fields: ReturnType<typeof versionFields>,
  context: Record<string, unknown>,
): Operation | undefined {
  const lines = odoo.callModel<Line[]>(
    'stock.move.line',
    'search_read',
    {
      domain: [['picking_id', '=', pickingId]],
      fields: ['product_id', fields.reservedQuantity, fields.doneQuantity],
    },
    context,
  );
  if (!lines.ok) return undefined;
  const productIds = [...new Set(lines.value.map((line) => line.product_id[0]))];
  const products = odoo.callRecords<{ id: number; barcode: string | false }[]>(
    'product.product',
    'read',
    productIds,
    { fields: ['barcode'] },
    context,
  );
  if (!products.ok) return undefined;
  return {
    lines: lines.value,
    barcodes: new Map(products.value.map((product) => [product.id, product.barcode])),
  };
}

interface BarcodeData {
  data: {
    records: {
      'stock.move.line': Line[];
      'product.product': { id: number; barcode: string | false }[];
    };
  };
}

/** Enterprise: the barcode app loads the whole operation into its client cache in one call. */
function openInBarcodeApp(odoo: OdooSession, pickingId: number): Operation | undefined {
  const loaded = odoo.callRoute<BarcodeData>(
    '/stock_barcode/get_barcode_data',
    { model: 'stock.picking', res_id: pickingId },
    'get_barcode_data',
  );
  if (!loaded.ok) return undefined;
  const records = loaded.value.data.records;
  return {
    lines: records['stock.move.line'],
    barcodes: new Map(records['product.product'].map((product) => [product.id, product.barcode])),
  };
}

/** Enterprise: the barcode is resolved from the cache; the quantity is saved in one round trip. */
function scanInBarcodeApp(
  odoo: OdooSession,
  pickingId: number,
  line: Line,
  barcode: string,
  done: number,
  fields: ReturnType<typeof versionFields>,
): boolean {
  if (!check(barcode, { 'barcode found': (code) => code.length > 0 })) return false;
  const started = Date.now();
  const vals = fields.hasPicked ? { quantity: done, picked: true } : { qty_done: done };
  const saved = odoo.callRoute(
    '/stock_barcode/save_barcode_data',
    {
      model: 'stock.picking',
      res_id: pickingId,
      write_field: 'move_line_ids',
      write_vals: [[1, line.id, vals]],
    },
    'save_barcode_data',
  );
  metrics.scanDuration.add(Date.now() - started);
  if (!check(saved, { 'scan recorded': (r) => r.ok })) return false;
  metrics.scans.add(1);
  return true;
}

/** One scan: look the product up by barcode, then set the line's done quantity. */
function scan(
  odoo: OdooSession,
  line: Line,
  barcode: string,
  done: number,
  fields: ReturnType<typeof versionFields>,
  context: Record<string, unknown>,
): boolean {
  const started = Date.now();
  const found = odoo.callModel<{ id: number }[]>(
    'product.product',
    'search_read',
    {
      domain: [['barcode', '=', barcode]],
      fields: ['id', 'display_name', 'uom_id', 'tracking'],
      limit: 1,
    },
    context,
  );
  if (
    !check(found, {
      'barcode found': (r) => r.ok && r.value.length === 1 && r.value[0]!.id === line.product_id[0],
    })
  )
    return false;
  // 16 counts done in qty_done; 17/18 set quantity and mark the line picked (docs/odoo-protocol.md §8 step 4).
  const vals = fields.hasPicked ? { quantity: done, picked: true } : { qty_done: done };
  const written = odoo.write('stock.move.line', [line.id], vals, context);
  metrics.scanDuration.add(Date.now() - started);
  if (!check(written, { 'scan recorded': (r) => r.ok })) return false;
  metrics.scans.add(1);
  return true;
}

/**
 * button_validate, answering whatever wizard it returns as the operator would: the backorder
 * question, 16's immediate transfer, SMS confirmation. `skip_sms` keeps a load test from texting
 * customers (stock_sms sends one per validated delivery when the company asks for it).
 */
function validate(
  odoo: OdooSession,
  pickingId: number,
  settings: BarcodeScanningPlan,
  context: Record<string, unknown>,
): void {
  const started = Date.now();
  const validateContext = { ...context, skip_sms: true };
  const first = odoo.callRecords(
    'stock.picking',
    'button_validate',
    [pickingId],
    {},
    validateContext,
  );
  const result = answerWizards(odoo, first, { backorder: settings.backorder }, 'button_validate');
  metrics.validateDuration.add(Date.now() - started);
  if (check(result, { 'picking validated': (r) => r.ok && r.value === true })) {
    metrics.pickingsValidated.add(1);
    unitDone();
  } else unitFailed(result.ok ? 'button_validate answered something other than true' : result);
}
