/**
 * k6 self-test of people's sessions against the emulator: logins sent as one batch each adopt their
 * own session; a session resumed from its snapshot works without logging in; an expired session
 * (code 100) is renewed once, counted as a renewal, and the call goes through.
 */
import { check } from 'k6';
import http from 'k6/http';
import { OdooSession } from '../../lib/odoo/index.ts';

export const options = { iterations: 1, thresholds: { checks: ['rate==1'] } };

/** The session ids a session's own jar holds (k6 sends them, and keeps what Odoo sets). */
const idsInJar = (session: OdooSession) =>
  (session as unknown as { jar: http.CookieJar }).jar.cookiesForURL(__ENV.ODOO_URL!).session_id ??
  [];
/** The VU's own jar, which k6 empties at each iteration: no person's session may live there. */
const inVuJar = () => 'session_id' in http.cookieJar().cookiesForURL(__ENV.ODOO_URL!);

const target = () => ({ url: __ENV.ODOO_URL!, db: __ENV.ODOO_DB!, auth: 'session' as const });

export default function () {
  const people = [new OdooSession(target()), new OdooSession(target())];
  const responses: http.RefinedResponse<'text'>[] = http.batch(
    people.map((person) =>
      person.loginRequest(__ENV.ODOO_LOGIN!, __ENV.ODOO_PASSWORD!, 'salesRep'),
    ),
  );
  const logins = people.map((person, i) => person.acceptLogin(responses[i]!));
  check(logins, {
    'a batch of logins each adopts a session': (all) => all.every((login) => login.ok),
    'two people of one login get two sessions': () =>
      people[0]!.snapshot().sessionId !== people[1]!.snapshot().sessionId,
    "each session's id is in its own jar, once, and not in the VU's": () =>
      people.every((person, i) => {
        const ids = idsInJar(person);
        return ids.length === 1 && ids[0] === people[i]!.snapshot().sessionId && !inVuJar();
      }),
  });

  const snapshot = people[0]!.snapshot();
  const resumed = OdooSession.resume(target(), snapshot, __ENV.ODOO_PASSWORD!, 'salesRep');
  const read = resumed.callModel<number>('res.partner', 'search_count', { domain: [] });
  check(read, { 'a resumed session calls without logging in': (r) => r.ok && r.value > 0 });

  // The session ends on the server (as an expired one does): the next call renews it once.
  http.post(
    `${__ENV.ODOO_URL}/web/session/destroy`,
    JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: {} }),
    {
      headers: {
        'Content-Type': 'application/json',
        Cookie: `session_id=${snapshot.sessionId}`,
      },
      jar: new http.CookieJar(),
    },
  );
  const after = resumed.callModel<number>('res.partner', 'search_count', { domain: [] });
  check(after, {
    'an expired session is renewed and the call goes through': (r) => r.ok && r.value > 0,
    'the renewed session has a new id': () => resumed.snapshot().sessionId !== snapshot.sessionId,
    'the renewed session is the same user': () => resumed.snapshot().uid === snapshot.uid,
    "the renewed session's id replaced the old one in its jar": () =>
      idsInJar(resumed).length === 1 && idsInJar(resumed)[0] !== snapshot.sessionId,
  });
}
