/**
 * Records what Odoo's own web client sends, on a server whose web client was never recorded (16, 19):
 * a real Chromium driven by k6 walks through the flows of test/fixtures/web-client (login, an
 * order keyed and confirmed, a delivery validated by a picker, an invoice keyed and posted), and
 * every JSON body it posts is kept in contract/web-client/raw/raw-<version>.json, in the reference
 * recordings' shape. scripts/extract-web-client.ts turns it into what the web channel sends.
 *
 *   ODOO_URL=… ODOO_LOGIN=admin ODOO_PASSWORD=… ODOO_OPERATORS=picker01 ODOO_OPERATOR_PASSWORD=… \
 *     node --import tsx scripts/record-web-client.ts
 *
 * For a loopback server only (up.sh's): it creates an order, validates a delivery and posts an invoice.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { browserEnv, ensureChromium } from '../services/chromium.ts';
import { ensureK6 } from '../services/k6.ts';
import { bundleK6Script } from '../services/k6-script.ts';

const rawRecording = (version: number) => `contract/web-client/raw/raw-${version}.json`;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see the usage at the top of this script)`);
  return value;
}

async function serverVersion(url: string): Promise<{ major: number; full: string }> {
  const response = await fetch(`${url}/web/webclient/version_info`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, params: {} }),
  });
  const { result } = (await response.json()) as {
    result: { server_version: string; server_version_info: [number | string] };
  };
  return { major: Number(result.server_version_info[0]), full: result.server_version };
}

interface RecordedRequest {
  flow: string;
  seq: number;
  method: string;
  path: string;
  /** The JSON body; a form post (the login, with its password) is kept as `<form>` only. */
  post: unknown;
}

/**
 * A loopback proxy in front of the server that keeps every POST the browser sends, in order, under
 * the flow k6 last named (`POST /__record/flow`); `end` is the walk-through's last word.
 */
async function recordingProxy(target: string) {
  const upstream = new URL(target);
  const records: RecordedRequest[] = [];
  let flow = 'start';
  let ended: () => void = () => undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (request.url ?? '/').split(/[?#]/)[0]!;
      if (path === '/__record/flow') {
        flow = body.toString();
        response.end();
        if (flow === 'end') ended();
        return;
      }
      if (request.method === 'POST') {
        let post: unknown = '<form>';
        try {
          post = JSON.parse(body.toString());
        } catch {}
        records.push({ flow, seq: records.length + 1, method: 'POST', path, post });
      }
      const forwarded = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.on('error', () => response.destroy());
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    onEnd: (listener: () => void) => {
      ended = listener;
    },
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Admin's calls over /jsonrpc, to prepare what the picker opens. */
async function adminRpc(url: string) {
  const db = env('ODOO_DB');
  const password = env('ODOO_PASSWORD');
  const call = async (service: string, method: string, args: unknown[]) => {
    const response = await fetch(`${url}/jsonrpc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, params: { service, method, args } }),
    });
    const answer = (await response.json()) as {
      result?: unknown;
      error?: { data?: { message?: string } };
    };
    if (answer.error) throw new Error(`${method}: ${answer.error.data?.message ?? 'refused'}`);
    return answer.result;
  };
  const uid = await call('common', 'authenticate', [db, env('ODOO_LOGIN'), password, {}]);
  return <T>(model: string, method: string, args: unknown[], kwargs: object = {}) =>
    call('object', 'execute_kw', [db, uid, password, model, method, args, kwargs]) as Promise<T>;
}

/**
 * A confirmed order whose delivery can only be partly reserved (one line of a product never in
 * stock), as the reference recordings' picker met: Validate asks about a backorder. Answers the
 * delivery's reference.
 */
async function shortDelivery(url: string, version: number): Promise<string> {
  const x = await adminRpc(url);
  const [customer] = await x<number[]>('res.partner', 'search', [[['name', '=', 'Deco Addict']]]);
  const [stocked] = await x<number[]>('product.product', 'search', [
    [['name', '=', 'Large Cabinet']],
  ]);
  if (!customer || !stocked)
    throw new Error("the demo data's Deco Addict or Large Cabinet is missing");
  const storable = version >= 18 ? { type: 'consu', is_storable: true } : { type: 'product' };
  const unstocked = await x<number>('product.product', 'create', [
    { name: `record: never in stock ${Date.now()}`, ...storable },
  ]);
  const order = await x<number>('sale.order', 'create', [
    {
      partner_id: customer,
      order_line: [
        [0, 0, { product_id: stocked, product_uom_qty: 1 }],
        [0, 0, { product_id: unstocked, product_uom_qty: 1 }],
      ],
    },
  ]);
  await x('sale.order', 'action_confirm', [[order]]);
  const [ordered] = await x<{ picking_ids: number[] }[]>('sale.order', 'read', [
    [order],
    ['picking_ids'],
  ]);
  const [picking] = await x<{ name: string }[]>('stock.picking', 'read', [
    ordered!.picking_ids.slice(0, 1),
    ['name'],
  ]);
  return picking!.name;
}

async function record() {
  const url = env('ODOO_URL').replace(/\/$/, '');
  // It keys orders, validates a delivery and posts an invoice: never on a server someone works on.
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname))
    throw new Error(`ODOO_URL: ${url} is not on this machine (loopback only: it creates records)`);
  const version = await serverVersion(url);
  const log = (line: string) => console.error(`record-web-client: ${line}`);
  const [k6, chromium, { script }] = await Promise.all([
    ensureK6(log),
    ensureChromium(log),
    bundleK6Script('scripts/k6/record-web-client.ts'),
  ]);
  const screenshots = mkdtempSync(join(tmpdir(), 'odoo-load-record-'));
  log(`Odoo ${version.full} at ${url}: walking through the flows in Chromium (a few minutes)`);
  const delivery = await shortDelivery(url, version.major);
  const proxy = await recordingProxy(url);
  const code = await new Promise<number | null>((resolve, reject) => {
    const k6run = spawn(
      k6.path,
      ['run', '--quiet', '--summary-mode=disabled', '--log-format', 'raw', script],
      {
        env: {
          ...process.env,
          ...browserEnv(chromium),
          RECORD_PROXY: proxy.url,
          RECORD_VERSION: String(version.major),
          RECORD_DELIVERY: delivery,
          RECORD_SCREENSHOTS: screenshots,
          RECORD_PICKER: env('ODOO_OPERATORS').split(',')[0]!,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // k6 can hang closing the last browser context: once the walk-through has ended, it is stopped.
    proxy.onEnd(() => k6run.kill('SIGINT'));
    for (const stream of [k6run.stdout, k6run.stderr])
      createInterface({ input: stream }).on('line', (line) => line.trim() && log(line));
    k6run.on('error', reject);
    k6run.on('close', resolve);
  });
  proxy.close();
  const { records } = proxy;
  if (!records.some((entry) => entry.flow === '5-invoice'))
    throw new Error(
      `k6 ended (exit code ${code}) before the last flow (screenshots in ${screenshots})`,
    );
  const out = rawRecording(version.major);
  mkdirSync('contract/web-client/raw', { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ version: version.full, recordedWith: 'scripts/record-web-client.ts', records }, null, 1)}\n`,
  );
  log(`${records.length} requests recorded in ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`)
  record().catch((error: unknown) => {
    console.error(`record-web-client: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
