/** Public face of browser users: a person's shift in Odoo's own web client, in Chromium. */
export { browserShift } from './flows.ts';
export { type WarmUp, warmWebClientAssets } from './warm-up.ts';
