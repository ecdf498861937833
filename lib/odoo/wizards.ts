/**
 * Buttons such as `button_validate`, `action_apply_inventory` or `action_cancel` may answer with a
 * wizard (an `ir.actions.act_window` with `target: 'new'`) instead of doing the work. The web client
 * opens it and the user clicks one of its buttons; this does the same over RPC, dispatching on the
 * action's `res_model`, and stops with one line naming a wizard it does not know.
 */
import { WIZARD_TAGS } from '../../contract/index.ts';
import { TAGS, wizardAnswers } from '../metrics/index.ts';
import type { OdooContext, OdooSession, RpcResult } from './client.ts';
import { OdooRpcError } from './errors.ts';

export interface WizardAction {
  type?: string;
  name?: string;
  res_model?: string;
  /** Set when the button created the wizard itself (e.g. confirm.stock.sms). */
  res_id?: number;
  context?: OdooContext;
}

/** How to answer the choices a wizard offers. */
export interface WizardChoices {
  /** "Create Backorder?": keep the rest as a backorder (process) or drop it (cancel). */
  backorder: 'process' | 'cancel';
}

type Wizard = keyof typeof WIZARD_TAGS;

/**
 * The button of each known wizard. confirm.stock.sms is answered "don't send": a load test must
 * never text a customer (the scenarios also pass `skip_sms`, so it only appears if that is ignored).
 */
const BUTTONS: Record<Wizard, (choices: WizardChoices) => string> = {
  'stock.backorder.confirmation': (choices) =>
    choices.backorder === 'cancel' ? 'process_cancel_backorder' : 'process',
  'stock.immediate.transfer': () => 'process',
  'confirm.stock.sms': () => 'dont_send_sms',
  'stock.track.confirmation': () => 'action_confirm',
  'sale.order.cancel': () => 'action_cancel',
};

export const isWizardAction = (value: unknown): value is WizardAction =>
  typeof value === 'object' &&
  value !== null &&
  (value as WizardAction).type === 'ir.actions.act_window' &&
  typeof (value as WizardAction).res_model === 'string';

const isKnown = (model: string): model is Wizard => model in BUTTONS;

/**
 * Follows the wizards a button returned until the work is done: at most `rounds` wizards in a row
 * (validation can ask about a backorder, then about SMS). Any other answer is returned as is.
 */
export function answerWizards(
  odoo: OdooSession,
  first: RpcResult<unknown>,
  choices: WizardChoices,
  origin: string,
  rounds = 4,
): RpcResult<unknown> {
  let result = first;
  for (let round = 0; round < rounds && result.ok && isWizardAction(result.value); round++) {
    const action = result.value;
    const model = action.res_model!;
    if (!isKnown(model)) {
      const message = `${origin} opened the wizard ${model} ("${action.name ?? ''}"), which odoo-load does not know how to answer`;
      return {
        ok: false,
        error: new OdooRpcError('server', 'unknown wizard', message, model, 'open', 0),
      };
    }
    const context = action.context ?? {};
    let wizardId = action.res_id;
    if (wizardId === undefined) {
      // The action's context carries the wizard's defaults (default_pick_ids, default_order_id, …).
      const created = odoo.create(model, {}, context);
      if (!created.ok) return created;
      wizardId = created.value;
    }
    result = odoo.callRecords(model, BUTTONS[model](choices), [wizardId], {}, context);
    if (result.ok) wizardAnswers.add(1, { [TAGS.wizard]: WIZARD_TAGS[model] });
  }
  return result;
}
