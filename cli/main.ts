/** `odoo-load` entry: pick the command, run it, turn failures into one line and a documented exit code. */
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { AUDIT_HELP, auditCommand } from './commands/audit.ts';
import { CALIBRATE_HELP, calibrateCommand } from './commands/calibrate.ts';
import { CAPACITY_HELP, capacityCommand } from './commands/capacity.ts';
import { CLEANUP_HELP, cleanupCommand } from './commands/cleanup.ts';
import { COLLECT_HELP, collectCommand } from './commands/collect.ts';
import { COMPARE_HELP, compareCommand } from './commands/compare.ts';
import { DOCTOR_HELP, doctor } from './commands/doctor.ts';
import { EMULATOR_HELP, emulatorCommand } from './commands/emulator.ts';
import { GATE_HELP, gateCommand } from './commands/gate.ts';
import { K8S_HELP, k8sCommand } from './commands/k8s.ts';
import { PLAN_HELP, planCommand } from './commands/plan.ts';
import { PROFILES_HELP, profilesCommand } from './commands/profiles.ts';
import { RUN_HELP, run } from './commands/run.ts';
import { SEED_HELP, seedCommand } from './commands/seed.ts';
import { START_HELP, start } from './commands/start.ts';

const COMMANDS: Record<
  string,
  { run: (argv: string[]) => Promise<number>; help: string; summary: string }
> = {
  start: {
    run: start,
    help: START_HELP,
    summary: 'the main job: a peak smoke against the emulator (or ODOO_URL), then the report',
  },
  run: { run, help: RUN_HELP, summary: 'one scenario (or peak-day): preflight, k6, audit, report' },
  audit: {
    run: auditCommand,
    help: AUDIT_HELP,
    summary:
      "re-check a run's data integrity in Odoo (orders, stock, numbering, imports, balances)",
  },
  capacity: {
    run: capacityCommand,
    help: CAPACITY_HELP,
    summary: 'stepped sweeps: the knee, a USL fit, and how many workers hold the peak',
  },
  calibrate: {
    run: calibrateCommand,
    help: CALIBRATE_HELP,
    summary: "fit the emulator's cost model to your server's log, for what-ifs at its costs",
  },
  gate: {
    run: gateCommand,
    help: GATE_HELP,
    summary: 'go-live readiness: one verdict per criterion, JUnit XML and Markdown',
  },
  compare: {
    run: compareCommand,
    help: COMPARE_HELP,
    summary: 'several runs side by side in one HTML report (hosting profiles, company counts)',
  },
  cleanup: {
    run: cleanupCommand,
    help: CLEANUP_HELP,
    summary: 'cancel, reset or archive what a run created (dry run on non-loopback targets)',
  },
  doctor: {
    run: doctor,
    help: DOCTOR_HELP,
    summary: 'check k6 (build it if missing), PostgreSQL and the target',
  },
  seed: {
    run: seedCommand,
    help: SEED_HELP,
    summary: "rebuild the emulator's database deterministically",
  },
  profiles: {
    run: profilesCommand,
    help: PROFILES_HELP,
    summary: 'list, show (with the k6 options they compile to) and validate profiles',
  },
  collect: {
    run: collectCommand,
    help: COLLECT_HELP,
    summary: "bring a run's samples back from InfluxDB (k6-operator runs) and judge them",
  },
  k8s: {
    run: k8sCommand,
    help: K8S_HELP,
    summary: 'a k6-operator TestRun (and ConfigMap) for the same plan, split over N runners',
  },
  plan: {
    run: planCommand,
    help: PLAN_HELP,
    summary: 'print the resolved plan k6 receives, to run a bundle with k6 by hand',
  },
  emulator: {
    run: emulatorCommand,
    help: EMULATOR_HELP,
    summary: 'serve the seeded database as Odoo would, until Ctrl-C',
  },
};

const USAGE = `usage: odoo-load <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(9)} ${command.summary}`)
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
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return EXIT.ok;
  }
  return command.run(rest);
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
