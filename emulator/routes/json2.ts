/**
 * Odoo 19's `/json/2/<model>/<method>` (docs/odoo-protocol.md §3.3): bearer API key, named parameters, the bare
 * result as body, errors as 4xx/5xx with `{name, message, arguments, context, debug}`. The status per
 * exception class is not confirmed from a release (§10); this follows the 19.0 development controller.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Emulator, executeKw, HttpFailure } from '../context.ts';
import { type OdooError, toOdooError } from '../errors.ts';
import { methodKind } from '../orm/dispatch.ts';
import { workerSlot } from '../prefork.ts';
import { pythonJson } from '../python-json.ts';

function statusOf(error: OdooError): number {
  switch (error.pythonClass) {
    case 'odoo.exceptions.AccessDenied':
      return 401;
    case 'odoo.exceptions.AccessError':
      return 403;
    case 'odoo.exceptions.MissingError':
    case 'builtins.KeyError':
    case 'builtins.AttributeError':
      return 404;
    case 'builtins.TypeError':
    case 'odoo.exceptions.UserError':
    case 'odoo.exceptions.ValidationError':
      return 422;
    default:
      return 500;
  }
}

const sendError = (reply: FastifyReply, status: number, name: string, message: string) =>
  reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ name, message, arguments: [message], context: {}, debug: '' }));

export function json2Routes(app: FastifyInstance, emulator: Emulator): void {
  app.all('/json/2/:model/:method', async (request, reply) => {
    if (request.method !== 'POST')
      return sendError(
        reply,
        405,
        'werkzeug.exceptions.MethodNotAllowed',
        'The method is not allowed for the requested URL.',
      );
    const { model, method } = request.params as { model: string; method: string };
    const token = /^bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const uid = token ? await emulator.users.userOfApiKey(token) : null;
    if (uid === null)
      return sendError(reply, 401, 'werkzeug.exceptions.Unauthorized', 'Invalid apikey');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(String(request.body || '{}'));
    } catch {
      return sendError(reply, 400, 'werkzeug.exceptions.BadRequest', 'Invalid JSON data');
    }
    const { ids, context, ...named } = body;
    const kind = methodKind(emulator.registry, emulator.methods, model, method);
    if (kind === undefined)
      return sendError(
        reply,
        404,
        'werkzeug.exceptions.NotFound',
        `There is no method ${method} on ${model}`,
      );
    if (kind === 'model' && ids !== undefined)
      return sendError(
        reply,
        422,
        'werkzeug.exceptions.UnprocessableEntity',
        `${model}.${method} does not take ids`,
      );
    try {
      const result = await executeKw(emulator, {
        uid,
        model,
        method,
        args: kind === 'record' ? [ids ?? []] : [],
        kwargs: { ...named, context: context ?? {} },
        style: 'json2',
        worker: workerSlot(request),
      });
      return reply
        .code(200)
        .type('application/json; charset=utf-8')
        .send(pythonJson(result ?? null));
    } catch (error) {
      if (error instanceof HttpFailure) return reply.code(error.status).send(error.body);
      const odoo = toOdooError(error);
      return sendError(reply, statusOf(odoo), odoo.pythonClass, odoo.message);
    }
  });
}
