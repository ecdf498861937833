/**
 * The contract between the k6 side, the CLI, the audit, the report and the dashboards: names and
 * types only, importable by both runtimes (no `k6`, no `node:` imports; tsconfig.contract.json
 * makes such an import a type error).
 */
export * from './browser.ts';
export * from './codes.ts';
export type * from './dataset.ts';
export * from './errors.ts';
export * from './exit-codes.ts';
export * from './metrics.ts';
export * from './odoo-versions.ts';
export * from './placement.ts';
export * from './plan.ts';
export * from './run-folder.ts';
export * from './run-ref.ts';
export * from './server-calls.ts';
export * from './web-client/types.ts';
export * from './wizards.ts';
export * from './workloads.ts';
