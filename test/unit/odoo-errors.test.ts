/** Every Odoo fault maps to exactly one stable error kind; dashboards group by these kinds. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  errorEnvelope,
  RETRYABLE_SQLSTATES,
  SessionExpired,
  toOdooError,
  userError,
} from '../../emulator/errors.ts';
import { classifyFault, ERROR_KINDS } from '../../lib/odoo/errors.ts';

const cases: [string, number, string][] = [
  ['psycopg2.errors.SerializationFailure', 200, 'concurrency'],
  ['psycopg2.errors.LockNotAvailable', 200, 'concurrency'],
  ['psycopg2.errors.DeadlockDetected', 200, 'concurrency'],
  ['odoo.exceptions.UserError', 200, 'validation'],
  ['odoo.exceptions.ValidationError', 200, 'validation'],
  ['odoo.exceptions.RedirectWarning', 200, 'validation'],
  ['odoo.exceptions.AccessError', 200, 'access'],
  ['odoo.exceptions.AccessDenied', 200, 'access'],
  ['odoo.exceptions.MissingError', 200, 'missing'],
  ['odoo.http.SessionExpiredException', 100, 'session'],
  ['anything', 100, 'session'],
  ['builtins.KeyError', 200, 'server'],
  ['builtins.AttributeError', 200, 'server'],
];
for (const [name, code, kind] of cases) {
  test(`classify ${name} (code ${code}) as ${kind}`, () => {
    assert.equal(classifyFault(name, code), kind);
    assert.ok((ERROR_KINDS as readonly string[]).includes(kind));
  });
}

test('emulator envelopes: code 200 for Odoo errors, 100 for an expired session', () => {
  assert.deepEqual(
    {
      ...errorEnvelope(userError('Nope')),
      data: { ...errorEnvelope(userError('Nope')).data, debug: '' },
    },
    {
      code: 200,
      message: 'Odoo Server Error',
      data: {
        name: 'odoo.exceptions.UserError',
        message: 'Nope',
        arguments: ['Nope'],
        context: {},
        debug: '',
      },
    },
  );
  const expired = errorEnvelope(new SessionExpired());
  assert.equal(expired.code, 100);
  assert.equal(expired.message, 'Odoo Session Expired');
});

test('PostgreSQL errors map to psycopg2 classes; integrity errors become ValidationError', () => {
  for (const [sqlstate, name] of Object.entries(RETRYABLE_SQLSTATES)) {
    assert.equal(
      toOdooError(Object.assign(new Error('conflict'), { code: sqlstate })).pythonClass,
      name,
    );
  }
  const unique = toOdooError(Object.assign(new Error('duplicate key value'), { code: '23505' }));
  assert.equal(unique.pythonClass, 'odoo.exceptions.ValidationError');
  assert.match(unique.message, /^The operation cannot be completed: duplicate key value/);
});
