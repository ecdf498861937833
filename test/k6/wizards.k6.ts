/**
 * k6 self-test of the Odoo client against the emulator: values are created positionally, and the
 * wizards a validation returns are answered by their res_model (backorder, then SMS), while an
 * unknown wizard stops with a line naming it. The run fails if any check fails.
 */
import { check } from 'k6';
import { answerWizards, OdooSession } from '../../lib/odoo/index.ts';
import { partlyPickedDelivery } from './partial-delivery.ts';

export const options = { iterations: 1, thresholds: { checks: ['rate==1'] } };

function login(auth: 'session' | 'jsonrpc' = 'session') {
  const odoo = new OdooSession({ url: __ENV.ODOO_URL!, db: __ENV.ODOO_DB!, auth });
  const secret = auth === 'session' ? __ENV.ODOO_PASSWORD! : __ENV.ODOO_API_KEY!;
  const result = odoo.authenticate(__ENV.ODOO_LOGIN!, secret);
  if (!result.ok) throw new Error(result.error.message);
  return odoo;
}

export default function () {
  const odoo = login();
  const context = { allowed_company_ids: [Number(__ENV.COMPANY)] };
  const picking = partlyPickedDelivery(odoo, context);
  // No skip_sms here: the company asks before texting, after the backorder question.
  const first = odoo.callRecords('stock.picking', 'button_validate', [picking], {}, context);
  check(first, {
    'validation asks about the backorder first': (r) =>
      r.ok && (r.value as { res_model?: string }).res_model === 'stock.backorder.confirmation',
  });
  const done = answerWizards(odoo, first, { backorder: 'process' }, 'button_validate');
  check(done, {
    'backorder and SMS wizards answered, picking validated': (r) => r.ok && r.value === true,
  });
  const state = odoo.callRecords<{ state: string; backorder_ids: number[] }[]>(
    'stock.picking',
    'read',
    [picking],
    { fields: ['state', 'backorder_ids'] },
    context,
  );
  check(state, {
    'the picking is done with a backorder': (r) =>
      r.ok && r.value[0]!.state === 'done' && r.value[0]!.backorder_ids.length === 1,
  });

  const unknown = answerWizards(
    odoo,
    {
      ok: true,
      value: { type: 'ir.actions.act_window', res_model: 'x.mystery.wizard', name: 'Mystery' },
    },
    { backorder: 'process' },
    'button_validate',
  );
  check(unknown, {
    'an unknown wizard stops with one line naming it': (r) =>
      !r.ok &&
      r.error.message ===
        'button_validate opened the wizard x.mystery.wizard ("Mystery"), which odoo-load does not know how to answer',
  });

  const external = login('jsonrpc');
  const partner = external.create('res.partner', { name: 'Created over /jsonrpc' });
  check(partner, {
    'create over /jsonrpc execute_kw answers one id': (r) => r.ok && typeof r.value === 'number',
  });
}
