/**
 * Adds the web client's calls to the emulator's cost model (emulator/cost-model.json): for each call
 * the recorded web client made on a real Odoo 17 and 18 (test/fixtures/web-client/
 * transcript-<version>.json, joined to the server's request log), the mean server time, queries and
 * SQL share. Means, not medians: a flow's modelled total is then the recorded flow's total. 17's go
 * beside the API calls measured on the same 17 (which keep their own figures); 18's go under
 * `versions.18`. Run: `npm run cost-model:web`; a unit test fails when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const COST_MODEL = 'emulator/cost-model.json';
const TRANSCRIPT = (version: number) => `test/fixtures/web-client/transcript-${version}.json`;

interface Recorded {
  kind: string;
  path: string;
  model: string | null;
  method: string | null;
  queries: number | null;
  sqlS: number | null;
  otherS: number | null;
  status: number | null;
}

interface Shape {
  queries: number;
  share: number;
}

/** The cost model's key of a call: `model.method` for model calls, the route otherwise. */
export function keyOf(call: Pick<Recorded, 'path' | 'model' | 'method'>): string {
  if (call.model && call.method) return `${call.model}.${call.method}`;
  return call.path
    .replace(/^\/onboarding\/.*/, '/onboarding')
    .replace(/^\/website\/translations\/.*/, '/website/translations')
    .replace(/^(\/web\/webclient\/(load_menus|translations))\/.*/, '$1');
}

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Mean ms, queries and SQL share per call key of one version's recorded web client. */
export function webCosts(version: number) {
  const records = (JSON.parse(readFileSync(TRANSCRIPT(version), 'utf8')) as Recorded[]).filter(
    (record) => record.kind === 'rpc' && record.queries !== null && record.status === 200,
  );
  const byKey = new Map<string, Recorded[]>();
  for (const record of records)
    byKey.set(keyOf(record), [...(byKey.get(keyOf(record)) ?? []), record]);
  const methods: Record<string, number> = {};
  const sql: Record<string, Shape> = {};
  for (const [key, calls] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
    const seconds = calls.reduce((sum, call) => sum + (call.sqlS ?? 0) + (call.otherS ?? 0), 0);
    const sqlSeconds = calls.reduce((sum, call) => sum + (call.sqlS ?? 0), 0);
    methods[key] = round((seconds * 1000) / calls.length);
    sql[key] = {
      queries: round(calls.reduce((sum, call) => sum + (call.queries ?? 0), 0) / calls.length),
      share: seconds > 0 ? round(sqlSeconds / seconds, 2) : 0,
    };
  }
  return { methods, sql };
}

interface CostFile {
  methods: Record<string, number>;
  sql: { methods: Record<string, Shape> };
  versions?: Record<
    string,
    { methods: Record<string, number>; sql: { methods: Record<string, Shape> } }
  >;
  [key: string]: unknown;
}

/** The cost model with the web client's calls in it, as the committed file should read. */
export function withWebCosts(file: CostFile): CostFile {
  const web17 = webCosts(17);
  const web18 = webCosts(18);
  const methods = { ...web17.methods, ...file.methods };
  const sql = { ...web17.sql, ...file.sql.methods };
  const sorted = <T>(record: Record<string, T>) =>
    Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, record[key]!]),
    );
  return {
    ...file,
    $web: "The web client's calls (model.method, or route): mean server time, queries and SQL share of the recorded web client on real 17.0 and 18.0 (test/fixtures/web-client/transcript-*.json); 17's beside the API calls (which keep their own figures), 18's under versions.18. Written by npm run cost-model:web.",
    methods: sorted(methods),
    sql: { ...file.sql, methods: sorted(sql) },
    versions: { ...file.versions, '18': { methods: web18.methods, sql: { methods: web18.sql } } },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const current = JSON.parse(readFileSync(COST_MODEL, 'utf8')) as CostFile;
  writeFileSync(COST_MODEL, `${JSON.stringify(withWebCosts(current), null, 2)}\n`);
  console.log(`${COST_MODEL}: the web client's calls of 17 and 18 added`);
}
