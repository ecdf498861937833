/** `odoo-load start`: the main job. A peak-day simulation against the built-in emulator, or ODOO_URL when set. */
import { runCommand } from './run.ts';

export const START_HELP = `odoo-load start [--profile smoke] [--auth session] [--odoo-version 17] [--workers 0] [--pg-port 55432]

The main job: "odoo-load run peak-day" with the same options. Every workload of the profile runs at
once through real k6, the audit checks what the run left in Odoo, and reports/<run-id>/ holds the results.`;

export const start = (argv: string[]) => runCommand('peak-day', argv);
