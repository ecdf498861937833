/**
 * The Node side's import rules, checked by `npm run lint` (dependency-cruiser): no import circle,
 * type imports included, and each layer imports only those below it.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle (types included): the shared shape belongs in contract/.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
  },
};
