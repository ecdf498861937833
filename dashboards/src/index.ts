/** The suite's Grafana dashboards, built with the Grafana foundation SDK; `npm run dashboards` writes them to generated/. */
import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARD_TAGS, hostingVariable, runVariable, scenarioVariable } from './common.ts';
import { comparisonPanels } from './comparison.ts';
import { overviewPanels } from './overview.ts';
import { workloadRows } from './workloads.ts';

function base(uid: string, title: string, multiRun: boolean): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .tags(DASHBOARD_TAGS)
    .refresh('10s')
    .time({ from: 'now-30m', to: 'now' })
    .timezone('browser')
    .withVariable(runVariable(multiRun))
    .withVariable(hostingVariable())
    .withVariable(scenarioVariable());
}

export function buildDashboards(): Record<string, unknown> {
  const overview = base('odoo-load-overview', 'odoo-load: run overview', false);
  for (const panel of overviewPanels()) overview.withPanel(panel);
  const workloads = base('odoo-load-workloads', 'odoo-load: workloads', false);
  for (const row of workloadRows()) {
    workloads.withRow(new RowBuilder(row.title));
    for (const panel of row.panels) workloads.withPanel(panel);
  }
  const comparison = base('odoo-load-comparison', 'odoo-load: compare runs', true);
  for (const panel of comparisonPanels()) comparison.withPanel(panel);
  return {
    'overview.json': overview.build(),
    'workloads.json': workloads.build(),
    'comparison.json': comparison.build(),
  };
}
