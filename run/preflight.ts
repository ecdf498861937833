/**
 * One login before any virtual user starts. Odoo throttles failed logins per IP (odoo-rpc.md §1.1),
 * so a wrong password must stop the run here instead of failing in thousands of VUs; JSON-2 against
 * a server older than 19 is refused here too.
 */

import { CliError } from '../contract/exit-codes.ts';
import { type LoginInfo, NodeOdooClient, type NodeTarget } from '../odoo-client/client.ts';

export type PreflightResult = LoginInfo;

export async function preflight(
  target: NodeTarget,
  secret: string,
  timeoutMs = 15_000,
): Promise<PreflightResult> {
  try {
    return await new NodeOdooClient(target, secret, timeoutMs).login();
  } catch (error) {
    if (error instanceof CliError)
      throw new CliError(`preflight: ${error.message}`, error.exitCode);
    throw error;
  }
}
