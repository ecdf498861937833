/** Public face of the Odoo client: scenarios import only from here. */
export { OdooSession } from './client.ts';
export type { AuthMode, OdooContext, OdooTarget, RpcResult, SessionInfo } from './client.ts';
export { ERROR_KINDS, OdooRpcError, classifyFault } from './errors.ts';
export type { ErrorKind } from './errors.ts';
export { versionFields } from './versions.ts';
