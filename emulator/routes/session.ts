/** Authentication and session routes (docs/odoo-protocol.md §1). */
import type { FastifyInstance } from 'fastify';
import type { Emulator, WorkerSlot } from '../context.ts';
import { accessDenied, accessError, SessionExpired } from '../errors.ts';
import { workerSlot } from '../prefork.ts';
import { sessionCookie } from '../sessions.ts';
import { jsonRoute, sessionIdOf } from './json-route.ts';

/** `/web/webclient/version_info` and `common.version`. */
export function versionInfo(emulator: Emulator) {
  const major = emulator.config.version;
  return {
    server_version: `${major}.0`,
    server_version_info: [major, 0, 0, 'final', 0, ''],
    server_serie: `${major}.0`,
    protocol_version: 1,
  };
}

type UserInfo = Awaited<ReturnType<Emulator['users']['info']>>;

/** The companies a user may switch between, as each version describes them. */
function userCompanies(user: UserInfo, version: number) {
  return {
    current_company: user.companyId,
    allowed_companies: Object.fromEntries(
      user.companies.map((company) => [
        String(company.id),
        version === 16
          ? { id: company.id, name: company.name, sequence: company.sequence }
          : {
              id: company.id,
              name: company.name,
              sequence: company.sequence,
              child_ids: [],
              parent_id: company.parentId ?? false,
            },
      ]),
    ),
    ...(version >= 17 ? { disallowed_ancestor_companies: {} } : {}),
  };
}

/** The keys session_info drops (protocol, serie) and those each version adds. */
function addVersionKeys(
  info: Record<string, unknown>,
  version: number,
  uid: number,
  companyId: number,
): void {
  delete info.protocol_version;
  delete info.server_serie;
  if (version === 16) info.company_id = companyId;
  if (version >= 17) {
    info.is_internal_user = true;
    // mail's res.users.settings, as 17 sends it (recorded in test/fixtures/real-odoo-17/transcript.json).
    info.user_settings = {
      id: uid,
      user_id: { id: uid },
      is_discuss_sidebar_category_channel_open: true,
      is_discuss_sidebar_category_chat_open: true,
      push_to_talk_key: false,
      use_push_to_talk: false,
      voice_active_duration: 200,
      volume_settings_ids: [['ADD', []]],
    };
  }
  if (version >= 18)
    Object.assign(info, {
      is_public: false,
      partner_write_date: '2024-01-01 00:00:00',
      test_mode: false,
      view_info: {},
    });
}

/** `ir.http.session_info()` for an internal user, with the keys each version adds or drops. */
async function sessionInfo(emulator: Emulator, uid: number) {
  const user = await emulator.users.info(uid);
  const version = emulator.config.version;
  const info: Record<string, unknown> = {
    uid,
    is_system: uid === 2,
    is_admin: uid === 2,
    user_context: { lang: 'en_US', tz: 'UTC', uid },
    db: emulator.config.dbName,
    ...versionInfo(emulator),
    support_url: 'https://www.odoo.com/buy',
    name: user.name,
    username: user.login,
    partner_display_name: user.name,
    partner_id: user.partnerId,
    'web.base.url': 'http://localhost:8069',
    active_ids_limit: 20000,
    max_file_upload_size: 134217728,
    home_action_id: false,
    cache_hashes: { translations: '0', load_menus: '0' },
    currencies: { '1': { symbol: '$', position: 'before', digits: [69, 2] } },
    bundle_params: { lang: 'en_US' },
    user_companies: userCompanies(user, version),
    show_effect: true,
    display_switch_company_menu: user.companies.length > 1,
    profile_session: null,
    profile_collectors: null,
    profile_params: null,
    // Added by the modules a distributor's database has (mail, barcodes, web_tour, iap, sale).
    user_id: [uid],
    max_time_between_keys_in_ms: 100,
    web_tours: [],
    tour_disable: true,
    notification_type: 'email',
    odoobot_initialized: true,
    iap_company_enrich: true,
    is_quick_edit_mode_enabled: false,
  };
  addVersionKeys(info, version, uid, user.companyId);
  return info;
}

/** A login hashes the password (pbkdf2): about 340 ms of a worker's time on a real Odoo 17. */
export async function loginCost(emulator: Emulator, worker?: WorkerSlot): Promise<void> {
  const busy = () => Math.max(1, emulator.workers.inFlight);
  await emulator.serverTime.route(
    '/web/session/authenticate',
    busy,
    worker?.perf,
    worker?.perf.startedAt,
  );
}

/** The uid of the request's session, or SessionExpired as `auth='user'` routes raise it. */
export function requireUid(emulator: Emulator, sessionId: string | undefined): number {
  const session = emulator.sessions.get(sessionId);
  if (!session) throw new SessionExpired();
  return session.uid;
}

export function sessionRoutes(app: FastifyInstance, emulator: Emulator): void {
  jsonRoute(app, '/web/webclient/version_info', async () => versionInfo(emulator));

  jsonRoute(app, '/web/session/authenticate', async ({ params, request, reply }) => {
    const { db, login, password } = params as { db?: string; login?: string; password?: string };
    if (db !== emulator.config.dbName) throw accessError('Database not found.');
    emulator.throttle.assertCanAuth(request.ip);
    await loginCost(emulator, workerSlot(request));
    // The web login takes passwords only, never API keys (docs/odoo-protocol.md §3.1).
    const uid = await emulator.users.authenticate(
      String(login ?? ''),
      String(password ?? ''),
      false,
    );
    emulator.throttle.record(request.ip, uid !== null);
    if (uid === null) throw accessDenied();
    const id = emulator.sessions.rotate(sessionIdOf(request), { uid, login: String(login), db });
    reply.header('set-cookie', sessionCookie(id));
    return sessionInfo(emulator, uid);
  });

  jsonRoute(app, '/web/session/get_session_info', async ({ request }) =>
    sessionInfo(emulator, requireUid(emulator, sessionIdOf(request))),
  );

  // Both answer None: the envelope carries no `result` key.
  jsonRoute(app, '/web/session/check', async ({ request }) => {
    requireUid(emulator, sessionIdOf(request));
    return undefined;
  });
  jsonRoute(app, '/web/session/destroy', async ({ request, reply }) => {
    const oldId = sessionIdOf(request);
    requireUid(emulator, oldId);
    reply.header('set-cookie', sessionCookie(emulator.sessions.rotate(oldId, undefined)));
    return undefined;
  });

  jsonRoute(app, '/web/session/modules', async ({ request }) => {
    requireUid(emulator, sessionIdOf(request));
    const { rows } = await emulator.pool.query<{ name: string }>(
      `SELECT name FROM ir_module_module WHERE state = 'installed' ORDER BY name`,
    );
    return rows.map((row) => row.name);
  });
  jsonRoute(app, '/web/database/list', async () => [emulator.config.dbName]);
  app.get('/web/health', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send('{"status": "pass"}'),
  );
}
