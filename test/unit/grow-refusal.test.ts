/**
 * Odoo refusing a grow step is said as a clear error naming the step and Odoo's fault, never
 * "internal error"; and what Odoo refuses to take in one call is never sent in one batch.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { type GrowContext, inBatches } from '../../grow/context.ts';
import { growDataset } from '../../grow/index.ts';
import { NodeOdooClient, OdooRpcFailure } from '../../node-odoo/client.ts';
import { loadDatasetProfile } from '../../planning/load.ts';

/** Counts answer 0 (an empty database); the first change Odoo is asked for is refused as Odoo 17 refused it. */
const refusingOdoo = new Proxy(
  {},
  {
    get:
      () =>
      async (model: string, method: string): Promise<unknown> => {
        if (method === 'search_count') return 0;
        if (method === 'search' || method === 'search_read') return [];
        throw new OdooRpcFailure(
          'odoo.exceptions.RedirectWarning',
          `No journal could be found in company GROW Company 1 for any of those types: sale (${model})`,
        );
      },
  },
) as NodeOdooClient;

/** `distributor-3-companies` grown against `odoo`: what it threw, and the lines it logged. */
async function growFailure(odoo: NodeOdooClient): Promise<{ error: unknown; lines: string[] }> {
  const { profile } = loadDatasetProfile('distributor-3-companies');
  const lines: string[] = [];
  const error = await growDataset({
    odoo,
    uid: 2,
    version: 17,
    companyIds: [1],
    profile,
    batch: 100,
    log: (line) => lines.push(line),
    signal: new AbortController().signal,
  }).catch((caught: unknown) => caught);
  return { error, lines };
}

test('a step Odoo refuses names the step, the fault and how to resume', async () => {
  const { error, lines } = await growFailure(refusingOdoo);
  assert.ok(error instanceof CliError, String(error));
  assert.equal(error.exitCode, EXIT.businessFailed);
  assert.match(
    error.message,
    /^grow companies: Odoo refused: odoo\.exceptions\.RedirectWarning: No journal could be found/,
  );
  assert.match(error.message, /grow again to resume/);
  assert.match(lines[0]!, /the database holds/);
});

test("batches never mix two groups: one company's invoices per payment wizard, as Odoo requires", async () => {
  const batches: string[][] = [];
  const invoices = ['a1', 'a2', 'a3', 'b1', 'c1', 'c2'];
  await inBatches(
    {
      batch: 2,
      log: () => undefined,
      signal: new AbortController().signal,
    } as unknown as GrowContext,
    invoices,
    'history payments',
    'entries',
    async (batch) => {
      batches.push(batch);
    },
    (invoice) => invoice[0],
  );
  assert.deepEqual(batches, [['a1', 'a2'], ['a3'], ['b1'], ['c1', 'c2']]);
});

test('a server that stops answering mid-step is named with the step, the wait, and how to resume', async () => {
  // A real HTTP server on loopback that takes the request and never answers.
  const server = createServer(() => undefined);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const odoo = new NodeOdooClient({ url, db: 'odoo', login: 'admin' } as never, 'secret', 300);
    const { error } = await growFailure(odoo);
    assert.ok(error instanceof CliError, String(error));
    assert.equal(error.exitCode, EXIT.targetUnreachable);
    assert.match(
      error.message,
      /^grow [a-z ]+: http:\/\/127\.0\.0\.1:\d+\/\S+ gave no answer within 0\.3 s \(a busy server/,
    );
    assert.doesNotMatch(error.message, /cannot reach/, 'it was reached');
    assert.match(error.message, /grow again to resume once Odoo answers/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
