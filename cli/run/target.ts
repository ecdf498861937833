/** Where a run sends its load: a real Odoo from ODOO_* variables, or the built-in emulator. */
import { CliError, EXIT } from './exit-codes.ts';

export interface RemoteTarget {
  url: string;
  db: string;
  login: string;
  password: string;
}

/** A remote target when ODOO_URL is set; every other variable is then required. */
export function remoteTargetFromEnv(env: NodeJS.ProcessEnv = process.env): RemoteTarget | undefined {
  if (!env.ODOO_URL) return undefined;
  let url: URL;
  try {
    url = new URL(env.ODOO_URL);
  } catch {
    throw new CliError(`ODOO_URL: expected an http(s) URL such as http://staging.example.com:8069, got "${env.ODOO_URL}"`, EXIT.badInput);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`ODOO_URL: expected an http or https URL, got "${url.protocol}"`, EXIT.badInput);
  }
  for (const name of ['ODOO_DB', 'ODOO_LOGIN'] as const) {
    if (!env[name]) throw new CliError(`${name} is not set: with ODOO_URL set, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD (or ODOO_API_KEY) are required`, EXIT.badInput);
  }
  if (!env.ODOO_PASSWORD && !env.ODOO_API_KEY) {
    throw new CliError('ODOO_PASSWORD is not set: with ODOO_URL set, the password (or ODOO_API_KEY with --auth jsonrpc|json2) must come from the environment', EXIT.badInput);
  }
  return { url: url.toString().replace(/\/+$/, ''), db: env.ODOO_DB!, login: env.ODOO_LOGIN!, password: env.ODOO_PASSWORD ?? '' };
}
