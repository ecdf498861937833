/** `odoo-load doctor`: is everything a run needs here? Builds k6 when missing; checks ODOO_URL when set. */
import { EXIT } from '../../contract/exit-codes.ts';
import { AUTH_MODES } from '../../contract/index.ts';
import { NodeOdooClient } from '../../node-odoo/client.ts';
import {
  checkAccounting,
  checkModules,
  checkOperators,
  checkSms,
  checkWarehouses,
  checkWorkerMode,
  type Status,
} from '../../node-odoo/target-checks.ts';
import { remoteTargetFromEnv } from '../../run/target.ts';
import { ensureK6 } from '../../services/k6.ts';
import { findExecutable, postgresBinDirs, run } from '../../services/process.ts';
import { choiceFlag, parseFlags } from '../flags.ts';

export const DOCTOR_HELP = `odoo-load doctor [--auth session|jsonrpc|json2]

Checks the tools and the target: k6 (built with Go into .tools/bin when missing), Node.js, Go,
PostgreSQL's binaries, and, when ODOO_URL is set: the target answers, the credentials work (with the
API key for --auth jsonrpc|json2; JSON-2 needs Odoo 19), the Odoo version, the modules the workloads
need (sale_stock, account, base_import; stock_barcode optional), a chart of accounts and a warehouse
in every company (without one Odoo refuses its orders: a warning, runs put it last), the scanner
operators of ODOO_OPERATORS (they exist and have an email address), stock_sms's question before
texting customers, and whether the server runs threaded (a load test of a threaded server measures
the wrong thing). Exits 4 when something fails.`;

const operatorLogins = () =>
  (process.env.ODOO_OPERATORS ?? '')
    .split(',')
    .map((login) => login.trim())
    .filter(Boolean);

export async function doctor(argv: string[] = []): Promise<number> {
  const { values } = parseFlags(argv, { auth: { type: 'string', default: 'session' } });
  const auth = choiceFlag('auth', values.auth, AUTH_MODES);
  let healthy = true;
  const line = (status: Status | boolean, what: string, detail: string) => {
    const resolved = status === true ? 'ok' : status === false ? 'fail' : status;
    if (resolved === 'fail') healthy = false;
    console.log(
      `${{ ok: 'ok  ', warn: 'warn', fail: 'FAIL' }[resolved]} ${what.padEnd(12)} ${detail}`,
    );
  };
  try {
    const k6 = await ensureK6((message) => console.log(`     ${message}`));
    line(true, 'k6', `v${k6.version} (${k6.source}: ${k6.path})`);
  } catch (error) {
    line(false, 'k6', (error as Error).message);
  }
  line(true, 'node', process.version);
  const go = findExecutable('go', ['/usr/local/go/bin']);
  line(
    true,
    'go',
    go ? (await run(go, ['version'])).stdout.trim() : 'not found (only needed to build k6)',
  );
  const initdb = findExecutable('initdb', postgresBinDirs());
  line(
    true,
    'postgresql',
    initdb
      ? initdb.replace(/\/initdb$/, '')
      : 'not found (installed on first local run, as root from Debian packages)',
  );
  const remote = remoteTargetFromEnv();
  if (!remote) {
    line(true, 'target', 'ODOO_URL not set: runs use the built-in emulator');
    return healthy ? EXIT.ok : EXIT.missingTool;
  }
  await checkTarget(remote, auth, line);
  return healthy ? EXIT.ok : EXIT.missingTool;
}

type Line = (status: Status | boolean, what: string, detail: string) => void;

/** The target's lines: it answers and logs in, its version, modules, companies, operators, mode. */
async function checkTarget(
  remote: NonNullable<ReturnType<typeof remoteTargetFromEnv>>,
  auth: (typeof AUTH_MODES)[number],
  line: Line,
): Promise<void> {
  const secret = auth === 'session' ? remote.password : (process.env.ODOO_API_KEY ?? '');
  try {
    const odoo = new NodeOdooClient({ ...remote, auth }, secret, 15_000);
    const checked = await odoo.login();
    line(
      true,
      'target',
      `${remote.url} Odoo ${checked.serverVersion}, ${remote.login} uid ${checked.uid} (auth ${auth}), companies ${checked.companyIds.join(', ')}`,
    );
    if (checked.version < 16)
      line(
        false,
        'version',
        `Odoo ${checked.serverVersion} is older than the 16.0 the suite is written for`,
      );
    const modules = await checkModules(odoo);
    line(modules.status, modules.what, modules.detail);
    if (modules.status === 'ok') {
      for (const check of [
        ...(await checkAccounting(odoo, checked.companyIds)),
        ...(await checkWarehouses(odoo, checked.companyIds)),
      ])
        line(check.status, check.what, check.detail);
    }
    for (const check of await checkOperators(odoo, operatorLogins()))
      line(check.status, check.what, check.detail);
    const sms = await checkSms(odoo, checked.companyIds);
    if (sms) line(sms.status, sms.what, sms.detail);
    const mode = await checkWorkerMode(remote.url);
    line(mode.status, mode.what, mode.detail);
  } catch (error) {
    line(false, 'target', (error as Error).message);
  }
}
