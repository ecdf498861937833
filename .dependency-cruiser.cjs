/**
 * The Node side's import rules, checked by `npm run lint` (dependency-cruiser): no import circle,
 * type imports included, and each room imports only the rooms below it. From the top:
 *
 *   cli/          the front door: commands, flags, exit codes, the main
 *   capacity/     sweeps of runs, their analysis and report page
 *   run/          running a plan: target, local stack, k6 processes, instances, finishing a run
 *   calibrate/, grow/   a cost model fitted to a server's log; a database grown to a dataset profile
 *   report/       report.html and the console's formatting
 *   judge/        results, thresholds, verdict, audit, the gate's baseline test, Odoo's log
 *   planning/     profiles (zod) compiled into a plan
 *   node-odoo/, services/, store/   the Node side's Odoo client; local processes; the run folder's files
 *   emulator/, contract/              the stand-in for Odoo; shapes and names both runtimes share
 *
 * Rooms on one line above do not import each other either.
 */
const ROOMS = [
  ['cli'],
  ['capacity'],
  ['run'],
  ['calibrate', 'grow'],
  ['report'],
  ['judge'],
  ['planning'],
  ['node-odoo', 'services', 'store'],
  ['emulator'],
  ['contract'],
];

const at = (room) => `^${room}/`;

/** For each room: everything at its own level (other rooms) or above it is out of bounds. */
const layerRules = ROOMS.flatMap((level, index) =>
  level.flatMap((room) => {
    const forbidden = ROOMS.slice(0, index + 1)
      .flat()
      .filter((other) => other !== room);
    if (forbidden.length === 0) return [];
    return {
      name: `layer-${room}`,
      severity: 'error',
      comment: `${room}/ imports only the rooms below it: ${ROOMS.slice(index + 1)
        .flat()
        .join(', ')}`,
      from: { path: at(room) },
      to: { path: forbidden.map(at) },
    };
  }),
);

/**
 * Inside emulator/, requests run one way: routes/ → models/ and web-client/ (Odoo's modules, the web client's server side) → orm/ →
 * db/ (transactions and the schema); seed/ builds a dataset through models/ and is imported by none
 * of them.
 */
const EMULATOR_LAYERS = [
  ['routes', ['seed']],
  ['models', ['routes', 'seed']],
  ['web-client', ['routes', 'seed']],
  ['orm', ['models', 'web-client', 'routes', 'seed']],
  ['db', ['orm', 'models', 'web-client', 'routes', 'seed']],
];
const emulatorRules = EMULATOR_LAYERS.map(([room, above]) => ({
  name: `emulator-${room}`,
  severity: 'error',
  comment: `emulator/${room}/ does not import emulator/${above.join('/, emulator/')}/`,
  from: { path: `^emulator/${room}/` },
  to: { path: above.map((other) => `^emulator/${other}/`) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle (types included): the shared shape belongs in contract/.',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    ...emulatorRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
  },
};
