/** `odoo-load audit --run <id>`: re-check what a run left in Odoo, through RPC only. */
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { auditRun } from '../../judge/audit/run-audit.ts';
import { remoteTargetFromEnv } from '../../run/target.ts';
import { RunFolder } from '../../store/run-folder.ts';
import { choiceFlag, parseFlags } from '../flags.ts';

export const AUDIT_HELP = `odoo-load audit --run <run-id> [--auth session|jsonrpc]

Checks, through RPC only, what go-live leads call non-negotiable: orders the run confirmed exist and
are confirmed (none lost or duplicated), no product is reserved beyond what is on hand, posted entries
have unique, gapless numbers per journal, imported rows all arrived, and posted entries balance.
Prints a verdict per check with evidence, writes reports/<run-id>/audit.json, and exits 11 on failure.
The target comes from ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD (or ODOO_API_KEY).
Runs against the built-in emulator are audited at the end of the run itself.`;

export async function auditCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    run: { type: 'string' },
    auth: { type: 'string', default: 'session' },
  });
  if (!values.run)
    throw new CliError('--run: expected a run id (a folder name under reports/)', EXIT.badInput);
  const folder = RunFolder.open(values.run);
  const remote = remoteTargetFromEnv();
  if (!remote)
    throw new CliError(
      'ODOO_URL is not set: name the Odoo to audit with ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD',
      EXIT.badInput,
    );
  const auth = choiceFlag('auth', values.auth, ['session', 'jsonrpc'] as const);
  const secret = auth === 'session' ? remote.password : (process.env.ODOO_API_KEY ?? '');
  const report = await auditRun(
    folder,
    { url: remote.url, db: remote.db, login: remote.login, auth },
    secret,
    (line) => console.log(line),
  );
  return report.passed ? EXIT.ok : EXIT.auditFailed;
}
