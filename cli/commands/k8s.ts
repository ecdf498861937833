/**
 * `odoo-load k8s <scenario>`: the same plan as `run`, for k6-operator on Kubernetes. Writes a
 * ConfigMap (the bundle) and a TestRun into reports/<run-id>/k8s/ beside a run.json, so that once
 * the runners have streamed to InfluxDB, `odoo-load collect <run-id>` brings the samples back and
 * `odoo-load gate --run <run-id>` gives the one verdict across all runners.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import type { RunRecord } from '../../contract/index.ts';
import { AUTH_MODES, INFLUX_TAGS_AS_FIELDS, SCENARIO_FILES } from '../../contract/index.ts';
import { EMULATOR_DEFAULTS } from '../../emulator/options.ts';
import {
  buildPlan,
  loadScenarioProfile,
  operatorCount,
  operatorLoginsFromEnv,
} from '../../planning/plan.ts';

import {
  CONFIGMAP_LIMIT_BYTES,
  configMapBytes,
  configMapOf,
  type TestRunInputs,
  testRunOf,
} from '../../run/k8s-manifest.ts';

import { bundleScenarios } from '../../run/orchestrate.ts';
import { resolveTarget } from '../../run/target.ts';
import { influxAddressOf } from '../../services/influxdb.ts';
import { K6_PINNED } from '../../services/k6.ts';
import { newRunId, RunFolder } from '../../store/run-folder.ts';
import { choiceFlag, integerFlag, parseFlags } from '../flags.ts';

export const K8S_HELP = `odoo-load k8s <scenario> --influx <url>/<db> [--parallelism 2] [--profile smoke]
              [--target <url|hosting profile>] [--auth session|jsonrpc|json2] [--namespace default]
              [--secret odoo-load] [--runner-cpu 1] [--runner-memory 1Gi] [--i-know-this-is-not-production]

Writes reports/<run-id>/k8s/configmap.yaml (the bundled scenario) and testrun.yaml (a k6-operator
TestRun: --parallelism runners, each a k6 execution segment of the plan, streaming to --influx) and
reports/<run-id>/run.json. The target is --target or ODOO_URL/ODOO_DB/ODOO_LOGIN and must be reachable
from the cluster. Passwords stay in a Secret the TestRun names (keys ODOO_PASSWORD, ODOO_API_KEY,
ODOO_OPERATOR_PASSWORD); no secret value is ever written. Then:

  kubectl create secret generic odoo-load --from-literal=ODOO_PASSWORD="$ODOO_PASSWORD"
  kubectl apply -f reports/<run-id>/k8s/
  odoo-load collect <run-id> --influx <url>/<db>     # the runners' samples, back into reports/<run-id>
  odoo-load gate --run <run-id>                       # one verdict across every runner`;

/** Scenarios whose setup() creates records: k6-operator runs setup() once per runner. */
const SETUP_WRITES: Partial<Record<string, string>> = {
  'barcode-scanning': 'orders and pickings for the operators',
  'bulk-import': 'stock locations or a pricelist',
  'peak-day': 'orders, pickings, stock locations',
};

const K8S_FLAGS = {
  profile: { type: 'string', default: 'smoke' },
  target: { type: 'string' },
  auth: { type: 'string', default: 'session' },
  parallelism: { type: 'string', default: '2' },
  influx: { type: 'string' },
  namespace: { type: 'string', default: 'default' },
  secret: { type: 'string', default: 'odoo-load' },
  'runner-cpu': { type: 'string', default: '1' },
  'runner-memory': { type: 'string', default: '1Gi' },
  'i-know-this-is-not-production': { type: 'boolean', default: false },
} as const;

/** The target the runners reach: a remote one only (the cluster cannot reach this machine). */
function clusterTarget(target: string | undefined, allowNonLoopback: boolean) {
  // The password lives in the cluster's Secret; it is neither needed nor read here.
  const resolved = resolveTarget(
    target,
    { ...EMULATOR_DEFAULTS, edition: 'community' },
    allowNonLoopback,
    { ...process.env, ODOO_PASSWORD: process.env.ODOO_PASSWORD || '(in the Secret)' },
  );
  if (resolved.kind !== 'remote')
    throw new CliError(
      'k8s: the runners need a target the cluster can reach: --target <url | hosting profile with a url>, or ODOO_URL',
      EXIT.badInput,
    );
  return resolved;
}

/** The ConfigMap and TestRun, written in reports/<run-id>/k8s/ beside run.json. */
function writeManifests(inputs: TestRunInputs, record: RunRecord): string {
  const configMap = configMapOf(inputs);
  const bytes = configMapBytes(configMap);
  if (bytes > CONFIGMAP_LIMIT_BYTES)
    throw new CliError(
      `k8s: the bundled ${inputs.scenario}.js takes ${bytes} bytes, over the 1 MiB a ConfigMap may hold; mount it from a volume instead`,
      EXIT.badInput,
    );
  // The folder is made only once the manifests can be written: a refusal leaves nothing behind.
  const folder = RunFolder.create(record.runId);
  folder.write('run', record);
  const dir = join(folder.dir, 'k8s');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'configmap.yaml'), stringify(configMap, { lineWidth: 0 }));
  writeFileSync(join(dir, 'testrun.yaml'), stringify(testRunOf(inputs), { lineWidth: 0 }));
  return `${dir}/ (TestRun ${inputs.name}, ${inputs.parallelism} runners, ConfigMap ${Math.round(bytes / 1024)} KiB of 1,024)`;
}

export async function k8sCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, K8S_FLAGS, { positionals: true });
  const [scenarioName] = positionals;
  if (!scenarioName)
    throw new CliError(
      `k8s: name a scenario: ${Object.keys(SCENARIO_FILES).join(', ')}`,
      EXIT.badInput,
    );
  const auth = choiceFlag('auth', values.auth, AUTH_MODES);
  const parallelism = integerFlag('parallelism', values.parallelism, 1, 1000);
  const address = influxAddressOf('--influx', values.influx);
  const { scenario, profile } = loadScenarioProfile(scenarioName, values.profile);
  const writes = SETUP_WRITES[scenario];
  if (writes && parallelism > 1)
    throw new CliError(
      `--parallelism ${parallelism}: k6-operator runs setup() in every runner, and ${scenario}'s setup() creates ${writes}, so they would be created ${parallelism} times; use --parallelism 1, or odoo-load run --instances ${parallelism} (setup() once)`,
      EXIT.badInput,
    );
  const resolved = clusterTarget(values.target, values['i-know-this-is-not-production']);
  const { remote } = resolved;
  const runId = newRunId();
  const { plan } = buildPlan({
    runId,
    scenario,
    profile,
    target: { url: remote.url, db: remote.db, login: remote.login, auth },
    // Empty: each runner spreads work over the companies the login is allowed in.
    companies: [],
    operators: operatorLoginsFromEnv(operatorCount(profile, scenario), remote.login, (line) =>
      console.error(`odoo-load: ${line}`),
    ),
    hosting: resolved.hosting?.name ?? new URL(remote.url).hostname,
  });
  await bundleScenarios();
  const inputs: TestRunInputs = {
    name: `odoo-load-${runId}`,
    namespace: values.namespace,
    scenario,
    script: readFileSync(resolve('dist', `${scenario}.js`), 'utf8'),
    plan,
    parallelism,
    secret: values.secret,
    image: `grafana/k6:${K6_PINNED.replace(/^v/, '')}`,
    resources: { cpu: values['runner-cpu'], memory: values['runner-memory'] },
    influx: `${address.url}/${address.database}`,
    tagsAsFields: INFLUX_TAGS_AS_FIELDS,
  };
  const written = writeManifests(inputs, {
    runId,
    scenario,
    startedAt: new Date().toISOString(),
    profile: { file: values.profile, resolved: profile },
    target: { ...plan.target, kind: 'remote', serverVersion: 'not contacted (k8s)' },
    hosting: resolved.hosting,
    k6: { version: K6_PINNED.replace(/^v/, ''), source: inputs.image },
    suite: { version: JSON.parse(readFileSync('package.json', 'utf8')).version },
    instances: parallelism,
    plan,
  });
  console.error(`odoo-load: k8s: ${written}`);
  console.log(runId);
  return EXIT.ok;
}
