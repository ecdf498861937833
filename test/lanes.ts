/**
 * `npm test`'s lanes, in order: node's test runner given the files in the order written here (the
 * longest first, so no long file starts last), a few side by side, each lane after the one before
 * passed. `node --test a b c` sorts the files it is given by name; its run() API keeps them as given.
 *   node --import tsx test/lanes.ts [lane …]     (all lanes when none is named)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { run } from 'node:test';
import { tap } from 'node:test/reporters';
import { ensureK6 } from '../services/k6.ts';
import { ensureToxiproxy } from '../services/toxiproxy.ts';

interface Lane {
  name: string;
  /** Files side by side. */
  concurrency: number;
  /** Files or folders/*.test.ts, the longest first; a file already listed is not run twice. */
  files: string[];
}

export const LANES: Lane[] = [
  {
    // Much of their time is k6 runs of fixed length: four at a time kept two cores 84 % busy and
    // ended in 312 s where three took 337 s.
    name: 'functional',
    concurrency: 4,
    files: [
      'test/e2e/scenarios.test.ts',
      'test/faults/faults.test.ts',
      'test/e2e/scenario-variants.test.ts',
      'test/e2e/cli.test.ts',
      'test/e2e/observability.test.ts',
      'test/e2e/browser.test.ts',
      'test/e2e/setup-failures.test.ts',
      'test/e2e/instances.test.ts',
      'test/e2e/start.test.ts',
      'test/e2e/*.test.ts',
      'test/unit/*.test.ts',
    ],
  },
  {
    // Mostly asleep in modelled server time, but the emulator's own work per call grows with the
    // CPU its neighbours take: at four side by side a fresh clone's first run pushed a 100-ms call
    // to 130 ms and the placement terms past their bands. Three at a time, nothing CPU-bound beside.
    name: 'measured',
    concurrency: 3,
    files: [
      'test/measured/capacity-ground-truth.test.ts',
      'test/measured/placement.test.ts',
      'test/measured/calibrate.test.ts',
      'test/measured/gate.test.ts',
      'test/measured/*.test.ts',
    ],
  },
  {
    // CPU-bound sweeps: one at a time.
    name: 'alone',
    concurrency: 1,
    files: ['test/measured/alone/*.test.ts'],
  },
];

/** The lane's files in order, folders' files by name after the ones named before them. */
export function filesOf(lane: Lane): string[] {
  const files: string[] = [];
  for (const entry of lane.files) {
    const matched = entry.endsWith('/*.test.ts')
      ? readdirSync(entry.slice(0, -'/*.test.ts'.length))
          .filter((file) => file.endsWith('.test.ts'))
          .sort()
          .map((file) => join(entry.slice(0, -'/*.test.ts'.length), file))
      : [entry];
    for (const file of matched) if (!files.includes(file)) files.push(file);
  }
  return files;
}

/** Runs one lane, its TAP on stdout; the number of tests that failed. */
async function runLane(lane: Lane): Promise<number> {
  let failed = 0;
  const stream = run({ files: filesOf(lane), concurrency: lane.concurrency });
  stream.on('test:fail', () => {
    failed++;
  });
  const report = stream.compose(tap);
  report.pipe(process.stdout);
  await finished(report);
  return failed;
}

// The Go tools the files need, built once before any of them starts (a fresh clone has none):
// four files side by side would otherwise each build k6.
const say = (line: string) => console.log(`# ${line}`);
await ensureK6(say);
await ensureToxiproxy(say);

const wanted = process.argv.slice(2);
for (const lane of LANES.filter((lane) => !wanted.length || wanted.includes(lane.name))) {
  const started = Date.now();
  const failed = await runLane(lane);
  console.log(
    `# lane ${lane.name}: ${failed} failed, ${Math.round((Date.now() - started) / 1000)} s`,
  );
  if (failed > 0) process.exit(1);
}
