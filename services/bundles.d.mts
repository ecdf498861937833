/** Types of services/bundles.mjs (plain JavaScript, as cli/bin.mjs reads it before tsx is loaded). */
export function recordInputs(bundle: string, inputs: string[], startedMs: number): void;
export function isFresh(bundle: string): boolean;
