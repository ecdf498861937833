/**
 * What people do in Odoo's web client, keying work or starting a shift: one pack (lib/on-first-use.ts),
 * so the recorded web clients, the bulk of this code, are in a bundle once, not in two packs.
 */
export * from './shift-start.ts';
export * from './web-channel.ts';
