// tsconfig.contract.json maps `k6`, `k6/*` and Node's modules here, so importing them from
// contract/ is a type error that says why.
export const forbidden: never = 'contract/ must not import k6 or a Node module';
