/** Public face of the Odoo client: scenarios import only from here. */

export type { WizardAction, WizardChoices } from '../../contract/index.ts';
export { isWizardAction } from '../../contract/index.ts';
export { versionFields } from '../../contract/odoo-versions.ts';
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
export { answerWizards } from './wizards.ts';
