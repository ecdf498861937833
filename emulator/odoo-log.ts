/**
 * Odoo's server log, line for line (odoo/netsvc.py): `%(asctime)s %(pid)s %(levelname)s %(dbname)s
 * %(name)s: %(message)s %(perf_info)s`, where a request's werkzeug line ends with its query count,
 * SQL seconds and remaining (Python) seconds, and `odoo.service.model` logs every retry of a
 * serialization failure. `odoo-load --odoo-log` reads these lines the same way from either server.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** What a request spent, as Odoo counts it per thread (sql_db.py, PerfFilter). */
export interface RequestPerf {
  startedAt: number;
  queries: number;
  sqlMs: number;
}

/** psycopg2.errorcodes.lookup: the names Odoo's retry lines use. */
export const ERRORCODE_NAMES: Record<string, string> = {
  '40001': 'SERIALIZATION_FAILURE',
  '55P03': 'LOCK_NOT_AVAILABLE',
  '40P01': 'DEADLOCK_DETECTED',
};

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const two = (n: number) => String(n).padStart(2, '0');

/** Python logging's asctime: "2026-11-22 18:18:32,873", local time. */
function asctime(date: Date): string {
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())},${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** werkzeug's log_date_time_string: "22/Nov/2026 18:18:32". */
function werkzeugTime(date: Date): string {
  return `${two(date.getDate())}/${MONTHS[date.getMonth()]}/${date.getFullYear()} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

export class OdooLog {
  private readonly stream?: WriteStream;

  constructor(
    file: string,
    private readonly dbName: string,
    /** Also prints retry and timeout lines (the emulator's --log-retries). */
    private readonly echo?: (line: string) => void,
  ) {
    if (!file) return;
    // The log's folder (a run's or a test's own) is made rather than failing the start on it.
    mkdirSync(dirname(file), { recursive: true });
    this.stream = createWriteStream(file, { flags: 'w' });
  }

  /** Whether lines go anywhere: without a file, nobody needs a request's counters. */
  get writes(): boolean {
    return this.stream !== undefined;
  }

  private write(level: string, db: string, logger: string, message: string, perf = ''): string {
    const line = `${asctime(new Date())} ${process.pid} ${level} ${db} ${logger}: ${message} ${perf}`;
    this.stream?.write(`${line}\n`);
    return line;
  }

  /** A line outside any request's werkzeug line (retries, worker timeouts); `db` '?' for none. */
  line(
    level: 'INFO' | 'WARNING' | 'ERROR',
    logger: string,
    message: string,
    db = this.dbName,
  ): void {
    const line = this.write(level, db, logger, message);
    this.echo?.(line);
  }

  /** The werkzeug line of an answered request, with Odoo's perf_info. */
  request(
    ip: string,
    method: string,
    url: string,
    httpVersion: string,
    status: number,
    perf: RequestPerf,
  ): void {
    if (!this.stream) return;
    const totalSeconds = (performance.now() - perf.startedAt) / 1000;
    const sqlSeconds = Math.min(perf.sqlMs / 1000, totalSeconds);
    this.write(
      'INFO',
      this.dbName,
      'werkzeug',
      `${ip} - - [${werkzeugTime(new Date())}] "${method} ${url} HTTP/${httpVersion}" ${status} -`,
      `${perf.queries} ${sqlSeconds.toFixed(3)} ${(totalSeconds - sqlSeconds).toFixed(3)}`,
    );
  }

  close(): Promise<void> {
    return new Promise((done) => (this.stream ? this.stream.end(done) : done()));
  }
}
