/** `odoo-load plan <scenario>`: the resolved plan k6 would receive, to run a bundle by hand. */
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { AUTH_MODES, SCENARIO_FILES } from '../../contract/index.ts';
import { EMULATOR_DEFAULTS } from '../../emulator/options.ts';
import {
  buildPlan,
  loadScenarioProfile,
  operatorCount,
  operatorLoginsFromEnv,
} from '../../planning/plan.ts';
import { LOCAL_DB } from '../../run/local-stack.ts';
import { remoteTargetFromEnv } from '../../run/target.ts';
import { newRunId } from '../../store/run-folder.ts';
import { choiceFlag, parseFlags } from '../flags.ts';

export const PLAN_HELP = `odoo-load plan <scenario> [--profile smoke] [--auth session|jsonrpc|json2] [--run-id <id>]

Prints the plan a run would hand to k6 (ODOO_LOAD_PLAN): the profile compiled for the scenario, with
the target, operators and tags, every value resolved. The target is ODOO_URL, ODOO_DB and ODOO_LOGIN,
or "odoo-load emulator" on its default port. Secrets are never part of a plan. To run a bundle by hand:

  ODOO_LOAD_PLAN="$(odoo-load plan order-confirmation)" ODOO_PASSWORD=… k6 run dist/order-confirmation.js`;

export async function planCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      profile: { type: 'string', default: 'smoke' },
      auth: { type: 'string', default: 'session' },
      'run-id': { type: 'string' },
    },
    { positionals: true },
  );
  const [scenarioName] = positionals;
  if (!scenarioName)
    throw new CliError(
      `plan: name a scenario: ${Object.keys(SCENARIO_FILES).join(', ')}`,
      EXIT.badInput,
    );
  const auth = choiceFlag('auth', values.auth, AUTH_MODES);
  const { scenario, profile } = loadScenarioProfile(scenarioName, values.profile);
  const remote = remoteTargetFromEnv();
  const target = remote
    ? { url: remote.url, db: remote.db, login: remote.login }
    : { url: `http://127.0.0.1:${EMULATOR_DEFAULTS.port}`, db: LOCAL_DB, login: 'admin' };
  const log = (line: string) => console.error(`odoo-load: ${line}`);
  const { plan } = buildPlan({
    runId: values['run-id'] ?? newRunId(),
    scenario,
    profile,
    target: { ...target, auth },
    // Empty: k6 spreads work over the companies the login is allowed in.
    companies: [],
    operators: operatorLoginsFromEnv(operatorCount(profile, scenario), target.login, log),
    hosting: new URL(target.url).hostname,
  });
  console.log(JSON.stringify(plan));
  return EXIT.ok;
}
