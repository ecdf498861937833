/**
 * Odoo's process model as a client sees it (docs/odoo-protocol.md §5.3, §6; odoo/service/server.py).
 * Prefork (`--workers N`): N workers share one listening socket with a backlog of 8 × N; each
 * serves one request per connection and answers HTTP/1.0 with `Connection: close`. A request waits
 * for a free worker; beyond the backlog the connection is dropped (the emulator resets it at once,
 * where a kernel would drop the SYN and the client's connect would time out).
 * Every request, in both modes, runs under `limit_time_real`: past it the worker is killed, the
 * connection closes with no answer and the transaction rolls back.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Emulator, WorkerSlot } from './context.ts';

/** Odoo's PreforkServer listens with `socket.listen(8 * self.population)`. */
export const BACKLOG_PER_WORKER = 8;

const slots = new WeakMap<object, WorkerSlot>();

/**
 * The worker serving `request`: its kill signal (the transaction must not commit once aborted)
 * and what the request spent, for its log line.
 */
export const workerSlot = (request: FastifyRequest): WorkerSlot | undefined =>
  slots.get(request.raw);

/** werkzeug's BaseHTTPRequestHandler speaks HTTP/1.0 in a prefork worker; Node always writes 1.1. */
function answerHttp10(response: ServerResponse): void {
  const internal = response as unknown as {
    _storeHeader: (line: string, headers: unknown) => void;
  };
  const store = internal._storeHeader;
  internal._storeHeader = function (this: ServerResponse, line: string, headers: unknown) {
    store.call(this, line.replace(/^HTTP\/1\.1 /, 'HTTP/1.0 '), headers);
  };
}

export function processModel(app: FastifyInstance, emulator: Emulator): void {
  const { workers, limitTimeReal } = emulator.config;
  const backlog = BACKLOG_PER_WORKER * workers;
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/emulator/')) return;
    if (workers > 0) {
      if (emulator.workers.queued >= backlog) {
        emulator.killed.dropped++;
        request.raw.socket.destroy();
        return reply.hijack();
      }
      answerHttp10(reply.raw);
      reply.header('Connection', 'close');
    }
    const killed = new AbortController();
    const slot: WorkerSlot = {
      signal: killed.signal,
      perf: { startedAt: performance.now(), queries: 0, sqlMs: 0 },
    };
    slots.set(request.raw, slot);
    // A client can leave while its request waits for a worker; its 'close' has then already fired,
    // so nothing else would ever free the worker. Such a request is dropped when its turn comes.
    // (Odoo's worker would still read it from the backlog and serve it to a closed socket: either
    // way the client holds a write whose outcome it never saw, which the audit reconciles.)
    let release: () => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    const free = () => {
      clearTimeout(timer);
      release();
    };
    reply.raw.once('close', free);
    if (workers > 0) release = await emulator.workers.acquire();
    if (reply.raw.writableEnded || reply.raw.closed || request.raw.destroyed) {
      release();
      return reply.hijack();
    }
    // Odoo's clock for a request starts when a worker takes it, not while it waits in the backlog.
    slot.perf.startedAt = performance.now();
    timer =
      limitTimeReal > 0
        ? setTimeout(() => {
            emulator.killed.timeReal++;
            emulator.odooLog.line(
              'ERROR',
              'odoo.service.server',
              `WorkerHTTP (${process.pid}) timeout after ${limitTimeReal}s`,
              '?',
            );
            killed.abort();
            request.raw.socket.destroy();
            release();
          }, limitTimeReal * 1000)
        : undefined;
  });
  // The werkzeug line of every answered request (a killed worker's request has none).
  app.addHook('onResponse', async (request, reply) => {
    const slot = slots.get(request.raw);
    if (!slot || slot.signal.aborted) return;
    emulator.odooLog.request(
      request.ip,
      request.method,
      request.url,
      request.raw.httpVersion,
      reply.statusCode,
      slot.perf,
    );
  });
}
