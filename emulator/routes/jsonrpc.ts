/** The external API over `/jsonrpc`: `common` and `object` services (docs/odoo-protocol.md §3.1). */
import type { FastifyInstance } from 'fastify';
import { type Emulator, executeKw, type WorkerSlot } from '../context.ts';
import { accessDenied, OdooError, typeError } from '../errors.ts';
import { workerSlot } from '../prefork.ts';
import { jsonRoute } from './json-route.ts';
import { loginCost, versionInfo } from './session.ts';

function checkDb(emulator: Emulator, db: unknown) {
  if (db !== emulator.config.dbName) {
    throw new OdooError(
      'psycopg2.OperationalError',
      `connection to server failed: FATAL:  database "${String(db)}" does not exist`,
    );
  }
}

/** One external call, shared by `/jsonrpc` and XML-RPC: returns the method's result or throws. */
export async function dispatchService(
  emulator: Emulator,
  service: string,
  method: string,
  args: unknown[],
  ip: string,
  worker?: WorkerSlot,
): Promise<unknown> {
  if (service === 'common') {
    if (method === 'version') return versionInfo(emulator);
    if (method === 'login' || method === 'authenticate') {
      const expected = method === 'login' ? 3 : 4;
      if (args.length !== expected)
        throw typeError(
          `${method}() takes ${expected} positional arguments but ${args.length} were given`,
        );
      const [db, login, password] = args;
      checkDb(emulator, db);
      emulator.throttle.assertCanAuth(ip);
      await loginCost(emulator, worker);
      const uid = await emulator.users.authenticate(String(login), String(password), true);
      emulator.throttle.record(ip, uid !== null);
      return uid ?? false;
    }
  }
  if (service === 'object' && (method === 'execute_kw' || method === 'execute')) {
    const [db, uid, password, model, modelMethod, ...rest] = args;
    checkDb(emulator, db);
    if (typeof uid !== 'number' || !(await emulator.users.check(uid, String(password))))
      throw accessDenied();
    const callArgs = method === 'execute_kw' ? ((rest[0] as unknown[]) ?? []) : rest;
    const kwargs = method === 'execute_kw' ? ((rest[1] as Record<string, unknown>) ?? {}) : {};
    return executeKw(emulator, {
      uid,
      model: String(model),
      method: String(modelMethod),
      args: callArgs,
      kwargs,
      style: 'execute_kw',
      worker,
    });
  }
  throw new OdooError('builtins.NameError', `${service}.${method} is not a method of this service`);
}

export function jsonrpcRoutes(app: FastifyInstance, emulator: Emulator): void {
  jsonRoute(app, '/jsonrpc', async ({ params, request }) => {
    const { service, method, args } = params as {
      service?: unknown;
      method?: unknown;
      args?: unknown;
    };
    return dispatchService(
      emulator,
      String(service),
      String(method),
      Array.isArray(args) ? args : [],
      request.ip,
      workerSlot(request),
    );
  });
}
