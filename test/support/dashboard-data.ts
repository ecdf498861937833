/** Which panels of the generated dashboards InfluxDB answers with data for one run. */
import { buildDashboards } from '../../dashboards/src/index.ts';
import { influxQuery } from '../../services/influxdb.ts';

/** Grafana's macros and the dashboard variables, filled in for one run. */
export const fillQuery = (query: string, runId: string, hosting: string) =>
  query
    .replaceAll('$run_id', runId)
    .replaceAll('$hosting', hosting)
    .replaceAll('$scenario', '.*')
    .replaceAll('$timeFilter', 'time > now() - 1h')
    .replaceAll('$__interval', '5s');

interface Panel {
  type: string;
  title: string;
  targets: { query: string; refId: string }[];
}

/** Every query of every panel `keep` picks: how many were asked, and those without data. */
export async function panelsWithoutData(
  influxUrl: string,
  run: { runId: string; hosting: string },
  keep: (title: string) => boolean,
): Promise<{ queries: number; empty: string[] }> {
  const empty: string[] = [];
  let queries = 0;
  for (const [file, dashboard] of Object.entries(buildDashboards()) as [
    string,
    { panels: Panel[] },
  ][]) {
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row' && keep(p.title))) {
      for (const target of panel.targets) {
        queries++;
        const query = fillQuery(target.query, run.runId, run.hosting);
        const answer = await influxQuery(influxUrl, 'odoo_load', query);
        const series = answer.results[0]?.series ?? [];
        const hasData = series.some((s) =>
          s.values.some((row) => row.slice(1).some((value) => value !== null)),
        );
        if (answer.results[0]?.error || !hasData)
          empty.push(
            `${file} › ${panel.title} › ${target.refId}: ${answer.results[0]?.error ?? 'no data'}`,
          );
      }
    }
  }
  return { queries, empty };
}
