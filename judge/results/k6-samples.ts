/**
 * Reads k6's JSON output (`--out json=…`, gzipped or not) one line at a time: metric declarations
 * and points. A run stopped hard can leave a truncated file; what was written is still read.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export type K6MetricType = 'counter' | 'gauge' | 'rate' | 'trend';

export interface Sample {
  metric: string;
  type: K6MetricType;
  /** Milliseconds since the epoch. */
  time: number;
  value: number;
  tags: Record<string, string>;
}

interface Line {
  type: 'Metric' | 'Point';
  metric: string;
  data: {
    type?: K6MetricType;
    time?: string;
    value?: number;
    tags?: Record<string, string> | null;
  };
}

/** Every point of one results file, with its metric's type. */
export async function* readSamples(file: string): AsyncGenerator<Sample> {
  if (!existsSync(file)) return;
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const types = new Map<string, K6MetricType>();
  try {
    for await (const text of lines) {
      if (!text) continue;
      let line: Line;
      try {
        line = JSON.parse(text) as Line;
      } catch {
        continue; // the last line of a killed run may be cut short
      }
      if (line.type === 'Metric') {
        if (line.data.type) types.set(line.metric, line.data.type);
        continue;
      }
      if (line.type !== 'Point' || line.data.time === undefined) continue;
      yield {
        metric: line.metric,
        type: types.get(line.metric) ?? 'trend',
        time: Date.parse(line.data.time),
        value: line.data.value ?? 0,
        tags: line.data.tags ?? {},
      };
    }
  } catch (error) {
    // A gzip stream cut short by a killed k6 ends here; keep what was read.
    if (!/unexpected end of file|Z_BUF_ERROR/i.test(String((error as Error).message))) throw error;
  }
}
