/**
 * Odoo Enterprise's barcode app routes, served when the emulator runs as Enterprise. The shapes come
 * from public modules extending `stock_barcode`, not from its (closed) source (docs/odoo-protocol.md §8, §10).
 */
import type { FastifyInstance } from 'fastify';
import { type Emulator, executeKw, type WorkerSlot } from '../context.ts';
import { userError } from '../errors.ts';
import { workerSlot } from '../prefork.ts';
import { jsonRoute, sessionIdOf } from './json-route.ts';
import { requireUid } from './session.ts';

type Call = (
  model: string,
  method: string,
  args: unknown[],
  kwargs?: Record<string, unknown>,
) => Promise<unknown>;

/** The client cache of one operation: the picking, its move lines and their products. */
async function barcodeData(call: Call, model: string, resId: number) {
  if (model !== 'stock.picking')
    throw userError(`The barcode app cannot open ${model} records here.`);
  const pickings = (await call('stock.picking', 'read', [
    [resId],
    ['name', 'state', 'location_id', 'location_dest_id', 'move_line_ids', 'picking_type_code'],
  ])) as { move_line_ids: number[] }[];
  const lines = (await call('stock.move.line', 'read', [pickings[0]!.move_line_ids, []])) as {
    product_id: [number, string];
  }[];
  const productIds = [...new Set(lines.map((line) => line.product_id[0]))];
  const products = await call('product.product', 'read', [
    productIds,
    ['display_name', 'barcode', 'uom_id', 'tracking'],
  ]);
  return {
    data: {
      records: { 'stock.picking': pickings, 'stock.move.line': lines, 'product.product': products },
      nomenclature_id: 1,
    },
    groups: { group_stock_multi_locations: false },
  };
}

export function stockBarcodeRoutes(app: FastifyInstance, emulator: Emulator): void {
  const caller =
    (uid: number, worker: WorkerSlot | undefined): Call =>
    (model, method, args, kwargs = {}) =>
      executeKw(emulator, { uid, model, method, args, kwargs, style: 'call_kw', worker });

  jsonRoute(app, '/stock_barcode/get_barcode_data', async ({ params, request }) => {
    const uid = requireUid(emulator, sessionIdOf(request));
    return barcodeData(
      caller(uid, workerSlot(request)),
      String(params.model),
      Number(params.res_id),
    );
  });

  jsonRoute(app, '/stock_barcode/save_barcode_data', async ({ params, request }) => {
    const uid = requireUid(emulator, sessionIdOf(request));
    const call = caller(uid, workerSlot(request));
    const {
      model,
      res_id: resId,
      write_field: field,
      write_vals: commands,
    } = params as { model: string; res_id: number; write_field: string; write_vals: unknown[][] };
    if (field !== 'move_line_ids' || !Array.isArray(commands))
      throw userError(`save_barcode_data: cannot write ${field}`);
    // Each command goes through the move line's own write/create, so reservations follow as in Odoo.
    for (const [code, id, vals] of commands as [number, number, Record<string, unknown>][]) {
      if (code === 1) await call('stock.move.line', 'write', [[id], vals]);
      else if (code === 0)
        await call('stock.move.line', 'create', [{ ...vals, picking_id: resId }]);
      else throw userError(`save_barcode_data: unsupported command ${code}`);
    }
    return barcodeData(call, model, resId);
  });
}
