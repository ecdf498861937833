/** When the load generator, not Odoo, limited a run, the run says so; otherwise it stays quiet. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatorWarning } from '../../run/generator-health.ts';

const k6 = (peakCores: number) => ({
  instance: 1,
  cpuSeconds: 10,
  meanCores: peakCores / 2,
  peakCores,
  peakRssMiB: 120,
});

test('k6 near every core of the machine is named as the bottleneck', () => {
  assert.match(
    generatorWarning([k6(1.0), k6(0.9)], 0, true, 2) ?? '',
    /may have been the bottleneck: k6 used 1\.9 of this machine's 2 cores/,
  );
  assert.equal(generatorWarning([k6(0.5), k6(0.6)], 0, true, 2), undefined);
});

test('dropped iterations blame the generator only while Odoo kept within its SLOs', () => {
  assert.match(
    generatorWarning([k6(0.2)], 12, true, 2) ?? '',
    /12 planned iterations were dropped/,
  );
  // A slow Odoo keeps every VU busy: that is the target's doing, not the generator's.
  assert.equal(generatorWarning([k6(0.2)], 12, false, 2), undefined);
});
