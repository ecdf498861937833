/**
 * The Node side's import rules, checked by `npm run lint` (dependency-cruiser): no import circle,
 * type imports included, and each room imports only the rooms below it. From the top:
 *
 *   cli/          the front door: commands, flags, exit codes, the main
 *   capacity/     sweeps of runs, their analysis and report page
 *   run/          running a plan: target, local stack, k6 processes, instances, finishing a run
 *   calibrate/    a cost model fitted to a server's log; what a what-if stands on
 *   report/       report.html and the console's formatting
 *   judge/        results, thresholds, verdict, audit, the gate's baseline test, Odoo's log
 *   planning/     profiles (zod) compiled into a plan
 *   odoo-client/, services/, store/   the Node Odoo client; local processes; the run folder's files
 *   emulator/, contract/              the stand-in for Odoo; shapes and names both runtimes share
 *
 * Rooms on one line above do not import each other either.
 */
const ROOMS = [
  ['cli'],
  ['capacity'],
  ['run'],
  ['calibrate'],
  ['report'],
  ['judge'],
  ['planning'],
  ['odoo-client', 'services', 'store'],
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
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
  },
};
