/**
 * People log in once, in setup(), before the measured load (issue 17): a password login holds one of
 * Odoo's workers for 0.35–0.55 s, so logins inside the load measure the suite instead of Odoo. Their
 * sessions travel to the VUs as setup data; every VU acting for a person reuses that session.
 */
import exec from 'k6/execution';
import http from 'k6/http';
import { LOGIN_PHASES, type PersonPlan, type Role, targetOf } from '../../contract/index.ts';
import { operatorPassword, type RunPlan, secretFor } from '../config.ts';
import { OdooSession, recordLogin, type SessionSnapshot } from '../odoo/index.ts';
import { fieldAt, packSessions, type SessionPack, sessionAt } from './session-pack.ts';

/** The sessions of a run's people, by role, in the order of the plan's people (packed: see session-pack). */
export type PeopleData = Partial<Record<Role, SessionPack>>;

/** Web-client people (reps, accountants, pickers) always log in with a password. */
function passwordOf(role: Role, plan: RunPlan): string {
  if (role === 'picker') return operatorPassword();
  if (role === 'integration') return secretFor(plan);
  const password = __ENV.ODOO_PASSWORD;
  if (!password)
    throw new Error(
      'ODOO_PASSWORD is not set: sales reps and accountants log in to the web client with a password',
    );
  return password;
}

/** Odoo's answer to a wrong password: no second try (Odoo throttles failed logins per IP). */
const refused = (name: string) => name.includes('AccessDenied');

/** The run's main user, logged in for setup(); a refused login stops the test with one line. */
export function setupSession(plan: RunPlan): OdooSession {
  return mainLogin(plan, 'integration', plan.target.auth ?? 'session');
}

function mainLogin(plan: RunPlan, role: Role, auth: OdooSession['auth']): OdooSession {
  const session = new OdooSession({ ...targetOf(plan.target, role), auth });
  session.role = role;
  const started = Date.now();
  const result = session.authenticate(plan.target.login, passwordOf(role, plan));
  recordLogin(role, LOGIN_PHASES.setup, result.ok, Date.now() - started);
  if (!result.ok)
    exec.test.abort(
      `setup: login ${plan.target.login} at ${plan.target.url} failed: ${result.error.message}`,
    );
  return session;
}

/**
 * A session for the web client's own routes in setup (/web/action/load answers a browser's cookie
 * session only): the setup session when it is one, else the first person logged in to the web
 * client, else a password login of the main user as a sales rep.
 */
export function webClientSetupSession(
  plan: RunPlan,
  setup: OdooSession,
  people: PeopleData = {},
): OdooSession {
  if (setup.auth === 'session') return setup;
  for (const role of ['salesRep', 'accountant', 'picker'] as const) {
    const pack = people[role];
    if (pack?.count)
      return OdooSession.resume(
        targetOf(plan.target, role),
        sessionAt(pack, 0),
        passwordOf(role, plan),
        role,
      );
  }
  return mainLogin(plan, 'salesRep', 'session');
}

/**
 * Everyone in the plan logs in, `loginConcurrency` at a time; a login that fails for another reason
 * than a wrong password (Odoo 17 races creating a first-time user's settings row) is tried once
 * more. The setup session counts as the first integration user.
 */
export function establishPeople(plan: RunPlan, setup: OdooSession): PeopleData {
  const people: Record<string, SessionSnapshot[]> = { integration: [setup.snapshot()] };
  const [, ...others] = plan.people.people;
  // API keys are stateless: further integration users share the setup session's snapshot.
  const stateless = (person: PersonPlan) =>
    person.role === 'integration' && plan.target.auth !== 'session';
  for (const _ of others.filter(stateless)) people.integration!.push(setup.snapshot());
  const needLogin = others.filter((person) => !stateless(person));
  const size = Math.max(1, plan.people.loginConcurrency);
  for (let start = 0; start < needLogin.length; start += size) {
    for (const [person, session] of loginBatch(plan, needLogin.slice(start, start + size))) {
      const snapshots = people[person.role] ?? [];
      snapshots.push(session.snapshot());
      people[person.role] = snapshots;
    }
  }
  return Object.fromEntries(
    Object.entries(people).map(([role, snapshots]) => [role, packSessions(snapshots)]),
  );
}

function loginBatch(plan: RunPlan, batch: PersonPlan[]): [PersonPlan, OdooSession][] {
  const auth = (person: PersonPlan) =>
    person.role === 'integration' ? plan.target.auth : ('session' as const);
  const sessions = batch.map(
    (person) => new OdooSession({ ...targetOf(plan.target, person.role), auth: auth(person) }),
  );
  const started = Date.now();
  const responses: http.RefinedResponse<'text'>[] = http.batch(
    batch.map((person, i) =>
      sessions[i]!.loginRequest(person.login, passwordOf(person.role, plan), person.role),
    ),
  );
  const elapsed = Date.now() - started;
  return batch.map((person, i) => {
    const session = sessions[i]!;
    let result = session.acceptLogin(responses[i]!);
    recordLogin(person.role, LOGIN_PHASES.setup, result.ok, responses[i]!.timings.duration);
    if (!result.ok && !refused(result.error.faultName))
      result = session.timedLogin(LOGIN_PHASES.setup);
    if (!result.ok)
      exec.test.abort(
        `setup: ${person.role} ${person.login} could not log in at ${plan.target.url} (${elapsed} ms for the batch): ${result.error.message.split('\n')[0]}`,
      );
    return [person, session];
  });
}

/** Per role and login, the indices of the role's people with that login (found once per VU). */
const pools = new Map<string, number[]>();

function poolOf(pack: SessionPack, role: Role, login: string): number[] {
  const key = `${role}:${login}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = [];
    for (let i = 0; i < pack.count; i++) if (fieldAt(pack, i, 'login') === login) pool.push(i);
    pools.set(key, pool);
  }
  return pool;
}

/** This VU's sessions, built once from setup data. */
const resumed = new Map<string, OdooSession>();

/**
 * The session of the person this VU acts for in `role` (VUs are spread over the role's people), or
 * of the person with `login`; undefined when the run has no such person.
 */
export function personSession(
  plan: RunPlan,
  people: PeopleData,
  role: Role,
  login?: string,
): OdooSession | undefined {
  const pack = people[role];
  if (!pack) return undefined;
  // With a login, only the people of that login; without, any of the role's, by index.
  const pool = login ? poolOf(pack, role, login) : undefined;
  const size = pool ? pool.length : pack.count;
  if (size === 0) return undefined;
  const index = (exec.vu.idInTest - 1) % size;
  const key = `${role}:${login ?? ''}:${index}`;
  let session = resumed.get(key);
  if (!session) {
    session = OdooSession.resume(
      targetOf(plan.target, role),
      sessionAt(pack, pool ? pool[index]! : index),
      passwordOf(role, plan),
      role,
    );
    resumed.set(key, session);
  }
  return session;
}
