/**
 * The web client's own routes (odoo/addons/web/controllers, odoo/addons/mail/controllers): the
 * actions its menus open, the chatter beside each form, 17's onboarding banners, and the messaging
 * and menus a session loads at login. Each costs what the cost model says the route costs.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Emulator } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Env } from '../orm/model.ts';
import { workerSlot } from '../prefork.ts';
import { type MailUser, threadData, threadMessages } from '../web-client/mail.ts';
import { mayWrite } from '../web-client/models.ts';
import { loadAction, runAction } from '../web-client/views.ts';
import { jsonRoute, sessionIdOf } from './json-route.ts';
import { requireUid } from './session.ts';

/** The route's server time from the cost model, charged to the worker serving it. */
async function routeCost(emulator: Emulator, request: FastifyRequest, route: string) {
  const busy = () => Math.max(1, emulator.workers.inFlight);
  const worker = workerSlot(request);
  await emulator.serverTime.route(route, busy, worker?.perf, worker?.perf.startedAt);
}

/** A user route: logged in, costed, with the user's environment where it needs one. */
function userRoute(
  app: FastifyInstance,
  emulator: Emulator,
  path: string,
  handler: (
    uid: number,
    params: Record<string, unknown>,
    request: FastifyRequest,
  ) => Promise<unknown>,
) {
  jsonRoute(app, path, async ({ params, request }) => {
    const uid = requireUid(emulator, sessionIdOf(request));
    await routeCost(emulator, request, path.replace(/\/:\w+$/, '').replace(/\*$/, ''));
    return handler(uid, params, request);
  });
}

/** Read-only database work of a route, in the user's company scope. */
async function withEnv<T>(
  emulator: Emulator,
  uid: number,
  context: unknown,
  work: (env: Env) => Promise<T>,
) {
  const scope = await emulator.users.companyScope(uid, (context ?? {}) as Record<string, unknown>);
  return inTransaction(emulator.pool, { backoffScale: 0, stats: emulator.retryStats }, (db) =>
    work({
      db,
      uid,
      ...scope,
      context: (context ?? {}) as Record<string, unknown>,
      version: emulator.config.version,
      registry: emulator.registry,
      methods: emulator.methods,
      su: false,
      counters: emulator.counters,
    }),
  );
}

/** States a record reaches by the button that logs a note (confirm, post, validate). */
const CHANGED_STATES: Record<string, string[]> = {
  'sale.order': ['sale', 'done'],
  'account.move': ['posted'],
  'stock.picking': ['done'],
};

/** The user as the chatter shows them, email included. */
async function userOf(env: Env, uid: number): Promise<MailUser> {
  const { rows } = await env.db.query<MailUser>(
    `SELECT u.id AS uid, u.partner_id AS "partnerId", p.name, coalesce(p.email, '') AS email
       FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id = $1`,
    [uid],
  );
  return rows[0]!;
}

async function threadOf(emulator: Emulator, env: Env, params: Record<string, unknown>) {
  const model = String(params.thread_model);
  const id = Number(params.thread_id);
  const definition = emulator.registry.get(model);
  if (!definition) return { id, model, name: `${model},${id}`, changed: false };
  const state = 'state' in definition.fields ? 't.state' : `'draft'`;
  const { rows } = await env.db.query<{ name: string; state: string }>(
    `SELECT ${definition.displayName('t')} AS name, ${state} AS state FROM ${definition.table} t WHERE t.id = $1`,
    [id],
  );
  const record = rows[0];
  return {
    id,
    model,
    name: record?.name ?? `${model},${id}`,
    changed: !!record && (CHANGED_STATES[model] ?? []).includes(record.state),
  };
}

export function webClientRoutes(app: FastifyInstance, emulator: Emulator): void {
  const version = emulator.config.version;
  userRoute(app, emulator, '/web/action/load', async (uid, params) =>
    withEnv(emulator, uid, params.context, async () => loadAction(version, params.action_id)),
  );
  if (version >= 18)
    userRoute(app, emulator, '/web/action/run', async (uid, params) =>
      withEnv(emulator, uid, params.context, async (env) => runAction(env, params.action_id)),
    );
  userRoute(app, emulator, '/mail/thread/data', async (uid, params) =>
    withEnv(emulator, uid, {}, async (env) => {
      const thread = await threadOf(emulator, env, params);
      return threadData(version, thread, await userOf(env, uid), mayWrite(env, thread.model));
    }),
  );
  userRoute(app, emulator, '/mail/thread/messages', async (uid, params) =>
    withEnv(emulator, uid, {}, async (env) => {
      const thread = await threadOf(emulator, env, params);
      const after = typeof params.after === 'number' ? params.after : undefined;
      return threadMessages(version, thread, await userOf(env, uid), after);
    }),
  );
  if (version === 17)
    userRoute(app, emulator, '/onboarding/:name', async () => ({
      html: '\n        <div class="modal o_onboarding_modal o_technical_modal" tabindex="-1" role="dialog">…',
    }));
  // What a session loads when the web client starts (a shift start).
  if (version === 17) {
    userRoute(app, emulator, '/mail/init_messaging', async (uid) => {
      const user = await emulator.users.info(uid);
      return {
        current_partner: { id: user.partnerId, name: user.name, type: 'partner' },
        current_user_id: uid,
        hasLinkPreviewFeature: true,
        initBusId: 0,
        menu_id: false,
        needaction_inbox_counter: 0,
        starred_counter: 0,
        channels: [],
      };
    });
    userRoute(app, emulator, '/mail/load_message_failures', async () => []);
  } else {
    userRoute(app, emulator, '/mail/data', async (uid) => {
      const user = await emulator.users.info(uid);
      return {
        Store: {
          inbox: { counter: 0, id: 'inbox', model: 'mail.box' },
          self: { id: user.partnerId, type: 'partner' },
        },
        'res.partner': [{ id: user.partnerId, name: user.name, userId: uid }],
      };
    });
  }
  userRoute(app, emulator, '/mail/inbox/messages', async () =>
    version >= 18 ? { data: {}, messages: [] } : { messages: [] },
  );
  app.get('/web/webclient/load_menus/:hash', async (request, reply) => {
    requireUid(emulator, sessionIdOf(request));
    await routeCost(emulator, request, '/web/webclient/load_menus');
    return reply
      .type('application/json; charset=utf-8')
      .send(JSON.stringify({ root: { id: 'root', name: 'root', children: [], appID: false } }));
  });
}
