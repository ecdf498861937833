/** Public face of the Odoo client: scenarios import only from here. */
export type {
  AuthMode,
  BatchRequest,
  OdooContext,
  OdooTarget,
  RpcResult,
  SessionInfo,
  SessionSnapshot,
} from './client.ts';
export { OdooSession, recordLogin } from './client.ts';
export type { ErrorKind } from './errors.ts';
export { classifyFault, ERROR_KINDS, OdooRpcError } from './errors.ts';
export { versionFields } from './versions.ts';
export type { WizardAction, WizardChoices } from './wizards.ts';
export { answerWizards, isWizardAction } from './wizards.ts';
