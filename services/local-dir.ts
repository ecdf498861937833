/**
 * Where the local stack keeps its state (PostgreSQL's data, InfluxDB's, the emulator's log, the
 * seeded dataset, the stack's lock): `.local/` in the working directory, or ODOO_LOAD_LOCAL. Two
 * runs side by side in one checkout need two of these (the tests run files side by side this way).
 */
import { resolve } from 'node:path';

export const LOCAL_DIR_VARIABLE = 'ODOO_LOAD_LOCAL';

export function localDir(...parts: string[]): string {
  return resolve(process.env[LOCAL_DIR_VARIABLE] || '.local', ...parts);
}
