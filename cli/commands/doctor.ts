/** `odoo-load doctor`: is everything a run needs here? Builds k6 when missing; checks ODOO_URL when set. */

import { NodeOdooClient } from '../odoo/client.ts';
import { EXIT } from '../run/exit-codes.ts';
import { preflight } from '../run/preflight.ts';
import { remoteTargetFromEnv } from '../run/target.ts';
import { ensureK6 } from '../services/k6.ts';
import { findExecutable, postgresBinDirs, run } from '../services/process.ts';

export const DOCTOR_HELP = `odoo-load doctor

Checks the tools and the target: k6 (built with Go into .tools/bin when missing), Node.js, Go,
PostgreSQL's binaries, and, when ODOO_URL is set: the target answers, the credentials work, the Odoo
version, the modules the workloads need (sale_stock, account, base_import; stock_barcode optional),
and whether the server runs threaded (a load test of a threaded server measures the wrong thing).`;

const REQUIRED_MODULES = ['sale_stock', 'account', 'base_import'];

/**
 * Threaded Odoo serves /websocket on its HTTP port; prefork refuses it there (the gevent worker has
 * its own port). Anything else (a proxy, the emulator) says nothing either way.
 */
async function workerMode(url: string): Promise<'threaded' | 'prefork' | 'unknown'> {
  try {
    const response = await fetch(`${url.replace(/\/+$/, '')}/websocket`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
      signal: AbortSignal.timeout(5000),
    });
    if (response.status === 101) return 'threaded';
    const text = await response.text();
    return /evented port|Couldn't bind the websocket/i.test(text) ? 'prefork' : 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function doctor(): Promise<number> {
  let healthy = true;
  const line = (ok: boolean, what: string, detail: string) => {
    if (!ok) healthy = false;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what.padEnd(12)} ${detail}`);
  };
  try {
    const k6 = await ensureK6((message) => console.log(`     ${message}`));
    line(true, 'k6', `v${k6.version} (${k6.source}: ${k6.path})`);
  } catch (error) {
    line(false, 'k6', (error as Error).message);
  }
  line(true, 'node', process.version);
  const go = findExecutable('go', ['/usr/local/go/bin']);
  line(
    true,
    'go',
    go ? (await run(go, ['version'])).stdout.trim() : 'not found (only needed to build k6)',
  );
  const initdb = findExecutable('initdb', postgresBinDirs());
  line(
    true,
    'postgresql',
    initdb
      ? initdb.replace(/\/initdb$/, '')
      : 'not found (installed on first local run, as root from Debian packages)',
  );
  const remote = remoteTargetFromEnv();
  if (remote) {
    try {
      const checked = await preflight(remote, remote.password);
      line(
        true,
        'target',
        `${remote.url} Odoo ${checked.serverVersion}, ${remote.login} uid ${checked.uid}, companies ${checked.companyIds.join(', ')}`,
      );
      if (checked.version < 16)
        line(
          false,
          'version',
          `Odoo ${checked.serverVersion} is older than the 16.0 the suite is written for`,
        );
      const odoo = new NodeOdooClient(
        { url: remote.url, db: remote.db, login: remote.login, auth: 'session' },
        remote.password,
      );
      await odoo.login();
      const installed = (
        await odoo.callModel<{ name: string }[]>('ir.module.module', 'search_read', {
          domain: [
            ['state', '=', 'installed'],
            ['name', 'in', [...REQUIRED_MODULES, 'stock_barcode']],
          ],
          fields: ['name'],
        })
      ).map((m) => m.name);
      const missing = REQUIRED_MODULES.filter((module) => !installed.includes(module));
      line(
        missing.length === 0,
        'modules',
        missing.length
          ? `missing ${missing.join(', ')}`
          : `${REQUIRED_MODULES.join(', ')} installed${installed.includes('stock_barcode') ? ', and stock_barcode (Enterprise barcode app)' : ''}`,
      );
      const mode = await workerMode(remote.url);
      line(
        mode !== 'threaded',
        'workers',
        mode === 'threaded'
          ? 'the server answers websockets on its HTTP port: threaded mode (--workers 0); a load test of it measures the wrong thing'
          : mode === 'prefork'
            ? 'prefork (--workers > 0)'
            : 'not detectable from outside',
      );
    } catch (error) {
      line(false, 'target', (error as Error).message);
    }
  } else {
    line(true, 'target', 'ODOO_URL not set: runs use the built-in emulator');
  }
  return healthy ? EXIT.ok : EXIT.missingTool;
}
