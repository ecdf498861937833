/**
 * People in a real browser: k6's browser module drives Chromium through Odoo's own web client, beside
 * the protocol load, and times what a person waits for. Few of them (a browser costs a generator
 * hundreds of MB), each one VU whose single iteration lasts the run: one login, one session.
 */
export const BROWSER_ROLES = ['salesRep', 'picker', 'accountant'] as const;
export type BrowserRole = (typeof BROWSER_ROLES)[number];

/** What each role waits for, in the order they do it; each is a timed step (`ui_step_duration`). */
export const UI_STEPS = {
  salesRep: ['login', 'openForm', 'save', 'confirm', 'openList', 'openOrder'],
  picker: ['login', 'openDeliveries', 'openDelivery', 'validate'],
  accountant: ['login', 'openForm', 'save', 'post'],
} as const satisfies Record<BrowserRole, readonly string[]>;
export type UiStep = (typeof UI_STEPS)[BrowserRole][number];

/** Every step once, for schemas and dashboards. */
export const ALL_UI_STEPS = [...new Set(Object.values(UI_STEPS).flat())] as UiStep[];

/** The k6 scenario of each role's browser users, and the bundle export it runs. */
export const BROWSER_SCENARIOS = {
  salesRep: { name: 'browser_sales_rep', exec: 'browserSalesRep' },
  picker: { name: 'browser_picker', exec: 'browserPicker' },
  accountant: { name: 'browser_accountant', exec: 'browserAccountant' },
} as const satisfies Record<BrowserRole, { name: string; exec: string }>;
export type BrowserScenarioName = (typeof BROWSER_SCENARIOS)[BrowserRole]['name'];

/** The `workload` tag of browser users' samples. */
export const BROWSER_WORKLOAD_TAG = 'browser_users';
