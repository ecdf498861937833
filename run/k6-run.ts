/**
 * Runs a bundled scenario with k6, passing the resolved plan and the password through the
 * environment only. A first stop signal stops k6 gracefully (it still writes its summary); a second
 * stops it at once, and a k6 that still lingers is killed. No process k6 started outlives it.
 */
import { spawn } from 'node:child_process';
import type { RunPlan } from '../contract/index.ts';

export interface K6RunOptions {
  k6: string;
  /** Path of the bundled script, e.g. dist/order-confirmation.js. */
  script: string;
  /** What the script reads as ODOO_LOAD_PLAN: a whole plan, as lib/config.ts expects one (none for a script that reads no plan). */
  plan?: RunPlan;
  password: string;
  summaryPath: string;
  /** Extra environment for the script (never secrets other than the password above). */
  env?: Record<string, string>;
  /** Extra `--out` outputs, e.g. `json=…` or `influxdb=…`. */
  outputs?: string[];
  /** Further k6 arguments (execution segments of one instance among several). */
  args?: string[];
  onLine: (line: string) => void;
  /** Loopback port for k6's REST API (progress is read from it). */
  apiPort: number;
  /** Aborted on the first Ctrl-C: k6 stops gracefully. */
  signal?: AbortSignal;
  /** Aborted on the second: k6 stops now. */
  hardSignal?: AbortSignal;
  /** Called with k6's process id once it runs. */
  onStart?: (pid: number) => void;
}

export interface K6Exit {
  /** k6's exit code; null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export { K6_EXIT } from '../contract/index.ts';

/**
 * Whatever k6 started and left behind (Chromium's processes when k6 was killed, or stopped before it
 * closed its browsers) is in k6's process group: k6 leads it, and the browser module starts
 * Chromium without a group of its own.
 */
function killLeftovers(pid: number | undefined) {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing was left.
  }
}

export function runK6(options: K6RunOptions): Promise<K6Exit> {
  const args = [
    'run',
    '--quiet',
    `--summary-export=${options.summaryPath}`,
    '--summary-trend-stats=avg,min,med,p(90),p(95),p(99),max',
    // k6's REST API on a free loopback port, so runs side by side never fight over 6565.
    '--address',
    `127.0.0.1:${options.apiPort}`,
    ...(options.outputs ?? []).flatMap((output) => ['--out', output]),
    ...(options.args ?? []),
    options.script,
  ];
  return new Promise((done, fail) => {
    const child = spawn(options.k6, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches the CLI only, which signals k6 once per
      // Ctrl-C (k6 would otherwise get two on the first, and stop at once).
      detached: true,
      env: {
        ...process.env,
        ...(options.plan ? { ODOO_LOAD_PLAN: JSON.stringify(options.plan) } : {}),
        ODOO_PASSWORD: options.password,
        // k6 phones home for usage statistics unless told not to; this machine may have no network.
        K6_NO_USAGE_REPORT: 'true',
        ...options.env,
      },
    });
    if (child.pid) options.onStart?.(child.pid);
    let buffered = '';
    const forward = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(options.onLine);
    };
    child.stdout!.on('data', forward);
    child.stderr!.on('data', forward);
    const graceful = () => child.kill('SIGINT');
    let killer: NodeJS.Timeout | undefined;
    const immediate = () => {
      // k6 stops at once on a second interrupt; one that lingers is killed.
      child.kill('SIGINT');
      killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    };
    options.signal?.addEventListener('abort', graceful, { once: true });
    options.hardSignal?.addEventListener('abort', immediate, { once: true });
    if (options.signal?.aborted) graceful();
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      killLeftovers(child.pid);
      options.signal?.removeEventListener('abort', graceful);
      options.hardSignal?.removeEventListener('abort', immediate);
      if (buffered) options.onLine(buffered);
      done({ code, signal });
    });
  });
}
