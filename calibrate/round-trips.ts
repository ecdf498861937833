/**
 * A call's database round trips, measured: how much its time grew per millisecond between Odoo and
 * PostgreSQL, from requests served with the database at two distances or more (a capacity sweep of
 * --db-rtt through a latency proxy). Odoo's own count of queries leaves out what each transaction
 * sends beside them, so this, not the count, is what a farther database costs a call.
 */

export interface DistancedRequest {
  call: string;
  /** The request's time in its worker (SQL and Python), in ms. */
  ms: number;
  /** Milliseconds each round trip paid between Odoo and PostgreSQL while it ran. */
  databaseRoundTripMs: number;
}

/** Requests a call needs at each distance for its round trips to be told. */
const MIN_PER_DISTANCE = 3;

/**
 * Per call seen at two distances or more, the least-squares slope of its time on the distance:
 * milliseconds per millisecond, round trips. Calls seen at one distance are left out.
 */
export function fitRoundTrips(requests: DistancedRequest[]): Map<string, number> {
  const byCall = new Map<string, DistancedRequest[]>();
  for (const request of requests) {
    const own = byCall.get(request.call);
    if (own) own.push(request);
    else byCall.set(request.call, [request]);
  }
  const fitted = new Map<string, number>();
  for (const [call, own] of byCall) {
    // Each distance weighs as one point, its mean: many requests at one distance cannot tilt it.
    const means = [...groupBy(own, (request) => request.databaseRoundTripMs)]
      .filter(([, group]) => group.length >= MIN_PER_DISTANCE)
      .map(([x, group]) => ({ x, y: group.reduce((sum, r) => sum + r.ms, 0) / group.length }));
    if (means.length < 2) continue;
    const meanX = means.reduce((sum, p) => sum + p.x, 0) / means.length;
    const meanY = means.reduce((sum, p) => sum + p.y, 0) / means.length;
    const sxx = means.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
    const sxy = means.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
    fitted.set(call, Math.max(0, Math.round((sxy / sxx) * 10) / 10));
  }
  return fitted;
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const own = groups.get(key(item));
    if (own) own.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
