/**
 * What a capacity sweep can drive: the workloads it steps, the k6 scenario measured per channel, the
 * profile's shares by channel, the profile as one channel's sweep runs it, and the peak it must hold.
 */
import { K6_SCENARIOS, type K6ScenarioName, type ScenarioFile } from '../contract/index.ts';
import { compileLoadProfile } from '../planning/compile.ts';
import type { LoadProfile } from '../planning/schema.ts';
import type { Peak } from './analysis.ts';

/**
 * The workloads a sweep can drive, the k6 scenario it measures per channel, the profile workload
 * whose channel shares set the mix, and the SLO that judges it.
 */
export const SWEEPABLE = {
  'order-confirmation': {
    k6: { api: 'order_confirmation', web: 'order_entry_web' },
    workload: 'orderConfirmation',
    slo: 'orderConfirmP95Ms',
  },
  'reservation-contention': {
    k6: { api: 'reservation_contention' },
    workload: 'reservationContention',
    slo: 'orderConfirmP95Ms',
  },
  'month-end-close': {
    k6: { api: 'month_end_posting', web: 'invoice_entry_web' },
    workload: 'monthEndClose',
    slo: 'postingP95Ms',
  },
  // Order confirmation stepped while the rest of the peak-day mix runs at its peak rates.
  'peak-day': {
    k6: { api: 'order_confirmation', web: 'order_entry_web' },
    workload: 'orderConfirmation',
    slo: 'orderConfirmP95Ms',
  },
} as const satisfies Partial<
  Record<
    ScenarioFile,
    {
      k6: Partial<Record<'api' | 'web', K6ScenarioName>>;
      workload: 'orderConfirmation' | 'reservationContention' | 'monthEndClose';
      slo: keyof LoadProfile['slo'];
    }
  >
>;
export type Sweepable = keyof typeof SWEEPABLE;
export type SweptChannel = 'api' | 'web';

/** The k6 scenario that measures the workload by a channel (every sweepable workload has its API one). */
export const k6ScenarioOf = (scenario: Sweepable, channel: SweptChannel): K6ScenarioName =>
  (SWEEPABLE[scenario].k6 as Partial<Record<SweptChannel, K6ScenarioName>>)[channel] ??
  SWEEPABLE[scenario].k6.api;

/** The profile's shares of the swept workload by channel (all by API when it has none). */
export function sharesOf(profile: LoadProfile, scenario: Sweepable): Record<SweptChannel, number> {
  const workload = profile.workloads[SWEEPABLE[scenario].workload] as
    | { channels?: Partial<Record<SweptChannel, number>> }
    | undefined;
  return { api: workload?.channels?.api ?? 1, web: workload?.channels?.web ?? 0 };
}

/**
 * The profile as one channel's sweep runs it: all of the swept workload by that channel, and
 * people without pauses (a closed-model user works back to back, as the API channel's does). In
 * the web client each of `users` is a person of their own, logged in before the first step.
 */
export function profileFor(
  profile: LoadProfile,
  scenario: Sweepable,
  channel: SweptChannel,
  users: number,
): LoadProfile {
  const swept = structuredClone(profile);
  if (channel === 'web')
    swept.people = {
      ...swept.people,
      salesReps: Math.max(swept.people.salesReps, users),
      accountants: Math.max(swept.people.accountants, users),
    };
  const workload = swept.workloads[SWEEPABLE[scenario].workload] as
    | { channels?: Record<string, number> }
    | undefined;
  if (workload?.channels)
    workload.channels = Object.fromEntries(
      Object.keys(workload.channels).map((name) => [name, name === channel ? 1 : 0]),
    );
  swept.people = { ...swept.people, thinkSeconds: { min: 0, max: 0 } };
  return swept;
}

/** The peak the profile asks of the workload, by every channel together, in units per second. */
export function peakOf(profile: LoadProfile, scenario: Sweepable): Peak {
  const { k6, slo } = SWEEPABLE[scenario];
  const scenarios = compileLoadProfile(profile, scenario).options.scenarios;
  let perSecond = 0;
  for (const name of Object.values(k6) as K6ScenarioName[]) {
    const compiled = scenarios[name] as
      | { rate?: number; timeUnit?: string; stages?: { target: number }[] }
      | undefined;
    const seconds = { '1h': 3600, '1m': 60, '1s': 1 }[compiled?.timeUnit ?? '1s'] ?? 1;
    perSecond +=
      Math.max(compiled?.rate ?? 0, ...(compiled?.stages ?? []).map((s) => s.target)) / seconds;
  }
  const spec = K6_SCENARIOS[k6.api];
  return {
    perSecond,
    unit: spec.unit,
    per: spec.per,
    profile: profile.name,
    sloMs: profile.slo[slo] as number,
  };
}
