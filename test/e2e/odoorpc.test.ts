/**
 * A client library nobody here wrote agrees with the emulator: Debian's python3-odoorpc logs in,
 * opens env['res.partner'] (ir.model + fields_get), creates and reads a partner, counts products,
 * and creates and confirms an order. Debian's package is installed when missing (as root).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { aptInstall } from '../../services/apt.ts';
import { startPostgres, startStack, type TestStack } from '../support/stack.ts';

/** Debian's own Python, which python3-odoorpc installs into (not a pyenv one on PATH). */
const PYTHON = '/usr/bin/python3';
const hasOdoorpc = () =>
  spawnSync(PYTHON, ['-c', 'import odoorpc'], { encoding: 'utf8' }).status === 0;

let stack: TestStack;
before(async () => {
  if (!existsSync(PYTHON) || !hasOdoorpc()) {
    await aptInstall(['python3', 'python3-odoorpc'], "Debian's odoorpc client", (line) =>
      console.log(line),
    );
  }
  stack = await startStack(await startPostgres('odoorpc'), { version: 17, seed: { operators: 0 } });
});
after(async () => {
  await stack?.stop();
  await stack?.postgres.stop();
});

test('odoorpc logs in, opens res.partner, creates and reads a partner, counts products, confirms an order', () => {
  const result = spawnSync(PYTHON, ['test/fixtures/odoorpc_client.py'], {
    env: { ...process.env, URL: stack.url, DB: stack.db, LOGIN: 'admin', SECRET: stack.password },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  const out = JSON.parse(result.stdout);
  assert.match(out.version, /^17\.0/);
  assert.equal(out.uid, 2);
  assert.equal(out.partner.name, 'Created by odoorpc');
  assert.equal(out.products, stack.dataset.products.length);
  assert.equal(out.order.state, 'sale');
  assert.equal(out.order.pickings, 1);
});
