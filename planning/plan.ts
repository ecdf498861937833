/**
 * Building a run's plan: buildPlan is pure, so the k6 side and the CLI can be shown to agree on it.
 * The profile is compiled for the scenario; the target, companies, operators and global tags are
 * added; every value k6 will use is in the result (the k6 side keeps no defaults).
 */
import {
  type AuthMode,
  BROWSER_ROLES,
  type BrowserPlan,
  isK6Scenario,
  isScenarioFile,
  K6_SCENARIOS,
  type K6ScenarioName,
  type PeoplePlan,
  type PersonPlan,
  type RunPlan,
  SCENARIO_FILES,
  type ScenarioFile,
  TAGS,
  WEB_CLIENT_VERSIONS,
  type WorkloadPlans,
} from '../contract/index.ts';

/** Odoo versions whose web client the browser users' flows know (lib/browser/web-client-ui.ts). */
export const BROWSER_VERSIONS = [16, 17, 18, 19] as const;

import { CliError, EXIT } from '../contract/exit-codes.ts';
import { type CompiledPlan, compileLoadProfile, operatorSplit } from './compile.ts';
import { loadLoadProfile } from './load.ts';
import type { LoadProfile } from './schema.ts';

export interface PlanInputs {
  runId: string;
  scenario: ScenarioFile;
  profile: LoadProfile;
  target: { url: string; db: string; login: string; auth: AuthMode };
  /** Company ids to spread work over (the login's, or the seeded ones), at most profile.companies. */
  companies: number[];
  /** Scanner logins, one per operator of the profile. */
  operators: string[];
  /** Name that groups runs of one deployment in dashboards and comparisons. */
  hosting: string;
  /** For browser users: the target's major version (its web client's markup), their screenshots' folder, the pickers' logins. */
  browsers?: { version: number; screenshotsDir: string; pickerLogins: string[] };
}

export interface BuiltPlan {
  plan: RunPlan;
  compiled: CompiledPlan;
  /** The k6 scenarios the plan runs. */
  scenarios: K6ScenarioName[];
}

export function buildPlan(inputs: PlanInputs): BuiltPlan {
  const compiled = compileLoadProfile(inputs.profile, inputs.scenario);
  const workloads = structuredClone(compiled.workloads);
  // Browser users' scenarios are k6's business only: the verdict counts units of the others.
  const scenarios = Object.keys(compiled.options.scenarios).filter(isK6Scenario);
  if (workloads.barcodeScanning) {
    const split = operatorSplit(inputs.profile.workloads.barcodeScanning);
    workloads.barcodeScanning.operators = inputs.operators.slice(0, split.barcode);
    workloads.barcodeScanning.webOperators = inputs.operators.slice(split.barcode);
  }
  if (workloads.shiftStart)
    workloads.shiftStart.users =
      workloads.shiftStart.role === 'picker' && inputs.operators.length > 0
        ? inputs.operators
        : [inputs.target.login];
  // Global tags on every sample: bounded, and what dashboards filter and compare by.
  const tags = {
    [TAGS.runId]: inputs.runId,
    [TAGS.hosting]: inputs.hosting,
    [TAGS.profile]: inputs.profile.name,
  };
  const people = peopleOf(inputs.profile, inputs.target.login, inputs.operators, scenarios);
  const plan: RunPlan = {
    runId: inputs.runId,
    target: inputs.target,
    companies: inputs.companies.slice(0, inputs.profile.companies),
    options: {
      ...compiled.options,
      tags,
      setupTimeout: setupTimeoutOf(people, deliveriesOf(workloads)),
    },
    foldedThresholds: compiled.foldedThresholds,
    scenarios,
    workloads,
    people,
    ...(compiled.browsers && inputs.browsers
      ? { browsers: browserPlanOf(compiled.browsers, inputs.target.login, inputs.browsers) }
      : {}),
  };
  return { plan, compiled, scenarios };
}

/** k6's default time for setup(), which also reads what every workload needs. */
const SETUP_SECONDS = 60;
/** What one batch of logins may take on a busy server (each login hashes a password). */
const LOGIN_BATCH_SECONDS = 10;
/** What preparing one operator's delivery may take (an order confirmed, assigned, checked ready): 0.4 s measured, on a busy server more. */
const DELIVERY_SECONDS = 2;

/**
 * Everyone logs in during setup(), `loginConcurrency` at a time, and every operator's deliveries are
 * prepared one by one: a peak of thousands of people needs more than k6's 60 s default, which would
 * otherwise end the run before its first order.
 */
export function setupTimeoutOf(people: PeoplePlan, deliveries = 0): string {
  const batches = Math.ceil(people.people.length / Math.max(1, people.loginConcurrency));
  return `${SETUP_SECONDS + batches * LOGIN_BATCH_SECONDS + deliveries * DELIVERY_SECONDS}s`;
}

/** The deliveries setup() prepares for the operators, by scanner and in the web client. */
function deliveriesOf(workloads: WorkloadPlans): number {
  const scanning = workloads.barcodeScanning;
  if (!scanning) return 0;
  return (scanning.operators.length + scanning.webOperators.length) * scanning.pickingsPerOperator;
}

/** Browser users by role: reps and accountants log in as the main login, pickers as operators. */
function browserPlanOf(
  compiled: NonNullable<CompiledPlan['browsers']>,
  mainLogin: string,
  inputs: NonNullable<PlanInputs['browsers']>,
): BrowserPlan {
  const users = BROWSER_ROLES.flatMap((role) =>
    Array.from({ length: compiled.counts[role] }, (_, index) => ({
      role,
      login:
        role === 'picker'
          ? (inputs.pickerLogins[index % Math.max(1, inputs.pickerLogins.length)] ?? mainLogin)
          : mainLogin,
    })),
  );
  return {
    version: inputs.version,
    users,
    pauseSeconds: compiled.pauseSeconds,
    durationSeconds: compiled.durationSeconds,
    screenshotsDir: inputs.screenshotsDir,
  };
}

/**
 * Everyone the run needs, in login order: the integration user's sessions first (setup() itself logs
 * in as the first), the sales reps and accountants of the web channel when it runs, then the
 * operators. Several people may share a login: each gets a session of their own, as people sharing
 * an account in a browser each do.
 */
export function peopleOf(
  profile: LoadProfile,
  login: string,
  operators: string[],
  scenarios: K6ScenarioName[] = [],
): PeoplePlan {
  const { integrationUsers, salesReps, accountants, loginConcurrency, thinkSeconds } =
    profile.people;
  const many = (count: number, role: PersonPlan['role']) =>
    Array.from({ length: count }, () => ({ role, login }));
  const people: PersonPlan[] = [
    ...many(integrationUsers, 'integration'),
    ...(scenarios.includes('order_entry_web') ? many(salesReps, 'salesRep') : []),
    ...(scenarios.includes('invoice_entry_web') ? many(accountants, 'accountant') : []),
    ...operators.map((operator) => ({ role: 'picker' as const, login: operator })),
  ];
  return { people, loginConcurrency, thinkSeconds };
}

/** The scenario and its profile, checked before anything starts: bad input stops here. */
export function loadScenarioProfile(
  scenarioName: string,
  profileName: string,
): { scenario: ScenarioFile; profile: LoadProfile; profileFile: string } {
  if (!isScenarioFile(scenarioName)) {
    throw new CliError(
      `unknown scenario "${scenarioName}"; expected one of: ${Object.keys(SCENARIO_FILES).join(', ')}`,
      EXIT.badInput,
    );
  }
  const { profile, file: profileFile } = loadLoadProfile(profileName);
  if (Object.keys(compileLoadProfile(profile, scenarioName).options.scenarios).length === 0) {
    throw new CliError(
      `${profileFile}: workloads: the profile has no ${SCENARIO_FILES[scenarioName].join(', ')} workload for scenario ${scenarioName}`,
      EXIT.badInput,
    );
  }
  return { scenario: scenarioName, profile, profileFile };
}

/** Scanner logins on a real target: ODOO_OPERATORS (comma-separated), else the main login. */
export function operatorLoginsFromEnv(
  count: number,
  mainLogin: string,
  log: (line: string) => void,
): string[] {
  const listed = (process.env.ODOO_OPERATORS ?? '')
    .split(',')
    .map((login) => login.trim())
    .filter(Boolean);
  if (listed.length >= count) return listed.slice(0, count);
  if (listed.length > 0)
    throw new CliError(
      `ODOO_OPERATORS lists ${listed.length} login(s) but the profile has ${count} operators`,
      EXIT.badInput,
    );
  if (count > 0)
    log(`barcode scanning: ODOO_OPERATORS not set, all ${count} operators log in as ${mainLogin}`);
  return Array.from({ length: count }, () => mainLogin);
}

/** The web client versions the built-in emulator answers (its captured fields, defaults and actions). */
export const EMULATED_WEB_CLIENT_VERSIONS = [17, 18] as const;

/**
 * The web channel sends what the recorded web client of 16, 17, 18 or 19 sends: against another
 * version it stops here, before anything starts. The emulator answers 17's and 18's only.
 */
export function checkWebChannel(
  scenarios: K6ScenarioName[],
  version: number,
  url: string,
  emulated = false,
): void {
  const web = scenarios.filter((name) => K6_SCENARIOS[name].channel === 'web');
  if (web.length === 0) return;
  if (emulated && !(EMULATED_WEB_CLIENT_VERSIONS as readonly number[]).includes(version))
    throw new CliError(
      `the web channel (${web.join(', ')}): the built-in emulator answers the web client of Odoo ${EMULATED_WEB_CLIENT_VERSIONS.join(' and ')}, not ${version}'s (recorded, and sent to a real Odoo ${version}): use --odoo-version ${EMULATED_WEB_CLIENT_VERSIONS.at(-1)}, or set the profile's web shares to 0 (the shipped smoke-api does)`,
      EXIT.badInput,
    );
  if ((WEB_CLIENT_VERSIONS as readonly number[]).includes(version)) return;
  throw new CliError(
    `the web channel (${web.join(', ')}) sends what the recorded web client of Odoo ${WEB_CLIENT_VERSIONS.join(' or ')} sends; ${url} runs Odoo ${version}: set the profile's web shares to 0 (the shipped smoke-api does)`,
    EXIT.badInput,
  );
}

/** Scanner operators the scenario needs: none unless it runs barcode scanning. */
export const operatorCount = (profile: LoadProfile, scenario: ScenarioFile): number =>
  (SCENARIO_FILES[scenario] as readonly string[]).includes('barcodeScanning')
    ? (profile.workloads.barcodeScanning?.operators ?? 0)
    : 0;

/** Browser users the plan runs: peak-day only (capacity peak-day included). */
export const browserCount = (profile: LoadProfile, scenario: ScenarioFile): number => {
  const users = profile.browserUsers;
  return scenario === 'peak-day' && users ? users.salesReps + users.pickers + users.accountants : 0;
};

/** Browser users need a real Odoo's web client, of a version whose markup the flows know. */
export function checkBrowserTarget(browsers: number, kind: 'emulator' | 'remote'): void {
  if (browsers === 0 || kind === 'remote') return;
  throw new CliError(
    `browserUsers: ${browsers} browser user${browsers === 1 ? '' : 's'} need a real Odoo's web client, which the emulator does not serve; set ODOO_URL to a real Odoo ${BROWSER_VERSIONS.join(' or ')}, or leave browserUsers out of the profile`,
    EXIT.badInput,
  );
}

export function checkBrowserVersion(browsers: number, version: number, url: string): void {
  if (browsers === 0 || (BROWSER_VERSIONS as readonly number[]).includes(version)) return;
  throw new CliError(
    `browserUsers: the browser users know the web client of Odoo ${BROWSER_VERSIONS.join(' and ')}; ${url} runs Odoo ${version}`,
    EXIT.badInput,
  );
}

/** Pickers in a browser: operators of ODOO_OPERATORS the scanners do not use, else any of them. */
export function browserPickerLogins(scanners: string[], mainLogin: string): string[] {
  const listed = (process.env.ODOO_OPERATORS ?? '')
    .split(',')
    .map((login) => login.trim())
    .filter(Boolean);
  const free = listed.filter((login) => !scanners.includes(login));
  return free.length > 0 ? free : listed.length > 0 ? listed : [mainLogin];
}
