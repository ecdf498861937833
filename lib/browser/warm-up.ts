/**
 * Odoo builds each asset bundle of its login page and web client the first time a browser asks for
 * it after a deployment or a module update, and keeps it: 0.6–4.8 s of a worker per bundle, and two
 * workers asked at once both build it (a fresh Odoo 18 built web.assets_web.min.js twice, 3.4 and
 * 3.5 s, while both browser users logged in and the protocol load queued behind them). A peak day
 * runs on a server whose bundles were built long before, so setup asks for every bundle the two pages
 * name, and the web client's bus worker, once, before the load; on a server that has them this costs
 * it a few milliseconds.
 */
import type { OdooSession } from '../odoo/index.ts';

/** Bundle URLs as the pages name them (`src`, `href`, or inside the page's own scripts). */
const BUNDLE = /\/web\/assets\/[^"'\s<>)\\]+/g;

export interface WarmUp {
  bundles: number;
  ms: number;
  /** Why a page gave no bundles to ask for; the browser users will meet the same. */
  problem?: string;
}

const bundlesOf = (html: string) => [...new Set(html.match(BUNDLE) ?? [])];

/** Built on first demand too, but named by the web client's scripts, not its page: its bus worker. */
const LAZY = ['/bus/websocket_worker_bundle'];

/** The login page (asked without a session) and the web client (with `session`): their bundles, one by one. */
export function warmWebClientAssets(anonymous: OdooSession, session: OdooSession): WarmUp {
  const started = Date.now();
  const home = session.version >= 18 ? '/odoo' : '/web';
  const pages = [anonymous.page('/web/login', true), session.page(home, true)];
  let bundles = 0;
  for (const [i, page] of pages.entries()) {
    if (page.status !== 200)
      return {
        bundles,
        ms: Date.now() - started,
        problem: `${i === 0 ? '/web/login' : home} answered HTTP ${page.status}`,
      };
    for (const url of bundlesOf(String(page.body)))
      if ((i === 0 ? anonymous : session).page(url, false).status === 200) bundles += 1;
  }
  for (const url of LAZY) if (session.page(url, false).status === 200) bundles += 1;
  return { bundles, ms: Date.now() - started };
}
