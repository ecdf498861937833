/**
 * The gate: JUnit read back by an XML parser, Markdown, and a baseline comparison that fails a build
 * 1.5× slower and passes an identical rerun.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { EXIT } from '../../contract/exit-codes.ts';
import { ensureK6 } from '../../services/k6.ts';
import { freePort } from '../../services/process.ts';
import { COST_MS } from '../support/capacity.ts';
import { odooLoad, told } from '../support/cli.ts';
import { runIdOf } from '../support/runs.ts';

let pgPort: number;
before(async () => {
  await ensureK6((line) => console.log(line));
  pgPort = await freePort();
});

describe('gate', () => {
  const runs: Record<string, string> = {};
  const runOrders = async (name: string, cost: number) => {
    const result = await odooLoad([
      'run',
      'order-confirmation',
      '--profile',
      'test/fixtures/profiles/gate.json',
      '--workers',
      '2',
      '--cost-model',
      `uniform:${cost}`,
      '--pg-port',
      String(pgPort),
    ]);
    const runId = runIdOf(result.stderr);
    assert.ok(runId, result.stderr);
    runs[name] = runId;
  };

  test('a build 1.5× slower fails the baseline comparison; an identical rerun passes; JUnit reads back', async () => {
    await runOrders('baseline', COST_MS);
    await runOrders('rerun', COST_MS);
    await runOrders('slower', COST_MS * 1.5);
    const parser = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => name === 'testcase',
    });
    const gate = async (run: string) => {
      const result = await odooLoad(['gate', '--run', run, '--baseline', runs.baseline!]);
      const xml = readFileSync(resolve('reports', run, 'junit.xml'), 'utf8');
      const cases = parser.parse(xml).testsuites.testsuite.testcase as Record<string, unknown>[];
      const markdown = readFileSync(resolve('reports', run, 'gate.md'), 'utf8');
      return { result, cases, markdown };
    };
    const slower = await gate(runs.slower!);
    assert.equal(slower.result.code, EXIT.gateFailed, told(slower.result));
    const regression = slower.cases.find(
      (row) => row['@_classname'] === 'odoo-load.baseline' && 'failure' in row,
    );
    assert.ok(regression, JSON.stringify(slower.cases));
    assert.match(String(regression['@_name']), /no regression of order_confirm_duration/);
    assert.match(slower.markdown, /^## odoo-load gate: NOT READY/);
    assert.match(slower.markdown, /\| FAIL \| no regression of order_confirm_duration/);

    const rerun = await gate(runs.rerun!);
    assert.equal(rerun.result.code, EXIT.ok, told(rerun.result));
    assert.ok(rerun.cases.length >= 5, 'one test case per criterion');
    assert.ok(
      rerun.cases.every((row) => !('failure' in row)),
      JSON.stringify(rerun.cases),
    );
    // No capacity run named: that criterion does not apply, and says so as a skipped case.
    const capacity = rerun.cases.find((row) => row['@_classname'] === 'odoo-load.capacity')!;
    assert.ok('skipped' in capacity);
    assert.match(rerun.markdown, /^## odoo-load gate: READY/);
  });

  test('gate: a run id that is not one is bad input, named', async () => {
    const result = await odooLoad(['gate', '--run', '../etc']);
    assert.equal(result.code, EXIT.badInput);
    assert.match(result.stderr, /--run: expected a run id/);
    const baseline = await odooLoad([
      'gate',
      '--run',
      runs.rerun ?? 'x',
      '--baseline',
      'nope-nope',
    ]);
    assert.equal(baseline.code, EXIT.badInput);
    assert.match(baseline.stderr, /--baseline: no run folder reports\/nope-nope/);
  });
});
