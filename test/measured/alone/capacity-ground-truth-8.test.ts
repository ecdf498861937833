/**
 * Capacity against ground truth at 8 workers: 80 calls a second keep this 2-core machine's CPU
 * busy (k6's 24 VUs beside the emulator), so the sweep runs by itself; the same checks as at 2 and
 * 4 workers (test/measured/capacity-ground-truth.test.ts), with ±15 %.
 */
import { before, describe, test } from 'node:test';
import { ensureK6 } from '../../../services/k6.ts';
import { freePort } from '../../../services/process.ts';
import { assertGroundTruth, groundTruthName } from '../../support/capacity.ts';

let pgPort: number;
before(async () => {
  await ensureK6((line) => console.log(line));
  pgPort = await freePort();
});

describe('capacity against ground truth, 8 workers', () => {
  test(groundTruthName(8), async () => {
    await assertGroundTruth(pgPort, 8);
  });
});
