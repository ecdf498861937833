/**
 * The run plan k6 receives from the CLI as resolved JSON in `ODOO_LOAD_PLAN` (profiles are validated
 * in Node, never here). Running a bundle by hand works too: the target then comes from ODOO_URL,
 * ODOO_DB and ODOO_LOGIN, at one VU. The password is only ever read from ODOO_PASSWORD.
 */
import type { Options } from 'k6/options';

export interface LinesPerOrder {
  min: number;
  max: number;
}

export interface RunPlan {
  runId: string;
  target: { url: string; db: string; login: string };
  /** Company ids to spread work over; empty means the login's allowed companies. */
  companies: number[];
  options: Options;
  workloads: {
    orderConfirmation?: { linesPerOrder: LinesPerOrder };
  };
}

function fromEnvironment(): RunPlan {
  const url = __ENV.ODOO_URL;
  const db = __ENV.ODOO_DB;
  const login = __ENV.ODOO_LOGIN;
  if (!url || !db || !login) {
    throw new Error('Set ODOO_LOAD_PLAN (the odoo-load CLI does), or ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD');
  }
  return {
    runId: __ENV.ODOO_LOAD_RUN_ID || `manual-${Date.now()}`,
    target: { url, db, login },
    companies: [],
    options: { vus: 1, duration: '10s' },
    workloads: { orderConfirmation: { linesPerOrder: { min: 1, max: 3 } } },
  };
}

export function loadPlan(): RunPlan {
  return __ENV.ODOO_LOAD_PLAN ? (JSON.parse(__ENV.ODOO_LOAD_PLAN) as RunPlan) : fromEnvironment();
}

export function password(): string {
  const value = __ENV.ODOO_PASSWORD;
  if (!value) throw new Error('ODOO_PASSWORD is not set: the password only ever comes from the environment');
  return value;
}
