/** Public face of the Odoo client: scenarios import only from here. */
export type { AuthMode, OdooContext, OdooTarget, RpcResult, SessionInfo } from './client.ts';
export { OdooSession } from './client.ts';
export type { ErrorKind } from './errors.ts';
export { classifyFault, ERROR_KINDS, OdooRpcError } from './errors.ts';
export { versionFields } from './versions.ts';
export type { WizardAction, WizardChoices } from './wizards.ts';
export { answerWizards, isWizardAction } from './wizards.ts';
