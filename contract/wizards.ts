/**
 * The wizards a button may answer with instead of doing the work (an `ir.actions.act_window`,
 * `target: 'new'`), and the button the suite presses on each — for the k6 side's workloads and the
 * Node side's `grow` alike. confirm.stock.sms is answered "don't send": a load test must never text
 * a customer.
 */
import type { WIZARD_TAGS } from './metrics.ts';

export type WizardModel = keyof typeof WIZARD_TAGS;

/** How to answer the choices a wizard offers. */
export interface WizardChoices {
  /** "Create Backorder?": keep the rest as a backorder (process) or drop it (cancel). */
  backorder: 'process' | 'cancel';
}

export const WIZARD_BUTTONS: Record<WizardModel, (choices: WizardChoices) => string> = {
  'stock.backorder.confirmation': (choices) =>
    choices.backorder === 'cancel' ? 'process_cancel_backorder' : 'process',
  'stock.immediate.transfer': () => 'process',
  'confirm.stock.sms': () => 'dont_send_sms',
  'stock.track.confirmation': () => 'action_confirm',
  'sale.order.cancel': () => 'action_cancel',
};

export interface WizardAction {
  type?: string;
  name?: string;
  res_model?: string;
  /** Set when the button created the wizard itself (e.g. confirm.stock.sms). */
  res_id?: number;
  context?: Record<string, unknown>;
}

export const isWizardAction = (value: unknown): value is WizardAction =>
  typeof value === 'object' &&
  value !== null &&
  (value as WizardAction).type === 'ir.actions.act_window' &&
  typeof (value as WizardAction).res_model === 'string';

export const isKnownWizard = (model: string): model is WizardModel => model in WIZARD_BUTTONS;
