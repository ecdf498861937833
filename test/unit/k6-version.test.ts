/** k6 is reused only when its version is at least the minimum the scenarios need. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseK6Version, usableK6Version } from '../../services/k6.ts';

const cases: [string, [number, number, number] | undefined, boolean][] = [
  ['k6 v1.8.1 (go1.26.8, linux/amd64)', [1, 8, 1], true],
  ['k6 v1.0.0 (commit/abc, go1.24)', [1, 0, 0], true],
  ['k6 v0.57.0 (go1.23.4, linux/amd64)', [0, 57, 0], false],
  ['k6 v2.3.0 (go1.26)', [2, 3, 0], true],
  ['not k6 at all', undefined, false],
];
for (const [output, version, accepted] of cases) {
  test(`"${output}" → ${version?.join('.') ?? 'no version'}, ${accepted ? 'accepted' : 'rejected'}`, () => {
    assert.deepEqual(parseK6Version(output), version);
    assert.equal(usableK6Version(output), accepted ? version!.join('.') : undefined);
  });
}
