/**
 * k6 self-tests (test/k6/*.k6.ts): each is bundled like a scenario and run by real k6 against the
 * emulator; a failed check fails its thresholds, and with them this test.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureK6 } from '../../services/k6.ts';
import { bundleK6Script } from '../../services/k6-script.ts';
import { startPostgres, startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let k6 = '';
before(async () => {
  k6 = (await ensureK6((line) => console.log(line))).path;
  stack = await startStack(await startPostgres('k6-selftests'), {
    version: 17,
    seed: { operators: 0 },
  });
});
after(async () => {
  await stack?.stop();
  await stack?.postgres.stop();
});

/** A plan as the CLI hands it to k6, with a crowd in its per-person lists (plan-lists.k6.ts). */
function planWithPeople(count: number) {
  const people = Array.from({ length: count }, (_, i) => ({
    role: 'picker',
    login: `operator${i}@example.invalid`,
  }));
  const logins = people.map((person) => person.login);
  return {
    runId: 'k6-self-test',
    target: { url: stack.url, db: stack.db, login: 'admin', auth: 'session' },
    companies: [],
    options: {},
    scenarios: ['barcode_scanning'],
    workloads: {
      barcodeScanning: {
        operators: logins.slice(0, (count * 2) / 3),
        webOperators: logins.slice((count * 2) / 3),
        scansPerMinute: 6,
      },
    },
    people: { people, loginConcurrency: 20, thinkSeconds: { min: 1, max: 2 } },
  };
}

for (const file of readdirSync('test/k6').filter((name) => name.endsWith('.k6.ts'))) {
  test(`k6 self-test ${file}: every check passes`, async () => {
    const { script, outdir } = await bundleK6Script(join('test/k6', file));
    const company = stack.dataset.companies[0]!;
    const product = stack.dataset.products.find((p) => !p.scarce && !p.tracked)!;
    const summary = join(outdir, 'summary.json');
    const result = spawnSync(k6, ['run', '--quiet', `--summary-export=${summary}`, script], {
      encoding: 'utf8',
      env: {
        ...process.env,
        K6_NO_USAGE_REPORT: 'true',
        ODOO_URL: stack.url,
        ODOO_DB: stack.db,
        ODOO_LOGIN: 'admin',
        ODOO_PASSWORD: stack.password,
        ODOO_API_KEY: stack.apiKey,
        COMPANY: String(company.id),
        CUSTOMER: String(stack.dataset.customers[String(company.id)]![0]),
        PRODUCT: String(product.id),
        ODOO_LOAD_PLAN: JSON.stringify(planWithPeople(300)),
      },
    });
    const checks = JSON.parse(readFileSync(summary, 'utf8')).metrics.checks;
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.ok(checks.passes >= 6 && checks.fails === 0, JSON.stringify(checks));
  });
}
