/**
 * k6 self-test of the web client's dialogs against the emulator: a delivery only partly picked is
 * validated as a picker does it in Odoo's web client (17 unless ODOO_VERSION says) — Validate, the backorder question answered
 * "No Backorder" (its form's defaults, Save, the button) — and ends done, with no backorder left.
 * A delivery prepared for a picker can be short of stock; the run must not count it failed.
 */
import { check } from 'k6';
import { OdooSession } from '../../lib/odoo/index.ts';
import { sessionTransport, WebClient, webDialect } from '../../lib/web-client/index.ts';
import { answerDialogs } from '../../lib/web-client/wizards.ts';
import { partlyPickedDelivery } from './partial-delivery.ts';

export const options = { iterations: 1, thresholds: { checks: ['rate==1'] } };

export default function () {
  const odoo = new OdooSession({ url: __ENV.ODOO_URL!, db: __ENV.ODOO_DB!, auth: 'session' });
  const logged = odoo.authenticate(__ENV.ODOO_LOGIN!, __ENV.ODOO_PASSWORD!);
  if (!logged.ok) throw new Error(logged.error.message);
  const company = Number(__ENV.COMPANY);
  const context = { allowed_company_ids: [company] };
  const picking = partlyPickedDelivery(odoo, context);

  // The emulator answers as 17; against a real server, ODOO_VERSION names its web client.
  const web = new WebClient(sessionTransport(odoo), webDialect(Number(__ENV.ODOO_VERSION ?? 17))!, {
    uid: odoo.uid,
    context: { ...odoo.context, allowed_company_ids: [company] },
  });
  const recordContext = { ...odoo.context, allowed_company_ids: [company], skip_sms: true };
  const answer = web.button('stock.picking', 'button_validate', [picking], recordContext);
  check(answer, {
    'Validate asks about the backorder': (a) =>
      (a as { res_model?: string }).res_model === 'stock.backorder.confirmation',
  });
  const dialogs = answerDialogs(
    web,
    answer,
    { skip_sms: true, active_model: 'stock.picking', active_id: picking, active_ids: [picking] },
    'delivery',
  );
  check(dialogs, { 'one dialog answered': (n) => n === 1 });
  const after = odoo.callRecords<{ state: string }[]>(
    'stock.picking',
    'read',
    [picking],
    { fields: ['state'] },
    context,
  );
  check(after, {
    'the delivery is done': (r) => r.ok && r.value[0]?.state === 'done',
  });
  const backorders = odoo.callModel<number>(
    'stock.picking',
    'search_count',
    { domain: [['backorder_id', '=', picking]] },
    context,
  );
  check(backorders, { 'no backorder was made': (r) => r.ok && r.value === 0 });
}
