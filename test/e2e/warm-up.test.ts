/**
 * The browser users' warm-up under real k6, against pages this test serves itself: every bundle the
 * login page and the web client name, and the web client's bus worker, is asked for once, the web
 * client with the person's session and the login page without; a page that fails is said, not thrown.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { ensureK6 } from '../../services/k6.ts';
import { bundleK6Script } from '../../services/k6-script.ts';
import { run } from '../../services/process.ts';

const LOGIN_PAGE = `<!doctype html><link rel="stylesheet" href="/web/assets/f0fd0d4/web.assets_frontend.min.css">
<script src="/web/assets/d7b2338/web.assets_frontend_minimal.min.js"></script>
<script>odoo.lazy = "/web/assets/5aad78e/web.assets_frontend_lazy.min.js";</script><form>login</form>`;
const WEB_CLIENT = `<!doctype html><link rel="stylesheet" href="/web/assets/65d9218/web.assets_web.min.css">
<link rel="stylesheet" media="print" href="/web/assets/20f0e23/web.assets_web_print.min.css">
<script src="/web/assets/0c8e6d8/web.assets_web.min.js"></script>
<script src="/web/assets/0c8e6d8/web.assets_web.min.js"></script>`;

let k6 = '';
let script = '';
let server: Server;
let url = '';
/** What the server was asked: path and whether the person's session came with it. */
let asked: { path: string; session: boolean }[] = [];
let webClientStatus = 200;

before(async () => {
  k6 = (await ensureK6((line) => console.log(line))).path;
  ({ script } = await bundleK6Script('test/k6-warm-up/warm-up.ts'));
  server = createServer((request, response) => {
    const path = request.url ?? '';
    const session = (request.headers.cookie ?? '').includes('session_id=rep-session');
    asked.push({ path, session });
    if (path === '/web/login') return response.end(LOGIN_PAGE);
    if (path === '/web' || path === '/odoo') {
      response.statusCode = session ? webClientStatus : 303;
      return response.end(session ? WEB_CLIENT : '');
    }
    if (path.startsWith('/web/assets/') || path === '/bus/websocket_worker_bundle')
      return response.end('/* bundle */');
    response.statusCode = 404;
    response.end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(() => server?.close());

/** Spawned without blocking: this process serves the pages k6 asks for. */
async function warm(version: number): Promise<{ bundles: number; ms: number; problem?: string }> {
  asked = [];
  const result = await run(k6, ['run', '--quiet', script], {
    env: {
      ...process.env,
      K6_NO_USAGE_REPORT: 'true',
      WARM_URL: url,
      WARM_VERSION: String(version),
    },
  });
  assert.equal(result.code, 0, result.stderr);
  const line = /WARM (\{.*\})/.exec(result.stderr + result.stdout)?.[1];
  assert.ok(line, result.stderr);
  return JSON.parse(line.replaceAll('\\"', '"'));
}

test('Odoo 17: every bundle of the login page and of /web, and the bus worker, is asked for once, /web with the session', async () => {
  const result = await warm(17);
  assert.equal(result.bundles, 7);
  assert.equal(result.problem, undefined);
  const bundles = asked.filter((request) => request.path.startsWith('/web/assets/'));
  assert.equal(bundles.length, 6);
  assert.equal(new Set(bundles.map((request) => request.path)).size, 6, 'none twice');
  assert.deepEqual(
    asked.filter((request) => !request.path.startsWith('/web/assets/')),
    [
      { path: '/web/login', session: false },
      { path: '/web', session: true },
      { path: '/bus/websocket_worker_bundle', session: true },
    ],
  );
});

test('Odoo 18: the web client is at /odoo; a page that fails is said, and nothing after it is asked', async () => {
  assert.equal((await warm(18)).bundles, 7);
  assert.ok(asked.some((request) => request.path === '/odoo' && request.session));
  webClientStatus = 500;
  try {
    const result = await warm(18);
    assert.equal(result.problem, '/odoo answered HTTP 500');
    assert.equal(result.bundles, 3, 'the login page’s bundles were asked for');
    assert.equal(asked.filter((request) => request.path.startsWith('/web/assets/')).length, 3);
  } finally {
    webClientStatus = 200;
  }
});
