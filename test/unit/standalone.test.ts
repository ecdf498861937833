/**
 * The repository stands on its own: a fresh clone anywhere has everything its tests, the emulator and
 * its scripts read, and no file sends a reader to notes that live outside it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);

// Spelled in pieces, so this file does not name them itself.
const outside = [
  ['..', 'shared'].join('/'),
  ['DOMAIN', 'md'].join('.'),
  ['odoo-rpc', 'md'].join('.'),
];

test('no tracked file points to notes outside the repository', () => {
  const offenders = tracked.flatMap((file) => {
    const text = readFileSync(file, 'latin1');
    return outside.filter((name) => text.includes(name)).map((name) => `${file}: ${name}`);
  });
  assert.deepEqual(offenders, []);
});

test('the recordings the tests and scripts read are in the repository', () => {
  for (const file of [
    'test/fixtures/real-odoo-17/transcript.json',
    'test/fixtures/web-client/transcript-17.json',
    'test/fixtures/web-client/transcript-18.json',
    ...[16, 17, 18, 19].map((version) => `contract/web-client/raw/raw-${version}.json`),
    'docs/odoo-protocol.md',
    'docs/domain.md',
  ])
    assert.ok(tracked.includes(file), `${file} is tracked`);
});
