/** The emulator's flags, declared once: what the CLI writes, the emulator reads back unchanged. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from 'node:util';
import {
  EMULATOR_DEFAULTS,
  emulatorArgv,
  emulatorFlags,
  parseEmulatorFlags,
} from '../../emulator/options.ts';

const parse = (args: string[]) =>
  parseEmulatorFlags(parseArgs({ args, options: emulatorFlags() }).values);

test('only a database URL: every other option takes its default (an unset log file is no log)', () => {
  const databaseUrl = 'postgres://odoo_load@127.0.0.1:5432/x';
  assert.deepEqual(
    { ...EMULATOR_DEFAULTS, ...parse(['--database-url', databaseUrl]) },
    { ...EMULATOR_DEFAULTS, databaseUrl },
  );
});

test('argv written from options reads back as the same options', () => {
  const options = {
    ...EMULATOR_DEFAULTS,
    databaseUrl: 'postgres://odoo_load@127.0.0.1:5432/x',
    workers: 4,
    logRetries: true,
    logFile: '.local/emulator-odoo.log',
  };
  assert.deepEqual({ ...EMULATOR_DEFAULTS, ...parse(emulatorArgv(options)) }, options);
  assert.ok(!emulatorArgv(EMULATOR_DEFAULTS).includes('--log-file'));
});

test('a bad value names its flag and what was expected', () => {
  assert.throws(
    () => parse(['--database-url', 'postgres://x', '--workers=-1']),
    /--workers: expected an integer from 0/,
  );
});
