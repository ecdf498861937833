/**
 * Property-based tests (fast-check, 1,000 cases each) of what users type: flags, run ids, target
 * URLs and profiles. Whatever the input, the answer is a value or one CliError with exit 2 that
 * names the field, never a stack trace, never a secret echoed, never a path outside reports/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { choiceFlag, integerFlag, parseFlags } from '../../cli/flags.ts';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { isRunId, REPORTS_ROOT } from '../../contract/index.ts';
import { loadLoadProfile } from '../../planning/load.ts';
import { isLoopback, remoteTargetFromEnv, resolveTarget } from '../../run/target.ts';
import { RunFolder } from '../../store/run-folder.ts';

const RUNS = { numRuns: 1000 };

/** Runs `action`; a thrown error must be bad input whose message starts with `prefix`. */
function valueOrBadInput<T>(action: () => T, prefix: RegExp): T | undefined {
  try {
    return action();
  } catch (error) {
    assert.ok(error instanceof CliError, `not a CliError: ${(error as Error).stack}`);
    assert.equal(error.exitCode, EXIT.badInput);
    assert.match(error.message, prefix);
    assert.doesNotMatch(error.message, /\n\s+at /);
    return undefined;
  }
}

test('integerFlag: any text is an integer in range or a named error', () => {
  fc.assert(
    fc.property(fc.string(), fc.integer({ min: -5, max: 5 }), (text, min) => {
      const value = valueOrBadInput(
        () => integerFlag('workers', text, min, min + 100),
        /^--workers: expected an integer from/,
      );
      if (value !== undefined) {
        assert.ok(Number.isInteger(value) && value >= min && value <= min + 100);
        assert.equal(
          String(value),
          text
            .trim()
            .replace(/^(-?)0+(?=\d)/, '$1')
            .replace(/^-0$/, '0'),
        );
      }
    }),
    RUNS,
  );
});

test('parseFlags and choiceFlag: any argv parses or names the flag', () => {
  const argv = fc.array(
    fc.oneof(
      fc.constantFrom('--auth', '--profile', '--workers', '-x', '--', '--auth=json2', '--bogus'),
      fc.string(),
    ),
    { maxLength: 6 },
  );
  fc.assert(
    fc.property(argv, (args) => {
      const parsed = valueOrBadInput(
        () =>
          parseFlags(args, {
            auth: { type: 'string', default: 'session' },
            profile: { type: 'string', default: 'smoke' },
            workers: { type: 'string', default: '0' },
          }),
        /^(Unknown option|Option|Unexpected argument|.*argument)/i,
      );
      if (!parsed) return;
      valueOrBadInput(
        () => choiceFlag('auth', parsed.values.auth, ['session', 'jsonrpc', 'json2'] as const),
        /^--auth: expected one of session, jsonrpc, json2, got /,
      );
    }),
    RUNS,
  );
});

test('run ids: anything that is not one is refused before a path is built; nothing escapes reports/', () => {
  const root = mkdtempSync(join(tmpdir(), 'odoo-load-runs-'));
  const traversal = fc.constantFrom(
    '..',
    '../etc',
    '/etc/passwd',
    'a/../../b',
    '.',
    '%2e%2e',
    'a\0b',
  );
  fc.assert(
    fc.property(fc.oneof(fc.string(), traversal), (text) => {
      const folder = valueOrBadInput(() => RunFolder.open(text, '--run', root), /^--run: /);
      assert.equal(folder, undefined, 'no such run folder exists');
      if (!isRunId(text)) return;
      // Only ids that are plain names are looked up, and then only inside the root.
      assert.ok(resolve(root, text).startsWith(`${resolve(root)}/`), text);
    }),
    RUNS,
  );
  assert.equal(REPORTS_ROOT, 'reports');
});

test('target URLs: http(s) or a named error; credentials in the URL refused without being echoed', () => {
  const secret = 'S3cr3t-pw';
  const url = fc.oneof(
    fc.string(),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.constantFrom(
      'file:///etc/passwd',
      'javascript:alert(1)',
      `http://admin:${secret}@staging.invalid:8069`,
      `https://${secret}@staging.invalid`,
      'http://[::1]:8069',
      'http://127.0.0.2:8069',
      'http://0x7f.1:8069',
      'http://staging.invalid:8069',
      'ftp://staging.invalid',
    ),
  );
  fc.assert(
    fc.property(url, (text) => {
      const env = {
        ODOO_URL: text,
        ODOO_DB: 'db',
        ODOO_LOGIN: 'admin',
        ODOO_PASSWORD: 'pw',
      } as NodeJS.ProcessEnv;
      let message = '';
      try {
        const target = remoteTargetFromEnv(env);
        if (target) {
          assert.match(target.url, /^https?:\/\//);
          assert.ok(!new URL(target.url).username && !new URL(target.url).password);
        }
      } catch (error) {
        assert.ok(error instanceof CliError, String(error));
        assert.equal(error.exitCode, EXIT.badInput);
        assert.match(error.message, /^ODOO_URL: /);
        message = error.message;
      }
      assert.ok(!message.includes(secret), message);
      // Whatever is accepted and is not loopback is refused for load unless marked as a test.
      try {
        const resolved = resolveTarget(
          undefined,
          { odooVersion: 17, workers: 2, edition: 'community', limitTimeReal: 120, dbMaxconn: 64 },
          false,
          env,
        );
        assert.ok(resolved.kind === 'emulator' || isLoopback(resolved.remote.url), text);
      } catch (error) {
        assert.ok(error instanceof CliError, String(error));
        assert.ok(
          [EXIT.badInput, EXIT.unsafeTarget].includes(error.exitCode as 2 | 6),
          error.message,
        );
        assert.ok(!error.message.includes(secret), error.message);
      }
    }),
    RUNS,
  );
});

test('load profiles: any JSON is a profile or one error naming the file and field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'odoo-load-profiles-'));
  const nearlyValid = fc.record(
    {
      kind: fc.oneof(fc.constant('load'), fc.string()),
      name: fc.oneof(fc.string(), fc.integer()),
      duration: fc.oneof(fc.constantFrom('20s', '1m', '2h', '0s', '-1s', '1x'), fc.string()),
      companies: fc.oneof(fc.integer({ min: -2, max: 300 }), fc.double()),
      workloads: fc.oneof(
        fc.record(
          {
            orderConfirmation: fc.record(
              {
                ordersPerHour: fc.oneof(fc.integer({ min: -1, max: 1e6 }), fc.string()),
                linesPerOrder: fc.record({
                  min: fc.integer({ min: -1, max: 9 }),
                  max: fc.integer({ min: -1, max: 9 }),
                }),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  );
  let index = 0;
  fc.assert(
    fc.property(fc.oneof(nearlyValid, fc.anything(), fc.string()), (data) => {
      const file = join(dir, `p${index++}.json`);
      writeFileSync(file, typeof data === 'string' ? data : (JSON.stringify(data) ?? 'undefined'));
      const loaded = valueOrBadInput(
        () => loadLoadProfile(file),
        new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `),
      );
      if (loaded) assert.equal(loaded.profile.kind, 'load');
    }),
    RUNS,
  );
  // A folder where a file is expected: bad input, not EISDIR.
  mkdirSync(join(dir, 'folder.json'));
  valueOrBadInput(() => loadLoadProfile(join(dir, 'folder.json')), /found a folder/);
  assert.throws(() => loadLoadProfile(join(dir, 'folder.json')), CliError);
});
