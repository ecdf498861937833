/**
 * The k6 side of scripts/record-web-client.ts: one person at a time walks through each flow in
 * Odoo's own web client (lib/browser's walkThrough), through the Node side's recording proxy. Before
 * each flow it tells the proxy the flow's name (a request of its own, so names and requests cannot
 * pass each other).
 */
import { browser } from 'k6/browser';
import http from 'k6/http';
import { walkThrough } from '../../lib/browser/flows.ts';

export const options = {
  scenarios: {
    record: {
      executor: 'shared-iterations',
      vus: 1,
      iterations: 1,
      maxDuration: '10m',
      options: { browser: { type: 'chromium' } },
    },
  },
};

const required = (name: string): string => {
  const value = __ENV[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export default async function () {
  const url = required('RECORD_PROXY');
  await walkThrough(
    {
      url,
      version: Number(required('RECORD_VERSION')),
      screenshotsDir: required('RECORD_SCREENSHOTS'),
    },
    {
      admin: { login: required('ODOO_LOGIN'), password: required('ODOO_PASSWORD') },
      picker: { login: required('RECORD_PICKER'), password: required('ODOO_OPERATOR_PASSWORD') },
    },
    // The reference recordings' order: Deco Addict, three demo products, five of each.
    {
      customer: 'Deco Addict',
      orderProducts: ['Large Cabinet', 'Storage Box', 'Pedal Bin'],
      invoiceProduct: 'Large Cabinet',
      delivery: required('RECORD_DELIVERY'),
    },
    (name) => {
      http.post(`${url}/__record/flow`, name);
    },
    browser,
  );
}
