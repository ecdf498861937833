/**
 * The emulator's options, declared once: the emulator process parses its flags with this table, and
 * the CLI (`odoo-load emulator`, the local stack, the tests) turns options back into those flags
 * with it, so a default or a bound lives in one place.
 */

export interface EmulatorOptions {
  databaseUrl: string;
  host: string;
  port: number;
  /** Odoo database name the emulator answers for. */
  db: string;
  odooVersion: number;
  /** 0 = threaded (one process); N = prefork with N workers, as Odoo's `--workers`. */
  workers: number;
  dbMaxconn: number;
  /** Scale of Odoo's retry back-off: 1 = Odoo's own, 0 = retry at once (fast tests). */
  backoffScale: number;
  /** `--limit-time-real` in seconds; 0 = no limit. */
  limitTimeReal: number;
  /** `0`, `uniform:<ms>` or a cost-model JSON file. */
  costModel: string;
  /** Milliseconds each query pays between Odoo and PostgreSQL (a database on another host). */
  dbRoundTrip: number;
  /** CPUs Odoo's workers get; 0 = as many as they need. */
  cpus: number;
  /** PostgreSQL runs on those CPUs (a single box). */
  databaseSharesCpus: boolean;
  /** Failed logins per IP before Odoo's cooldown starts (0 disables it), and its length. */
  loginCooldownAfter: number;
  loginCooldownDuration: number;
  edition: 'community' | 'enterprise';
  logRetries: boolean;
  /** Where Odoo's server log is written ('' = nowhere). */
  logFile: string;
}

type Spec<K extends keyof EmulatorOptions> = {
  flag: string;
  help: string;
  default: EmulatorOptions[K];
  /** Returns the parsed value, or a sentence saying what was expected. */
  parse: (raw: string) => EmulatorOptions[K] | { expected: string };
};

const integer =
  (min: number, max: number) =>
  (raw: string): number | { expected: string } =>
    /^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max
      ? Number(raw)
      : { expected: `an integer from ${min} to ${max}` };

const decimal =
  (min: number, max: number) =>
  (raw: string): number | { expected: string } =>
    /^\d+(\.\d+)?$/.test(raw) && Number(raw) >= min && Number(raw) <= max
      ? Number(raw)
      : { expected: `a number from ${min} to ${max}` };

const text = (raw: string) => (raw ? raw : { expected: 'a value' });

export const EMULATOR_OPTIONS: { [K in keyof EmulatorOptions]: Spec<K> } = {
  databaseUrl: {
    flag: 'database-url',
    help: 'postgres://user@127.0.0.1:PORT/DB',
    default: '',
    parse: (raw) =>
      raw.startsWith('postgres://') || raw.startsWith('postgresql://')
        ? raw
        : { expected: 'a postgres:// URL' },
  },
  host: { flag: 'host', help: 'address to listen on', default: '127.0.0.1', parse: text },
  port: { flag: 'port', help: '0 picks a free port', default: 8069, parse: integer(0, 65535) },
  db: { flag: 'db', help: 'database name', default: 'odoo_load', parse: text },
  odooVersion: {
    flag: 'odoo-version',
    help: 'Odoo major version to answer as',
    default: 17,
    parse: integer(16, 19),
  },
  workers: {
    flag: 'workers',
    help: "Odoo's --workers: 0 threaded, N prefork",
    default: 0,
    parse: integer(0, 1024),
  },
  dbMaxconn: {
    flag: 'db-maxconn',
    help: "Odoo's --db_maxconn",
    default: 64,
    parse: integer(1, 10_000),
  },
  backoffScale: {
    flag: 'backoff-scale',
    help: 'scale of the serialization-retry back-off',
    default: 1,
    parse: (raw) => (/^\d+(\.\d+)?$/.test(raw) ? Number(raw) : { expected: 'a number >= 0' }),
  },
  limitTimeReal: {
    flag: 'limit-time-real',
    help: "Odoo's --limit-time-real in seconds, 0 = none",
    default: 120,
    parse: integer(0, 86_400),
  },
  costModel: {
    flag: 'cost-model',
    help: '0, uniform:<ms> or a cost-model JSON file',
    default: '0',
    parse: text,
  },
  dbRoundTrip: {
    flag: 'db-round-trip',
    help: 'ms each query pays to reach PostgreSQL',
    default: 0,
    parse: decimal(0, 1000),
  },
  cpus: {
    flag: 'cpus',
    help: "CPUs Odoo's workers get, 0 = unlimited",
    default: 0,
    parse: decimal(0, 1024),
  },
  databaseSharesCpus: {
    flag: 'database-shares-cpus',
    help: 'PostgreSQL runs on those CPUs',
    default: false,
    parse: () => true,
  },
  loginCooldownAfter: {
    flag: 'login-cooldown-after',
    help: 'failed logins before the cooldown, 0 = never',
    default: 5,
    parse: integer(0, 1_000_000),
  },
  loginCooldownDuration: {
    flag: 'login-cooldown-duration',
    help: 'cooldown length in seconds',
    default: 60,
    parse: integer(0, 86_400),
  },
  edition: {
    flag: 'edition',
    help: 'enterprise adds the barcode app',
    default: 'community',
    parse: (raw) =>
      raw === 'community' || raw === 'enterprise' ? raw : { expected: 'community or enterprise' },
  },
  logRetries: {
    flag: 'log-retries',
    help: 'print each serialization retry',
    default: false,
    parse: () => true,
  },
  logFile: {
    flag: 'log-file',
    help: "write Odoo's server log here (request lines with query count, SQL and Python time; retries)",
    default: '',
    // Empty: no log is written.
    parse: (raw) => raw,
  },
};

export const EMULATOR_DEFAULTS = Object.fromEntries(
  Object.entries(EMULATOR_OPTIONS).map(([key, spec]) => [key, spec.default]),
) as unknown as EmulatorOptions;

type Key = keyof EmulatorOptions;
const KEYS = Object.keys(EMULATOR_OPTIONS) as Key[];

/** node:util parseArgs options for the given keys (all of them by default). */
export function emulatorFlags(keys: readonly Key[] = KEYS) {
  return Object.fromEntries(
    keys.map((key) => {
      const spec = EMULATOR_OPTIONS[key];
      return [
        spec.flag,
        typeof spec.default === 'boolean'
          ? { type: 'boolean' as const, default: false }
          : { type: 'string' as const, default: String(spec.default) },
      ];
    }),
  ) as Record<string, { type: 'string'; default: string } | { type: 'boolean'; default: boolean }>;
}

/** Parsed flag values to options; throws one line naming the flag and what it expects. */
export function parseEmulatorFlags(
  values: Record<string, string | boolean | undefined>,
  keys: readonly Key[] = KEYS,
): Partial<EmulatorOptions> {
  const options: Record<string, unknown> = {};
  for (const key of keys) {
    const spec = EMULATOR_OPTIONS[key];
    const raw = values[spec.flag];
    if (raw === undefined || raw === false) continue;
    const parsed = spec.parse(String(raw) as never);
    if (typeof parsed === 'object' && parsed && 'expected' in parsed)
      throw new RangeError(
        `--${spec.flag}: expected ${parsed.expected}, got ${JSON.stringify(raw)}`,
      );
    options[key] = parsed;
  }
  return options as Partial<EmulatorOptions>;
}

/** Options back to the emulator's command line; unset options keep the emulator's defaults. */
export function emulatorArgv(options: Partial<EmulatorOptions>): string[] {
  return KEYS.flatMap((key) => {
    const value = options[key];
    // An empty string is an option left unset (no log file), as false is a flag left off.
    if (value === undefined || value === false || value === '') return [];
    const flag = `--${EMULATOR_OPTIONS[key].flag}`;
    return value === true ? [flag] : [flag, String(value)];
  });
}

/** One line per option for a usage text. */
export function emulatorUsage(keys: readonly Key[] = KEYS): string {
  return keys
    .map((key) => {
      const spec = EMULATOR_OPTIONS[key];
      const value = typeof spec.default === 'boolean' ? '' : ` ${spec.default}`;
      return `  --${spec.flag}${value}`.padEnd(34) + spec.help;
    })
    .join('\n');
}
