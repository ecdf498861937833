/**
 * Where a run streams its samples: nowhere, the project's own InfluxDB 1.x (`local`, started here
 * and stopped with the run), or an InfluxDB URL with its database (`http://host:8086/odoo_load`).
 */

import { INFLUX_DATABASE, LocalInflux } from '../services/influxdb.ts';
import { localDir } from '../services/local-dir.ts';

export interface Streaming {
  /** k6's `--out influxdb=` value; undefined when not streaming. */
  target?: string;
  stop: () => Promise<void>;
}

export async function startStreaming(
  influx: string | undefined,
  log: (line: string) => void,
): Promise<Streaming> {
  if (influx !== 'local') return { target: influx || undefined, stop: async () => undefined };
  const local = new LocalInflux({ root: localDir('influxdb'), port: 0, log });
  const url = await local.start();
  return { target: `${url}/${INFLUX_DATABASE}`, stop: () => local.stop() };
}
