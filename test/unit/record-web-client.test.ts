/** The web client recorder keys orders and posts invoices: it refuses any server not on this machine. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const record = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/record-web-client.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });

test('a remote ODOO_URL is refused before a request is sent; a missing variable is named', () => {
  const remote = record({
    ODOO_URL: 'http://staging.invalid:8069',
    ODOO_LOGIN: 'admin',
    ODOO_PASSWORD: 'secret-not-echoed',
  });
  assert.equal(remote.status, 1);
  assert.match(remote.stderr, /ODOO_URL: http:\/\/staging\.invalid:8069 is not on this machine/);
  assert.doesNotMatch(
    remote.stderr,
    /secret-not-echoed|at .*\.ts:\d+/,
    'no secret, no stack trace',
  );
  const unset = record({});
  assert.equal(unset.status, 1);
  assert.match(unset.stderr, /ODOO_URL is not set/);
});
