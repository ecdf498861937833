/**
 * Odoo's JSON-RPC dispatcher (docs/odoo-protocol.md §0, §4): content-type check, envelope parsing, `id` echo,
 * `result` omitted when the endpoint returns None, every error as HTTP 200 with Odoo's envelope.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpFailure } from '../context.ts';
import {
  errorEnvelope,
  isDatabaseUnreachable,
  SessionExpired,
  toOdooError,
  WerkzeugNotFound,
} from '../errors.ts';
import { pythonJson } from '../python-json.ts';

export interface JsonCall {
  params: Record<string, unknown>;
  request: FastifyRequest;
  reply: FastifyReply;
}

const JSON_TYPES = new Set(['application/json', 'application/json-rpc']);

const htmlPage = (message: string, status = '400 Bad Request') =>
  `<!doctype html>\n<html lang=en>\n<title>${status}</title>\n<h1>${status.slice(4)}</h1>\n<p>${message}</p>\n`;

/** werkzeug's NotFound page. */
const NOT_FOUND = htmlPage(
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  '404 Not Found',
);

/** Registers a `type='json'` route; the handler's return value becomes `result`. */
export function jsonRoute(
  app: FastifyInstance,
  path: string,
  handler: (call: JsonCall) => Promise<unknown>,
): void {
  app.post(path, async (request, reply) => {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!JSON_TYPES.has(contentType)) {
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(
          htmlPage(
            `Request inferred type is compatible with ['http'] but '${request.url}' is type='json'.`,
          ),
        );
    }
    let body: unknown;
    try {
      body = JSON.parse(String(request.body ?? ''));
    } catch {
      return reply.code(400).type('text/plain; charset=utf-8').send('Invalid JSON data');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reply.code(400).type('text/plain; charset=utf-8').send('Invalid JSON-RPC data');
    }
    const envelope = body as { id?: unknown; params?: unknown };
    const params =
      typeof envelope.params === 'object' &&
      envelope.params !== null &&
      !Array.isArray(envelope.params)
        ? envelope.params
        : {};
    const response: Record<string, unknown> = { jsonrpc: '2.0', id: envelope.id ?? null };
    try {
      const result = await handler({ params: params as Record<string, unknown>, request, reply });
      if (result !== undefined && result !== null) response.result = result;
    } catch (error) {
      if (error instanceof HttpFailure)
        return reply.code(error.status).type('text/plain; charset=utf-8').send(error.body);
      // PostgreSQL gone: Odoo's _serve_db catches the OperationalError, forgets the session's
      // database and serves the request without one, where no JSON route exists (http.py).
      if (isDatabaseUnreachable(error))
        return reply.code(404).type('text/html; charset=utf-8').send(NOT_FOUND);
      // Authentication fails before the JSON-RPC request is read, so Odoo cannot echo its id.
      if (error instanceof SessionExpired || error instanceof WerkzeugNotFound) response.id = null;
      response.error = errorEnvelope(toOdooError(error));
    }
    // A killed worker never answers: the connection is already closed (docs/odoo-protocol.md §5.3).
    if (request.raw.socket.destroyed) return reply.hijack();
    return reply.code(200).type('application/json; charset=utf-8').send(pythonJson(response));
  });
}

/** The `session_id` cookie of a request, if any. */
export function sessionIdOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'session_id') return value.join('=');
  }
  return undefined;
}
