/**
 * Extracts what the web channel must send from the recordings of Odoo's own web client
 * (contract/web-client/raw/raw-<version>.json): the field specifications of every
 * onchange, web_read, web_save and web_search_read (untrimmed: the server computes every field in a
 * specification, so a trimmed one under-measures), which fields a form saves, which parent fields a
 * line's onchange carries, and the chatter's request list. Writes contract/web-client/<version>.json;
 * a unit test fails when the committed files are stale. Run: `npm run web-client`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type LegacyWebClient,
  type RecordedWebClient,
  type Spec,
  WEB_CLIENT_VERSIONS,
} from '../contract/web-client/types.ts';

/** Where each version's recording is (16 and 19 made by scripts/record-web-client.ts, 17 and 18 earlier). */
export const RAW_RECORDINGS: Record<number, string> = Object.fromEntries(
  WEB_CLIENT_VERSIONS.map((version) => [version, `contract/web-client/raw/raw-${version}.json`]),
);

interface RawRecord {
  flow: string;
  seq: number;
  path: string;
  post: { params: Record<string, unknown> } | string | null;
}

interface CallKw {
  model: string;
  method: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

type Vals = Record<string, unknown>;

/** The recorded flows, by the name the k6 side knows them under. */
export const FLOWS: Record<string, string> = {
  '1-login': 'login',
  '2-order-entry': 'orderEntry',
  '3-order-list': 'orderList',
  '4a-picker-login': 'login',
  '4-warehouse': 'delivery',
  '5-invoice': 'invoiceEntry',
};

const isCallKw = (params: Record<string, unknown>): params is CallKw & Record<string, unknown> =>
  typeof params.model === 'string' && typeof params.method === 'string';

/** Keys of the values of `[0, virtual_id, vals]` commands in an x2many value, in order. */
function lineKeys(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const created = value.find((command) => Array.isArray(command) && command[0] === 0);
  return created ? Object.keys(created[2] as Vals) : undefined;
}

/**
 * Context keys the web client evaluates from the record being edited (its partner, company, unit,
 * price): recorded values become `$<key>` tokens the k6 side fills from the record it edits.
 */
export const RECORD_CONTEXT_KEYS = [
  'partner_id',
  'company_id',
  'default_partner_id',
  'default_currency_id',
  'journal_id',
  'uom',
  'default_uom_id',
  'default_lst_price',
  'default_list_price',
  'default_description_sale',
] as const;

function tokenised(spec: Spec): Spec {
  return Object.fromEntries(
    Object.entries(spec).map(([field, entry]) => {
      const out: Spec[string] = { ...entry };
      if (entry.fields) out.fields = tokenised(entry.fields);
      if (entry.context)
        out.context = Object.fromEntries(
          Object.entries(entry.context).map(([key, value]) => [
            key,
            (RECORD_CONTEXT_KEYS as readonly string[]).includes(key) ? `$${key}` : value,
          ]),
        );
      return [field, out];
    }),
  );
}

/**
 * Stores a spec under its key. The same form sends the same fields each time; only the contexts the
 * web client evaluates from the record differ (tokens now), and their key set grows as the record
 * fills in, so the last one (the fullest) is kept. Different fields are an error.
 */
function keep(specs: Record<string, Spec>, key: string, spec: Spec, where: string) {
  const fields = (value: Spec): string =>
    JSON.stringify(
      Object.entries(value).map(([name, entry]) => [name, entry.fields && fields(entry.fields)]),
    );
  const known = specs[key];
  if (known && fields(known) !== fields(spec))
    throw new Error(`${where}: a second specification with other fields for ${key}`);
  specs[key] = tokenised(spec);
}

/** 17 sends a line's parent under the inverse field's name, outside the line's spec (16 too). */
function keepParentKeys(out: RecordedWebClient, model: string, values: Vals, fields: object) {
  for (const [field, parent] of Object.entries(values)) {
    if (field in fields || typeof parent !== 'object' || parent === null) continue;
    const lines = Object.entries(parent as Vals).find(([, value]) => lineKeys(value));
    out.parentKeys[model] = {
      field,
      keys: Object.keys(parent as Vals),
      lineField: lines?.[0] ?? '',
      lineKeys: lines ? lineKeys(lines[1])! : [],
    };
  }
}

/** An x2many as 16's form sends it: many2many `[[6, false, ids]]`, one2many line commands (or []). */
function x2manyKind(value: unknown): 'many2many' | 'one2many' | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.some((command) => Array.isArray(command) && command[0] === 6)
    ? 'many2many'
    : value.every((command) => Array.isArray(command) && command[0] === 0)
      ? 'one2many'
      : undefined;
}

function keepKinds(legacy: LegacyWebClient, model: string, values: Vals) {
  for (const [field, value] of Object.entries(values)) {
    const kind = x2manyKind(value);
    if (!kind) continue;
    legacy.x2many[model] = { ...legacy.x2many[model], [field]: kind };
  }
}

/** The user's own context keys, and the action's: a name_get's context beyond them is its field's. */
const USER_CONTEXT_KEYS = ['lang', 'tz', 'uid', 'allowed_company_ids', 'params'];

/** One call of 16's web client: its lists' and forms' field lists (no specifications before 17). */
function extractLegacyCall(out: RecordedWebClient, flow: string, call: CallKw) {
  const legacy = out.legacy!;
  const { model, method, args, kwargs } = call;
  const key = `${flow}:${model}`;
  if (method === 'onchange') {
    const [, values, , fields] = args as [number[], Vals, unknown, Record<string, string>];
    legacy.fieldOnchange[key] = fields;
    keepParentKeys(out, model, values, fields);
    keepKinds(legacy, model, values);
    const parent = out.parentKeys[model];
    if (parent && values[parent.field]) {
      const parentValues = values[parent.field] as Vals;
      const line = (parentValues[parent.lineField] as unknown[][] | undefined)?.[0]?.[2] as Vals;
      if (line) keepKinds(legacy, model, line);
    }
  }
  if (method === 'read') legacy.readFields[key] = args[1] as string[];
  if (method === 'web_search_read') legacy.searchFields[key] = kwargs.fields as string[];
  if (method === 'name_get')
    legacy.nameGetContext[key] = Object.fromEntries(
      Object.entries(kwargs.context as Vals).filter(([name]) => !USER_CONTEXT_KEYS.includes(name)),
    );
  if (method === 'create') {
    const vals = args[0] as Vals;
    keepKinds(legacy, model, vals);
    out.writable[model] = Object.keys(vals);
    for (const [field, value] of Object.entries(vals)) {
      const keys = lineKeys(value);
      if (keys) out.writable[`${model}/${field}`] = keys;
    }
  }
}

export function extract(version: number, records: RawRecord[]): RecordedWebClient {
  const out: RecordedWebClient = {
    version,
    source: RAW_RECORDINGS[version]!,
    specs: {},
    writable: {},
    parentKeys: {},
    threadRequestList: [],
  };
  if (version === 16)
    out.legacy = {
      fieldOnchange: {},
      readFields: {},
      searchFields: {},
      x2many: {},
      nameGetContext: {},
    };
  for (const record of records) {
    const flow = FLOWS[record.flow];
    if (!flow || !record.post || typeof record.post !== 'object') continue;
    const params = record.post.params;
    const where = `raw-${version} ${record.flow} #${record.seq}`;
    if (record.path === '/mail/thread/data')
      out.threadRequestList = params.request_list as string[];
    // 19 asks for a thread through /mail/data: `fetch_params: [["mail.thread", {request_list, …}]]`.
    const fetched = Array.isArray(params.fetch_params) ? (params.fetch_params as unknown[]) : [];
    const thread = fetched.find(
      (entry): entry is [string, { request_list: string[] }] =>
        Array.isArray(entry) && entry[0] === 'mail.thread',
    );
    if (record.path === '/mail/data' && thread) out.threadRequestList = thread[1].request_list;
    if (!isCallKw(params)) continue;
    if (out.legacy) {
      extractLegacyCall(out, flow, params);
      continue;
    }
    const { model, method, args, kwargs } = params;
    if (method === 'onchange') {
      const [, values, , spec] = args as [number[], Vals, string[], Spec];
      keep(out.specs, `${flow}:${model}/onchange`, spec, where);
      keepParentKeys(out, model, values, spec);
    }
    if (['web_read', 'web_search_read', 'web_save', 'web_name_search'].includes(method))
      keep(out.specs, `${flow}:${model}/${method}`, kwargs.specification as Spec, where);
    if (method === 'web_save') {
      const vals = args[1] as Vals;
      out.writable[model] = Object.keys(vals);
      const spec = kwargs.specification as Spec;
      for (const [field, value] of Object.entries(vals)) {
        const keys = lineKeys(value);
        const relation = spec[field]?.fields ? field : undefined;
        if (keys && relation) out.writable[`${model}/${field}`] = keys;
      }
    }
  }
  return out;
}

export const recordedFile = (version: number) => join('contract/web-client', `${version}.json`);

export function extractAll(): Map<number, string> {
  const files = new Map<number, string>();
  for (const version of WEB_CLIENT_VERSIONS) {
    const raw = JSON.parse(readFileSync(RAW_RECORDINGS[version]!, 'utf8')) as {
      records: RawRecord[];
    };
    files.set(version, `${JSON.stringify(extract(version, raw.records), null, 1)}\n`);
  }
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [version, text] of extractAll()) {
    writeFileSync(recordedFile(version), text);
    console.log(`wrote ${recordedFile(version)} (${(text.length / 1024).toFixed(0)} KB)`);
  }
}
