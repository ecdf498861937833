/**
 * Drives the web channel's three flows (order entry, delivery validation, invoice entry) against a
 * server and writes every exchange (request and answer), so a real Odoo's answers can be kept as
 * ground truth for the emulator (test/measured/web-conformance.test.ts) and the flows' requests compared
 * with the recorded web client's (test/unit/web-flows.test.ts).
 *
 *   node --import tsx scripts/capture-web-exchanges.ts <url> <db> <out.json> [picker login]
 *
 * Admin's and the picker's passwords come from ODOO_PASSWORD and ODOO_OPERATOR_PASSWORD.
 */
import { writeFileSync } from 'node:fs';
import { isLosslessNumber, stringify } from 'lossless-json';
import { WebClient } from '../lib/web-client/client.ts';
import { validateDelivery } from '../lib/web-client/delivery.ts';
import { webDialect } from '../lib/web-client/dialect.ts';
import { enterInvoice } from '../lib/web-client/invoice-entry.ts';
import { enterOrder } from '../lib/web-client/order-entry.ts';
import { EMULATED_WEB_CLIENT_VERSIONS } from '../planning/plan.ts';
import { type Exchange, serverVersionOf, syncSession } from './sync-transport.ts';

export interface CapturedFlows {
  version: number;
  server: string;
  /** Every action the flows' menus load, as `/web/action/load` (and 18's `/web/action/run`) answer it. */
  actions: Exchange[];
  orderEntry: Exchange[];
  delivery: Exchange[];
  invoiceEntry: Exchange[];
}

interface Named {
  id: number;
  name: string;
}

/** What the flows are about: a customer, product templates (one variant each), their company. */
export interface FlowInputs {
  customer: Named;
  templates: Named[];
  /** The variant of the first template, invoiced by the invoice flow. */
  product: Named;
  companyId: number;
}

type SyncSession = ReturnType<typeof syncSession>;
type Read = <T>(model: string, method: string, args: unknown[], kwargs: object) => T;

/** The customer and the three single-variant products the order is keyed with, unless given. */
function orderInputsOf(read: Read, version: number, given?: FlowInputs) {
  const customer =
    given?.customer ??
    read<Named[]>('res.partner', 'search_read', [], {
      domain: [
        ['customer_rank', '>', 0],
        ['is_company', '=', true],
      ],
      fields: ['name'],
      limit: 1,
      order: 'id',
    })[0]!;
  const templates =
    given?.templates ??
    read<Named[]>('product.template', 'search_read', [], {
      domain: [['sale_ok', '=', true], ['product_variant_count', '=', 1], ...storable(version)],
      fields: ['name'],
      limit: 3,
      order: 'id',
    });
  return { customer, templates };
}

/** Runs the three flows as `admin` (orders, invoices) and `picker` (the order's delivery). */
export function captureFlows(
  url: string,
  db: string,
  admin: { login: string; password: string },
  picker: { login: string; password: string },
  given?: FlowInputs,
): CapturedFlows {
  const companyId = given?.companyId ?? 1;
  const lookup = syncSession(url, db, admin.login, admin.password);
  const setupWeb = (session: SyncSession, version: number) =>
    new WebClient(session.transport, webDialect(version)!, {
      uid: session.uid,
      context: { ...session.userContext, allowed_company_ids: [companyId] },
    });
  const version = serverVersionOf(lookup);
  const setup = setupWeb(lookup, version);
  const read: Read = <T>(model: string, method: string, args: unknown[], kwargs: object) =>
    setup.must(setup.callKw<T>(model, method, args, { context: setup.userContext(), ...kwargs }));
  const { customer, templates } = orderInputsOf(read, version, given);
  const actions = Object.fromEntries(
    Object.entries(setup.dialect.actions).map(([key, xmlid]) => [key, setup.loadAction(xmlid).id]),
  ) as Record<keyof typeof setup.dialect.actions, number>;
  const think = () => undefined;
  // Only 19's client reads the currency's rate (the emulator, at 17 and 18, has no currencies).
  const currencyId = setup.dialect.currencyRate ? setup.companyCurrency() : undefined;

  const rep = syncSession(url, db, admin.login, admin.password);
  const order = enterOrder(setupWeb(rep, version), {
    quotationsAction: actions.quotations,
    currencyId,
    customer,
    lines: templates.map((template) => ({ template, quantity: 5 })),
    ref: 'capture',
    think,
  });
  const [ordered] = read<{ picking_ids: number[] }[]>('sale.order', 'read', [[order.orderId]], {
    fields: ['picking_ids'],
  });
  const warehouse = syncSession(url, db, picker.login, picker.password);
  validateDelivery(setupWeb(warehouse, version), {
    overviewAction: actions.overview,
    deliveriesAction: actions.deliveries,
    pickingId: ordered!.picking_ids[0]!,
    think,
  });
  const products = given
    ? [given.product]
    : read<Named[]>('product.product', 'search_read', [], {
        domain: [['product_tmpl_id', '=', templates[0]!.id]],
        fields: ['name'],
      });
  const accountant = syncSession(url, db, admin.login, admin.password);
  enterInvoice(setupWeb(accountant, version), {
    invoicesAction: actions.customerInvoices,
    currencyId,
    customer,
    products: products.slice(0, 1),
    ref: 'capture',
    think,
  });
  const actionRoute = (exchange: Exchange) => exchange.path.startsWith('/web/action/');
  return {
    version,
    server: url,
    actions: [lookup, rep, warehouse, accountant].flatMap((s) => s.exchanges.filter(actionRoute)),
    orderEntry: rep.exchanges,
    delivery: warehouse.exchanges,
    invoiceEntry: accountant.exchanges,
  };
}

/**
 * What a fixture keeps of an exchange: the request's route, model, method and changed fields (its
 * specifications are contract/web-client's), and the answer with long strings (view architectures,
 * rendered HTML) cut and get_views' field descriptions reduced to their type: the flows and the
 * shape comparison read types and ids, never that text.
 */
export function compact(exchange: Exchange) {
  const params = exchange.params as { model?: string; method?: string; args?: unknown[] };
  const method = params.method;
  const result = exchange.response.result as { models?: Record<string, unknown> } | undefined;
  const response =
    method === 'get_views' && result?.models
      ? { ...exchange.response, result: { ...result, models: typesOnly(result.models) } }
      : exchange.response;
  return {
    path: exchange.path,
    ...(params.model ? { model: params.model, method } : {}),
    ...(method === 'onchange' ? { changed: params.args?.[2] } : {}),
    response: trimmed(response),
  };
}

function typesOnly(models: Record<string, unknown>): Record<string, unknown> {
  const reduce = (fields: Record<string, { type?: string }>) =>
    Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, { type: field.type }]));
  return Object.fromEntries(
    Object.entries(models).map(([model, value]) => {
      const nested = value as { fields?: Record<string, { type?: string }> };
      return [
        model,
        nested.fields ? { ...nested, fields: reduce(nested.fields) } : reduce(value as never),
      ];
    }),
  );
}

function trimmed(value: unknown): unknown {
  if (isLosslessNumber(value)) return value;
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 80)}…` : value;
  if (Array.isArray(value)) return value.map(trimmed);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, trimmed(item)]));
  return value;
}

export const webDefaultsFile = (version: number) => `emulator/web-client/defaults-${version}.json`;

/**
 * What a new record of each model holds when its form opens (the first onchange's answer, per
 * model): the emulator starts new records from these and puts its own company, dates and ids over
 * the values that depend on the database.
 */
function defaultsOf(captured: CapturedFlows) {
  const models: Record<string, unknown> = {};
  for (const exchange of [...captured.orderEntry, ...captured.delivery, ...captured.invoiceEntry]) {
    const params = exchange.params as { model?: string; method?: string; args?: unknown[][] };
    if (params.method !== 'onchange' || (params.args?.[2] ?? []).length > 0) continue;
    const value = (exchange.response.result as { value?: unknown } | undefined)?.value;
    if (value && !(params.model! in models)) models[params.model!] = value;
  }
  return { version: captured.version, source: captured.server, models };
}

const storable = (version: number) =>
  version >= 18 ? [['is_storable', '=', true]] : [['type', '=', 'product']];

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, db, out, pickerLogin = 'picker01'] = process.argv.slice(2);
  if (!url || !db || !out) {
    console.error('usage: capture-web-exchanges.ts <url> <db> <out.json> [picker login]');
    process.exit(2);
  }
  const captured = captureFlows(
    url,
    db,
    { login: process.env.ODOO_LOGIN ?? 'admin', password: process.env.ODOO_PASSWORD ?? '' },
    { login: pickerLogin, password: process.env.ODOO_OPERATOR_PASSWORD ?? '' },
  );
  const { actions, ...flows } = captured;
  const fixture = {
    ...flows,
    orderEntry: captured.orderEntry.map(compact),
    delivery: captured.delivery.map(compact),
    invoiceEntry: captured.invoiceEntry.map(compact),
  };
  writeFileSync(out, `${stringify(fixture)}\n`);
  console.log(
    `${out}: ${captured.orderEntry.length} + ${captured.delivery.length} + ${captured.invoiceEntry.length} exchanges with Odoo ${captured.version}`,
  );
  // The emulator's defaults and actions, for the versions whose web client it answers.
  if (!(EMULATED_WEB_CLIENT_VERSIONS as readonly number[]).includes(captured.version))
    process.exit(0);
  const defaults = defaultsOf(captured);
  writeFileSync(webDefaultsFile(captured.version), `${stringify(defaults, null, 1)}\n`);
  console.log(
    `${webDefaultsFile(captured.version)}: defaults of ${Object.keys(defaults.models).join(', ')}`,
  );
  const byXmlId = Object.fromEntries(
    actions.map((exchange) => {
      const action = trimmed(exchange.response.result) as { xml_id: string };
      return [action.xml_id, action];
    }),
  );
  const actionsFile = `emulator/web-client/actions-${captured.version}.json`;
  writeFileSync(
    actionsFile,
    `${stringify({ version: captured.version, source: url, actions: byXmlId }, null, 1)}\n`,
  );
  console.log(`${actionsFile}: ${Object.keys(byXmlId).join(', ')}`);
}
