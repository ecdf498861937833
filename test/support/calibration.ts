/** The real Odoo 17 log the calibration tests fit, the fit as the CLI makes it, and its file read back. */
import { readFileSync } from 'node:fs';
import type { CalibratedCostFile } from '../../emulator/cost-model.ts';
import { odooLoad } from './cli.ts';

/** A trimmed excerpt of a capacity sweep's log on a real Odoo 17 (2 workers, this machine). */
export const REAL_ODOO_17_LOG = 'test/fixtures/odoo-logs/real-odoo-17-capacity.log.gz';

export const readCostModel = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as CalibratedCostFile;

/** `odoo-load calibrate` on that log, as the cost model `real-odoo-17` written to `out`. */
export const calibrateRealLog = (out: string) =>
  odooLoad(['calibrate', '--odoo-log', REAL_ODOO_17_LOG, '--name', 'real-odoo-17', '--out', out]);
