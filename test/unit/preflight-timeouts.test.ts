/**
 * Preflight gives up quickly on a target that does not answer its login, and the client it hands on
 * waits as long as Odoo's limit_time_real: a grow's batch on a busy real Odoo 18 took longer than
 * the login's 15 s and stopped the grow.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { preflight } from '../../run/preflight.ts';

/** A loopback server that logs in at once (as Odoo 17 answers) and answers every call after `slowMs`. */
async function slowOdoo(slowMs: number, loginAnswers = true) {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const answer = (result: unknown) => {
      response.setHeader('Content-Type', 'application/json');
      response.setHeader('Set-Cookie', 'session_id=abc; HttpOnly; Path=/');
      response.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result }));
    };
    if (request.url === '/web/session/authenticate') {
      if (loginAnswers)
        answer({
          uid: 2,
          server_version: '17.0',
          server_version_info: [17, 0, 0, 'final', 0, ''],
          user_companies: { current_company: 1, allowed_companies: { 1: { id: 1 } } },
        });
      return;
    }
    setTimeout(() => answer(request.url?.includes('stock.warehouse') ? [] : 7), slowMs);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => {
    server.closeAllConnections();
    server.close();
  };
  return { url, close };
}

test('the client preflight hands on waits past the login timeout, as long as the work timeout', async () => {
  // Seconds, not milliseconds: a busy machine once took over 0.2 s to answer a loopback login.
  const odoo = await slowOdoo(2000);
  try {
    const target = { url: odoo.url, db: 'odoo', login: 'admin', auth: 'session' as const };
    const login = await preflight(target, 'secret', 1000, 10_000);
    assert.equal(login.uid, 2);
    const count = await login.client.callModel<number>('res.partner', 'search_count', {
      domain: [],
    });
    assert.equal(count, 7);
  } finally {
    odoo.close();
  }
});

test('a login that gets no answer stops preflight at the login timeout, with exit 3', async () => {
  const odoo = await slowOdoo(0, false);
  try {
    const target = { url: odoo.url, db: 'odoo', login: 'admin', auth: 'session' as const };
    const error = await preflight(target, 'secret', 1000, 60_000).catch((caught) => caught);
    assert.ok(error instanceof CliError, String(error));
    assert.equal(error.exitCode, EXIT.targetUnreachable);
    assert.match(error.message, /^preflight: .* gave no answer within 1 s/);
  } finally {
    odoo.close();
  }
});
