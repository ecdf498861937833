/**
 * Bulk imports (DOMAIN.md workload 3): CSV batches through Odoo's import wizard (`base_import.import`
 * + `execute_import`) or straight through `load`, generated deterministically and unique per run,
 * so re-runs never collide. Odoo's per-row messages are classified into reasons, not swallowed.
 */
import { check } from 'k6';
import exec from 'k6/execution';
import { type BulkImportPlan, type RunPlan, WORKLOAD_DEFAULTS } from '../config.ts';
import { companiesOf, discoverCompanies, ean13, required, runHash } from '../data/index.ts';
import { importBatchDuration, importRows, importRowsFailed, TAGS } from '../metrics/index.ts';
import type { OdooSession, RpcResult } from '../odoo/index.ts';
import { mainSession } from './sessions.ts';

export interface BulkImportData {
  companyId: number;
  products: number[];
  stockLocationId: number;
  /** The run's own pricelist (named after the run), when price list items are imported. */
  pricelistId?: number;
}

/** Where imported products and partners carry the run: default_code / ref start with this. */
export const importPrefix = (runId: string) => `IMP-${runId}-`;

export function setupBulkImport(session: OdooSession, plan: RunPlan): BulkImportData {
  const [company] = discoverCompanies(session, companiesOf(session, plan.companies).slice(0, 1));
  const warehouses = required(
    session.callModel<{ lot_stock_id: [number, string] }[]>(
      'stock.warehouse',
      'search_read',
      { domain: [], fields: ['lot_stock_id'], limit: 1 },
      { allowed_company_ids: [company!.id] },
    ),
    'warehouse',
  );
  if (warehouses.length === 0) exec.test.abort('setup: no warehouse to load opening stock into');
  const settings = plan.workloads.bulkImport ?? WORKLOAD_DEFAULTS.bulkImport;
  // Price rules go into a pricelist of the run's own, so nobody's prices change and cleanup finds them.
  const pricelistId =
    settings.kind === 'pricelist-items'
      ? required(
          session.callModel<number>(
            'product.pricelist',
            'create',
            {
              vals_list: { name: `${importPrefix(plan.runId)}pricelist`, company_id: company!.id },
            },
            { allowed_company_ids: [company!.id] },
          ),
          'a pricelist for the run',
        )
      : undefined;
  return {
    companyId: company!.id,
    products: company!.products,
    stockLocationId: warehouses[0]!.lot_stock_id[0],
    pricelistId,
  };
}

interface Batch {
  model: string;
  fields: string[];
  columns: string[];
  rows: string[][];
  context: Record<string, unknown>;
}

/** Rows numbered from `first`; a share of them deliberately malformed (a price that is not a number). */
export function buildBatch(
  settings: BulkImportPlan,
  runId: string,
  first: number,
  data: BulkImportData,
): Batch {
  const hash = String(runHash(runId)).padStart(6, '0');
  const bad = (n: number) =>
    settings.badRowShare > 0 && n % Math.round(1 / settings.badRowShare) === 0;
  const numbers = Array.from({ length: settings.rowsPerBatch }, (_, i) => first + i);
  const context = { allowed_company_ids: [data.companyId], tracking_disable: true };
  if (settings.kind === 'partners') {
    return {
      model: 'res.partner',
      fields: ['name', 'email', 'ref', 'customer_rank'],
      columns: ['Name', 'Email', 'Reference', 'Customer Rank'],
      rows: numbers.map((n) => [
        `Imported Customer ${n}`,
        `import${n}@example.com`,
        `${importPrefix(runId)}${n}`,
        bad(n) ? 'many' : '1',
      ]),
      context,
    };
  }
  if (settings.kind === 'pricelist-items') {
    return {
      model: 'product.pricelist.item',
      fields: [
        'pricelist_id/.id',
        'product_id/.id',
        'applied_on',
        'compute_price',
        'min_quantity',
        'fixed_price',
      ],
      columns: ['Pricelist', 'Product', 'Apply On', 'Computation', 'Min. Quantity', 'Fixed Price'],
      rows: numbers.map((n) => [
        String(data.pricelistId),
        String(data.products[n % data.products.length]),
        '0_product_variant',
        'fixed',
        String(1 + Math.floor(n / data.products.length) * 10),
        bad(n) ? 'n/a' : (1 + (n % 97)).toFixed(2),
      ]),
      context,
    };
  }
  if (settings.kind === 'opening-stock') {
    return {
      model: 'stock.quant',
      fields: ['product_id/.id', 'location_id/.id', 'inventory_quantity'],
      columns: ['Product', 'Location', 'Counted Quantity'],
      rows: numbers.map((n) => [
        String(data.products[n % data.products.length]),
        String(data.stockLocationId),
        bad(n) ? 'lots' : String(100 + (n % 50)),
      ]),
      context: { ...context, inventory_mode: true },
    };
  }
  return {
    model: 'product.product',
    fields: ['name', 'default_code', 'barcode', 'list_price'],
    columns: ['Name', 'Internal Reference', 'Barcode', 'Sales Price'],
    rows: numbers.map((n) => [
      `Imported Product ${n}`,
      `${importPrefix(runId)}${n}`,
      ean13(`2${hash}${String(n).padStart(5, '0')}`),
      bad(n) ? 'n/a' : (5 + (n % 100)).toFixed(2),
    ]),
    context,
  };
}

const toCsv = (columns: string[], rows: string[][]) =>
  `${[columns, ...rows]
    .map((row) =>
      row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(','),
    )
    .join('\n')}\n`;

interface ImportResult {
  ids: number[] | false;
  messages: { type: string; message: string; field?: string }[];
}

/** Classifies Odoo's row messages into a bounded set of reasons for the failed-rows metric. */
export function failureReason(message: {
  message: string;
  field?: string;
}): 'duplicate' | 'format' | 'missing' | 'other' {
  if (/already (exists|assigned)|unique|duplicate/i.test(message.message)) return 'duplicate';
  if (/does not seem to be|Unknown value|invalid/i.test(message.message)) return 'format';
  if (/No matching record|Missing required|not found/i.test(message.message)) return 'missing';
  return 'other';
}

export function runBulkImport(data: BulkImportData, plan: RunPlan): void {
  const settings = plan.workloads.bulkImport ?? WORKLOAD_DEFAULTS.bulkImport;
  const odoo = mainSession(plan);
  if (!odoo) return;
  const batch = buildBatch(
    settings,
    plan.runId,
    exec.scenario.iterationInTest * settings.rowsPerBatch,
    data,
  );
  const started = Date.now();
  let result: RpcResult<ImportResult>;
  if (settings.via === 'load') {
    result = odoo.callModel<ImportResult>(
      batch.model,
      'load',
      { fields: batch.fields, data: batch.rows },
      batch.context,
    );
  } else {
    const wizard = odoo.callModel<number>(
      'base_import.import',
      'create',
      {
        vals_list: {
          res_model: batch.model,
          file: toCsv(batch.columns, batch.rows),
          file_type: 'text/csv',
          file_name: `${plan.runId}.csv`,
        },
      },
      batch.context,
    );
    if (!wizard.ok) return;
    const options = {
      has_headers: true,
      separator: ',',
      quoting: '"',
      encoding: 'utf-8',
      limit: settings.rowsPerBatch,
      skip: 0,
      date_format: '',
      datetime_format: '',
      float_thousand_separator: ',',
      float_decimal_separator: '.',
      fallback_values: {},
      name_create_enabled_fields: {},
      import_set_empty_fields: [],
      import_skip_records: [],
      advanced: false,
      keep_matches: false,
      sheets: [],
      sheet: '',
    };
    result = odoo.callRecords<ImportResult>(
      'base_import.import',
      'execute_import',
      [wizard.value],
      { fields: batch.fields, columns: batch.columns, options, dryrun: false },
      batch.context,
    );
  }
  importBatchDuration.add(Date.now() - started, { [TAGS.model]: batch.model });
  if (!check(result, { 'import answered': (r) => r.ok })) return;
  const outcome = (result as { value: ImportResult }).value;
  const errors = outcome.messages.filter((m) => m.type === 'error');
  for (const message of errors)
    importRowsFailed.add(1, { [TAGS.reason]: failureReason(message), [TAGS.model]: batch.model });
  // A zero keeps the failed-rows series alive on dashboards when every row went in.
  if (errors.length === 0)
    importRowsFailed.add(0, { [TAGS.reason]: 'none', [TAGS.model]: batch.model });
  if (!outcome.ids) return;
  importRows.add(outcome.ids.length, { [TAGS.model]: batch.model });
  // Opening stock is counted, then applied, as Inventory > Physical Inventory does.
  if (batch.model === 'stock.quant')
    odoo.callRecords('stock.quant', 'action_apply_inventory', outcome.ids, {}, batch.context);
}
