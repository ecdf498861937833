/** Writes dashboards/generated/*.json (committed; a test fails when they are stale). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDashboards } from './index.ts';

export const GENERATED_DIR = join('dashboards', 'generated');
export const render = (dashboard: unknown) => `${JSON.stringify(dashboard, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const [name, dashboard] of Object.entries(buildDashboards()))
    writeFileSync(join(GENERATED_DIR, name), render(dashboard));
  console.log(`wrote ${Object.keys(buildDashboards()).length} dashboards to ${GENERATED_DIR}`);
}
