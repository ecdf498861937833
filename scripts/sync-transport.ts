/**
 * A synchronous JSON-RPC transport for Node, over curl: the web channel's flows are synchronous (as k6
 * is), so scripts and tests that drive them from Node post each call with curl and record the
 * exchange. Only for loopback servers run by the project or a developer (the emulator, up.sh's Odoo).
 */
import { execFileSync } from 'node:child_process';
import { parse as parseLossless } from 'lossless-json';
import { classifyFault } from '../contract/index.ts';
import { OdooRpcError } from '../lib/odoo/errors.ts';
import type { WebTransport } from '../lib/web-client/client.ts';

export interface Exchange {
  path: string;
  params: Record<string, unknown>;
  /**
   * The JSON-RPC envelope as the server answered it (`result` or `error`), parsed losslessly so
   * `5.0` stays a float when written back (Python's json tells floats from ints).
   */
  response: {
    result?: unknown;
    error?: { code: number; data?: { name?: string; message?: string } };
  };
}

interface Posted {
  body: Record<string, unknown>;
  lossless: unknown;
  cookie?: string;
}

function post(url: string, params: unknown, sessionId?: string): Posted {
  const output = execFileSync(
    'curl',
    [
      '-s',
      '-i',
      '-X',
      'POST',
      '-H',
      'Content-Type: application/json',
      ...(sessionId ? ['-H', `Cookie: session_id=${sessionId}`] : []),
      '--data-binary',
      '@-',
      url,
    ],
    {
      input: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params }),
      maxBuffer: 64 << 20,
    },
  ).toString('utf8');
  const split = output.indexOf('\r\n\r\n');
  const headers = output.slice(0, split);
  const cookie = /^set-cookie: session_id=([^;]+)/im.exec(headers)?.[1];
  const text = output.slice(split + 4);
  return {
    body: JSON.parse(text) as Record<string, unknown>,
    lossless: parseLossless(text),
    cookie,
  };
}

/** A logged-in session whose calls are recorded into `exchanges`. */
export function syncSession(base: string, db: string, login: string, password: string) {
  const exchanges: Exchange[] = [];
  const logged = post(`${base}/web/session/authenticate`, { db, login, password });
  if (!logged.body.result) throw new Error(`${login} could not log in at ${base}`);
  const info = logged.body.result as { uid: number; user_context: Record<string, unknown> };
  let sessionId = logged.cookie;
  const transport: WebTransport = {
    call<T>(path: string, params: Record<string, unknown>, model: string, method: string) {
      const answer = post(base + path, params, sessionId);
      if (answer.cookie) sessionId = answer.cookie;
      const response = answer.body as Exchange['response'];
      exchanges.push({ path, params, response: answer.lossless as Exchange['response'] });
      if (response.error) {
        const name = response.error.data?.name ?? 'unknown';
        const kind = classifyFault(name, response.error.code);
        const message = response.error.data?.message ?? '';
        return {
          ok: false,
          error: new OdooRpcError(kind, name, message, model, method, response.error.code),
        };
      }
      return { ok: true, value: (response.result ?? null) as T };
    },
  };
  return { transport, exchanges, uid: info.uid, userContext: info.user_context };
}

/** The server's major version, as its web client reads it. */
export function serverVersionOf(session: ReturnType<typeof syncSession>): number {
  const answer = session.transport.call<{ server_version_info: unknown[] }>(
    '/web/webclient/version_info',
    {},
    'route',
    'version_info',
  ) as { ok: true; value: { server_version_info: unknown[] } };
  return Number(answer.value.server_version_info[0]);
}
