/**
 * A picker validates a delivery in the web client (Community Inventory; test/fixtures/
 * web-client, flow 4): the Inventory overview, the Deliveries list, the Ready filter, one delivery
 * opened, Validate, and the dialogs it brings answered (no backorder, no SMS). The quantities are
 * already filled from the reservation, so nothing is typed.
 */
import type { WebClient } from './client.ts';
import { afterButton, readRecord } from './records.ts';
import { StepClock } from './step-clock.ts';
import { answerDialogs } from './wizards.ts';

export interface DeliveryInput {
  overviewAction: number;
  deliveriesAction: number;
  pickingId: number;
  think: () => void;
}

export interface DeliveryResult {
  dialogs: number;
  timings: { open: number; validate: number };
}

export function validateDelivery(web: WebClient, input: DeliveryInput): DeliveryResult {
  const clock = new StepClock(input.think);
  const opening = clock.start();
  web.openAction(web.loadAction(input.overviewAction));
  web.webSearchRead('stock.picking.type', 'delivery', []);
  clock.think();

  let deliveries = web.loadAction(input.deliveriesAction);
  if (web.dialect.deliveriesByServerAction) deliveries = web.runAction(input.deliveriesAction);
  web.openAction(deliveries);
  const context = web.dialect.deliveriesContext(web.companyId());
  const outgoing = ['picking_type_code', '=', 'outgoing'];
  web.webSearchRead('stock.picking', 'delivery', [outgoing], context);
  web.listOpened();
  clock.think();
  web.webSearchRead(
    'stock.picking',
    'delivery',
    ['&', outgoing, ['state', '=', 'assigned']],
    context,
  );
  clock.think();

  readRecord(web, 'stock.picking', 'delivery', input.pickingId, context);
  web.canWrite('stock.picking.type');
  if (web.dialect.pickingGroupCheck) web.hasGroup(web.dialect.pickingGroupCheck);
  const newest = web.openThread('stock.picking', input.pickingId);
  const open = opening();
  clock.think();

  const validating = Date.now();
  const recordContext = web.userContext(context);
  const answer = web.button('stock.picking', 'button_validate', [input.pickingId], recordContext);
  const dialogs = answerDialogs(
    web,
    answer,
    {
      ...context,
      active_model: 'stock.picking',
      active_id: input.pickingId,
      active_ids: [input.pickingId],
    },
    'delivery',
  );
  const after = afterButton(web, 'stock.picking', 'delivery', input.pickingId, newest, context);
  if (after.state !== 'done')
    throw web.stop(`delivery ${input.pickingId} is ${after.state} after Validate`);
  return { dialogs, timings: { open, validate: Date.now() - validating } };
}
