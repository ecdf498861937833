/**
 * Open deliveries for the scanners: sales orders confirmed through the emulator's own ORM (so
 * procurement and reservation are exactly what a run does), each delivery assigned to an operator.
 */
import type pg from 'pg';
import { buildRegistry, GENERIC_METHODS } from '../models/index.ts';
import { callMethod } from '../orm/dispatch.ts';
import type { Env } from '../orm/model.ts';

export interface PickingSeed {
  operatorId: number;
  companyId: number;
  customerId: number;
  productIds: number[];
}

export async function seedOpenPickings(
  db: pg.ClientBase,
  adminUid: number,
  orders: PickingSeed[],
): Promise<Map<number, number[]>> {
  const registry = buildRegistry();
  const byOperator = new Map<number, number[]>();
  for (const order of orders) {
    const env: Env = {
      db: db as pg.PoolClient,
      uid: adminUid,
      companyId: order.companyId,
      companyIds: [order.companyId],
      context: {},
      version: 17,
      registry,
      methods: GENERIC_METHODS,
      su: true,
      counters: {},
    };
    const lines = order.productIds.map((productId, index) => [
      0,
      0,
      { product_id: productId, product_uom_qty: 1 + (index % 3) },
    ]);
    const id = (await callMethod(
      env,
      'sale.order',
      'create',
      [
        {
          partner_id: order.customerId,
          company_id: order.companyId,
          client_order_ref: 'seed',
          order_line: lines,
        },
      ],
      {},
    )) as number;
    await callMethod(env, 'sale.order', 'action_confirm', [[id]], {});
    const { rows } = await db.query<{ id: number }>(
      'UPDATE stock_picking SET user_id = $1 WHERE sale_id = $2 RETURNING id',
      [order.operatorId, id],
    );
    byOperator.set(order.operatorId, [
      ...(byOperator.get(order.operatorId) ?? []),
      ...rows.map((row) => row.id),
    ]);
  }
  return byOperator;
}
