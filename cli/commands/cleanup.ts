/**
 * `odoo-load cleanup --run <id>`: undo what a run created, found by its run id: orders cancelled one
 * by one (their deliveries and reservations released), entries reset to draft and cancelled, the
 * opening stock counted back to zero, imported products, partners, pricelists and locations
 * archived. What cannot be undone is reported, not fatal. Dry run by default unless the target is
 * loopback.
 */
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { importPrefix, isRunId, refPattern } from '../../contract/index.ts';
import { NodeOdooClient, OdooRpcFailure } from '../../node-odoo/client.ts';
import { isLoopback, remoteTargetFromEnv } from '../../run/target.ts';
import { parseFlags } from '../flags.ts';

export const CLEANUP_HELP = `odoo-load cleanup --run <run-id> [--apply | --dry-run]

Finds what a run created in the Odoo named by ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD (every
record carries the run id): cancels its orders one at a time (releasing deliveries and reservations;
delivered orders are reported and left as they are, since their goods have left), resets its posted
entries to draft and cancels them, counts its opening stock back to zero, and archives the products,
partners, pricelists and locations it created. On a non-loopback target it only lists what it would
do unless --apply is given.`;

interface Order {
  id: number;
  name: string;
  state: string;
  picking_ids: number[];
}

const list = (names: string[]) =>
  names.length ? `: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}` : '';

/** What a run left in Odoo, found by its run id. */
interface RunLeftovers {
  cancellable: Order[];
  delivered: Order[];
  moves: { id: number; name: string; state: string }[];
  products: number[];
  partners: number[];
  pricelists: number[];
  locations: number[];
}

/** The run's orders, split by whether their goods have left (a done delivery). */
async function ordersOf(odoo: NodeOdooClient, runId: string) {
  const orders = await odoo.callModel<Order[]>('sale.order', 'search_read', {
    domain: [
      ['client_order_ref', '=like', refPattern(runId)],
      ['state', '!=', 'cancel'],
    ],
    fields: ['name', 'state', 'picking_ids'],
  });
  const pickings = await odoo.callModel<{ id: number; state: string }[]>(
    'stock.picking',
    'search_read',
    {
      domain: [['id', 'in', orders.flatMap((order) => order.picking_ids)]],
      fields: ['state'],
    },
  );
  const done = new Set(
    pickings.filter((picking) => picking.state === 'done').map((picking) => picking.id),
  );
  const delivered = orders.filter((order) => order.picking_ids.some((id) => done.has(id)));
  return { orders, delivered, cancellable: orders.filter((order) => !delivered.includes(order)) };
}

async function leftoversOf(odoo: NodeOdooClient, runId: string): Promise<RunLeftovers> {
  const { orders, delivered, cancellable } = await ordersOf(odoo, runId);
  const moves = await odoo.callModel<{ id: number; name: string; state: string }[]>(
    'account.move',
    'search_read',
    {
      domain: [
        '|',
        ['ref', '=like', refPattern(runId)],
        ['invoice_origin', 'in', orders.map((order) => order.name)],
        ['state', '!=', 'cancel'],
      ],
      fields: ['name', 'state'],
    },
  );
  const prefix = `${importPrefix(runId)}%`;
  const search = (model: string, field: string) =>
    odoo.callModel<number[]>(model, 'search', { domain: [[field, '=like', prefix]] });
  return {
    cancellable,
    delivered,
    moves,
    products: await search('product.product', 'default_code'),
    partners: await search('res.partner', 'ref'),
    pricelists: await search('product.pricelist', 'name'),
    locations: await search('stock.location', 'name'),
  };
}

function sayPlan(left: RunLeftovers, say: (line: string) => void): void {
  const { cancellable, delivered, moves } = left;
  say(`cancel ${cancellable.length} order(s)${list(cancellable.map((order) => order.name))}`);
  if (delivered.length) {
    console.log(
      `leave ${delivered.length} delivered order(s) as they are (their goods have left; return them in Odoo if needed)${list(delivered.map((order) => order.name))}`,
    );
  }
  say(`reset to draft and cancel ${moves.length} journal entr${moves.length === 1 ? 'y' : 'ies'}`);
  say(
    `archive ${left.products.length} imported product(s), ${left.partners.length} partner(s), ${left.pricelists.length} pricelist(s) and ${left.locations.length} opening-stock location(s)`,
  );
}

/** Undoes what it can; returns what Odoo refused, one line each. */
async function undo(odoo: NodeOdooClient, left: RunLeftovers): Promise<string[]> {
  const refused: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof OdooRpcFailure)) throw error;
      refused.push(`${what}: ${error.message.split('\n')[0]}`);
    }
  };
  for (const move of left.moves) {
    await attempt(`entry ${move.name}`, async () => {
      if (move.state === 'posted')
        await odoo.callRecords('account.move', 'button_draft', [move.id]);
      await odoo.callRecords('account.move', 'button_cancel', [move.id]);
    });
  }
  // One at a time: Odoo's action_cancel handles a single confirmed order, and
  // disable_cancel_warning skips the wizard that would e-mail the customer.
  for (const order of left.cancellable) {
    await attempt(`order ${order.name}`, () =>
      odoo.callRecords(
        'sale.order',
        'action_cancel',
        [order.id],
        {},
        { disable_cancel_warning: true },
      ),
    );
  }
  if (left.locations.length)
    await attempt('opening stock', () => zeroOpeningStock(odoo, left.locations));
  for (const [model, ids] of [
    ['product.product', left.products],
    ['res.partner', left.partners],
    ['product.pricelist', left.pricelists],
    ['stock.location', left.locations],
  ] as const) {
    if (ids.length)
      await attempt(`archive ${model}`, () => odoo.write(model, ids, { active: false }));
  }
  return refused;
}

/** The opening stock counted back to zero in the run's own locations. */
async function zeroOpeningStock(odoo: NodeOdooClient, locations: number[]): Promise<void> {
  const quants = await odoo.callModel<number[]>('stock.quant', 'search', {
    domain: [
      ['location_id', 'in', locations],
      ['quantity', '!=', 0],
    ],
  });
  if (!quants.length) return;
  const context = { inventory_mode: true };
  await odoo.write('stock.quant', quants, { inventory_quantity: 0 }, context);
  await odoo.callRecords('stock.quant', 'action_apply_inventory', quants, {}, context);
}

export async function cleanupCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    run: { type: 'string' },
    apply: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  });
  if (!values.run || !isRunId(values.run))
    throw new CliError('--run: expected a run id such as 20261122-114332-4603', EXIT.badInput);
  const remote = remoteTargetFromEnv();
  if (!remote)
    throw new CliError(
      'ODOO_URL is not set: name the Odoo to clean with ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD',
      EXIT.badInput,
    );
  const apply = values['dry-run'] ? false : values.apply || isLoopback(remote.url);
  const odoo = new NodeOdooClient({ ...remote, auth: 'session' }, remote.password);
  await odoo.login();
  const runId = values.run;
  const left = await leftoversOf(odoo, runId);
  sayPlan(left, (line) => console.log(`${apply ? '' : '(dry run) '}${line}`));
  if (!apply) {
    console.log('nothing changed: the target is not loopback; add --apply to do this');
    return EXIT.ok;
  }
  const refused = await undo(odoo, left);
  for (const line of refused) console.log(`not undone: ${line}`);
  console.log(
    `cleaned up run ${runId}${refused.length ? `; ${refused.length} item(s) could not be undone (listed above)` : ''}`,
  );
  return EXIT.ok;
}
