/**
 * The emulator's modelled work for the web client's order and invoice entry, as Odoo's log records
 * it (queries and server seconds), against the recorded web client's on a real 17 and 18. Measured
 * time: in the measured lane, after the CPU-bound files.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readServerLog } from '../../judge/server-log.ts';
import { WebClient } from '../../lib/web-client/client.ts';
import { webDialect } from '../../lib/web-client/dialect.ts';
import { enterInvoice } from '../../lib/web-client/invoice-entry.ts';
import { enterOrder } from '../../lib/web-client/order-entry.ts';
import { syncSession } from '../../scripts/sync-transport.ts';
import type { LocalPostgres } from '../../services/postgres.ts';
import { orderParties, startPostgres, startStack } from '../support/stack.ts';

let postgres: LocalPostgres;
before(async () => {
  postgres = await startPostgres('web-cost');
});
after(async () => {
  await postgres?.stop();
});

/** The recorded web client's server work for one flow: queries and seconds of its calls. */
function recordedWork(version: number, flow: string) {
  const calls = (
    JSON.parse(readFileSync(`test/fixtures/web-client/transcript-${version}.json`, 'utf8')) as {
      flow: string;
      kind: string;
      method: string | null;
      queries: number;
      sqlS: number;
      otherS: number;
    }[]
  ).filter(
    (call) => call.flow === flow && call.kind === 'rpc' && call.method !== 'autocomplete_by_name',
  );
  return {
    queries: calls.reduce((sum, call) => sum + call.queries, 0),
    seconds: calls.reduce((sum, call) => sum + call.sqlS + call.otherS, 0),
  };
}

for (const version of [17, 18]) {
  test(`Odoo ${version}: the emulator's modelled work per web order and invoice is the recorded web client's, ±25 %`, async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'odoo-load-web-cost-')), 'odoo.log');
    const stack = await startStack(postgres, {
      version,
      costModel: 'emulator/cost-model.json',
      logFile: log,
      database: `web_cost_${version}`,
    });
    try {
      const { companyId, customer, products } = await orderParties(stack);
      const session = syncSession(stack.url, stack.db, stack.dataset.adminLogin, stack.password);
      const web = new WebClient(session.transport, webDialect(version)!, {
        uid: session.uid,
        context: { ...session.userContext, allowed_company_ids: [companyId] },
      });
      const actions = {
        quotations: web.loadAction(web.dialect.actions.quotations).id,
        invoices: web.loadAction(web.dialect.actions.customerInvoices).id,
      };
      const think = () => undefined;
      const measure = async (work: () => void) => {
        const start = Date.now() - 1;
        work();
        await new Promise((resolve) => setTimeout(resolve, 1200));
        const summary = await readServerLog(log, { start, end: Date.now() });
        return {
          queries: summary.calls.reduce((sum, row) => sum + row.queries, 0),
          seconds: summary.sqlSeconds + summary.pythonSeconds,
        };
      };
      const order = await measure(() =>
        enterOrder(web, {
          quotationsAction: actions.quotations,
          customer,
          lines: products.map((template) => ({ template, quantity: 5 })),
          ref: 'cost',
          think,
        }),
      );
      const invoice = await measure(() =>
        enterInvoice(web, {
          invoicesAction: actions.invoices,
          customer,
          products: products.slice(0, 1),
          ref: 'cost',
          think,
        }),
      );
      for (const [name, modelled, recorded] of [
        ['order', order, recordedWork(version, '2-order-entry')],
        ['invoice', invoice, recordedWork(version, '5-invoice')],
      ] as const) {
        const within = (a: number, b: number) => Math.abs(a / b - 1) <= 0.25;
        assert.ok(
          within(modelled.queries, recorded.queries),
          `${name}: ${modelled.queries} queries modelled, ${recorded.queries} recorded`,
        );
        assert.ok(
          within(modelled.seconds, recorded.seconds),
          `${name}: ${modelled.seconds.toFixed(2)} s modelled, ${recorded.seconds.toFixed(2)} s recorded`,
        );
      }
    } finally {
      await stack.stop();
    }
  });
}
