/** One logged-in session per VU and login, opened on first use and kept across iterations. */
import { check } from 'k6';
import exec from 'k6/execution';
import { type RefCode, recordRef } from '../../contract/index.ts';
import { type RunPlan, secretFor } from '../config.ts';
import { type AuthMode, OdooSession } from '../odoo/index.ts';

const sessions = new Map<string, OdooSession>();

export function vuSession(
  plan: RunPlan,
  login: string,
  secret: string,
  auth: AuthMode = plan.target.auth,
): OdooSession | undefined {
  const key = `${auth}:${login}`;
  const existing = sessions.get(key);
  if (existing) return existing;
  const session = new OdooSession({ ...plan.target, auth });
  const result = session.authenticate(login, secret);
  check(result, { 'login succeeded': (r) => r.ok });
  if (!result.ok) return undefined;
  sessions.set(key, session);
  return session;
}

/** The run's main user, logged in for setup(); a refused login stops the test with one line. */
export function setupSession(plan: RunPlan): OdooSession {
  const session = new OdooSession(plan.target);
  const result = session.authenticate(plan.target.login, secretFor(plan));
  if (!result.ok)
    exec.test.abort(
      `setup: login ${plan.target.login} at ${plan.target.url} failed: ${result.error.message}`,
    );
  return session;
}

/** The main user's session in this VU. */
export const mainSession = (plan: RunPlan) => vuSession(plan, plan.target.login, secretFor(plan));

/**
 * A reference unique to this run, workload, VU and iteration: `<run-id>/<code>/<vu>/<iteration>`
 * (contract/run-ref.ts). Every record a run creates carries it, so the audit and cleanup find
 * exactly that run's records.
 */
export const runRef = (plan: RunPlan, code: RefCode) =>
  recordRef(plan.runId, code, exec.vu.idInTest, exec.vu.iterationInInstance);
