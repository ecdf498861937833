/** Session-based model calls: `/web/dataset/call_kw[/<path>]` and `/web/dataset/call_button` (docs/odoo-protocol.md §2.1). */
import type { FastifyInstance } from 'fastify';
import { type Emulator, executeKw } from '../context.ts';
import { typeError, WerkzeugNotFound } from '../errors.ts';
import { workerSlot } from '../prefork.ts';
import { jsonRoute, sessionIdOf } from './json-route.ts';
import { requireUid } from './session.ts';

interface CallKwParams {
  model?: unknown;
  method?: unknown;
  args?: unknown;
  kwargs?: unknown;
}

function callKwArguments(params: CallKwParams) {
  for (const name of ['model', 'method', 'args', 'kwargs'] as const) {
    if (params[name] === undefined)
      throw typeError(`call_kw() missing 1 required positional argument: '${name}'`);
  }
  return {
    model: String(params.model),
    method: String(params.method),
    args: Array.isArray(params.args) ? params.args : [],
    kwargs:
      typeof params.kwargs === 'object' && params.kwargs !== null
        ? (params.kwargs as Record<string, unknown>)
        : {},
  };
}

const BARE_BUTTON = '/web/dataset/call_button';

export function datasetRoutes(app: FastifyInstance, emulator: Emulator): void {
  const callKw = async ({
    params,
    request,
    costKey,
  }: {
    params: Record<string, unknown>;
    request: Parameters<typeof sessionIdOf>[0];
    costKey?: string;
  }) => {
    // 18 looks the model up before the session (to route read-only calls) and 404s an unknown one.
    if (emulator.config.version >= 18 && !emulator.registry.has(String(params.model)))
      throw new WerkzeugNotFound();
    const uid = requireUid(emulator, sessionIdOf(request));
    const call = callKwArguments(params);
    return executeKw(emulator, {
      uid,
      ...call,
      style: 'call_kw',
      worker: workerSlot(request),
      ...(costKey ? { costKey } : {}),
    });
  };
  jsonRoute(app, '/web/dataset/call_kw', callKw);
  jsonRoute(app, '/web/dataset/call_kw/*', callKw);

  // A dict (action) comes back as is; any other return value becomes false.
  const callButton = async (input: {
    params: Record<string, unknown>;
    request: Parameters<typeof sessionIdOf>[0];
  }) => {
    // 17's route names no method (18's does): Odoo's log, and a model calibrated from it, price the route.
    const bare = input.request.url.split('?')[0] === BARE_BUTTON;
    const result = await callKw(
      bare && emulator.costModel.prices(BARE_BUTTON) ? { ...input, costKey: BARE_BUTTON } : input,
    );
    return typeof result === 'object' && result !== null && !Array.isArray(result) ? result : false;
  };
  jsonRoute(app, BARE_BUTTON, callButton);
  jsonRoute(app, '/web/dataset/call_button/*', callButton);
}
