/** Runs the browser users' warm-up once against WARM_URL, and prints what it did as JSON for the test. */

import { warmWebClientAssets } from '../../lib/browser/index.ts';
import { OdooSession } from '../../lib/odoo/index.ts';

export const options = { vus: 1, iterations: 1 };

export default function () {
  const target = { url: __ENV.WARM_URL!, db: 'warm', login: 'rep', auth: 'session' as const };
  const session = OdooSession.resume(
    target,
    {
      login: 'rep',
      auth: 'session',
      sessionId: 'rep-session',
      uid: 2,
      version: Number(__ENV.WARM_VERSION),
      companyIds: [1],
      context: {},
    },
    'unused',
    'salesRep',
  );
  console.log(`WARM ${JSON.stringify(warmWebClientAssets(new OdooSession(target), session))}`);
}
