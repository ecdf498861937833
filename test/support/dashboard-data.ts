/** Which panels of the generated dashboards InfluxDB answers with data for one run. */
import { METRICS, TAGS } from '../../contract/index.ts';
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
  /** An InfluxQL query, or a Grafana expression (`type`) over the panel's other queries. */
  targets: { query?: string; expression?: string; type?: string; refId: string }[];
}

/**
 * Every query of every panel `keep` picks: how many were asked, and those without data. A query of
 * the failed calls may be empty only when the run failed none; an expression (Grafana computes it,
 * and no Grafana runs here) must name only queries of its own panel, which are asked.
 */
export async function panelsWithoutData(
  influxUrl: string,
  run: { runId: string; hosting: string },
  keep: (title: string) => boolean,
): Promise<{ queries: number; empty: string[] }> {
  const empty: string[] = [];
  let queries = 0;
  const failures = await influxQuery(
    influxUrl,
    'odoo_load',
    `SELECT count("value") FROM "${METRICS.rpcErrors.name}" WHERE "${TAGS.runId}" = '${run.runId}'`,
  );
  const runFailedNone = !failures.results[0]?.series?.length;
  for (const [file, dashboard] of Object.entries(buildDashboards()) as [
    string,
    { panels: Panel[] },
  ][]) {
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row' && keep(p.title))) {
      for (const target of panel.targets) {
        if (target.expression !== undefined) {
          const refs = [...target.expression.matchAll(/\$([A-Z])/g)].map((match) => match[1]);
          const known = panel.targets.filter((other) => other.query).map((other) => other.refId);
          if (refs.length === 0 || refs.some((ref) => !known.includes(ref!)))
            empty.push(`${file} › ${panel.title} › ${target.refId}: ${target.expression}`);
          continue;
        }
        queries++;
        const query = fillQuery(target.query!, run.runId, run.hosting);
        if (runFailedNone && query.includes(`FROM "${METRICS.rpcErrors.name}"`)) continue;
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
