/**
 * One plan split over N k6 processes with k6's execution segments. setup() runs once: every
 * instance starts paused with --no-setup, the first runs setup() through its REST API (POST
 * /v1/setup), the others receive the same data (PUT /v1/setup), then all resume together. So no
 * instance discovers or creates anything twice, and the run id is the plan's, shared by all.
 */
import { K6_EXIT, type K6Exit, type K6RunOptions, runK6 } from './k6-run.ts';

const PLAIN = { 'Content-Type': 'application/json' };

/** "0,1/3,2/3,1" and each instance's "i/N:(i+1)/N". */
export function executionSegments(instances: number): { sequence: string; segments: string[] } {
  const point = (i: number) => (i === 0 ? '0' : i === instances ? '1' : `${i}/${instances}`);
  const points = Array.from({ length: instances + 1 }, (_, i) => point(i));
  return {
    sequence: points.join(','),
    segments: points.slice(0, -1).map((from, i) => `${from}:${points[i + 1]}`),
  };
}

async function api(port: number, path: string, method = 'GET', body?: unknown): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/v1/${path}`, {
    method,
    headers: PLAIN,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${method} /v1/${path}: HTTP ${response.status} ${text.trim()}`);
  return text ? JSON.parse(text) : undefined;
}

/** Waits until an instance's REST API answers (k6 has parsed the script and started paused). */
async function ready(port: number, exited: () => boolean): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 200) {
    if (exited()) throw new Error('k6 exited before it was ready');
    try {
      await api(port, 'status');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`k6's REST API on 127.0.0.1:${port} did not answer within 60 s`);
}

const resume = (port: number) =>
  api(port, 'status', 'PATCH', {
    data: { type: 'status', id: 'default', attributes: { paused: false } },
  });
const stop = (port: number) =>
  api(port, 'status', 'PATCH', {
    data: { type: 'status', id: 'default', attributes: { stopped: true } },
  }).catch(() => undefined);

export interface InstancesResult {
  exits: K6Exit[];
  /** Why setup() failed, when it did (the run is then stopped before any iteration). */
  setupFailed?: string;
}

/**
 * Runs `instances` k6 processes; `perInstance(i)` gives instance i its port, summary and outputs.
 * Resolves when all have ended.
 */
export async function runInstances(
  instances: number,
  base: Omit<K6RunOptions, 'apiPort' | 'summaryPath' | 'outputs' | 'args'>,
  perInstance: (
    index: number,
  ) => Pick<K6RunOptions, 'apiPort' | 'summaryPath' | 'outputs' | 'onStart'>,
): Promise<InstancesResult> {
  const { sequence, segments } = executionSegments(instances);
  const ended: boolean[] = segments.map(() => false);
  const ports = segments.map((_, index) => perInstance(index).apiPort);
  const running = segments.map((segment, index) =>
    runK6({
      ...base,
      ...perInstance(index),
      args: [
        '--paused',
        '--no-setup',
        '--execution-segment',
        segment,
        '--execution-segment-sequence',
        sequence,
      ],
      onLine: (line) => base.onLine(`[k6 ${index + 1}/${instances}] ${line}`),
    }).finally(() => {
      ended[index] = true;
    }),
  );
  let setupFailed: string | undefined;
  try {
    await Promise.all(ports.map((port, index) => ready(port, () => ended[index]!)));
    const answer = (await api(ports[0]!, 'setup', 'POST')) as {
      data: { attributes: { data: unknown } };
    };
    const data = answer.data.attributes.data ?? null;
    await Promise.all(ports.slice(1).map((port) => api(port, 'setup', 'PUT', data)));
    await Promise.all(ports.map(resume));
  } catch (error) {
    setupFailed = (error as Error).message;
    await Promise.all(ports.map(stop));
  }
  return { exits: await Promise.all(running), setupFailed };
}

/** One exit for all: the first instance that failed otherwise than by thresholds, else any failure. */
export function combinedExit(exits: K6Exit[]): K6Exit {
  return (
    exits.find((exit) => exit.code !== 0 && exit.code !== K6_EXIT.thresholdsFailed) ??
    exits.find((exit) => exit.code !== 0) ??
    exits[0]!
  );
}
