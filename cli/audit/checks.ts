/**
 * The integrity checks go-live leads call non-negotiable (DOMAIN.md "Readiness"), read over RPC only
 * so they run against a real Odoo as well as the emulator. Each returns a verdict with evidence that
 * names the records involved.
 */
import type { NodeOdooClient } from '../odoo/client.ts';

export type Verdict = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  check: string;
  criterion: string;
  verdict: Verdict;
  summary: string;
  evidence: string[];
}

export interface AuditInput {
  runId: string;
  odoo: NodeOdooClient;
  /** Counters from the run's k6 summary (orders_confirmed, import_rows, ...). */
  counts: Record<string, number | undefined>;
  /** Which workloads ran, and the import's kind. */
  workloads: {
    orderConfirmation?: unknown;
    bulkImport?: { kind: string };
    monthEndClose?: unknown;
    reservationContention?: unknown;
    barcodeScanning?: unknown;
  };
  /** All company ids to look in (record rules hide the others). */
  companyIds: number[];
}

const EPSILON = 1e-6;
const MAX_EVIDENCE = 20;
const limitEvidence = (lines: string[]) =>
  lines.length > MAX_EVIDENCE
    ? [...lines.slice(0, MAX_EVIDENCE), `… and ${lines.length - MAX_EVIDENCE} more`]
    : lines;

/** Orders: every order the run reported confirmed exists in Odoo and is confirmed, none twice. */
export async function checkOrders({
  runId,
  odoo,
  counts,
  workloads,
  companyIds,
}: AuditInput): Promise<CheckResult> {
  const criterion =
    'every order the run reports as confirmed exists and is confirmed; none lost, none duplicated';
  if (!workloads.orderConfirmation)
    return {
      check: 'orders',
      criterion,
      verdict: 'skip',
      summary: 'no order-confirmation workload in this run',
      evidence: [],
    };
  const reported = counts.orders_confirmed ?? 0;
  const context = { allowed_company_ids: companyIds };
  const orders = await odoo.callModel<{ name: string; state: string; client_order_ref: string }[]>(
    'sale.order',
    'search_read',
    {
      domain: [['client_order_ref', '=like', `${runId}/oc/%`]],
      fields: ['name', 'state', 'client_order_ref'],
      order: 'name',
      context,
    },
  );
  const confirmed = orders.filter((order) => order.state === 'sale' || order.state === 'done');
  const byRef = new Map<string, string[]>();
  for (const order of orders)
    byRef.set(order.client_order_ref, [...(byRef.get(order.client_order_ref) ?? []), order.name]);
  const duplicates = [...byRef.entries()].filter(([, names]) => names.length > 1);
  const evidence: string[] = duplicates.map(
    ([ref, names]) => `duplicated: ${names.join(', ')} share the reference ${ref}`,
  );
  if (confirmed.length !== reported) {
    evidence.push(
      `k6 counted ${reported} confirmed orders; Odoo holds ${confirmed.length} confirmed orders of this run`,
    );
    for (const order of orders.filter((o) => o.state !== 'sale' && o.state !== 'done'))
      evidence.push(
        `not confirmed: ${order.name} (${order.client_order_ref}) is in state ${order.state}`,
      );
    evidence.push(
      ...(await sequenceGaps(
        odoo,
        orders.map((order) => order.name),
        context,
      )),
    );
  }
  const passed = duplicates.length === 0 && confirmed.length === reported;
  return {
    check: 'orders',
    criterion,
    verdict: passed ? 'pass' : 'fail',
    summary: `${reported} reported, ${confirmed.length} confirmed in Odoo, ${duplicates.length} duplicated`,
    evidence: limitEvidence(evidence),
  };
}

/** Order numbers missing inside the run's range, when no order of any kind holds them (deleted ones). */
async function sequenceGaps(
  odoo: NodeOdooClient,
  names: string[],
  context: Record<string, unknown>,
): Promise<string[]> {
  const parsed = names
    .map((name) => /^(.*?)(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null);
  if (parsed.length === 0) return [];
  const prefix = parsed[0]![1]!;
  const width = parsed[0]![2]!.length;
  const numbers = parsed.map((match) => Number(match[2]));
  const [low, high] = [Math.min(...numbers), Math.max(...numbers)];
  const existing = await odoo.callModel<{ name: string }[]>('sale.order', 'search_read', {
    domain: [['name', '=like', `${prefix}%`]],
    fields: ['name'],
    context,
  });
  const present = new Set(existing.map((order) => order.name));
  const missing: string[] = [];
  for (let n = low; n <= high; n++) {
    const name = prefix + String(n).padStart(width, '0');
    if (!present.has(name)) missing.push(name);
  }
  return missing.length > 0
    ? [
        `no order holds the number(s) ${missing.join(', ')} inside this run's range ${prefix}${String(low).padStart(width, '0')}–${high}: deleted?`,
      ]
    : [];
}

interface QuantGroup {
  product_id: [number, string];
  location_id: [number, string];
  quantity: number;
  reserved_quantity: number;
}

/** Stock: at no internal location is more reserved than on hand, and nothing is below zero. */
export async function checkStock({ odoo, companyIds }: AuditInput): Promise<CheckResult> {
  const criterion =
    'no product has more reserved than on hand at any internal location, and no stock is negative';
  const context = { allowed_company_ids: companyIds };
  const internal = ['location_id.usage', '=', 'internal'];
  // Only pairs with a reservation or a negative quant can break the rule; sum all their quants.
  const suspects = await odoo.callModel<{ product_id: [number, string] }[]>(
    'stock.quant',
    'read_group',
    {
      domain: [internal, '|', ['reserved_quantity', '>', 0], ['quantity', '<', 0]],
      fields: ['quantity:sum'],
      groupby: ['product_id'],
      lazy: true,
      context,
    },
  );
  const productIds = suspects.map((group) => group.product_id[0]);
  const groups = productIds.length
    ? await odoo.callModel<QuantGroup[]>('stock.quant', 'read_group', {
        domain: [internal, ['product_id', 'in', productIds]],
        fields: ['quantity:sum', 'reserved_quantity:sum'],
        groupby: ['product_id', 'location_id'],
        lazy: false,
        context,
      })
    : [];
  const evidence: string[] = [];
  for (const group of groups) {
    const where = `${group.product_id[1]} at ${group.location_id[1]}`;
    if (group.reserved_quantity > group.quantity + EPSILON)
      evidence.push(
        `over-reserved: ${where}: reserved ${group.reserved_quantity} > on hand ${group.quantity}`,
      );
    if (group.quantity < -EPSILON) evidence.push(`negative: ${where}: on hand ${group.quantity}`);
  }
  return {
    check: 'stock',
    criterion,
    verdict: evidence.length === 0 ? 'pass' : 'fail',
    summary: `${groups.length} product/location pairs with reservations checked, ${evidence.length} problem(s)`,
    evidence: limitEvidence(evidence),
  };
}

interface PostedMove {
  id: number;
  name: string;
  journal_id: [number, string];
  sequence_prefix: string;
  sequence_number: number;
  ref: string | false;
}

/** Journal numbering: unique per journal, and gapless across the run's range in each journal and prefix. */
export async function checkSequences({
  runId,
  odoo,
  workloads,
  companyIds,
}: AuditInput): Promise<CheckResult> {
  const criterion =
    "posted entries have unique numbers per journal and no gaps within the run's range";
  if (!workloads.monthEndClose)
    return {
      check: 'sequences',
      criterion,
      verdict: 'skip',
      summary: 'no month-end workload in this run',
      evidence: [],
    };
  const context = { allowed_company_ids: companyIds };
  const fields = ['name', 'journal_id', 'sequence_prefix', 'sequence_number', 'ref'];
  const own = await odoo.callModel<PostedMove[]>('account.move', 'search_read', {
    domain: [
      ['ref', '=like', `${runId}/%`],
      ['state', '=', 'posted'],
    ],
    fields,
    context,
  });
  const evidence: string[] = [];
  const series = new Map<string, PostedMove[]>();
  for (const move of own)
    series.set(`${move.journal_id[0]}|${move.sequence_prefix}`, [
      ...(series.get(`${move.journal_id[0]}|${move.sequence_prefix}`) ?? []),
      move,
    ]);
  for (const moves of series.values()) {
    const { journal_id: journal, sequence_prefix: prefix } = moves[0]!;
    const numbers = moves.map((move) => move.sequence_number);
    const [low, high] = [Math.min(...numbers), Math.max(...numbers)];
    const all = await odoo.callModel<PostedMove[]>('account.move', 'search_read', {
      domain: [
        ['journal_id', '=', journal[0]],
        ['sequence_prefix', '=', prefix],
        ['state', '=', 'posted'],
        ['sequence_number', '>=', low],
        ['sequence_number', '<=', high],
      ],
      fields,
      context,
    });
    const byName = new Map<string, PostedMove[]>();
    for (const move of all) byName.set(move.name, [...(byName.get(move.name) ?? []), move]);
    for (const [name, holders] of byName)
      if (holders.length > 1)
        evidence.push(
          `duplicate number in ${journal[1]}: ${name} is held by ${holders.length} entries (ids ${holders.map((m) => m.id).join(', ')})`,
        );
    const present = new Set(all.map((move) => move.sequence_number));
    const missing: number[] = [];
    for (let n = low; n <= high; n++) if (!present.has(n)) missing.push(n);
    if (missing.length > 0)
      evidence.push(
        `gap in ${journal[1]} ${prefix}: number(s) ${missing.join(', ')} missing between ${low} and ${high}`,
      );
  }
  return {
    check: 'sequences',
    criterion,
    verdict: evidence.length === 0 ? 'pass' : 'fail',
    summary: `${own.length} entries of this run in ${series.size} journal series, ${evidence.length} problem(s)`,
    evidence: limitEvidence(evidence),
  };
}

/** Imports: Odoo holds exactly as many of the run's imported records as the run counted. */
export async function checkImports({
  runId,
  odoo,
  counts,
  workloads,
  companyIds,
}: AuditInput): Promise<CheckResult> {
  const criterion = 'imported row counts match what the run sent and Odoo accepted';
  const kind = workloads.bulkImport?.kind;
  if (!kind)
    return {
      check: 'imports',
      criterion,
      verdict: 'skip',
      summary: 'no import workload in this run',
      evidence: [],
    };
  if (kind === 'opening-stock')
    return {
      check: 'imports',
      criterion,
      verdict: 'skip',
      summary: 'opening stock updates existing quants; counted by the stock check instead',
      evidence: [],
    };
  const [model, field] =
    kind === 'partners'
      ? ['res.partner', 'ref']
      : kind === 'pricelist-items'
        ? ['product.pricelist.item', 'pricelist_id.name']
        : ['product.product', 'default_code'];
  const found = await odoo.callModel<number>(model, 'search_count', {
    domain: [[field, '=like', `IMP-${runId}-%`]],
    context: { allowed_company_ids: companyIds },
  });
  const reported = counts.import_rows ?? 0;
  return {
    check: 'imports',
    criterion,
    verdict: found === reported ? 'pass' : 'fail',
    summary: `${reported} rows reported imported, ${found} ${model} records found`,
    evidence:
      found === reported
        ? []
        : [`${model} with ${field} IMP-${runId}-…: expected ${reported}, found ${found}`],
  };
}

/** Invoices and entries the run posted balance: total debit equals total credit, per entry. */
export async function checkBalances({
  runId,
  odoo,
  workloads,
  companyIds,
}: AuditInput): Promise<CheckResult> {
  const criterion = 'every entry and invoice the run posted balances (debit = credit)';
  if (!workloads.monthEndClose && !workloads.orderConfirmation)
    return {
      check: 'balances',
      criterion,
      verdict: 'skip',
      summary: 'nothing posted by this run',
      evidence: [],
    };
  const context = { allowed_company_ids: companyIds };
  const orders = await odoo.callModel<{ name: string }[]>('sale.order', 'search_read', {
    domain: [['client_order_ref', '=like', `${runId}/%`]],
    fields: ['name'],
    context,
  });
  const domain = [
    '|',
    ['ref', '=like', `${runId}/%`],
    ['invoice_origin', 'in', orders.map((order) => order.name)],
  ];
  const moves = await odoo.callModel<{ id: number; name: string }[]>(
    'account.move',
    'search_read',
    { domain: [...domain, ['state', '=', 'posted']], fields: ['name'], context },
  );
  if (moves.length === 0)
    return {
      check: 'balances',
      criterion,
      verdict: 'pass',
      summary: 'no posted entries to check',
      evidence: [],
    };
  const groups = await odoo.callModel<
    { move_id: [number, string]; debit: number; credit: number }[]
  >('account.move.line', 'read_group', {
    domain: [['move_id', 'in', moves.map((move) => move.id)]],
    fields: ['debit:sum', 'credit:sum'],
    groupby: ['move_id'],
    lazy: true,
    context,
  });
  const evidence = groups
    .filter((group) => Math.abs(group.debit - group.credit) > 0.005)
    .map(
      (group) => `unbalanced: ${group.move_id[1]}: debit ${group.debit} ≠ credit ${group.credit}`,
    );
  return {
    check: 'balances',
    criterion,
    verdict: evidence.length === 0 ? 'pass' : 'fail',
    summary: `${groups.length} posted entries checked, ${evidence.length} unbalanced`,
    evidence: limitEvidence(evidence),
  };
}

export const ALL_CHECKS = [checkOrders, checkStock, checkSequences, checkImports, checkBalances];
