/**
 * Building a run's plan: pure, so the k6 side and the CLI can be shown to agree on it. The profile
 * is compiled for the scenario; the target, companies, operators and global tags are added; every
 * value k6 will use is in the result (the k6 side keeps no defaults).
 */
import {
  type AuthMode,
  type K6ScenarioName,
  type RunPlan,
  type ScenarioFile,
  TAGS,
} from '../../contract/index.ts';
import { type CompiledPlan, compileLoadProfile } from '../profiles/compile.ts';
import type { LoadProfile } from '../profiles/schema.ts';

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
  if (workloads.barcodeScanning) workloads.barcodeScanning.operators = inputs.operators;
  // Global tags on every sample: bounded, and what dashboards filter and compare by.
  const tags = {
    [TAGS.runId]: inputs.runId,
    [TAGS.hosting]: inputs.hosting,
    [TAGS.profile]: inputs.profile.name,
  };
  const plan: RunPlan = {
    runId: inputs.runId,
    target: inputs.target,
    companies: inputs.companies.slice(0, inputs.profile.companies),
    options: { ...compiled.options, tags },
    workloads,
  };
  return { plan, compiled, scenarios: Object.keys(compiled.options.scenarios) as K6ScenarioName[] };
}
