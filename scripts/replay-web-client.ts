/**
 * Replays what Odoo's own web client sent (contract/web-client/raw/raw-<version>.json),
 * body for body, against a server whose demo data has the recording's ids (up.sh's database), and
 * says how many queries and how much server time each flow cost there, from the server's own log.
 * The records the flow creates get new ids: after the replayed Save, the id the recording used next
 * is mapped to the one the server answered. This is the fair comparison for the web channel: the same
 * server, its caches in the same state, the recorded client against the suite's flow.
 *
 *   node --import tsx scripts/replay-web-client.ts <url> <db> <version> <odoo log>
 */
import { readServerLog, type ServerTimeRow } from '../judge/server-log.ts';
import { DIALOG_ANSWERS, isDialog } from '../lib/web-client/wizards.ts';
import { RAW_RECORDINGS } from './extract-web-client.ts';
import { syncSession } from './sync-transport.ts';

interface RawRecord {
  flow: string;
  seq: number;
  path: string;
  post: { params: Record<string, unknown> } | string | null;
}

export const REPLAYED_FLOWS = {
  orderEntry: '2-order-entry',
  delivery: '4-warehouse',
  invoiceEntry: '5-invoice',
} as const;

/** The id a recorded call acts on: `args[0][0]` of a button or read, or a thread's id. */
function idOf(params: Record<string, unknown>): number | undefined {
  const args = params.args as unknown[] | undefined;
  if (Array.isArray(args?.[0]) && typeof (args[0] as unknown[])[0] === 'number')
    return (args[0] as number[])[0];
  return typeof params.thread_id === 'number' ? params.thread_id : undefined;
}

/** Context keys that name the records a dialog is about. */
const RECORD_KEYS = [
  'active_id',
  'active_ids',
  'button_validate_picking_ids',
  'picking_ids_not_to_backorder',
];

/**
 * A recorded body with the records the replay created under their new ids: the ids a button or a
 * read acts on, a thread's id, and the records a dialog's context names. Nothing else is touched
 * (a company id 1 must stay 1 when a wizard 1 was renumbered).
 */
function rewrite(
  params: Record<string, unknown>,
  ids: Map<number, number>,
): Record<string, unknown> {
  const map = (id: unknown) => (typeof id === 'number' ? (ids.get(id) ?? id) : id);
  const out = structuredClone(params);
  const args = out.args as unknown[] | undefined;
  if (Array.isArray(args?.[0])) args[0] = (args[0] as unknown[]).map(map);
  if ('thread_id' in out) out.thread_id = map(out.thread_id);
  const kwargs = out.kwargs as { context?: Record<string, unknown> } | undefined;
  const context = kwargs?.context;
  if (context) {
    for (const key of RECORD_KEYS)
      if (key in context)
        context[key] = Array.isArray(context[key])
          ? (context[key] as unknown[]).map(map)
          : map(context[key]);
    if (Array.isArray(context.default_pick_ids))
      context.default_pick_ids = (context.default_pick_ids as unknown[][]).map(([code, id]) => [
        code,
        map(id),
      ]);
  }
  // A dialog's Save names the pickings it is about in its values (16: `create`, `[6, false, ids]`).
  const saved = { web_save: args?.[1], create: args?.[0] }[String(out.method)];
  const values = saved as Record<string, unknown> | undefined;
  if (Array.isArray(values?.pick_ids))
    values.pick_ids = (values.pick_ids as unknown[][]).map(([code, id, ids]) =>
      code === 6 ? [code, id, (ids as unknown[]).map(map)] : [code, map(id)],
    );
  for (const field of ['backorder_confirmation_line_ids', 'immediate_transfer_line_ids'])
    if (Array.isArray(values?.[field]))
      for (const line of values[field] as [number, unknown, Record<string, unknown>][])
        if (line[2]) line[2].picking_id = map(line[2].picking_id);
  return out;
}

/**
 * Replays one recorded flow as `login`; `prepared` maps a recorded record id the flow starts from
 * (the delivery a picker opens) to one of the server's. Answers the server's work over the flow.
 */
export async function replayFlow(
  url: string,
  db: string,
  version: number,
  flow: string,
  login: { login: string; password: string },
  log: string,
  prepared: Map<number, number> = new Map(),
  raw = RAW_RECORDINGS[version]!,
) {
  const { readFileSync } = await import('node:fs');
  const records = (
    JSON.parse(readFileSync(raw, 'utf8')) as { records: RawRecord[] }
  ).records.filter(
    (record) => record.flow === flow && record.post && typeof record.post === 'object',
  );
  const session = syncSession(url, db, login.login, login.password);
  const ids = new Map(prepared);
  // The dialogs the server opened in this replay, with the record each opened on: a recorded
  // dialog the server does not open here (a question already answered) is not sent.
  const opened = new Map<string, number | undefined>();
  const start = Date.now();
  for (const [index, record] of records.entries()) {
    const params = (record.post as { params: Record<string, unknown> }).params;
    if (params.method === 'autocomplete_by_name') continue;
    const model = String(params.model ?? '');
    if (model in DIALOG_ANSWERS && !opened.has(model)) continue;
    const path = [...ids].reduce(
      (text, [from, to]) => text.replace(new RegExp(`/${from}$`), `/${to}`),
      record.path,
    );
    const body = rewrite(params, ids);
    // The dialog's button acts on the record the server opened it on, when it opened one.
    const dialogRecord = opened.get(model);
    if (params.method === DIALOG_ANSWERS[model] && dialogRecord)
      (body.args as unknown[])[0] = [dialogRecord];
    const answer = session.transport.call<unknown>(
      path,
      body,
      String(params.model ?? 'route'),
      String(params.method ?? path),
    );
    if (answer.ok && isDialog(answer.value))
      opened.set(
        answer.value.res_model!,
        typeof answer.value.res_id === 'number' ? answer.value.res_id : undefined,
      );
    // A Save that created a record: the recording's next call names the id it got (16's `create`
    // answers the id; its two wizards had the same recorded id, so the newer one wins).
    const saved =
      params.method === 'web_save' && answer.ok && Array.isArray(answer.value)
        ? (answer.value[0] as { id?: number } | undefined)?.id
        : params.method === 'create' && answer.ok && typeof answer.value === 'number'
          ? answer.value
          : undefined;
    if (saved) {
      const next = records
        .slice(index + 1)
        .map((later) => idOf((later.post as { params: Record<string, unknown> }).params))
        .find((id) => id !== undefined);
      if (next !== undefined && (params.method === 'create' || !ids.has(next)))
        ids.set(next, saved);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const summary = await readServerLog(log, { start: start - 1, end: Date.now() });
  // The login that opened the session is not the flow's.
  const flowCalls = summary.calls.filter((row) => row.call !== '/web/session/authenticate');
  return {
    ...workOf(flowCalls),
    failed: session.exchanges.filter((exchange) => exchange.response.error).length,
  };
}

/** A flow's calls from the server's log: totals, and queries per call name. */
export function workOf(calls: ServerTimeRow[]) {
  return {
    requests: calls.reduce((sum, row) => sum + row.requests, 0),
    queries: calls.reduce((sum, row) => sum + row.queries, 0),
    seconds: calls.reduce((sum, row) => sum + row.sqlSeconds + row.pythonSeconds, 0),
    queriesByCall: Object.fromEntries(calls.map((row) => [row.call, row.queries])),
  };
}
