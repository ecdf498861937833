/** Dashboards are code: the committed JSON is what the code builds, and every panel reads the suite's metrics. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DATASOURCE, EXPRESSIONS } from '../../dashboards/src/common.ts';
import { GENERATED_DIR, render } from '../../dashboards/src/generate.ts';
import { buildDashboards } from '../../dashboards/src/index.ts';

const built = buildDashboards();

test('dashboards/generated matches the code (run `npm run dashboards` after changing dashboards/src)', () => {
  assert.deepEqual(readdirSync(GENERATED_DIR).sort(), Object.keys(built).sort());
  for (const [name, dashboard] of Object.entries(built)) {
    assert.equal(
      readFileSync(join(GENERATED_DIR, name), 'utf8'),
      render(dashboard),
      `${name} is stale`,
    );
  }
});

test('every dashboard has a stable uid, the generated tag, the run variables, and panels on the provisioned datasource', () => {
  for (const dashboard of Object.values(built) as Record<string, any>[]) {
    assert.match(dashboard.uid, /^odoo-load-/);
    assert.ok(dashboard.tags.includes('generated'));
    assert.deepEqual(
      dashboard.templating.list.map((v: { name: string }) => v.name),
      ['run_id', 'hosting', 'scenario'],
    );
    for (const panel of dashboard.panels.filter((p: { type: string }) => p.type !== 'row')) {
      assert.deepEqual(panel.datasource, DATASOURCE, panel.title);
      assert.ok(panel.targets.length > 0, panel.title);
      const queries = panel.targets.filter((target: { query?: string }) => target.query);
      assert.ok(queries.length > 0, panel.title);
      for (const target of queries)
        assert.match(target.query, /"run_id" =~ \/\^\$run_id\$\/ AND .*\$timeFilter/, panel.title);
      // An expression (Grafana's own, e.g. a share) is computed from the panel's queries alone.
      for (const target of panel.targets.filter((t: { query?: string }) => !t.query)) {
        assert.deepEqual(target.datasource, EXPRESSIONS, panel.title);
        const refs = [...String(target.expression).matchAll(/\$([A-Z])/g)].map((m) => m[1]);
        assert.ok(refs.length > 0, `${panel.title}: ${target.expression}`);
        for (const ref of refs)
          assert.ok(
            queries.some((query: { refId: string }) => query.refId === ref),
            `${panel.title}: ${target.expression}`,
          );
      }
    }
  }
});
