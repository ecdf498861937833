/**
 * Asks a real Odoo for the fields the recorded web client's specifications name (fields_get of each
 * model, following relations into sub-specifications), so the emulator knows each field's type and
 * refuses one its version does not have. Writes emulator/web-client/fields-<version>.json.
 *
 *   ODOO_PASSWORD=… node --import tsx scripts/capture-web-fields.ts <url> <db>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { RecordedWebClient, Spec } from '../contract/web-client/types.ts';
import { recordedFile } from './extract-web-client.ts';
import { syncSession } from './sync-transport.ts';

export interface WebField {
  type: string;
  string?: string;
  relation?: string;
  relation_field?: string;
  readonly?: boolean;
  required?: boolean;
  store?: boolean;
  selection?: [string, string][];
}

const ATTRIBUTES = [
  'type',
  'string',
  'relation',
  'relation_field',
  'readonly',
  'required',
  'store',
  'selection',
];

export const webFieldsFile = (version: number) => `emulator/web-client/fields-${version}.json`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, db] = process.argv.slice(2);
  if (!url || !db) {
    console.error('usage: capture-web-fields.ts <url> <db>');
    process.exit(2);
  }
  const session = syncSession(
    url,
    db,
    process.env.ODOO_LOGIN ?? 'admin',
    process.env.ODOO_PASSWORD ?? '',
  );
  const ask = <T>(model: string, method: string, args: unknown[], kwargs: object) => {
    const answer = session.transport.call<T>(
      `/web/dataset/call_kw/${model}/${method}`,
      { model, method, args, kwargs: { context: session.userContext, ...kwargs } },
      model,
      method,
    );
    if (!answer.ok) throw new Error(`${model}.${method}: ${answer.error.message}`);
    return answer.value;
  };
  const version = Number(
    (
      ask<{ server_version_info: unknown[] }[]>('ir.module.module', 'search_read', [], {
        domain: [['name', '=', 'base']],
        fields: ['latest_version'],
      })[0] as unknown as { latest_version: string }
    ).latest_version.split('.')[0],
  );
  const recorded = JSON.parse(readFileSync(recordedFile(version), 'utf8')) as RecordedWebClient;
  const wanted = new Map<string, Set<string>>();
  const pending: [string, Spec][] = Object.entries(recorded.specs).map(([key, spec]) => [
    key.split(':')[1]!.split('/')[0]!,
    spec,
  ]);
  const out: Record<string, Record<string, WebField>> = {};
  while (pending.length > 0) {
    const [model, spec] = pending.shift()!;
    const names = wanted.get(model) ?? new Set<string>();
    for (const name of Object.keys(spec)) names.add(name);
    wanted.set(model, names);
    const fields = ask<Record<string, WebField>>(model, 'fields_get', [Object.keys(spec)], {
      attributes: ATTRIBUTES,
    });
    out[model] = { ...out[model], ...fields };
    for (const [name, entry] of Object.entries(spec)) {
      const relation = fields[name]?.relation;
      if (entry.fields && relation && Object.keys(entry.fields).length > 0)
        pending.push([relation, entry.fields]);
    }
  }
  const sorted = Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((model) => [
        model,
        Object.fromEntries(
          Object.keys(out[model]!)
            .sort()
            .map((name) => [name, out[model]![name]]),
        ),
      ]),
  );
  writeFileSync(
    webFieldsFile(version),
    `${JSON.stringify({ version, source: url, models: sorted }, null, 1)}\n`,
  );
  console.log(`${webFieldsFile(version)}: ${Object.keys(sorted).length} models`);
}
