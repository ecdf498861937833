/**
 * The target a run (or one capacity sweep) talks to, brought up the one way both use: the local stack
 * when it is the emulator (PostgreSQL, the seed, the emulator shaped and placed like the hosting
 * profile), the people's distance put in front of it (a latency proxy per distance), one preflight
 * login; then the plan k6 receives for it.
 */
import { type CostModelUse, costModelUse } from '../calibrate/what-if.ts';
import {
  type AuthMode,
  type DatasetCounts,
  describeDataset,
  type Role,
  type ScenarioFile,
} from '../contract/index.ts';
import { countDataset } from '../node-odoo/dataset-counts.ts';
import type { Placement } from '../planning/placement.ts';
import {
  type BuiltPlan,
  browserPickerLogins,
  buildPlan,
  checkBrowserVersion,
  checkWebChannel,
  operatorCount,
  operatorLoginsFromEnv,
} from '../planning/plan.ts';
import type { LoadProfile } from '../planning/schema.ts';
import { localDir } from '../services/local-dir.ts';
import { freePort } from '../services/process.ts';
import { type LocalStack, type SeedShape, startLocalStack } from './local-stack.ts';
import { type PeopleDistance, placePeople } from './people-distance.ts';
import { type PreflightResult, preflight, warehouseNote } from './preflight.ts';
import type { ResolvedTarget } from './target.ts';

export interface TargetRequest {
  resolved: ResolvedTarget;
  scenario: ScenarioFile;
  profile: LoadProfile;
  /** Companies the emulator seeds (a real target has the ones it has). */
  companies: number;
  /** Where the target's database, CPUs and people are (the hosting profile's, or a what-if). */
  placement: Placement;
  auth: AuthMode;
  costModel: string;
  pgPort: number;
  /** 0 picks a free port. */
  emulatorPort?: number;
  /** Seed options beyond companies and operators (e.g. products). */
  seed?: SeedShape;
  log: (line: string) => void;
}

export interface TargetSession {
  url: string;
  db: string;
  login: string;
  password: string;
  apiKey: string;
  /** What VUs authenticate with: the password for sessions, else the API key. */
  secret: string;
  preflight: PreflightResult;
  /** The emulator's stack; none for a real target. */
  stack?: LocalStack;
  /** Each role's way in when people are away from Odoo (their latency proxy). */
  urlByRole: Partial<Record<Role, string>>;
  /** The emulated cost model, when the target is the emulator. */
  costs?: CostModelUse;
  /** What the database holds, counted at preflight. */
  dataset: DatasetCounts;
  stop: () => Promise<void>;
}

/** The local stack when the target is the emulator: PostgreSQL, the seed, the emulator placed. */
async function startEmulator(request: TargetRequest) {
  const { resolved, profile, scenario, placement, log } = request;
  // A real target has the companies it has: a run spreads over the login's first ones.
  if (resolved.kind !== 'emulator') return {};
  const { shape } = resolved;
  const costs = costModelUse(request.costModel, shape.odooVersion, shape.workers);
  const stack = await startLocalStack({
    pgPort: request.pgPort,
    emulator: {
      port: request.emulatorPort || (await freePort()),
      odooVersion: shape.odooVersion,
      workers: shape.workers,
      edition: shape.edition,
      limitTimeReal: shape.limitTimeReal,
      dbMaxconn: shape.dbMaxconn,
      costModel: request.costModel,
      dbRoundTrip: placement.databaseRoundTripMs,
      cpus: placement.cpus,
      databaseSharesCpus: placement.databaseSharesCpus,
    },
    seed: {
      companies: request.companies,
      // Scanners log in as their own users: at least four, more when the profile has more.
      operators: Math.max(4, operatorCount(profile, scenario)),
      ...request.seed,
    },
    datasetPath: localDir('dataset.json'),
    log,
  });
  return { stack, costs };
}

/** Brings the target up, places the people, logs in once; stop() takes it all down again. */
export async function startTarget(request: TargetRequest): Promise<TargetSession> {
  const { resolved, auth, log } = request;
  const { stack, costs } = await startEmulator(request);
  let people: PeopleDistance | undefined;
  try {
    const remote = resolved.kind === 'remote' ? resolved.remote : undefined;
    const target = remote ?? {
      url: stack!.url,
      db: stack!.db,
      login: stack!.login,
      password: stack!.password,
    };
    const apiKey = remote ? (process.env.ODOO_API_KEY ?? '') : stack!.apiKey;
    const secret = auth === 'session' ? target.password : apiKey;
    const login = await preflight({ ...target, auth }, secret);
    log(
      `preflight: ${target.login} logged in to ${target.url} (Odoo ${login.serverVersion}, uid ${login.uid}, auth ${auth})`,
    );
    const note = warehouseNote(login);
    if (note && remote) log(note);
    const dataset = await countDataset(login.client, login.version, login.companyIds);
    log(`preflight: the database holds ${describeDataset(dataset)}`);
    people = await placePeople(target.url, request.placement.people, log);
    const placed = people;
    return {
      ...target,
      apiKey,
      secret,
      preflight: login,
      ...(stack ? { stack } : {}),
      urlByRole: placed.urlByRole,
      ...(costs ? { costs } : {}),
      dataset,
      stop: async () => {
        await placed.stop();
        await stack?.stop();
      },
    };
  } catch (error) {
    await people?.stop();
    await stack?.stop();
    throw error;
  }
}

export interface PlanRequest {
  runId: string;
  scenario: ScenarioFile;
  profile: LoadProfile;
  auth: AuthMode;
  /** Companies the run spreads over: the seeded ones on the emulator, else the login's first ones. */
  companies: number;
  /** Name that groups runs of one deployment in dashboards and comparisons. */
  hosting: string;
  browsers: number;
  screenshotsDir: string;
  log: (line: string) => void;
}

/** The plan k6 receives: the profile compiled for this target's companies, people and ways in. */
export function planFor(target: TargetSession, request: PlanRequest): BuiltPlan {
  const { stack, preflight: login } = target;
  const operators = operatorCount(request.profile, request.scenario);
  checkBrowserVersion(request.browsers, login.version, target.url);
  const scannerLogins = stack
    ? stack.dataset.operators.slice(0, operators).map((operator) => operator.login)
    : operatorLoginsFromEnv(operators, target.login, request.log);
  const built = buildPlan({
    runId: request.runId,
    scenario: request.scenario,
    profile: request.profile,
    target: {
      url: target.url,
      db: target.db,
      login: target.login,
      auth: request.auth,
      ...(Object.keys(target.urlByRole).length ? { urlByRole: target.urlByRole } : {}),
    },
    companies: stack
      ? stack.dataset.companies.map((company) => company.id)
      : login.companyIds.slice(0, request.companies),
    operators: scannerLogins,
    hosting: request.hosting,
    browsers: {
      version: login.version,
      screenshotsDir: request.screenshotsDir,
      pickerLogins: browserPickerLogins(scannerLogins, target.login),
    },
  });
  checkWebChannel(built.scenarios, login.version, target.url, stack !== undefined);
  return built;
}
