/** The web channel over a k6 session: each web-client call is a JSON-RPC post with the session cookie. */
import type { OdooSession } from '../odoo/index.ts';
import type { WebTransport } from './client.ts';

export const sessionTransport = (session: OdooSession): WebTransport => ({
  call: (path, params, model, method) => session.callRoute(path, params, method, model),
});
