/**
 * The k6 side and the CLI resolve the same plan: `odoo-load plan` prints what the CLI would hand to
 * k6, and `k6 inspect` on the real bundle shows the options k6 derived from it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { EXIT } from '../../contract/exit-codes.ts';
import { execsOf, SCENARIO_FILES, type ScenarioFile } from '../../contract/index.ts';
import { ensureK6 } from '../../services/k6.ts';
import { odooLoad, told } from '../support/cli.ts';

let k6 = '';
before(async () => {
  k6 = (await ensureK6(() => undefined)).path;
});

const UNITS_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** k6 prints durations its own way ("1h0m0s"); compare them in milliseconds. */
function durationMs(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) return undefined;
  return parts.reduce((total, [, value, unit]) => total + Number(value) * UNITS_MS[unit!]!, 0);
}

/** Durations to milliseconds, and the keys k6 fills with null dropped. */
function normalized(value: unknown): unknown {
  if (typeof value === 'string') return durationMs(value) ?? value;
  if (Array.isArray(value)) return value.map(normalized);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, entry]) => entry !== null)
        .map(([key, entry]) => [key, normalized(entry)]),
    );
  return value;
}

for (const scenario of Object.keys(SCENARIO_FILES) as ScenarioFile[]) {
  for (const profile of ['smoke', 'peak-hour']) {
    test(`${scenario} with ${profile}: k6 runs the scenarios, thresholds and tags the CLI planned`, async (t) => {
      const printed = await odooLoad(['plan', scenario, '--profile', profile]);
      if (printed.code === EXIT.badInput && /has no .* workload/.test(printed.stderr)) {
        // A profile without this scenario's workload: the CLI refuses before k6 is involved.
        t.diagnostic(printed.stderr.trim());
        assert.equal(printed.stdout, '');
        return;
      }
      assert.equal(printed.code, EXIT.ok, told(printed));
      const plan = JSON.parse(printed.stdout);
      assert.ok(!/password|api_?key/i.test(printed.stdout), 'no secret in a plan');
      const inspected = spawnSync(
        k6,
        [
          'inspect',
          '-e',
          `ODOO_LOAD_PLAN=${printed.stdout.trim()}`,
          join('dist', `${scenario}.js`),
        ],
        { encoding: 'utf8' },
      );
      assert.equal(inspected.status, 0, inspected.stderr);
      const options = JSON.parse(inspected.stdout);
      assert.deepEqual(normalized(options.scenarios), normalized(plan.options.scenarios));
      assert.deepEqual(options.thresholds, plan.options.thresholds);
      assert.deepEqual(options.tags, plan.options.tags);
      const execs = Object.values(options.scenarios as Record<string, { exec: string }>).map(
        (entry) => entry.exec,
      );
      for (const exec of execs) assert.ok(execsOf(scenario).includes(exec), exec);
    });
  }
}

test('plan: bad input is named, never a stack trace', async () => {
  const unknown = await odooLoad(['plan', 'no-such-scenario']);
  assert.equal(unknown.code, EXIT.badInput);
  assert.match(unknown.stderr, /unknown scenario "no-such-scenario"; expected one of: /);
  const flag = await odooLoad(['plan', 'order-confirmation', '--auth', 'kerberos']);
  assert.equal(flag.code, EXIT.badInput);
  assert.match(flag.stderr, /--auth: expected one of session, jsonrpc, json2, got "kerberos"/);
  const missing = await odooLoad(['plan']);
  assert.equal(missing.code, EXIT.badInput);
  assert.match(missing.stderr, /plan: name a scenario/);
  for (const result of [unknown, flag, missing]) assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('the bundles k6 inspects are the ones this test planned', () => {
  const bundles = readdirSync('dist').filter((name) => name.endsWith('.js'));
  assert.deepEqual(
    bundles.map((name) => name.replace(/\.js$/, '')).sort(),
    Object.keys(SCENARIO_FILES).sort(),
  );
});
