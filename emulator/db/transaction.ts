/**
 * One request = one REPEATABLE READ transaction, retried like `odoo.service.model.retrying`
 * (docs/odoo-protocol.md §5.1–5.2): on 40001 / 55P03 / 40P01, up to 5 attempts with a random back-off.
 */
import pg from 'pg';
import { RETRYABLE_SQLSTATES } from '../errors.ts';
import { ERRORCODE_NAMES, type RequestPerf } from '../odoo-log.ts';

// Odoo serializes dates and datetimes as strings and numbers as floats (docs/odoo-protocol.md §0).
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (value) => value.slice(0, 19));
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** Odoo's MAX_TRIES_ON_CONCURRENCY_FAILURE. */
export const MAX_TRIES = 5;

/** Retry counters, exposed on the emulator's stats endpoint so tests can see conflicts. */
export interface RetryStats {
  retries: number;
  exhausted: number;
  bySqlstate: Record<string, number>;
}

export interface TransactionOptions {
  /** Multiplies Odoo's `uniform(0, 2**attempt)` seconds back-off; 1 is Odoo, 0 retries at once. */
  backoffScale: number;
  stats: RetryStats;
  log?: (line: string) => void;
  /** Aborted when the request's worker was killed: the work is rolled back, never committed. */
  signal?: AbortSignal;
  /** A first statement sent with BEGIN in one round trip (it fixes the snapshot); trusted SQL only. */
  firstStatement?: string;
  /** The request's query count and SQL time, as Odoo's cursor counts them for its log line. */
  perf?: RequestPerf;
}

/** The client, with every query counted and timed into `perf`. */
function counted(client: pg.PoolClient, perf: RequestPerf | undefined): pg.PoolClient {
  if (!perf) return client;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver);
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await query(...args);
        } finally {
          perf.queries++;
          perf.sqlMs += performance.now() - started;
        }
      };
    },
  });
}

export const newRetryStats = (): RetryStats => ({ retries: 0, exhausted: 0, bySqlstate: {} });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` in a REPEATABLE READ transaction, committing on success and retrying conflicts. */
export async function inTransaction<T>(
  pool: pg.Pool,
  options: TransactionOptions,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = counted(await pool.connect(), options.perf);
    // PostgreSQL gone while this request holds the connection between two queries (spending its
    // modelled time): the error must fail the request, as a dead cursor fails Odoo's, not the server.
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await client.query(
        `BEGIN ISOLATION LEVEL REPEATABLE READ${options.firstStatement ? `; ${options.firstStatement}` : ''}`,
      );
      const result = await work(client);
      if (options.signal?.aborted)
        throw new Error('worker killed (limit_time_real): transaction rolled back');
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const sqlstate = (error as { code?: string }).code ?? '';
      if (!(sqlstate in RETRYABLE_SQLSTATES)) throw error;
      options.stats.bySqlstate[sqlstate] = (options.stats.bySqlstate[sqlstate] ?? 0) + 1;
      if (attempt >= MAX_TRIES) {
        options.stats.exhausted++;
        options.log?.(`${ERRORCODE_NAMES[sqlstate]}, maximum number of tries reached!`);
        throw error;
      }
      options.stats.retries++;
      const waitSeconds = Math.random() * 2 ** attempt * options.backoffScale;
      options.log?.(
        `${ERRORCODE_NAMES[sqlstate]}, ${MAX_TRIES - attempt} tries left, try again in ${waitSeconds.toFixed(4)} sec...`,
      );
      await sleep(waitSeconds * 1000);
    } finally {
      client.off('error', onError);
      // A broken connection is closed rather than handed to the next request.
      client.release(broken);
    }
  }
}
