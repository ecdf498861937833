/**
 * Odoo's answers read into results: a JSON-RPC envelope (HTTP 200 for errors too) or a JSON-2 value.
 * Plain functions of the response's status and body, so Node's tests read the same answers k6 does.
 */
import { classifyFault } from '../../contract/index.ts';
import { OdooRpcError, transportError } from './errors.ts';

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: OdooRpcError };

/** What of k6's response an answer is read from. */
export interface Answer {
  status: number;
  body: unknown;
  error: string;
  error_code: number;
}

interface Envelope {
  result?: unknown;
  error?: { code: number; message: string; data?: { name?: string; message?: string } };
}

/** A JSON-RPC answer; `id`, the request's id when known, lets a plain success be read the short way. */
export function parseEnvelope<T>(
  response: Answer,
  model: string,
  method: string,
  id?: number,
): RpcResult<T> {
  if (response.status !== 200) {
    const detail = response.error || String(response.body ?? '').slice(0, 120);
    const error = transportError(model, method, response.status, response.error_code, detail);
    return { ok: false, error };
  }
  const body = String(response.body);
  const result = id === undefined ? UNREAD : resultOf(body, id);
  if (result !== UNREAD) return { ok: true, value: result as T };
  let envelope: Envelope;
  try {
    envelope = JSON.parse(body) as Envelope;
  } catch {
    return { ok: false, error: transportError(model, method, 200, 1000, 'response is not JSON') };
  }
  if (envelope.error) {
    const name = envelope.error.data?.name ?? 'unknown';
    const message = envelope.error.data?.message ?? envelope.error.message;
    const kind = classifyFault(name, envelope.error.code);
    const error = new OdooRpcError(kind, name, message, model, method, envelope.error.code);
    return { ok: false, error };
  }
  // A method returning None has no `result` key (docs/odoo-protocol.md §0).
  return { ok: true, value: (envelope.result ?? null) as T };
}

/**
 * Odoo writes a success as `{"jsonrpc": "2.0", "id": <id>, "result": <value>}` (Python's json.dumps
 * of JsonRPCDispatcher._response, odoo/http.py; compact where a faster writer is used): then only
 * the value is parsed, as k6's JSON.parse spends a third of a small answer on the envelope. The
 * rest must parse as one value for this to hold, so any other answer (an error, an envelope of
 * another spelling) is parsed whole.
 */
export function resultOf(body: string, id: number): unknown {
  let head = `{"jsonrpc": "2.0", "id": ${id}, "result": `;
  if (!body.startsWith(head)) head = `{"jsonrpc":"2.0","id":${id},"result":`;
  if (!body.startsWith(head) || !body.endsWith('}')) return UNREAD;
  try {
    return JSON.parse(body.slice(head.length, -1));
  } catch {
    return UNREAD;
  }
}

/** What resultOf answers when the answer is not a plain success: it is then parsed whole. */
export const UNREAD = Symbol('unread');

/** JSON-2 answers the bare value on 200 and `{name, message}` with a 4xx/5xx status (docs/odoo-protocol.md §3.3). */
export function parseJson2<T>(response: Answer, model: string, method: string): RpcResult<T> {
  let body: unknown;
  try {
    body = JSON.parse(String(response.body));
  } catch {
    const detail = response.error || 'response is not JSON';
    const error = transportError(model, method, response.status, response.error_code, detail);
    return { ok: false, error };
  }
  if (response.status === 200) return { ok: true, value: body as T };
  const fault = body as { name?: string; message?: string };
  const name = fault.name ?? `HTTP ${response.status}`;
  const kind = response.status === 401 ? 'access' : classifyFault(name, 200);
  const error = new OdooRpcError(kind, name, fault.message ?? '', model, method, response.status);
  return { ok: false, error };
}
