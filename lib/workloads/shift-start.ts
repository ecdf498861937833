/**
 * A shift starting (issue 17): people log in to the web client during the load, each with a new
 * session: the password login, then what the web client loads before the home screen is usable
 * (menus, messaging, the home action; test/fixtures/web-client, flow 1). No other password
 * login is measured; its time runs from the login to the last of those calls (the login duration
 * of the `shift` phase).
 */
import exec from 'k6/execution';
import http from 'k6/http';
import { LOGIN_PHASES, targetOf } from '../../contract/index.ts';
import { operatorPassword, type RunPlan, settingsOf } from '../config.ts';
import { OdooSession, recordLogin } from '../odoo/index.ts';
import { FlowStop, sessionTransport, WebClient, webDialect } from '../web-client/index.ts';
import { unitDone, unitFailed } from './outcome.ts';
import type { WebChannelData } from './web-channel.ts';

export function runShiftStart(data: WebChannelData, plan: RunPlan): void {
  const settings = settingsOf(plan, 'shiftStart');
  const login = settings.users[exec.scenario.iterationInTest % settings.users.length]!;
  const password = settings.role === 'picker' ? operatorPassword() : (__ENV.ODOO_PASSWORD ?? '');
  const session = new OdooSession({ ...targetOf(plan.target, settings.role), auth: 'session' });
  session.role = settings.role;
  const started = Date.now();
  const logged = session.authenticate(login, password);
  if (!logged.ok) {
    recordLogin(settings.role, LOGIN_PHASES.shift, false, Date.now() - started);
    return void unitFailed(logged.error);
  }
  const web = new WebClient(sessionTransport(session), webDialect(data.version)!, {
    uid: session.uid,
    context: session.context,
  });
  try {
    bootstrap(web, session, data);
  } catch (error) {
    if (!(error instanceof FlowStop)) throw error;
    recordLogin(settings.role, LOGIN_PHASES.shift, false, Date.now() - started);
    return void unitFailed(error.error);
  }
  recordLogin(settings.role, LOGIN_PHASES.shift, true, Date.now() - started);
  unitDone();
}

/** What the web client loads after a login, in the version's dialect. */
function bootstrap(web: WebClient, session: OdooSession, data: WebChannelData): void {
  const menusPath = web.dialect.menusByHash
    ? `/web/webclient/load_menus/${Date.now()}`
    : '/web/webclient/load_menus';
  const menus = http.get(`${session.base}${menusPath}`, {
    headers: { Cookie: `session_id=${session.snapshot().sessionId}` },
    tags: { name: 'GET /web/webclient/load_menus' },
  });
  if (menus.status !== 200) throw new FlowStop(`load_menus answered HTTP ${menus.status}`);
  const context = web.userContext();
  if (web.dialect.messaging === 'init_messaging') {
    web.route('/mail/init_messaging', { context });
    web.must(web.callKw('res.users', 'systray_get_activities', [], { context }));
    web.loadAction(data.actions.home);
    web.route('/mail/load_message_failures', {});
  } else if (web.dialect.messaging === 'mail_data') {
    web.loadAction(data.actions.home);
    web.route('/mail/data', {
      init_messaging: {},
      failures: true,
      systray_get_activities: true,
      context,
    });
    web.route('/mail/data', { channels_as_member: true, context });
  } else {
    // 19: the same two requests as lists of what to fetch, and no inbox page at login.
    web.loadAction(data.actions.home);
    web.route('/mail/data', {
      fetch_params: ['failures', 'systray_get_activities', 'init_messaging'],
      context,
    });
    web.route('/mail/data', { fetch_params: ['channels_as_member'], context });
    return;
  }
  web.route('/mail/inbox/messages', { limit: 30 });
}
