/**
 * Reads Odoo's server log (odoo/netsvc.py's format, the emulator's too): each answered request's
 * werkzeug line ends with its query count, SQL seconds and remaining (Python) seconds, and
 * `odoo.service.model` logs each serialization failure it retries. Lines are streamed, so a day of
 * log costs memory per distinct call, not per line.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { callOf, type ScenarioCost } from '../contract/index.ts';

/** One call's server time in the window: where it went, from Odoo's own counters. */
export interface ServerTimeRow {
  /** `model.method` (from /web/dataset/call_kw/<model>/<method> or /json/2/<model>/<method>) or the route. */
  call: string;
  requests: number;
  queries: number;
  sqlSeconds: number;
  pythonSeconds: number;
}

export interface ServerLogSummary {
  source: string;
  /** Epoch ms of the window read; lines outside it are skipped. */
  window: { start: number; end: number };
  requests: number;
  sqlSeconds: number;
  pythonSeconds: number;
  /**
   * Worker-seconds spent inside the window: a request that began before it counts from its start
   * (the sums above count each request whole), so busy seconds ÷ the window's seconds is how many
   * workers were busy on average.
   */
  busySeconds: number;
  /** Busiest first. */
  calls: ServerTimeRow[];
  /** Retries Odoo made on its own (the client never saw them), by error code name. */
  retries: Record<string, number>;
  /** Requests whose retries ran out (the client got the concurrency error). */
  retriesExhausted: number;
  /** Workers killed past limit_time_real. */
  workerTimeouts: number;
  /** Lines with a timestamp in the window that were not recognised (other loggers, tracebacks). */
  otherLines: number;
  /** What one business unit of each scenario (each channel) cost, when the run's calls are known. */
  byScenario?: ScenarioCost[];
}

export { callOf };

/** A log's lines; a rotated log (`odoo.log.1.gz`) is read through gunzip. */
const linesOf = (file: string) =>
  createInterface({
    input: file.endsWith('.gz')
      ? createReadStream(file).pipe(createGunzip())
      : createReadStream(file),
    crlfDelay: Infinity,
  });

// "2026-11-22 18:18:32,873 14170 INFO odoo werkzeug: …"
const LINE =
  /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) (\d+) (\w+) (\S+) ([\w.]+): (.*)$/;
const REQUEST = /"[A-Z]+ (\S+) HTTP\/[\d.]+" (\d{3}) \S+ (\d+) ([\d.]+) ([\d.]+)\s*$/;
const RETRY = /^(\w+), \d+ tries left, try again in ([\d.]+) sec/;
const EXHAUSTED = /^(\w+), maximum number of tries reached!/;
const TIMEOUT = /timeout after \d+s/;

/** Odoo's asctime is the server's local time; read it in this machine's time zone. */
const timeOf = (m: RegExpExecArray) =>
  new Date(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    Number(m[7]),
  ).getTime();

/** The log's lines in the window, split into Odoo's fields (other lines skipped). */
async function* linesIn(file: string, window: { start: number; end: number }) {
  for await (const text of linesOf(file)) {
    const line = LINE.exec(text);
    if (!line) continue;
    const at = timeOf(line);
    if (at < window.start || at > window.end) continue;
    yield { at, pid: line[8]!, logger: line[11]!, message: line[12]! };
  }
}

export async function readServerLog(
  file: string,
  window: { start: number; end: number },
): Promise<ServerLogSummary> {
  const calls = new Map<string, ServerTimeRow>();
  const summary: ServerLogSummary = {
    source: file,
    window,
    requests: 0,
    sqlSeconds: 0,
    pythonSeconds: 0,
    busySeconds: 0,
    calls: [],
    retries: {},
    retriesExhausted: 0,
    workerTimeouts: 0,
    otherLines: 0,
  };
  for await (const { at, logger, message } of linesIn(file, window)) {
    const request = logger === 'werkzeug' ? REQUEST.exec(message) : null;
    if (request) {
      const call = callOf(request[1]!);
      const row = calls.get(call) ?? {
        call,
        requests: 0,
        queries: 0,
        sqlSeconds: 0,
        pythonSeconds: 0,
      };
      row.requests++;
      row.queries += Number(request[3]);
      row.sqlSeconds += Number(request[4]);
      row.pythonSeconds += Number(request[5]);
      calls.set(call, row);
      summary.requests++;
      summary.sqlSeconds += Number(request[4]);
      summary.pythonSeconds += Number(request[5]);
      const seconds = Number(request[4]) + Number(request[5]);
      summary.busySeconds += Math.min(seconds, (at - window.start) / 1000);
      continue;
    }
    const retry = logger === 'odoo.service.model' ? RETRY.exec(message) : null;
    const exhausted = logger === 'odoo.service.model' ? EXHAUSTED.exec(message) : null;
    if (retry) summary.retries[retry[1]!] = (summary.retries[retry[1]!] ?? 0) + 1;
    else if (exhausted) summary.retriesExhausted++;
    else if (logger === 'odoo.service.server' && TIMEOUT.test(message)) summary.workerTimeouts++;
    else summary.otherLines++;
  }
  summary.calls = [...calls.values()].sort(
    (a, b) => b.sqlSeconds + b.pythonSeconds - (a.sqlSeconds + a.pythonSeconds),
  );
  return summary;
}

/** One answered request as Odoo logged it, with the retries its worker made before answering. */
export interface LoggedRequest {
  /** Epoch ms the werkzeug line was written: the request's end. */
  end: number;
  /** The worker process: a prefork worker serves one request at a time. */
  pid: string;
  call: string;
  queries: number;
  sqlSeconds: number;
  pythonSeconds: number;
  /** Serialization failures retried inside this request, and the seconds it slept between tries. */
  retries: number;
  retrySleepSeconds: number;
}

/**
 * Every answered request in the window, in log order. A retry line carries no call, but its
 * worker logs it before the werkzeug line of the request it belongs to, so retries are pinned to
 * the next request line of the same process.
 */
export async function* loggedRequests(
  file: string,
  window: { start: number; end: number },
): AsyncGenerator<LoggedRequest> {
  const pending = new Map<string, { retries: number; sleep: number }>();
  for await (const { at, pid, logger, message } of linesIn(file, window)) {
    const retry = logger === 'odoo.service.model' ? RETRY.exec(message) : null;
    if (retry) {
      const entry = pending.get(pid) ?? { retries: 0, sleep: 0 };
      entry.retries++;
      entry.sleep += Number(retry[2]);
      pending.set(pid, entry);
      continue;
    }
    const request = logger === 'werkzeug' ? REQUEST.exec(message) : null;
    if (!request) continue;
    const retried = pending.get(pid);
    pending.delete(pid);
    yield {
      end: at,
      pid,
      call: callOf(request[1]!),
      queries: Number(request[3]),
      sqlSeconds: Number(request[4]),
      pythonSeconds: Number(request[5]),
      retries: retried?.retries ?? 0,
      retrySleepSeconds: retried?.sleep ?? 0,
    };
  }
}
