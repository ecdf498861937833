/** Public face of the web channel: the web client's flows and what they run over. */
export type { WebTransport, WebUser, WindowAction } from './client.ts';
export { FlowStop, WebClient } from './client.ts';
export type { DeliveryInput, DeliveryResult } from './delivery.ts';
export { validateDelivery } from './delivery.ts';
export type { WebAction, WebDialect } from './dialect.ts';
export { WEB_ACTIONS, WEB_CLIENT_VERSIONS, webDialect } from './dialect.ts';
export type { InvoiceEntryInput, InvoiceEntryResult } from './invoice-entry.ts';
export { enterInvoice } from './invoice-entry.ts';
export type { OrderEntryInput, OrderEntryResult, Pickable } from './order-entry.ts';
export { enterOrder } from './order-entry.ts';
export { sessionTransport } from './session-transport.ts';
