/** Where a run sends its load: a real Odoo from ODOO_* variables, or the built-in emulator. */

import { CliError, EXIT } from '../contract/exit-codes.ts';
import type { HostingProfile } from '../planning/hosting-schema.ts';
import { loadHostingProfile } from '../planning/load.ts';
import { NO_PLACEMENT, type Placement, placementOf } from '../planning/placement.ts';

export interface RemoteTarget {
  url: string;
  db: string;
  login: string;
  password: string;
}

/** A remote target when ODOO_URL is set; every other variable is then required. */
export function remoteTargetFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): RemoteTarget | undefined {
  if (!env.ODOO_URL) return undefined;
  let url: URL;
  try {
    url = new URL(env.ODOO_URL);
  } catch {
    // Not echoed: a mistyped URL may hold a password.
    throw new CliError(
      'ODOO_URL: expected an http(s) URL such as http://staging.example.com:8069, got something that is not a URL',
      EXIT.badInput,
    );
  }
  if (url.username || url.password)
    throw new CliError(
      'ODOO_URL: credentials in the URL are refused (they would land in logs and reports); put the login in ODOO_LOGIN and the password in ODOO_PASSWORD',
      EXIT.badInput,
    );
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(
      `ODOO_URL: expected an http or https URL, got "${url.protocol}"`,
      EXIT.badInput,
    );
  }
  for (const name of ['ODOO_DB', 'ODOO_LOGIN'] as const) {
    if (!env[name])
      throw new CliError(
        `${name} is not set: with ODOO_URL set, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD (or ODOO_API_KEY) are required`,
        EXIT.badInput,
      );
  }
  if (!env.ODOO_PASSWORD && !env.ODOO_API_KEY) {
    throw new CliError(
      'ODOO_PASSWORD is not set: with ODOO_URL set, the password (or ODOO_API_KEY with --auth jsonrpc|json2) must come from the environment',
      EXIT.badInput,
    );
  }
  return {
    url: url.toString().replace(/\/+$/, ''),
    db: env.ODOO_DB!,
    login: env.ODOO_LOGIN!,
    password: env.ODOO_PASSWORD ?? '',
  };
}

/** The emulator's shape when a hosting profile is emulated locally. */
export interface EmulatedShape {
  /** Where the emulated server is when no hosting profile says (a calibrated model's server). */
  placement?: Placement;
  odooVersion: number;
  workers: number;
  edition: 'community' | 'enterprise';
  limitTimeReal: number;
  dbMaxconn: number;
  /** Hosting profile name, for reports and comparisons. */
  hosting?: string;
}

/** A target and where its pieces are (the hosting profile's placement; none said: all on this machine). */
export type ResolvedTarget = { placement: Placement } & (
  | { kind: 'remote'; remote: RemoteTarget; hosting?: HostingProfile }
  | { kind: 'emulator'; shape: EmulatedShape; hosting?: HostingProfile }
);

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export const isLoopback = (url: string) => LOOPBACK.test(new URL(url).hostname);

/**
 * Where a run goes: `--target` (a URL or a hosting profile) or ODOO_URL, else the emulator.
 * A non-loopback target must be marked as a test environment in its hosting profile, or the
 * operator must say --i-know-this-is-not-production; otherwise nothing is sent.
 */
export function resolveTarget(
  flag: string | undefined,
  defaults: EmulatedShape,
  allowNonLoopback: boolean,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedTarget {
  let hosting: HostingProfile | undefined;
  let url = env.ODOO_URL;
  if (flag && /^https?:\/\//.test(flag)) url = flag;
  else if (flag) {
    hosting = loadHostingProfile(flag).profile;
    url = hosting.url ?? undefined;
  }
  const placement = hosting
    ? placementOf(hosting)
    : url
      ? NO_PLACEMENT
      : (defaults.placement ?? NO_PLACEMENT);
  if (!url) {
    const shape = hosting
      ? {
          odooVersion: hosting.odooVersion,
          workers: hosting.workers,
          edition: hosting.edition,
          limitTimeReal: hosting.limits.timeRealSeconds,
          dbMaxconn: hosting.dbMaxconn,
          hosting: hosting.name,
        }
      : defaults;
    return { kind: 'emulator', shape, hosting, placement };
  }
  const remote = remoteTargetFromEnv({
    ...env,
    ODOO_URL: url,
    ODOO_DB: env.ODOO_DB || hosting?.database,
  });
  if (!remote) throw new CliError('no target URL', EXIT.badInput);
  if (!isLoopback(remote.url) && !hosting?.testEnvironment && !allowNonLoopback) {
    throw new CliError(
      `refusing to load ${remote.url}: it is not loopback and no hosting profile marks it as a test environment ("testEnvironment": true). ` +
        'Point at a staging copy and mark it, or pass --i-know-this-is-not-production',
      EXIT.unsafeTarget,
    );
  }
  return { kind: 'remote', remote, hosting, placement };
}
