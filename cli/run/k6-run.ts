/** Runs a bundled scenario with k6, passing the resolved plan and the password through the environment only. */
import { spawn } from 'node:child_process';

export interface K6RunOptions {
  k6: string;
  /** Path of the bundled script, e.g. dist/order-confirmation.js. */
  script: string;
  plan: unknown;
  password: string;
  summaryPath: string;
  /** Extra environment for the script (never secrets other than the password above). */
  env?: Record<string, string>;
  /** Extra `--out` outputs, e.g. `json=…` or `influxdb=…`. */
  outputs?: string[];
  onLine: (line: string) => void;
  /** Resolves with a stop function once k6 runs, so Ctrl-C can stop k6 gracefully. */
  onStart?: (stop: () => void) => void;
  /** Loopback port for k6's REST API (progress is read from it). */
  apiPort: number;
}

/** k6's own exit codes (its errext/exitcodes): thresholds crossed, script exception, exec.test.abort(). */
export const K6_EXIT = { thresholdsFailed: 99, scriptException: 107, scriptAborted: 108 } as const;

export function runK6(options: K6RunOptions): Promise<number> {
  const args = [
    'run',
    '--quiet',
    `--summary-export=${options.summaryPath}`,
    '--summary-trend-stats=avg,min,med,p(90),p(95),p(99),max',
    // k6's REST API on a free loopback port, so runs side by side never fight over 6565.
    '--address',
    `127.0.0.1:${options.apiPort}`,
    ...(options.outputs ?? []).flatMap((output) => ['--out', output]),
    options.script,
  ];
  return new Promise((done, fail) => {
    const child = spawn(options.k6, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ODOO_LOAD_PLAN: JSON.stringify(options.plan),
        ODOO_PASSWORD: options.password,
        // k6 phones home for usage statistics unless told not to; this machine may have no network.
        K6_NO_USAGE_REPORT: 'true',
        ...options.env,
      },
    });
    let buffered = '';
    const forward = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(options.onLine);
    };
    child.stdout!.on('data', forward);
    child.stderr!.on('data', forward);
    child.on('error', fail);
    child.on('close', (code) => {
      if (buffered) options.onLine(buffered);
      done(code ?? 1);
    });
    options.onStart?.(() => child.kill('SIGINT'));
  });
}
