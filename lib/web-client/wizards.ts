/**
 * The dialogs a button opens in the web client, answered as a person would: the form's views, then
 * for a new record its defaults (onchange) and Save (web_save), then the chosen button. Known dialogs
 * by res_model; an unknown one stops the flow with a line naming it.
 */
import type { WebClient, WindowAction } from './client.ts';
import { newForm } from './records.ts';
import type { Values } from './values.ts';

interface DialogAction extends WindowAction {
  res_id?: number | false;
  context?: Values | string;
}

/** The button a person presses in each dialog the web channel meets. */
export const DIALOG_ANSWERS: Record<string, string> = {
  // 16 asks whether to apply all reserved quantities when none was set done.
  'stock.immediate.transfer': 'process',
  'stock.backorder.confirmation': 'process_cancel_backorder',
  'confirm.stock.sms': 'dont_send_sms',
};

export const isDialog = (value: unknown): value is DialogAction =>
  typeof value === 'object' &&
  value !== null &&
  (value as DialogAction).type === 'ir.actions.act_window' &&
  typeof (value as DialogAction).res_model === 'string';

/**
 * Answers dialogs until a button returns something else than a dialog (true, or a closing action).
 * `base` is the context of the record the first button was pressed on; `flow` names the recorded
 * specs of the dialogs' forms.
 */
export function answerDialogs(web: WebClient, first: unknown, base: Values, flow: string): number {
  let answered = 0;
  let action = first;
  while (isDialog(action) && answered < 5) {
    const model = action.res_model!;
    const button = DIALOG_ANSWERS[model];
    if (!button) throw web.stop(`unknown wizard ${model} returned by a button in ${flow}`);
    const context = {
      ...base,
      ...(typeof action.context === 'object' ? action.context : {}),
    };
    const views = (action.views ?? [[false, 'form']]) as [number | false, string][];
    web.getViews(model, views, false);
    let id = typeof action.res_id === 'number' ? action.res_id : 0;
    if (!id) {
      const form = newForm(web, model, flow, context);
      form.open();
      id = form.save();
    }
    action = web.button(model, button, [id], web.userContext(context));
    answered++;
  }
  return answered;
}
