/**
 * Hosting profiles: a target's deployment as data (docs/domain.md "Hosting models"), so runs on different
 * targets can be compared side by side and the emulator can mimic a target's shape locally.
 */
import { z } from 'zod';
import { ROLES, type Role } from '../contract/plan.ts';

export const hostingProfileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path to the JSON Schema, for editors.'),
    kind: z.literal('hosting').describe('Profile kind.'),
    name: z.string().min(1).describe('Short name, used in reports and comparisons.'),
    description: z.string().default('').describe('What this deployment is.'),
    model: z
      .enum(['odoo-online', 'odoo-sh', 'self-hosted'])
      .describe('Hosting model: SaaS, managed platform, or your own servers.'),
    plan: z
      .string()
      .default('')
      .describe(
        'Commercial plan or machine type, as a note (e.g. "Odoo.sh 4 workers", "c6i.2xlarge").',
      ),
    odooVersion: z
      .union([z.literal(16), z.literal(17), z.literal(18), z.literal(19)])
      .describe('Major Odoo version.'),
    edition: z
      .enum(['community', 'enterprise'])
      .default('community')
      .describe('Enterprise adds the barcode app (stock_barcode).'),
    workers: z
      .number()
      .int()
      .min(0)
      .max(1024)
      .describe(
        'HTTP workers (--workers); 0 is the threaded server, which a load test should not target.',
      ),
    cronThreads: z
      .number()
      .int()
      .min(0)
      .max(64)
      .default(2)
      .describe('Cron workers (--max-cron-threads).'),
    cpu: z
      .number()
      .positive()
      .max(1024)
      .describe(
        "vCPUs Odoo's workers get: its cron threads share them, and PostgreSQL too when it runs on the same host (postgres.placement).",
      ),
    cpuSource: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Where the CPU count comes from (the plan, `nproc` on the host, a cgroup quota): the emulator stretches Python time when busy workers outnumber these CPUs.',
      ),
    cpuQuota: z
      .boolean()
      .default(false)
      .describe(
        "The CPUs are a CPU limit (a cgroup quota: a container's or a pod's `cpus`), not whole cores: Odoo's processes may run on any core for that share of each period.",
      ),
    memoryGb: z.number().positive().max(4096).describe('Memory of the Odoo host, in GiB.'),
    dbMaxconn: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(64)
      .describe('PostgreSQL connections per process (--db_maxconn).'),
    limits: z
      .strictObject({
        timeRealSeconds: z
          .number()
          .int()
          .min(0)
          .default(120)
          .describe(
            '--limit-time-real: wall-clock seconds per request before the worker is killed.',
          ),
        timeCpuSeconds: z.number().int().min(0).default(60).describe('--limit-time-cpu.'),
        memorySoftMb: z
          .number()
          .int()
          .min(0)
          .default(2048)
          .describe('--limit-memory-soft, in MiB.'),
        memoryHardMb: z
          .number()
          .int()
          .min(0)
          .default(2560)
          .describe('--limit-memory-hard, in MiB.'),
      })
      .default({ timeRealSeconds: 120, timeCpuSeconds: 60, memorySoftMb: 2048, memoryHardMb: 2560 })
      .describe("Odoo's per-worker limits."),
    postgres: z
      .strictObject({
        placement: z
          .enum(['same-host', 'separate-host', 'managed'])
          .describe(
            "Where PostgreSQL runs relative to Odoo: on the same host it shares Odoo's CPUs (`cpu`).",
          ),
        roundTripMs: z
          .number()
          .min(0)
          .max(200)
          .optional()
          .describe(
            'Milliseconds each query pays between Odoo and PostgreSQL beyond a loopback (0 on the same host). Odoo sends one query per round trip: ~190 for an order by API, ~800 keyed in the web client. Required unless the database is on the same host.',
          ),
        roundTripSource: z
          .string()
          .min(1)
          .optional()
          .describe(
            "Where roundTripMs comes from: measured (e.g. `psql -h <db host> -c '\\timing on' -c 'select 1'` from the Odoo host, the median) or a cited public figure.",
          ),
        cpu: z
          .number()
          .positive()
          .optional()
          .describe('vCPUs of the database host, when separate.'),
        memoryGb: z
          .number()
          .positive()
          .optional()
          .describe('Memory of the database host, when separate.'),
      })
      .describe('PostgreSQL placement.'),
    people: z
      .strictObject({
        roundTripMs: z
          .number()
          .min(0)
          .max(2000)
          .describe(
            "Milliseconds of one HTTP exchange's round trip between the people and Odoo: a keyed order is ~40 exchanges in sequence.",
          ),
        roles: z
          .strictObject(
            Object.fromEntries(
              ROLES.map((role) => [
                role,
                z.number().min(0).max(2000).optional().describe(`The round trip of a ${role}, ms.`),
              ]),
            ) as Record<Role, z.ZodOptional<z.ZodNumber>>,
          )
          .default({})
          .describe(
            'Round trips of some roles apart from the rest: a picker on the warehouse LAN, a rep across the country, an integration in the same datacenter.',
          ),
        source: z
          .string()
          .min(1)
          .describe(
            'Where the figures come from: measured (`curl -w %{time_connect}` or `ping` from the sites) or a cited public figure.',
          ),
      })
      .optional()
      .describe(
        'How far the people are from Odoo. A run puts that distance on every exchange (a latency proxy in front of the target); absent, people are where this machine is.',
      ),
    price: z
      .strictObject({
        monthly: z.number().nonnegative().describe('What the deployment costs per month.'),
        currency: z.string().min(1).max(8).default('EUR').describe('Currency of `monthly`.'),
        note: z
          .string()
          .default('')
          .describe('Where the figure comes from (e.g. "Odoo.sh list price per worker, 2026").'),
      })
      .optional()
      .describe(
        'Monthly price, when known: capacity runs turn it into a cost per order at the peak.',
      ),
    url: z
      .string()
      .url()
      .optional()
      .describe(
        'Where this deployment answers; absent = emulate it locally with the built-in emulator.',
      ),
    database: z.string().optional().describe('Odoo database name at `url`.'),
    testEnvironment: z
      .boolean()
      .default(false)
      .describe('True when `url` is a staging or test copy that may take load (never production).'),
  })
  .superRefine((profile, context) => {
    const { postgres } = profile;
    if (postgres.placement !== 'same-host' && postgres.roundTripMs === undefined)
      context.addIssue({
        code: 'custom',
        path: ['postgres', 'roundTripMs'],
        message: `required when PostgreSQL is ${postgres.placement === 'managed' ? 'a managed service' : 'on another host'}: the milliseconds each query pays between Odoo and PostgreSQL (measure it from the Odoo host), with roundTripSource`,
      });
    if (postgres.roundTripMs !== undefined && postgres.roundTripSource === undefined)
      context.addIssue({
        code: 'custom',
        path: ['postgres', 'roundTripSource'],
        message:
          'required with roundTripMs: where the figure comes from (measured how, or a cited public figure)',
      });
  })
  .describe('A hosting profile: one deployment of Odoo, described so runs can be compared.');

export type HostingProfile = z.infer<typeof hostingProfileSchema>;
