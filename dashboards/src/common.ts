/**
 * Shared pieces of every dashboard: the InfluxDB datasource, the InfluxQL query builder (the SDK has
 * no InfluxDB builder, so this is its custom-query pattern), variables and the run filter.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { QueryVariableBuilder, VariableRefresh } from '@grafana/grafana-foundation-sdk/dashboard';
import { TypeMathBuilder } from '@grafana/grafana-foundation-sdk/expr';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { K6_METRICS, type MetricSpec, TAGS } from '../../contract/index.ts';

/** Provisioned by dashboards/provisioning/datasources/influxdb.yaml with this uid. */
export const DATASOURCE = { type: 'influxdb', uid: 'odoo-load-influxdb' };

/** Every sample of a run carries these tags (run/orchestrate.ts); panels filter on them. */
export const RUN_FILTER = `"${TAGS.runId}" =~ /^$${TAGS.runId}$/ AND "${TAGS.hosting}" =~ /^$${TAGS.hosting}$/ AND $timeFilter`;

/** A raw InfluxQL target, built the way the SDK builds its own dataqueries. */
export class InfluxQLQuery implements cog.Builder<cog.Dataquery> {
  constructor(
    private readonly query: string,
    private readonly refId = 'A',
    private readonly alias?: string,
    /** Only an input of an expression of the panel, not drawn itself. */
    private readonly hidden = false,
  ) {}

  build(): cog.Dataquery {
    return {
      refId: this.refId,
      datasource: DATASOURCE,
      query: this.query,
      rawQuery: true,
      resultFormat: 'time_series',
      ...(this.alias ? { alias: this.alias } : {}),
      ...(this.hidden ? { hide: true } : {}),
      _implementsDataqueryVariant: () => undefined,
    } as unknown as cog.Dataquery;
  }
}

/** `SELECT … FROM "<measurement>" WHERE <run filter> [AND extra] GROUP BY time(<interval>)[, tags] fill(none)`. */
export function influxql(
  select: string,
  metric: string | MetricSpec,
  options: { where?: string; groupBy?: string[]; interval?: string; fill?: 'none' | '0' } = {},
): string {
  // A metric k6 does not send twice is its tagged share of http_req_duration (contract/metrics.ts).
  const folded = typeof metric === 'string' ? undefined : metric.foldedFromHttpByTag;
  const measurement =
    typeof metric === 'string' ? metric : folded ? K6_METRICS.httpReqDuration : metric.name;
  const filters = [
    RUN_FILTER,
    ...(folded ? [`"${folded}" != ''`] : []),
    ...(options.where ? [options.where] : []),
  ];
  const where = filters.join(' AND ');
  const groups = [
    `time(${options.interval ?? '$__interval'})`,
    ...(options.groupBy ?? []).map((tag) => `"${tag}"`),
  ].join(', ');
  return `SELECT ${select} FROM "${measurement}" WHERE ${where} GROUP BY ${groups} fill(${options.fill ?? 'none'})`;
}

/**
 * Where the Odoo calls are: k6's requests the client tagged `rpc_call` (a call records no sample
 * of its own; contract/metrics.ts, odoo_rpc_failed).
 */
export const ODOO_CALLS = `"${TAGS.call}" != ''`;

/** A Grafana server-side math expression over the panel's other queries, e.g. `$B / $A`. */
export const mathOf = (refId: string, expression: string) =>
  new TypeMathBuilder().refId(refId).datasource(EXPRESSIONS).expression(expression);

/** Grafana's own datasource for server-side expressions. */
export const EXPRESSIONS = { type: '__expr__', uid: '__expr__' };

/** A time series panel with the suite's defaults. */
export function timeseries(
  title: string,
  unit: string,
  queries: cog.Builder<cog.Dataquery>[],
  description = '',
): TimeseriesBuilder {
  const panel = new TimeseriesBuilder()
    .title(title)
    .description(description)
    .unit(unit)
    .datasource(DATASOURCE)
    .height(8)
    .span(12)
    .lineWidth(2)
    .fillOpacity(10);
  for (const query of queries) panel.withTarget(query);
  return panel;
}

function tagVariable(
  name: string,
  label: string,
  key: string,
  multi: boolean,
): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query(`SHOW TAG VALUES FROM "${K6_METRICS.httpReqs}" WITH KEY = "${key}"`)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .multi(multi)
    .includeAll(true)
    .allValue('.*');
}

export const runVariable = (multi = false) => tagVariable(TAGS.runId, 'Run', TAGS.runId, multi);
export const hostingVariable = () =>
  tagVariable(TAGS.hosting, 'Hosting profile', TAGS.hosting, true);
export const scenarioVariable = () => tagVariable(TAGS.scenario, 'Scenario', TAGS.scenario, true);

/** Tags that identify generated dashboards in Grafana. */
export const DASHBOARD_TAGS = ['odoo-load', 'generated'];
