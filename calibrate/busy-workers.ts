/**
 * How many workers were busy while each logged request ran, from the log alone: a request held its
 * worker for its SQL plus Python seconds before its line was written, so it overlapped every
 * request whose interval crosses its own. Averaged over the request's time, itself included.
 */
import type { LoggedRequest } from '../judge/server-log.ts';

export interface TimedRequest extends LoggedRequest {
  start: number;
  /** Mean busy workers while it ran (1 = alone). */
  busy: number;
}

export function withBusyWorkers(requests: LoggedRequest[]): TimedRequest[] {
  const timed = requests
    .map((request) => ({
      ...request,
      start: request.end - (request.sqlSeconds + request.pythonSeconds) * 1000,
      busy: 1,
    }))
    .sort((a, b) => a.start - b.start);
  // Earlier starters still running: a handful (the workers), however long the log or any request.
  let running: TimedRequest[] = [];
  for (let i = 0; i < timed.length; i++) {
    const request = timed[i]!;
    running = running.filter((earlier) => earlier.end > request.start);
    const length = request.end - request.start;
    if (length > 0) {
      let overlap = 0;
      for (const earlier of running) overlap += overlapOf(request, earlier);
      for (let j = i + 1; j < timed.length && timed[j]!.start < request.end; j++)
        overlap += overlapOf(request, timed[j]!);
      request.busy = 1 + overlap / length;
    }
    running.push(request);
  }
  return timed;
}

const overlapOf = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
