/**
 * The people's distance from Odoo, made real: one latency proxy (Toxiproxy) in front of the target
 * per distinct round trip, and each role's way in through its own. Every HTTP exchange of that role
 * — a rep's 40 calls to key an order, a browser's page loads — then pays the round trip, against the
 * emulator and a real Odoo alike. Nobody away: no proxy at all.
 */
import { ROLES, type Role } from '../contract/index.ts';
import { LocalToxiproxy } from '../services/toxiproxy.ts';
import { isLoopback } from './target.ts';

export interface PeopleDistance {
  /** Each role whose people are away, and the URL they reach Odoo by. */
  urlByRole: Partial<Record<Role, string>>;
  stop: () => Promise<void>;
}

const NOBODY_AWAY: PeopleDistance = { urlByRole: {}, stop: async () => undefined };

export async function placePeople(
  targetUrl: string,
  roundTrips: Record<Role, number>,
  log: (line: string) => void,
): Promise<PeopleDistance> {
  const distances = [...new Set(ROLES.map((role) => roundTrips[role]).filter((ms) => ms > 0))];
  if (distances.length === 0) return NOBODY_AWAY;
  const target = new URL(targetUrl);
  // A remote Odoo is already as far as it is from this machine: nothing is added to it.
  if (!isLoopback(targetUrl)) {
    log(
      `people: ${target.hostname} is not on this machine: its people are where this machine is (the profile's round trips are added on loopback targets only)`,
    );
    return NOBODY_AWAY;
  }
  const upstream = `${target.hostname}:${target.port || (target.protocol === 'https:' ? 443 : 80)}`;
  const proxy = await LocalToxiproxy.start(log);
  try {
    const urlByRole: Partial<Record<Role, string>> = {};
    for (const ms of distances) {
      const route = await proxy.route(`people-${ms}ms`, upstream);
      await proxy.setRoundTrip(route.name, ms);
      const roles = ROLES.filter((role) => roundTrips[role] === ms);
      for (const role of roles) urlByRole[role] = `${target.protocol}//${route.listen}`;
      log(`people: ${roles.join(', ')} ${ms} ms away from Odoo (latency proxy ${route.listen})`);
    }
    return { urlByRole, stop: () => proxy.stop() };
  } catch (error) {
    await proxy.stop();
    throw error;
  }
}
