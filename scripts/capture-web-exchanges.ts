/**
 * Drives the web channel's three flows (order entry, delivery validation, invoice entry) against a
 * server and writes every exchange (request and answer), so a real Odoo's answers can be kept as
 * ground truth for the emulator (test/e2e/web-conformance.test.ts) and the flows' requests compared
 * with the recorded web client's (test/unit/web-flows.test.ts).
 *
 *   node --import tsx scripts/capture-web-exchanges.ts <url> <db> <out.json> [picker login]
 *
 * Admin's and the picker's passwords come from ODOO_PASSWORD and ODOO_OPERATOR_PASSWORD.
 */
import { writeFileSync } from 'node:fs';
import { WebClient } from '../lib/web/client.ts';
import { validateDelivery } from '../lib/web/delivery.ts';
import { webDialect } from '../lib/web/dialect.ts';
import { enterInvoice } from '../lib/web/invoice-entry.ts';
import { enterOrder } from '../lib/web/order-entry.ts';
import { type Exchange, syncSession } from './sync-transport.ts';

export interface CapturedFlows {
  version: number;
  server: string;
  orderEntry: Exchange[];
  delivery: Exchange[];
  invoiceEntry: Exchange[];
}

interface Named {
  id: number;
  name: string;
}

/** Runs the three flows as `admin` (orders, invoices) and `picker` (the order's delivery). */
export function captureFlows(
  url: string,
  db: string,
  admin: { login: string; password: string },
  picker: { login: string; password: string },
  companyId = 1,
): CapturedFlows {
  const lookup = syncSession(url, db, admin.login, admin.password);
  const setupWeb = (session: ReturnType<typeof syncSession>, version: number) =>
    new WebClient(session.transport, webDialect(version)!, {
      uid: session.uid,
      context: { ...session.userContext, allowed_company_ids: [companyId] },
    });
  const version = Number(
    (
      lookup.transport.call<{ server_version_info: unknown[] }>(
        '/web/webclient/version_info',
        {},
        'route',
        'version_info',
      ) as { ok: true; value: { server_version_info: unknown[] } }
    ).value.server_version_info[0],
  );
  const setup = setupWeb(lookup, version);
  const read = <T>(model: string, method: string, args: unknown[], kwargs: object) =>
    setup.must(setup.callKw<T>(model, method, args, { context: setup.userContext(), ...kwargs }));
  const customer = read<Named[]>('res.partner', 'search_read', [], {
    domain: [
      ['customer_rank', '>', 0],
      ['is_company', '=', true],
    ],
    fields: ['name'],
    limit: 1,
    order: 'id',
  })[0]!;
  const templates = read<Named[]>('product.template', 'search_read', [], {
    domain: [['sale_ok', '=', true], ['product_variant_count', '=', 1], ...storable(version)],
    fields: ['name'],
    limit: 3,
    order: 'id',
  });
  const actions = Object.fromEntries(
    Object.entries(setup.dialect.actions).map(([key, xmlid]) => [key, setup.loadAction(xmlid).id]),
  ) as Record<keyof typeof setup.dialect.actions, number>;
  const think = () => undefined;

  const rep = syncSession(url, db, admin.login, admin.password);
  const order = enterOrder(setupWeb(rep, version), {
    quotationsAction: actions.quotations,
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
  const products = read<Named[]>('product.product', 'search_read', [], {
    domain: [['product_tmpl_id', '=', templates[0]!.id]],
    fields: ['name'],
  });
  const accountant = syncSession(url, db, admin.login, admin.password);
  enterInvoice(setupWeb(accountant, version), {
    invoicesAction: actions.customerInvoices,
    customer,
    products: products.slice(0, 1),
    ref: 'capture',
    think,
  });
  return {
    version,
    server: url,
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
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 80)}…` : value;
  if (Array.isArray(value)) return value.map(trimmed);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, trimmed(item)]));
  return value;
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
  const fixture = {
    ...captured,
    orderEntry: captured.orderEntry.map(compact),
    delivery: captured.delivery.map(compact),
    invoiceEntry: captured.invoiceEntry.map(compact),
  };
  writeFileSync(out, `${JSON.stringify(fixture)}\n`);
  console.log(
    `${out}: ${captured.orderEntry.length} + ${captured.delivery.length} + ${captured.invoiceEntry.length} exchanges with Odoo ${captured.version}`,
  );
}
