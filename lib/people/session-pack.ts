/**
 * One role's sessions as they travel in setup data. k6 gives every VU its own parsed copy of the
 * setup data, so what it holds is paid VUs × people times (with the operators' deliveries packed
 * too, a 2,000-person peak-day went from 8,059 MiB to 6,093: docs/scale.md). Packed, what the role's people share (their auth,
 * version, companies, context — and their login and uid when they share an account) is held once,
 * and per person only what differs, in flat arrays: about a session id's string each.
 */
import type { SessionSnapshot } from '../odoo/index.ts';

type Field = keyof SessionSnapshot;

export interface SessionPack {
  count: number;
  /** The fields every session of the role has alike. */
  same: Partial<SessionSnapshot>;
  /** The fields that differ, one value per person, in the plan's order. */
  each: { [K in Field]?: SessionSnapshot[K][] };
}

const FIELDS: Field[] = ['login', 'auth', 'sessionId', 'uid', 'version', 'companyIds', 'context'];

export function packSessions(snapshots: SessionSnapshot[]): SessionPack {
  const pack: SessionPack = { count: snapshots.length, same: {}, each: {} };
  const first = snapshots[0];
  if (!first) return pack;
  for (const field of FIELDS) {
    const key = JSON.stringify(first[field]);
    if (snapshots.every((snapshot) => JSON.stringify(snapshot[field]) === key))
      Object.assign(pack.same, { [field]: first[field] });
    else Object.assign(pack.each, { [field]: snapshots.map((snapshot) => snapshot[field]) });
  }
  return pack;
}

/** One field of the person at `index`, without building their snapshot. */
export function fieldAt<K extends Field>(
  pack: SessionPack,
  index: number,
  field: K,
): SessionSnapshot[K] {
  const each = pack.each[field] as SessionSnapshot[K][] | undefined;
  return each ? each[index]! : (pack.same[field] as SessionSnapshot[K]);
}

/** The snapshot of the person at `index`. */
export function sessionAt(pack: SessionPack, index: number): SessionSnapshot {
  return Object.fromEntries(
    FIELDS.map((field) => [field, fieldAt(pack, index, field)]),
  ) as unknown as SessionSnapshot;
}
