/**
 * The integrity checks go-live leads call non-negotiable (docs/domain.md "Readiness"), read over RPC only
 * so they run against a real Odoo as well as the emulator. Each returns a verdict with evidence that
 * names the records involved. A check with nothing to check is not applicable, never a pass; an
 * outcome the client never saw (in doubt) is reconciled against what Odoo holds, not counted lost.
 */
import {
  type AuditBaseline,
  importPrefix,
  K6_SCENARIOS,
  type K6ScenarioName,
  METRICS,
  OUTCOMES,
  REF_CODES,
  type RefCode,
  type RunPlan,
  refPattern,
  type StockProblem,
  TAGS,
} from '../../contract/index.ts';
import type { NodeOdooClient } from '../../node-odoo/client.ts';
import type { RunResults } from '../results/types.ts';

export type Verdict = 'pass' | 'fail' | 'not_applicable';

export interface CheckResult {
  check: string;
  criterion: string;
  verdict: Verdict;
  summary: string;
  evidence: string[];
}

/** audit.json: every check's verdict for one run. */
export interface AuditReport {
  runId: string;
  /** No check failed (checks with nothing to check are not applicable, not passed). */
  passed: boolean;
  checks: CheckResult[];
}

export interface AuditInput {
  runId: string;
  odoo: NodeOdooClient;
  results: RunResults | undefined;
  plan: RunPlan;
  /** All company ids to look in (record rules hide the others). */
  companyIds: number[];
  /** What was already wrong before the run (read at preflight). */
  baseline?: AuditBaseline;
  /** The user stopped k6 (Ctrl-C): a unit each VU had in flight was cut off before its answer. */
  interrupted?: boolean;
}

const EPSILON = 1e-6;
const MAX_EVIDENCE = 20;
const limitEvidence = (lines: string[]) =>
  lines.length > MAX_EVIDENCE
    ? [...lines.slice(0, MAX_EVIDENCE), `… and ${lines.length - MAX_EVIDENCE} more`]
    : lines;

const notApplicable = (check: string, criterion: string, summary: string): CheckResult => ({
  check,
  criterion,
  verdict: 'not_applicable',
  summary,
  evidence: [],
});

/** A business-outcome count of one k6 scenario, from the merged results. */
export function outcomeCount(
  results: RunResults | undefined,
  scenario: K6ScenarioName,
  outcome: string,
): number {
  return (results?.counters[METRICS.outcomes.name] ?? [])
    .filter((row) => row.tags[TAGS.scenario] === scenario && row.tags[TAGS.outcome] === outcome)
    .reduce((sum, row) => sum + row.value, 0);
}

const metricCount = (results: RunResults | undefined, metric: string) =>
  results?.metrics[metric]?.count ?? 0;

interface RunOrder {
  name: string;
  state: string;
  client_order_ref: string;
}

/** The workloads whose orders the run counts: the scenario that confirms them and their ref code. */
const ORDER_WORKLOADS: [K6ScenarioName, RefCode][] = [
  ['order_confirmation', REF_CODES.orderConfirmation],
  ['order_entry_web', REF_CODES.orderEntryWeb],
  ['reservation_contention', REF_CODES.reservationContention],
];

/**
 * Orders: every order the run reported confirmed exists in Odoo and is confirmed, none twice; an
 * order whose confirmation got no answer (in doubt) may be either, and is reported as what it is.
 */
/** One order workload's verdict: what Odoo holds against what k6 counted. */
async function checkWorkloadOrders(
  { runId, odoo, results, plan, interrupted }: AuditInput,
  [scenario, code]: (typeof ORDER_WORKLOADS)[number],
  context: Record<string, unknown>,
): Promise<{ failed: boolean; summary: string; evidence: string[] } | undefined> {
  const done = outcomeCount(results, scenario, OUTCOMES.done);
  const inDoubt = outcomeCount(results, scenario, OUTCOMES.inDoubt);
  const orders = await odoo.callModel<RunOrder[]>(
    'sale.order',
    'search_read',
    {
      domain: [['client_order_ref', '=like', refPattern(runId, code)]],
      fields: ['name', 'state', 'client_order_ref'],
      order: 'name',
    },
    context,
  );
  if (done + inDoubt === 0 && orders.length === 0) return undefined;
  const evidence: string[] = [];
  const byRef = new Map<string, string[]>();
  for (const order of orders)
    byRef.set(order.client_order_ref, [...(byRef.get(order.client_order_ref) ?? []), order.name]);
  const duplicates = [...byRef].filter(([, names]) => names.length > 1);
  for (const [ref, names] of duplicates)
    evidence.push(`duplicated: ${names.join(', ')} share the reference ${ref}`);
  const held = orders.filter((order) => order.state === 'sale' || order.state === 'done').length;
  // k6 stopped by the user drops what its VUs had in flight without an outcome: at most one each.
  const cut = interrupted ? vusOf(plan, scenario) : 0;
  const consistent = held >= done && held <= done + inDoubt + cut;
  const unit = K6_SCENARIOS[scenario].unit;
  const summary = `${scenario}: ${done} ${unit} reported confirmed${inDoubt ? ` + ${inDoubt} in doubt` : ''}, ${held} confirmed in Odoo`;
  if (inDoubt > 0 && consistent) {
    const committed = Math.min(held - done, inDoubt);
    evidence.push(
      `${inDoubt} confirmation(s) got no answer (in doubt): ${committed} turned out committed, ${inDoubt - committed} not; nothing lost or duplicated`,
    );
  }
  if (consistent && held > done + inDoubt)
    evidence.push(
      `${held - done - inDoubt} confirmation(s) in flight when the run was interrupted turned out committed (at most one per VU: ${cut}); nothing lost or duplicated`,
    );
  const failed = !consistent || duplicates.length > 0;
  if (failed) {
    evidence.push(
      held < done
        ? `lost: k6 counted ${done} confirmed ${unit}; Odoo holds only ${held}`
        : held > done + inDoubt + cut
          ? `more than reported: Odoo holds ${held} confirmed ${unit} of this run; k6 counted ${done}${inDoubt ? ` and ${inDoubt} in doubt` : ''}${cut ? `, and at most ${cut} were in flight at the interrupt` : ''}`
          : '',
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
  return { failed, summary, evidence };
}

/** The most VUs a k6 scenario of the plan runs at once. */
function vusOf(plan: RunPlan, scenario: string): number {
  const scenarios = plan.options.scenarios as Record<string, ScenarioVus> | undefined;
  const options = scenarios?.[scenario];
  if (!options) return 0;
  return Math.max(
    options.vus ?? 0,
    options.maxVUs ?? 0,
    options.preAllocatedVUs ?? 0,
    options.startVUs ?? 0,
    ...(options.stages ?? []).map((stage) => stage.target),
  );
}

interface ScenarioVus {
  vus?: number;
  maxVUs?: number;
  preAllocatedVUs?: number;
  startVUs?: number;
  stages?: { target: number }[];
}

export async function checkOrders(input: AuditInput): Promise<CheckResult> {
  const criterion =
    'every order the run reports as confirmed exists and is confirmed; none lost, none duplicated';
  const context = { allowed_company_ids: input.companyIds };
  const judged = [];
  for (const workload of ORDER_WORKLOADS) {
    const verdict = await checkWorkloadOrders(input, workload, context);
    if (verdict) judged.push(verdict);
  }
  if (judged.length === 0)
    return notApplicable('orders', criterion, 'no order was attempted by this run');
  return {
    check: 'orders',
    criterion,
    verdict: judged.some((workload) => workload.failed) ? 'fail' : 'pass',
    summary: judged.map((workload) => workload.summary).join('; '),
    evidence: limitEvidence(judged.flatMap((workload) => workload.evidence).filter(Boolean)),
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
  const existing = await odoo.callModel<{ name: string }[]>(
    'sale.order',
    'search_read',
    { domain: [['name', '=like', `${prefix}%`]], fields: ['name'] },
    context,
  );
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

interface Quant {
  product_id: [number, string];
  location_id: [number, string];
  quantity: number;
  reserved_quantity: number;
}

/** One product at one location: its quants summed, and how many hold only a reservation. */
interface Pair {
  product: [number, string];
  location: [number, string];
  onHand: number;
  reserved: number;
  reservationOnly: number;
}

/**
 * Products per read of their quants. A grown database holds tens of thousands of quants; one
 * read_group of them all answers with every group's `__domain` repeating the whole product list,
 * which ran a real Odoo 18 worker out of memory (MemoryError) on 10,000 products.
 */
const PRODUCTS_PER_READ = 500;

/** The quants of `productIds` at internal locations, summed per product and location. */
async function pairsOf(
  odoo: NodeOdooClient,
  productIds: number[],
  context: Record<string, unknown>,
  productsPerRead: number,
): Promise<Pair[]> {
  const pairs = new Map<string, Pair>();
  for (let from = 0; from < productIds.length; from += productsPerRead) {
    const quants = await odoo.callModel<Quant[]>(
      'stock.quant',
      'search_read',
      {
        domain: [
          ['location_id.usage', '=', 'internal'],
          ['product_id', 'in', productIds.slice(from, from + productsPerRead)],
        ],
        fields: ['product_id', 'location_id', 'quantity', 'reserved_quantity'],
      },
      context,
    );
    for (const quant of quants) {
      const key = `${quant.product_id[0]}/${quant.location_id[0]}`;
      const pair = pairs.get(key) ?? {
        product: quant.product_id,
        location: quant.location_id,
        onHand: 0,
        reserved: 0,
        reservationOnly: 0,
      };
      pair.onHand += quant.quantity;
      pair.reserved += quant.reserved_quantity;
      if (Math.abs(quant.quantity) <= EPSILON && quant.reserved_quantity > EPSILON)
        pair.reservationOnly += 1;
      pairs.set(key, pair);
    }
  }
  // Summed here rather than by PostgreSQL: keep what is shown free of float dust.
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  return [...pairs.values()].map((pair) => ({
    ...pair,
    onHand: round(pair.onHand),
    reserved: round(pair.reserved),
  }));
}

/**
 * Why a pair may be over-reserved: quants holding only a reservation (nothing on hand) are what Odoo
 * 17/18's `_update_available_quantity` creates when the quant it wants is locked by another
 * transaction (`FOR NO KEY UPDATE SKIP LOCKED`), so orders reserving at once each got the stock they
 * had all read as free. The clause says how many there are; none, nothing is said.
 */
const reservationOnlyClause = (pair: Pair) =>
  pair.reservationOnly > 0
    ? ` (${pair.reservationOnly} quant(s) hold only a reservation: orders reserved at once past a locked quant, as Odoo 17/18's skip-locked reservation lets them)`
    : '';

/**
 * The product/location pairs whose stock is wrong now: more reserved than on hand, or below zero,
 * over the internal locations of `companyIds`; and how many pairs with reservations were looked at.
 */
export async function stockProblems(
  odoo: NodeOdooClient,
  companyIds: number[],
  productsPerRead = PRODUCTS_PER_READ,
): Promise<{ checked: number; problems: (StockProblem & { why: string })[] }> {
  const context = { allowed_company_ids: companyIds };
  // Only products with a reservation or a negative quant can break the rule; sum all their quants.
  const suspects = await odoo.callModel<{ product_id: [number, string] }[]>(
    'stock.quant',
    'read_group',
    {
      domain: [
        ['location_id.usage', '=', 'internal'],
        '|',
        ['reserved_quantity', '>', 0],
        ['quantity', '<', 0],
      ],
      fields: ['quantity:sum'],
      groupby: ['product_id'],
      lazy: true,
    },
    context,
  );
  if (suspects.length === 0) return { checked: 0, problems: [] };
  const pairs = await pairsOf(
    odoo,
    suspects.map((group) => group.product_id[0]),
    context,
    productsPerRead,
  );
  const problems = pairs
    .filter((pair) => pair.reserved > pair.onHand + EPSILON || pair.onHand < -EPSILON)
    .map((pair) => {
      const where = `${pair.product[1]} at ${pair.location[1]}`;
      return {
        productId: pair.product[0],
        locationId: pair.location[0],
        where,
        reserved: pair.reserved,
        onHand: pair.onHand,
        why:
          pair.reserved > pair.onHand + EPSILON
            ? `over-reserved: ${where}: reserved ${pair.reserved} > on hand ${pair.onHand}${reservationOnlyClause(pair)}`
            : `negative: ${where}: on hand ${pair.onHand}`,
      };
    });
  return { checked: pairs.length, problems };
}

/** What was wrong before any load: the run's audit reports those pairs apart. */
export async function auditBaseline(
  odoo: NodeOdooClient,
  companyIds: number[],
): Promise<AuditBaseline> {
  const { problems } = await stockProblems(odoo, companyIds);
  return {
    takenAt: new Date().toISOString(),
    stock: problems.map(({ why: _why, ...problem }) => problem),
  };
}

/**
 * Stock: at no internal location is more reserved than on hand, and nothing is below zero. A pair
 * that was already wrong before the run (its baseline) is reported as such, not charged to the run,
 * unless the run made it worse.
 */
export async function checkStock({ odoo, companyIds, baseline }: AuditInput): Promise<CheckResult> {
  const criterion =
    'no product has more reserved than on hand at any internal location, and no stock is negative';
  const { checked, problems } = await stockProblems(odoo, companyIds);
  if (checked === 0)
    return notApplicable(
      'stock',
      criterion,
      'no stock is reserved or negative anywhere: nothing to check',
    );
  const before = (problem: StockProblem) =>
    baseline?.stock.find(
      (old) => old.productId === problem.productId && old.locationId === problem.locationId,
    );
  // As wrong as before or less: the run did not do it. Worse: it did.
  const inherited = problems.filter((problem) => {
    const old = before(problem);
    return (
      old !== undefined && problem.reserved - problem.onHand <= old.reserved - old.onHand + EPSILON
    );
  });
  const charged = problems.filter((problem) => !inherited.includes(problem));
  const evidence = [
    ...charged.map((problem) => problem.why),
    ...inherited.map((problem) => {
      const old = before(problem)!;
      return `already before the run (baseline ${baseline!.takenAt}): ${problem.why} (then reserved ${old.reserved}, on hand ${old.onHand})`;
    }),
  ];
  return {
    check: 'stock',
    criterion,
    verdict: charged.length === 0 ? 'pass' : 'fail',
    summary: `${checked} product/location pairs with reservations checked, ${charged.length} problem(s)${inherited.length ? `; ${inherited.length} already wrong before the run, not charged to it` : ''}`,
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
const MOVE_FIELDS = ['name', 'journal_id', 'sequence_prefix', 'sequence_number', 'ref'];

/** One journal series: every entry numbered within the run's range, any holder of it counted. */
async function seriesProblems(
  odoo: NodeOdooClient,
  moves: PostedMove[],
  context: Record<string, unknown>,
): Promise<string[]> {
  const { journal_id: journal, sequence_prefix: prefix } = moves[0]!;
  const numbers = moves.map((move) => move.sequence_number);
  const [low, high] = [Math.min(...numbers), Math.max(...numbers)];
  const all = await odoo.callModel<PostedMove[]>(
    'account.move',
    'search_read',
    {
      domain: [
        ['journal_id', '=', journal[0]],
        ['sequence_prefix', '=', prefix],
        ['state', '=', 'posted'],
        ['sequence_number', '>=', low],
        ['sequence_number', '<=', high],
      ],
      fields: MOVE_FIELDS,
    },
    context,
  );
  const problems: string[] = [];
  const byName = new Map<string, PostedMove[]>();
  for (const move of all) byName.set(move.name, [...(byName.get(move.name) ?? []), move]);
  for (const [name, holders] of byName)
    if (holders.length > 1)
      problems.push(
        `duplicate number in ${journal[1]}: ${name} is held by ${holders.length} entries (ids ${holders.map((m) => m.id).join(', ')})`,
      );
  const present = new Set(all.map((move) => move.sequence_number));
  const missing: number[] = [];
  for (let n = low; n <= high; n++) if (!present.has(n)) missing.push(n);
  if (missing.length > 0)
    problems.push(
      `gap in ${journal[1]} ${prefix}: number(s) ${missing.join(', ')} missing between ${low} and ${high}`,
    );
  return problems;
}

export async function checkSequences({
  runId,
  odoo,
  companyIds,
}: AuditInput): Promise<CheckResult> {
  const criterion =
    "posted entries have unique numbers per journal and no gaps within the run's range";
  const context = { allowed_company_ids: companyIds };
  const own = await odoo.callModel<PostedMove[]>(
    'account.move',
    'search_read',
    {
      domain: [
        ['ref', '=like', refPattern(runId)],
        ['state', '=', 'posted'],
      ],
      fields: MOVE_FIELDS,
    },
    context,
  );
  if (own.length === 0)
    return notApplicable(
      'sequences',
      criterion,
      'the run posted no journal entry: no numbering to check',
    );
  const evidence: string[] = [];
  const series = new Map<string, PostedMove[]>();
  for (const move of own) {
    const key = `${move.journal_id[0]}|${move.sequence_prefix}`;
    series.set(key, [...(series.get(key) ?? []), move]);
  }
  for (const moves of series.values())
    evidence.push(...(await seriesProblems(odoo, moves, context)));
  return {
    check: 'sequences',
    criterion,
    verdict: evidence.length === 0 ? 'pass' : 'fail',
    summary: `${own.length} entries of this run in ${series.size} journal series, ${evidence.length} problem(s)`,
    evidence: limitEvidence(evidence),
  };
}

const IMPORT_TARGETS: Record<string, [model: string, field: string]> = {
  products: ['product.product', 'default_code'],
  partners: ['res.partner', 'ref'],
  'pricelist-items': ['product.pricelist.item', 'pricelist_id.name'],
};

/** Imports: Odoo holds as many of the run's records as it counted (batches in doubt may add some). */
export async function checkImports(input: AuditInput): Promise<CheckResult> {
  const { runId, odoo, results, plan, companyIds } = input;
  const criterion = 'imported row counts match what the run sent and Odoo accepted';
  const settings = plan.workloads.bulkImport;
  if (!settings) return notApplicable('imports', criterion, 'no import workload in this run');
  if (settings.kind === 'opening-stock') return checkOpeningStock(input);
  const [model, field] = IMPORT_TARGETS[settings.kind]!;
  const found = await odoo.callModel<number>(
    model,
    'search_count',
    { domain: [[field, '=like', `${importPrefix(runId)}%`]] },
    { allowed_company_ids: companyIds },
  );
  const reported = metricCount(results, METRICS.importRows.name);
  const doubtful = outcomeCount(results, 'bulk_import', OUTCOMES.inDoubt) * settings.rowsPerBatch;
  if (reported === 0 && doubtful === 0 && found === 0)
    return notApplicable('imports', criterion, 'no row was imported: nothing to count');
  const consistent = found >= reported && found <= reported + doubtful;
  return {
    check: 'imports',
    criterion,
    verdict: consistent ? 'pass' : 'fail',
    summary: `${reported} rows reported imported${doubtful ? ` (+ up to ${doubtful} in doubt)` : ''}, ${found} ${model} records found`,
    evidence: consistent
      ? []
      : [
          `${model} with ${field} ${importPrefix(runId)}…: expected ${reported}${doubtful ? `–${reported + doubtful}` : ''}, found ${found}`,
        ],
  };
}

/**
 * Opening stock really changed on-hand quantities: at the run's own locations (empty before the
 * run), every counted product/location pair holds what was applied, and nothing is left counted
 * but not applied.
 */
async function checkOpeningStock({
  runId,
  odoo,
  results,
  companyIds,
}: AuditInput): Promise<CheckResult> {
  const criterion =
    "on hand at the run's locations = before (zero) + the opening stock applied, per product and location";
  const context = { allowed_company_ids: companyIds };
  const locations = await odoo.callModel<number[]>(
    'stock.location',
    'search',
    { domain: [['name', '=like', `${importPrefix(runId)}%`]] },
    context,
  );
  const rows = metricCount(results, METRICS.importRows.name);
  const units = metricCount(results, METRICS.importQuantity.name);
  if (locations.length === 0 && rows === 0)
    return notApplicable('imports', criterion, 'no opening stock was imported');
  const quants = locations.length
    ? await odoo.callModel<
        {
          product_id: [number, string];
          location_id: [number, string];
          quantity: number;
          inventory_quantity: number;
        }[]
      >(
        'stock.quant',
        'search_read',
        {
          domain: [['location_id', 'in', locations]],
          fields: ['product_id', 'location_id', 'quantity', 'inventory_quantity'],
        },
        context,
      )
    : [];
  const onHand = quants.filter((quant) => quant.quantity > EPSILON);
  const total = onHand.reduce((sum, quant) => sum + quant.quantity, 0);
  const evidence: string[] = [];
  for (const quant of quants.filter(
    (q) => q.quantity <= EPSILON && q.inventory_quantity > EPSILON,
  )) {
    evidence.push(
      `counted but never applied: ${quant.product_id[1]} at ${quant.location_id[1]}: counted ${quant.inventory_quantity}, on hand ${quant.quantity}`,
    );
  }
  if (onHand.length !== rows)
    evidence.push(
      `the run applied ${rows} product/location counts; ${onHand.length} hold stock at its locations`,
    );
  if (Math.abs(total - units) > EPSILON)
    evidence.push(`the run applied ${units} units; its locations hold ${total}`);
  return {
    check: 'imports',
    criterion,
    verdict: evidence.length === 0 ? 'pass' : 'fail',
    summary: `${rows} counts of ${units} units applied; ${onHand.length} product/location pairs hold ${total} units at ${locations.length} location(s) of the run`,
    evidence: limitEvidence(evidence),
  };
}

/** Invoices and entries the run posted balance: total debit equals total credit, per entry. */
export async function checkBalances({ runId, odoo, companyIds }: AuditInput): Promise<CheckResult> {
  const criterion = 'every entry and invoice the run posted balances (debit = credit)';
  const context = { allowed_company_ids: companyIds };
  const orders = await odoo.callModel<{ name: string }[]>(
    'sale.order',
    'search_read',
    { domain: [['client_order_ref', '=like', refPattern(runId)]], fields: ['name'] },
    context,
  );
  const domain = [
    '|',
    ['ref', '=like', refPattern(runId)],
    ['invoice_origin', 'in', orders.map((order) => order.name)],
  ];
  const moves = await odoo.callModel<{ id: number; name: string }[]>(
    'account.move',
    'search_read',
    { domain: [...domain, ['state', '=', 'posted']], fields: ['name'] },
    context,
  );
  if (moves.length === 0)
    return notApplicable(
      'balances',
      criterion,
      'the run posted no entry or invoice: nothing to balance',
    );
  const groups = await odoo.callModel<
    { move_id: [number, string]; debit: number; credit: number }[]
  >(
    'account.move.line',
    'read_group',
    {
      domain: [['move_id', 'in', moves.map((move) => move.id)]],
      fields: ['debit:sum', 'credit:sum'],
      groupby: ['move_id'],
      lazy: true,
    },
    context,
  );
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
