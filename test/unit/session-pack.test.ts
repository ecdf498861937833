/** People's sessions packed for setup data: what they share held once, every person given back whole. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionSnapshot } from '../../lib/odoo/index.ts';
import { fieldAt, packSessions, sessionAt } from '../../lib/people/session-pack.ts';

const person = (i: number, login: string, uid: number): SessionSnapshot => ({
  login,
  auth: 'session',
  sessionId: `sid-${i}`,
  uid,
  version: 17,
  companyIds: [1, 2],
  context: { lang: 'en_US', tz: 'Europe/Brussels', uid },
});

test('reps sharing one account: only their session ids travel per person', () => {
  const reps = Array.from({ length: 3 }, (_, i) => person(i, 'admin', 2));
  const pack = packSessions(reps);
  assert.deepEqual(Object.keys(pack.each), ['sessionId']);
  assert.deepEqual(pack.each.sessionId, ['sid-0', 'sid-1', 'sid-2']);
  for (const [i, rep] of reps.entries()) assert.deepEqual(sessionAt(pack, i), rep);
});

test('pickers with logins of their own: what differs travels per person, and each comes back whole', () => {
  const pickers = [person(0, 'picker01', 7), person(1, 'picker02', 8), person(2, 'picker01', 7)];
  const pack = packSessions(pickers);
  assert.deepEqual(Object.keys(pack.each).sort(), ['context', 'login', 'sessionId', 'uid']);
  assert.equal(pack.same.version, 17);
  for (const [i, picker] of pickers.entries()) assert.deepEqual(sessionAt(pack, i), picker);
  assert.equal(fieldAt(pack, 1, 'login'), 'picker02');
});

test('no one: an empty pack', () => {
  assert.deepEqual(packSessions([]), { count: 0, same: {}, each: {} });
});
