/**
 * `odoo-load cleanup --run <id>`: undo what a run created, found by its run id: orders cancelled
 * (their deliveries and reservations released), entries reset to draft and cancelled, imported
 * products and partners archived. Dry run by default unless the target is loopback.
 */
import { parseArgs } from 'node:util';
import { NodeOdooClient } from '../odoo/client.ts';
import { CliError, EXIT } from '../run/exit-codes.ts';
import { isLoopback, remoteTargetFromEnv } from '../run/target.ts';

export const CLEANUP_HELP = `odoo-load cleanup --run <run-id> [--apply | --dry-run]

Finds what a run created in the Odoo named by ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD (every
record carries the run id): cancels its orders (releasing deliveries and reservations), resets its
posted entries to draft and cancels them, archives the products and partners it imported.
On a non-loopback target it only lists what it would do unless --apply is given.`;

export async function cleanupCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      run: { type: 'string' },
      apply: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.run || !/^[\w.-]+$/.test(values.run))
    throw new CliError('--run: expected a run id such as 20261122-114332-4603', EXIT.badInput);
  const remote = remoteTargetFromEnv();
  if (!remote)
    throw new CliError(
      'ODOO_URL is not set: name the Odoo to clean with ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD',
      EXIT.badInput,
    );
  const apply = values['dry-run'] ? false : values.apply || isLoopback(remote.url);
  const odoo = new NodeOdooClient(
    { url: remote.url, db: remote.db, login: remote.login, auth: 'session' },
    remote.password,
  );
  await odoo.login();
  const ref = `${values.run}/%`;
  const say = (line: string) => console.log(`${apply ? '' : '(dry run) '}${line}`);

  const orders = await odoo.callModel<{ id: number; name: string }[]>('sale.order', 'search_read', {
    domain: [
      ['client_order_ref', '=like', ref],
      ['state', '!=', 'cancel'],
    ],
    fields: ['name'],
  });
  say(
    `cancel ${orders.length} order(s)${
      orders.length
        ? `: ${orders
            .slice(0, 10)
            .map((o) => o.name)
            .join(', ')}${orders.length > 10 ? ', …' : ''}`
        : ''
    }`,
  );
  const origins = orders.map((order) => order.name);
  const moves = await odoo.callModel<{ id: number; name: string; state: string }[]>(
    'account.move',
    'search_read',
    {
      domain: [
        '|',
        ['ref', '=like', ref],
        ['invoice_origin', 'in', origins],
        ['state', '!=', 'cancel'],
      ],
      fields: ['name', 'state'],
    },
  );
  say(`reset to draft and cancel ${moves.length} journal entr${moves.length === 1 ? 'y' : 'ies'}`);
  const products = await odoo.callModel<number[]>('product.product', 'search', {
    domain: [['default_code', '=like', `IMP-${values.run}-%`]],
  });
  const partners = await odoo.callModel<number[]>('res.partner', 'search', {
    domain: [['ref', '=like', `IMP-${values.run}-%`]],
  });
  const pricelists = await odoo.callModel<number[]>('product.pricelist', 'search', {
    domain: [['name', '=like', `IMP-${values.run}-%`]],
  });
  say(
    `archive ${products.length} imported product(s), ${partners.length} imported partner(s) and ${pricelists.length} pricelist(s)`,
  );
  if (!apply) {
    console.log('nothing changed: the target is not loopback; add --apply to do this');
    return EXIT.ok;
  }
  if (moves.length) {
    const posted = moves.filter((move) => move.state === 'posted').map((move) => move.id);
    if (posted.length) await odoo.callRecords('account.move', 'button_draft', posted);
    await odoo.callRecords(
      'account.move',
      'button_cancel',
      moves.map((move) => move.id),
    );
  }
  if (orders.length)
    await odoo.callRecords(
      'sale.order',
      'action_cancel',
      orders.map((order) => order.id),
    );
  if (products.length)
    await odoo.callRecords('product.product', 'write', products, { vals: { active: false } });
  if (partners.length)
    await odoo.callRecords('res.partner', 'write', partners, { vals: { active: false } });
  if (pricelists.length)
    await odoo.callRecords('product.pricelist', 'write', pricelists, { vals: { active: false } });
  console.log(`cleaned up run ${values.run}`);
  return EXIT.ok;
}
