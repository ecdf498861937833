/**
 * A run's samples back from InfluxDB 1.x, where every k6 runner streamed them (k6-operator, or any
 * run with --influx), written as one k6 JSON results file so the same aggregator, verdict, report
 * and gate read them as they read a local run. Paged, so no query hits InfluxDB's row limit.
 */
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { METRICS, TAGS } from '../../contract/index.ts';
import { influxQuery } from '../../services/influxdb.ts';
import type { K6MetricType } from './k6-samples.ts';

/** k6's built-in metrics and their types (k6 lib/metrics/builtin.go); InfluxDB keeps no type. */
const K6_BUILTIN_TYPES: Record<string, K6MetricType> = {
  vus: 'gauge',
  vus_max: 'gauge',
  iterations: 'counter',
  iteration_duration: 'trend',
  dropped_iterations: 'counter',
  data_sent: 'counter',
  data_received: 'counter',
  checks: 'rate',
  group_duration: 'trend',
  http_reqs: 'counter',
  http_req_failed: 'rate',
  http_req_duration: 'trend',
  http_req_blocked: 'trend',
  http_req_connecting: 'trend',
  http_req_tls_handshaking: 'trend',
  http_req_sending: 'trend',
  http_req_waiting: 'trend',
  http_req_receiving: 'trend',
};

const SUITE_TYPES: Record<string, K6MetricType> = Object.fromEntries(
  Object.values(METRICS).map((spec) => [spec.name, spec.kind as K6MetricType]),
);

const PAGE = 10_000;
/** Columns k6 writes that are not tags of the sample (the value, and tags stored as fields). */
const NOT_TAGS = new Set(['time', 'value', 'vu', 'iter', 'url']);

const quoted = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

async function query(url: string, database: string, text: string) {
  const answer = await influxQuery(url, database, text, 'ns');
  const error = answer.results?.[0]?.error;
  if (error) throw new Error(`InfluxDB: ${error}`);
  return answer.results?.[0]?.series ?? [];
}

/** Writes every sample of `runId` to `file` (gzipped k6 JSON); returns how many by metric. */
export async function samplesFromInflux(
  influx: { url: string; database: string },
  runId: string,
  file: string,
): Promise<Record<string, number>> {
  const gzip = createGzip();
  const done = new Promise<void>((resolve, reject) => {
    gzip.pipe(createWriteStream(file)).on('finish', resolve).on('error', reject);
  });
  const counts: Record<string, number> = {};
  const measurements = (await query(influx.url, influx.database, 'SHOW MEASUREMENTS'))
    .flatMap((series) => series.values)
    .map((row) => String(row[0]));
  for (const metric of measurements) {
    const type = SUITE_TYPES[metric] ?? K6_BUILTIN_TYPES[metric];
    if (!type) continue;
    let wroteDeclaration = false;
    for (let offset = 0; ; offset += PAGE) {
      const [series] = await query(
        influx.url,
        influx.database,
        `SELECT * FROM "${metric}" WHERE "${TAGS.runId}" = ${quoted(runId)} ORDER BY time LIMIT ${PAGE} OFFSET ${offset}`,
      );
      if (!series) break;
      if (!wroteDeclaration) {
        gzip.write(`${JSON.stringify({ type: 'Metric', metric, data: { type } })}\n`);
        wroteDeclaration = true;
      }
      const { columns, values } = series;
      for (const row of values) {
        const tags: Record<string, string> = {};
        let time = 0;
        let value = 0;
        row.forEach((cell, index) => {
          const column = columns[index]!;
          if (column === 'time') time = Number(cell);
          else if (column === 'value') value = Number(cell);
          else if (!NOT_TAGS.has(column) && cell !== null && cell !== '')
            tags[column] = String(cell);
        });
        const iso = new Date(Math.floor(time / 1e6)).toISOString();
        gzip.write(
          `${JSON.stringify({ type: 'Point', metric, data: { time: iso, value, tags } })}\n`,
        );
      }
      counts[metric] = (counts[metric] ?? 0) + values.length;
      if (values.length < PAGE) break;
    }
  }
  gzip.end();
  await done;
  return counts;
}
