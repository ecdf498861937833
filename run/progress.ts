/**
 * Progress while k6 runs, read from k6's own REST API on loopback: elapsed / planned time, VUs,
 * iterations and their rate, Odoo errors. One line every `everySeconds`.
 */
export interface ProgressOptions {
  /** k6's `--address` ports, one per instance: progress is their sum. */
  ports: number[];
  /** Planned length of the run in seconds (longest start time + duration of its scenarios). */
  plannedSeconds: number;
  everySeconds: number;
  print: (line: string) => void;
}

interface Attributes {
  vus?: number;
  running?: boolean;
  sample?: { count?: number; rate?: number; value?: number };
}

const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

async function attributes(port: number, path: string): Promise<Attributes | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/v1/${path}`, {
      signal: AbortSignal.timeout(2000),
    });
    if (!response.ok) return undefined;
    return ((await response.json()) as { data: { attributes: Attributes } }).data.attributes;
  } catch {
    return undefined;
  }
}

/** Starts printing progress; the returned function stops it. */
export function startProgress(options: ProgressOptions): () => void {
  const started = Date.now();
  const timer = setInterval(async () => {
    const instances = await Promise.all(
      options.ports.map((port) =>
        Promise.all([
          attributes(port, 'status'),
          attributes(port, 'metrics/iterations'),
          attributes(port, 'metrics/odoo_rpc_errors'),
        ]),
      ),
    );
    const answering = instances.filter(([status]) => status);
    if (!answering.length) return;
    const sum = (pick: (instance: (typeof instances)[number]) => number | undefined) =>
      answering.reduce((total, instance) => total + (pick(instance) ?? 0), 0);
    const elapsed = (Date.now() - started) / 1000;
    const of = options.ports.length > 1 ? ` · ${answering.length} k6 instances` : '';
    options.print(
      `progress: ${clock(elapsed)} / ${clock(options.plannedSeconds)} · ${sum(([status]) => status?.vus)} VUs · ${sum(([, it]) => it?.sample?.count)} iterations (${sum(([, it]) => it?.sample?.rate).toFixed(1)}/s) · ${sum(([, , errors]) => errors?.sample?.count)} Odoo errors${of}`,
    );
  }, options.everySeconds * 1000);
  return () => clearInterval(timer);
}

/** Longest end of any scenario: its start time plus its duration (or maxDuration). */
export function plannedSeconds(
  scenarios: Record<string, Record<string, unknown>>,
  toSeconds: (duration: string) => number,
): number {
  // Browser users end their shift with the load; their maxDuration is only a bound.
  const timed = Object.values(scenarios).filter(
    (scenario) => !(scenario.options as { browser?: unknown } | undefined)?.browser,
  );
  return Math.max(
    0,
    ...timed.map((scenario) => {
      const stages = scenario.stages as { duration: string }[] | undefined;
      const length = stages
        ? stages.reduce((sum, stage) => sum + toSeconds(stage.duration), 0)
        : toSeconds(String(scenario.duration ?? scenario.maxDuration ?? '0s'));
      return toSeconds(String(scenario.startTime ?? '0s')) + length;
    }),
  );
}
