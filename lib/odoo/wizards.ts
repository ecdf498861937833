/**
 * Buttons such as `button_validate`, `action_apply_inventory` or `action_cancel` may answer with a
 * wizard (an `ir.actions.act_window` with `target: 'new'`) instead of doing the work. The web client
 * opens it and the user clicks one of its buttons; this does the same over RPC, dispatching on the
 * action's `res_model`, and stops with one line naming a wizard it does not know.
 */
import {
  isKnownWizard,
  isWizardAction,
  WIZARD_BUTTONS,
  WIZARD_TAGS,
  type WizardChoices,
} from '../../contract/index.ts';
import { metrics, TAGS } from '../metrics/index.ts';
import type { OdooSession, RpcResult } from './client.ts';
import { OdooRpcError } from './errors.ts';

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
    if (!isKnownWizard(model)) {
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
    result = odoo.callRecords(model, WIZARD_BUTTONS[model](choices), [wizardId], {}, context);
    if (result.ok) metrics.wizardAnswers.add(1, { [TAGS.wizard]: WIZARD_TAGS[model] });
  }
  return result;
}
