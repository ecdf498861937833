/** `odoo-load` entry: pick the command, run it, turn failures into one line and a documented exit code. */
import { CliError, EXIT } from '../contract/exit-codes.ts';

interface Command {
  run: (argv: string[]) => Promise<number>;
  help: string;
}

/**
 * Each command's module is loaded when it is asked for: a command starts without the libraries of
 * the others (the CLI is spawned hundreds of times by the tests and by CI scripts).
 */
const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string }> = {
  start: {
    load: () => import('./commands/start.ts').then((m) => ({ run: m.start, help: m.START_HELP })),
    summary: 'the main job: a peak smoke against the emulator (or ODOO_URL), then the report',
  },
  run: {
    load: () => import('./commands/run.ts').then((m) => ({ run: m.run, help: m.RUN_HELP })),
    summary: 'one scenario (or peak-day): preflight, k6, audit, report',
  },
  audit: {
    load: () =>
      import('./commands/audit.ts').then((m) => ({ run: m.auditCommand, help: m.AUDIT_HELP })),
    summary:
      "re-check a run's data integrity in Odoo (orders, stock, numbering, imports, balances)",
  },
  capacity: {
    load: () =>
      import('./commands/capacity.ts').then((m) => ({
        run: m.capacityCommand,
        help: m.CAPACITY_HELP,
      })),
    summary: 'stepped sweeps: the knee, a USL fit, and how many workers hold the peak',
  },
  calibrate: {
    load: async () => {
      const { CALIBRATE_HELP: help, calibrateCommand: run } = await import(
        './commands/calibrate.ts'
      );
      return { help, run };
    },
    summary: "fit the emulator's cost model to your server's log, for what-ifs at its costs",
  },
  gate: {
    load: () =>
      import('./commands/gate.ts').then((m) => ({ run: m.gateCommand, help: m.GATE_HELP })),
    summary: 'go-live readiness: one verdict per criterion, JUnit XML and Markdown',
  },
  compare: {
    load: () =>
      import('./commands/compare.ts').then((m) => ({
        run: m.compareCommand,
        help: m.COMPARE_HELP,
      })),
    summary: 'several runs side by side in one HTML report (hosting profiles, company counts)',
  },
  cleanup: {
    load: () =>
      import('./commands/cleanup.ts').then((m) => ({
        run: m.cleanupCommand,
        help: m.CLEANUP_HELP,
      })),
    summary: 'cancel, reset or archive what a run created (dry run on non-loopback targets)',
  },
  doctor: {
    load: () =>
      import('./commands/doctor.ts').then((m) => ({ run: m.doctor, help: m.DOCTOR_HELP })),
    summary: 'check k6 (build it if missing), PostgreSQL and the target',
  },
  seed: {
    load: () =>
      import('./commands/seed.ts').then((m) => ({ run: m.seedCommand, help: m.SEED_HELP })),
    summary: "rebuild the emulator's database deterministically",
  },
  profiles: {
    load: () =>
      import('./commands/profiles.ts').then((m) => ({
        run: m.profilesCommand,
        help: m.PROFILES_HELP,
      })),
    summary: 'list, show (with the k6 options they compile to) and validate profiles',
  },
  collect: {
    load: () =>
      import('./commands/collect.ts').then((m) => ({
        run: m.collectCommand,
        help: m.COLLECT_HELP,
      })),
    summary: "bring a run's samples back from InfluxDB (k6-operator runs) and judge them",
  },
  k8s: {
    load: () => import('./commands/k8s.ts').then((m) => ({ run: m.k8sCommand, help: m.K8S_HELP })),
    summary: 'a k6-operator TestRun (and ConfigMap) for the same plan, split over N runners',
  },
  plan: {
    load: () =>
      import('./commands/plan.ts').then((m) => ({ run: m.planCommand, help: m.PLAN_HELP })),
    summary: 'print the resolved plan k6 receives, to run a bundle with k6 by hand',
  },
  emulator: {
    load: () =>
      import('./commands/emulator.ts').then((m) => ({
        run: m.emulatorCommand,
        help: m.EMULATOR_HELP,
      })),
    summary: 'serve the seeded database as Odoo would, until Ctrl-C',
  },
  grow: {
    load: () =>
      import('./commands/grow.ts').then((m) => ({ run: m.growCommand, help: m.GROW_HELP })),
    summary: "grow a real Odoo to a dataset profile's size through its API (resumable)",
  },
  'latency-proxy': {
    load: () =>
      import('./commands/latency-proxy.ts').then((m) => ({
        run: m.latencyProxyCommand,
        help: m.LATENCY_PROXY_HELP,
      })),
    summary: 'a latency proxy between a real Odoo and its PostgreSQL, until Ctrl-C',
  },
};

const USAGE = `usage: odoo-load <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(13)} ${command.summary}`)
  .join('\n')}

odoo-load <command> --help shows a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name ? EXIT.ok : EXIT.badInput;
  }
  const command = COMMANDS[name];
  if (!command)
    throw new CliError(
      `unknown command "${name}"; expected one of: ${Object.keys(COMMANDS).join(', ')}`,
      EXIT.badInput,
    );
  const { help, run } = await command.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(help);
    return EXIT.ok;
  }
  return run(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof CliError) {
    console.error(`odoo-load: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    console.error(`odoo-load: internal error: ${(error as Error).message}`);
    process.exitCode = EXIT.internal;
  }
}
