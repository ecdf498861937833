/** XML-RPC: `/xmlrpc/2/common`, `/xmlrpc/2/object`, `/xmlrpc/2/db`; faults with HTTP 200 (docs/odoo-protocol.md §3.2). */
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../context.ts';
import { type OdooError, toOdooError } from '../errors.ts';
import { workerSlot } from '../prefork.ts';
import { dispatchService } from './jsonrpc.ts';
import { faultResponse, methodResponse, parseMethodCall } from './xmlrpc-codec.ts';

const USER_ERRORS = new Set([
  'odoo.exceptions.UserError',
  'odoo.exceptions.ValidationError',
  'odoo.exceptions.MissingError',
  'odoo.exceptions.RedirectWarning',
]);

/** `/xmlrpc/2` fault codes: 2 UserError family, 3 AccessDenied, 4 AccessError, 1 with a traceback otherwise. */
export function faultOf(error: OdooError): [number, string] {
  if (error.pythonClass === 'odoo.exceptions.AccessDenied') return [3, error.message];
  if (error.pythonClass === 'odoo.exceptions.AccessError') return [4, error.message];
  if (USER_ERRORS.has(error.pythonClass)) return [2, error.message];
  return [
    1,
    `Traceback (most recent call last):\n  File "odoo/service/wsgi_server.py", in xmlrpc_handle_exception_int\n${error.pythonClass}: ${error.message}`,
  ];
}

export function xmlrpcRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post('/xmlrpc/2/:service', async (request, reply) => {
    const { service } = request.params as { service: string };
    reply.type('text/xml; charset=utf-8');
    let call: { method: string; params: unknown[] };
    try {
      call = parseMethodCall(String(request.body ?? ''));
    } catch (error) {
      return reply
        .code(200)
        .send(
          faultResponse(
            1,
            `Traceback (most recent call last):\nxml.parsers.expat.ExpatError: ${(error as Error).message}`,
          ),
        );
    }
    try {
      const result = await dispatchService(
        emulator,
        service,
        call.method,
        call.params,
        request.ip,
        workerSlot(request),
      );
      return reply.code(200).send(methodResponse(result));
    } catch (error) {
      const [code, message] = faultOf(toOdooError(error));
      return reply.code(200).send(faultResponse(code, message));
    }
  });
}
