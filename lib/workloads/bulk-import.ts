/**
 * Bulk imports (docs/domain.md workload 3): CSV batches through Odoo's import wizard (`base_import.import`
 * + `execute_import`) or straight through `load`, generated deterministically and unique per run,
 * so re-runs never collide. Odoo's messages are classified into reasons, not swallowed.
 * Opening stock is counted into locations of the run's own (one product/location pair per row, so
 * on hand before is zero) and then applied, as Inventory > Physical Inventory does; the audit checks
 * that on hand grew by what the run applied.
 */
import { check } from 'k6';
import exec from 'k6/execution';
import { type ImportKind, importPrefix } from '../../contract/index.ts';
import { type BulkImportPlan, type RunPlan, settingsOf } from '../config.ts';
import { companiesOf, discoverCompanies, ean13, required, runHash } from '../data/index.ts';
import { metrics, TAGS } from '../metrics/index.ts';
import { answerWizards, type OdooSession, type RpcResult } from '../odoo/index.ts';
import { type PeopleData, personSession } from '../people/index.ts';
import { unitDone, unitFailed } from './outcome.ts';

export interface BulkImportData {
  companyId: number;
  products: number[];
  /** Opening stock: internal locations of the run's own, `IMP-<run-id>-L<k>`. */
  locations: number[];
  /** The run's own pricelist (named after the run), when price list items are imported. */
  pricelistId?: number;
}

/** Locations the opening stock needs so that every row has its own product/location pair. */
export const locationsNeeded = (settings: BulkImportPlan, products: number) =>
  Math.ceil((settings.batches * settings.rowsPerBatch) / Math.max(1, products));

function createLocations(
  session: OdooSession,
  plan: RunPlan,
  companyId: number,
  count: number,
): number[] {
  const context = { allowed_company_ids: [companyId] };
  const warehouses = required(
    session.callModel<{ lot_stock_id: [number, string] }[]>(
      'stock.warehouse',
      'search_read',
      { domain: [], fields: ['lot_stock_id'], limit: 1 },
      context,
    ),
    'warehouse',
  );
  if (warehouses.length === 0) exec.test.abort('setup: no warehouse to load opening stock into');
  const parent = warehouses[0]!.lot_stock_id[0];
  return Array.from({ length: count }, (_, k) => {
    const vals = {
      name: `${importPrefix(plan.runId)}L${k}`,
      location_id: parent,
      usage: 'internal',
      company_id: companyId,
    };
    return required(
      session.create('stock.location', vals, context),
      'a location for opening stock',
    );
  });
}

export function setupBulkImport(session: OdooSession, plan: RunPlan): BulkImportData {
  const settings = settingsOf(plan, 'bulkImport');
  const [company] = discoverCompanies(session, companiesOf(session, plan.companies).slice(0, 1));
  const context = { allowed_company_ids: [company!.id] };
  const locations =
    settings.kind === 'opening-stock'
      ? createLocations(
          session,
          plan,
          company!.id,
          locationsNeeded(settings, company!.products.length),
        )
      : [];
  // Price rules go into a pricelist of the run's own, so nobody's prices change and cleanup finds them.
  const pricelistId =
    settings.kind === 'pricelist-items'
      ? required(
          session.create(
            'product.pricelist',
            { name: `${importPrefix(plan.runId)}pricelist`, company_id: company!.id },
            context,
          ),
          'a pricelist for the run',
        )
      : undefined;
  return { companyId: company!.id, products: company!.products, locations, pricelistId };
}

interface Batch {
  model: string;
  fields: string[];
  columns: string[];
  rows: string[][];
  context: Record<string, unknown>;
}

interface RowSource {
  numbers: number[];
  runId: string;
  data: BulkImportData;
  /** Whether row n is the deliberately malformed kind. */
  bad: (n: number) => boolean;
}

/** What each kind of import sends: the model, its fields and the import screen's columns, the rows. */
const BATCH_KINDS: Record<ImportKind, (source: RowSource) => Omit<Batch, 'context'>> = {
  partners: ({ numbers, runId, bad }) => ({
    model: 'res.partner',
    fields: ['name', 'email', 'ref', 'customer_rank'],
    columns: ['Name', 'Email', 'Reference', 'Customer Rank'],
    rows: numbers.map((n) => [
      `Imported Customer ${n}`,
      `import${n}@example.com`,
      `${importPrefix(runId)}${n}`,
      bad(n) ? 'many' : '1',
    ]),
  }),
  'pricelist-items': ({ numbers, data, bad }) => ({
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
  }),
  // Row n counts product n mod P into location n div P: no pair twice in a run.
  'opening-stock': ({ numbers, data, bad }) => ({
    model: 'stock.quant',
    fields: ['product_id/.id', 'location_id/.id', 'inventory_quantity'],
    columns: ['Product', 'Location', 'Counted Quantity'],
    rows: numbers.map((n) => [
      String(data.products[n % data.products.length]),
      String(data.locations[Math.floor(n / data.products.length)]),
      bad(n) ? 'lots' : String(openingQuantity(n)),
    ]),
  }),
  products: ({ numbers, runId, bad }) => {
    const hash = String(runHash(runId)).padStart(6, '0');
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
    };
  },
};

/** Rows numbered from `first`; a share of them deliberately malformed (a price that is not a number). */
export function buildBatch(
  settings: BulkImportPlan,
  runId: string,
  first: number,
  data: BulkImportData,
): Batch {
  const bad = (n: number) =>
    settings.badRowShare > 0 && n % Math.round(1 / settings.badRowShare) === 0;
  const numbers = Array.from({ length: settings.rowsPerBatch }, (_, i) => first + i);
  const context = { allowed_company_ids: [data.companyId], tracking_disable: true };
  return {
    ...BATCH_KINDS[settings.kind]({ numbers, runId, data, bad }),
    // Counted quantities are applied in inventory mode, as the import screen does.
    context: settings.kind === 'opening-stock' ? { ...context, inventory_mode: true } : context,
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
  if (/does not seem to be|Unknown value|invalid|incorrect values/i.test(message.message)) {
    return 'format';
  }
  if (/No matching record|Missing required|not found/i.test(message.message)) return 'missing';
  return 'other';
}

/** Units counted for opening-stock row n. */
const openingQuantity = (n: number) => 100 + (n % 50);

interface Imported {
  ids: number[];
  /** Rows Odoo refused, and the reason of the first message. */
  refused: number;
  reason: string;
}

/** One batch through `load` or the import wizard; undefined when the call itself failed. */
function importBatch(
  odoo: OdooSession,
  plan: RunPlan,
  settings: BulkImportPlan,
  batch: Batch,
): RpcResult<Imported> {
  let result: RpcResult<ImportResult>;
  if (settings.via === 'load') {
    result = odoo.callModel<ImportResult>(
      batch.model,
      'load',
      { fields: batch.fields, data: batch.rows },
      batch.context,
    );
  } else {
    const file = {
      res_model: batch.model,
      file: toCsv(batch.columns, batch.rows),
      file_type: 'text/csv',
      file_name: `${plan.runId}.csv`,
    };
    const wizard = odoo.create('base_import.import', file, batch.context);
    if (!wizard.ok) return wizard;
    result = odoo.callRecords<ImportResult>(
      'base_import.import',
      'execute_import',
      [wizard.value],
      {
        fields: batch.fields,
        columns: batch.columns,
        options: importOptions(settings),
        dryrun: false,
      },
      batch.context,
    );
  }
  if (!result.ok) return result;
  // `ids` is false (or absent, when Odoo refused a whole column) as soon as one row failed.
  const ids = Array.isArray(result.value.ids) ? result.value.ids : [];
  const errors = result.value.messages.filter((message) => message.type === 'error');
  const reason = errors.length ? failureReason(errors[0]!) : 'none';
  return { ok: true, value: { ids, refused: batch.rows.length - ids.length, reason } };
}

const importOptions = (settings: BulkImportPlan) => ({
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
});

export function runBulkImport(data: BulkImportData, plan: RunPlan, people: PeopleData): void {
  const settings = settingsOf(plan, 'bulkImport');
  const odoo = personSession(plan, people, 'integration');
  if (!odoo) return void unitFailed('the run has no integration user session');
  const first = exec.scenario.iterationInTest * settings.rowsPerBatch;
  const batch = buildBatch(settings, plan.runId, first, data);
  const started = Date.now();
  const imported = importBatch(odoo, plan, settings, batch);
  metrics.importBatchDuration.add(Date.now() - started, { [TAGS.model]: batch.model });
  if (!check(imported, { 'import answered': (r) => r.ok })) return void unitFailed(imported);
  const { ids, refused, reason } = (imported as { ok: true; value: Imported }).value;
  // A zero keeps the failed-rows series alive on dashboards when every row went in.
  metrics.importRowsFailed.add(refused, { [TAGS.reason]: reason, [TAGS.model]: batch.model });
  if (ids.length === 0)
    return void unitFailed(`an import batch of ${batch.model} was refused (${reason})`);
  if (batch.model === 'stock.quant') {
    // Counted quantities change nothing until applied; the answer may be a wizard (tracked products).
    const first = odoo.callRecords('stock.quant', 'action_apply_inventory', ids, {}, batch.context);
    const applied = answerWizards(odoo, first, { backorder: 'process' }, 'action_apply_inventory');
    if (!check(applied, { 'opening stock applied': (r) => r.ok })) return void unitFailed(applied);
    const units = batch.rows.reduce((sum, row) => sum + (Number(row[2]) || 0), 0);
    metrics.importQuantity.add(units);
  }
  metrics.importRows.add(ids.length, { [TAGS.model]: batch.model });
  unitDone();
}
