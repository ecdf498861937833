/** `odoo-load doctor`: is everything a run needs here? Builds k6 when missing; checks ODOO_URL when set. */
import { EXIT } from '../run/exit-codes.ts';
import { preflight } from '../run/preflight.ts';
import { remoteTargetFromEnv } from '../run/target.ts';
import { ensureK6 } from '../services/k6.ts';
import { findExecutable, postgresBinDirs, run } from '../services/process.ts';

export const DOCTOR_HELP = `odoo-load doctor

Checks the tools and the target: k6 (built with Go into .tools/bin when missing), Node.js, Go,
PostgreSQL's binaries, and, when ODOO_URL is set, that the target answers and accepts the credentials.`;

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
  line(true, 'go', go ? (await run(go, ['version'])).stdout.trim() : 'not found (only needed to build k6)');
  const initdb = findExecutable('initdb', postgresBinDirs());
  line(true, 'postgresql', initdb ? initdb.replace(/\/initdb$/, '') : 'not found (installed on first local run, as root from Debian packages)');
  const remote = remoteTargetFromEnv();
  if (remote) {
    try {
      const checked = await preflight(remote, remote.password);
      line(true, 'target', `${remote.url} Odoo ${checked.serverVersion}, ${remote.login} uid ${checked.uid}, companies ${checked.companyIds.join(', ')}`);
    } catch (error) {
      line(false, 'target', (error as Error).message);
    }
  } else {
    line(true, 'target', 'ODOO_URL not set: runs use the built-in emulator');
  }
  return healthy ? EXIT.ok : EXIT.missingTool;
}
