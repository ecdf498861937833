/**
 * The web channel (issue 17): people doing in Odoo's own web client what the API channel does in two
 * calls. A sales rep keys orders, a picker validates deliveries, an accountant keys and posts
 * invoices, each in the session they logged in with before the load, sending what the recorded web
 * client of the server's version sends (lib/web). setup() turns the menus into the ids the web
 * client sends and finds the names people type.
 */

import { sleep } from 'k6';
import exec from 'k6/execution';
import { type K6ScenarioName, REF_CODES, TAGS } from '../../contract/index.ts';
import { type RunPlan, settingsOf } from '../config.ts';
import { companiesOf, pick, randomBetween, randomInt, required } from '../data/index.ts';
import { metrics } from '../metrics/index.ts';
import type { OdooSession } from '../odoo/index.ts';
import { type PeopleData, personSession, webClientSetupSession } from '../people/index.ts';
import {
  enterInvoice,
  enterOrder,
  FlowStop,
  type Pickable,
  sessionTransport,
  validateDelivery,
  WEB_ACTIONS,
  type WebAction,
  WebClient,
  webDialect,
} from '../web-client/index.ts';
import { type AssignedDeliveries, deliveryAt } from './assigned-deliveries.ts';
import { unitDone, unitFailed } from './outcome.ts';
import { runRef } from './run-ref.ts';

/** Web-channel scenarios: setup() prepares the web channel only when one of them runs. */
const WEB_SCENARIOS: K6ScenarioName[] = [
  'order_entry_web',
  'delivery_validation_web',
  'invoice_entry_web',
  'shift_start',
];

export const runsWebChannel = (plan: RunPlan) =>
  WEB_SCENARIOS.some((name) => plan.scenarios.includes(name));

export interface WebCompany {
  id: number;
  /** The company currency, for the web clients that read its rate (19). */
  currencyId?: number;
  customers: Pickable[];
  /** Product templates with their single variant (what a rep picks and what an invoice line gets). */
  products: { template: Pickable; variant: Pickable }[];
}

export interface WebChannelData {
  version: number;
  /** The ids of the menus people open (the web client sends ids, not XML ids). */
  actions: Record<WebAction, number>;
  companies: WebCompany[];
}

interface Named {
  id: number;
  name: string;
}

interface Template {
  id: number;
  product_variant_count: number;
  has_configurable_attributes: boolean;
}

/** A company's customers, up to 50. */
function customersOf(session: OdooSession, id: number): Named[] {
  return required(
    session.callModel<Named[]>(
      'res.partner',
      'search_read',
      {
        domain: [
          ['customer_rank', '>', 0],
          ['company_id', 'in', [id, false]],
        ],
        fields: ['name'],
        limit: 50,
      },
      { allowed_company_ids: [id] },
    ),
    `customers of company ${id}`,
  );
}

/**
 * Storable products a rep can pick by their template: one with several variants or configurable
 * attributes would open the product configurator (get_single_product_variant answers nothing for it).
 */
function pickableProductsOf(session: OdooSession, id: number) {
  const context = { allowed_company_ids: [id] };
  const products = required(
    session.callModel<(Named & { product_tmpl_id: [number, string] })[]>(
      'product.product',
      'search_read',
      {
        domain: [
          ['sale_ok', '=', true],
          ['tracking', '=', 'none'],
          ...(session.version >= 18 ? [['is_storable', '=', true]] : [['type', '=', 'product']]),
        ],
        fields: ['name', 'product_tmpl_id'],
        limit: 50,
        order: 'id',
      },
      context,
    ),
    `storable products of company ${id}`,
  );
  const templates = required(
    session.callModel<Template[]>(
      'product.template',
      'search_read',
      {
        domain: [['id', 'in', products.map((product) => product.product_tmpl_id[0])]],
        fields: ['product_variant_count', 'has_configurable_attributes'],
      },
      context,
    ),
    `product templates of company ${id}`,
  );
  const single = new Set(
    templates
      .filter((t) => t.product_variant_count === 1 && !t.has_configurable_attributes)
      .map((t) => t.id),
  );
  return products.filter((product) => single.has(product.product_tmpl_id[0]));
}

function currencyOf(session: OdooSession, id: number): number {
  const [company] = required(
    session.callModel<{ currency_id: [number, string] }[]>('res.company', 'search_read', {
      domain: [['id', '=', id]],
      fields: ['currency_id'],
    }),
    `the currency of company ${id}`,
  );
  return company!.currency_id[0];
}

/** The names a company's people type: its customers and the products reps pick. */
function webCompanyOf(session: OdooSession, id: number, readsRates: boolean): WebCompany {
  const customers = customersOf(session, id);
  const pickable = pickableProductsOf(session, id);
  if (customers.length === 0)
    exec.test.abort(`setup: company ${id} has no customers (res.partner with customer_rank > 0)`);
  if (pickable.length === 0)
    exec.test.abort(
      `setup: company ${id} has no storable product with a single variant for reps to pick in the web client`,
    );
  return {
    id,
    ...(readsRates ? { currencyId: currencyOf(session, id) } : {}),
    customers,
    products: pickable.map((product) => ({
      template: { id: product.product_tmpl_id[0], name: product.name },
      variant: { id: product.id, name: product.name },
    })),
  };
}

/** The menus' action ids and the names people type, per company; a version without a recorded web client stops here. */
export function setupWebChannel(
  session: OdooSession,
  plan: RunPlan,
  people?: PeopleData,
): WebChannelData | undefined {
  if (!runsWebChannel(plan)) return undefined;
  const dialect = webDialect(session.version);
  if (!dialect)
    exec.test.abort(
      `setup: the web channel sends what the recorded web client of Odoo 17, 18 or 19 sends; ${plan.target.url} runs Odoo ${session.version}`,
    );
  const browser = webClientSetupSession(plan, session, people);
  const web = new WebClient(sessionTransport(browser), dialect!, {
    uid: browser.uid,
    context: browser.context,
  });
  const actions = Object.fromEntries(
    WEB_ACTIONS.map((key) => [key, web.loadAction(dialect!.actions[key]).id]),
  ) as Record<WebAction, number>;
  const companies = companiesOf(session, plan.companies).map((id) =>
    webCompanyOf(session, id, dialect!.currencyRate),
  );
  return { version: session.version, actions, companies };
}

const think = (plan: RunPlan) => () => sleep(randomBetween(plan.people.thinkSeconds));

/** The person's session as a web client, working for `companyId`. */
function clientOf(session: OdooSession, data: WebChannelData, companyId: number): WebClient {
  return new WebClient(sessionTransport(session), webDialect(data.version)!, {
    uid: session.uid,
    context: { ...session.context, allowed_company_ids: [companyId] },
  });
}

/** Runs a flow; its first failed call becomes the unit's outcome (failed, or in doubt). */
function attempt<T>(flow: () => T): T | undefined {
  try {
    return flow();
  } catch (error) {
    if (!(error instanceof FlowStop)) throw error;
    unitFailed(error.error);
    return undefined;
  }
}

const timed = (workload: string, timings: Record<string, number>) => {
  for (const [step, ms] of Object.entries(timings))
    metrics.webActionDuration.add(ms, { [TAGS.step]: step, [TAGS.workload]: workload });
};

/** A sales rep keys one order: customer, lines, Save, Confirm. */
export function runOrderEntryWeb(data: WebChannelData, plan: RunPlan, people: PeopleData): void {
  const settings = settingsOf(plan, 'orderConfirmation');
  const session = personSession(plan, people, 'salesRep');
  if (!session) return void unitFailed('the run has no sales rep session');
  const company = data.companies[exec.scenario.iterationInTest % data.companies.length]!;
  const count = Math.min(
    randomInt(settings.linesPerOrder.min, settings.linesPerOrder.max),
    company.products.length,
  );
  const products = [...company.products].sort(() => Math.random() - 0.5).slice(0, count);
  const result = attempt(() =>
    enterOrder(clientOf(session, data, company.id), {
      quotationsAction: data.actions.quotations,
      currencyId: company.currencyId,
      customer: pick(company.customers),
      lines: products.map((product) => ({
        template: product.template,
        quantity: randomInt(settings.quantityPerLine.min, settings.quantityPerLine.max),
      })),
      ref: runRef(plan, REF_CODES.orderEntryWeb),
      think: think(plan),
    }),
  );
  if (!result) return;
  timed('order_confirmation', result.timings);
  metrics.orderConfirmDuration.add(result.timings.confirm, {
    [TAGS.workload]: 'order_confirmation',
    [TAGS.company]: String(company.id),
  });
  metrics.ordersConfirmed.add(1);
  unitDone();
}

/** A picker validates one of the deliveries prepared for them, as the Inventory app shows it. */
export function runDeliveryValidationWeb(
  data: WebChannelData,
  pickings: AssignedDeliveries,
  plan: RunPlan,
  people: PeopleData,
): void {
  const picking = deliveryAt(pickings, exec.scenario.iterationInTest);
  if (!picking) return;
  const session = personSession(plan, people, 'picker', picking.login);
  if (!session) return void unitFailed(`picker ${picking.login} has no session`);
  const result = attempt(() =>
    validateDelivery(clientOf(session, data, picking.companyId), {
      overviewAction: data.actions.overview,
      deliveriesAction: data.actions.deliveries,
      pickingId: picking.id,
      think: think(plan),
    }),
  );
  if (!result) return;
  timed('barcode_scanning', result.timings);
  metrics.validateDuration.add(result.timings.validate);
  metrics.pickingsValidated.add(1);
  unitDone();
}

/** An accountant keys a customer invoice with one line and posts it. */
export function runInvoiceEntryWeb(
  data: WebChannelData,
  invoiceable: number[],
  plan: RunPlan,
  people: PeopleData,
): void {
  const session = personSession(plan, people, 'accountant');
  if (!session) return void unitFailed('the run has no accountant session');
  const companies = data.companies.filter((company) => invoiceable.includes(company.id));
  if (companies.length === 0) return void unitFailed('no company has a sales journal');
  const company = companies[exec.scenario.iterationInTest % companies.length]!;
  const result = attempt(() =>
    enterInvoice(clientOf(session, data, company.id), {
      invoicesAction: data.actions.customerInvoices,
      currencyId: company.currencyId,
      customer: pick(company.customers),
      products: [pick(company.products).variant],
      ref: runRef(plan, REF_CODES.invoiceEntryWeb),
      think: think(plan),
    }),
  );
  if (!result) return;
  timed('month_end_close', result.timings);
  metrics.postingDuration.add(result.timings.post, { [TAGS.journal]: 'sale' });
  metrics.postings.add(1, { [TAGS.journal]: 'sale' });
  unitDone();
}
