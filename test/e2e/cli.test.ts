/**
 * The command line a performance engineer lives in: bad input gets one line naming the field or flag
 * and a documented exit code, never a stack trace; help is there for every command; a target that is
 * not loopback is refused before any request; secrets never reach a file or the console.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXIT } from '../../contract/exit-codes.ts';
import { ensureK6 } from '../../services/k6.ts';
import type { LocalPostgres } from '../../services/postgres.ts';
import { odooLoad, told } from '../support/cli.ts';
import { runIdOf } from '../support/runs.ts';
import { startPostgres, startStack, stats, type TestStack } from '../support/stack.ts';

const scratch = mkdtempSync(join(tmpdir(), 'odoo-load-cli-'));
const profile = (name: string, content: unknown) => {
  const file = join(scratch, `${name}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
};
const base = {
  kind: 'load',
  name: 'x',
  duration: '10s',
  workloads: { orderConfirmation: { ordersPerHour: 60 } },
};
const remote = {
  ODOO_URL: 'http://127.0.0.1:9',
  ODOO_DB: 'db',
  ODOO_LOGIN: 'admin',
  ODOO_PASSWORD: 'secret-password',
};

const cases: [
  name: string,
  args: string[],
  env: Record<string, string>,
  code: number,
  message: RegExp,
][] = [
  ['unknown command', ['launch'], {}, EXIT.badInput, /unknown command "launch"/],
  ['run without a scenario', ['run'], {}, EXIT.badInput, /run: name a scenario/],
  ['unknown scenario', ['run', 'payroll'], {}, EXIT.badInput, /unknown scenario "payroll"/],
  ['unknown option', ['run', 'peak-day', '--bogus'], {}, EXIT.badInput, /Unknown option '--bogus'/],
  [
    'workers not a number',
    ['run', 'peak-day', '--workers', 'abc'],
    {},
    EXIT.badInput,
    /--workers: expected an integer/,
  ],
  [
    'Odoo version too old',
    ['run', 'peak-day', '--odoo-version', '15'],
    {},
    EXIT.badInput,
    /--odoo-version: expected an integer from 16 to 19/,
  ],
  [
    'port out of range',
    ['run', 'peak-day', '--pg-port', '70000'],
    {},
    EXIT.badInput,
    /--pg-port: expected an integer from 1 to 65535/,
  ],
  [
    'scarce share not a number',
    ['run', 'peak-day', '--scarce-share', 'some'],
    {},
    EXIT.badInput,
    /--scarce-share: expected a number from 0 to 1, got "some"/,
  ],
  [
    'unknown auth mode',
    ['run', 'peak-day', '--auth', 'ldap'],
    {},
    EXIT.badInput,
    /--auth: expected one of session, jsonrpc, json2/,
  ],
  [
    'missing profile',
    ['run', 'peak-day', '--profile', 'nope'],
    {},
    EXIT.badInput,
    /nope\.json: profile not found/,
  ],
  [
    'profile not JSON',
    ['run', 'peak-day', '--profile', 'test/fixtures/profiles/broken.json'],
    {},
    EXIT.badInput,
    /broken\.json: not valid JSON/,
  ],
  [
    'negative rate',
    [
      'run',
      'peak-day',
      '--profile',
      profile('negative', { ...base, workloads: { orderConfirmation: { ordersPerHour: -1 } } }),
    ],
    {},
    EXIT.badInput,
    /workloads\.orderConfirmation\.ordersPerHour: .*found number -1/,
  ],
  [
    'unknown profile key',
    ['run', 'peak-day', '--profile', profile('unknown', { ...base, rampUp: '1m' })],
    {},
    EXIT.badInput,
    /unknown field "rampUp"/,
  ],
  [
    'impossible duration',
    ['run', 'peak-day', '--profile', profile('duration', { ...base, duration: '-5m' })],
    {},
    EXIT.badInput,
    /duration: expected a duration/,
  ],
  [
    'min above max',
    [
      'run',
      'peak-day',
      '--profile',
      profile('range', {
        ...base,
        workloads: { orderConfirmation: { ordersPerHour: 1, linesPerOrder: { min: 9, max: 1 } } },
      }),
    ],
    {},
    EXIT.badInput,
    /linesPerOrder\.min: min must not exceed max/,
  ],
  [
    'wrong type',
    ['run', 'peak-day', '--profile', profile('type', { ...base, companies: 'two' })],
    {},
    EXIT.badInput,
    /companies: .*expected number.*found string "two"/,
  ],
  [
    "profile without the scenario's workload",
    ['run', 'bulk-import', '--profile', 'test/fixtures/profiles/orders-only.json'],
    {},
    EXIT.badInput,
    /the profile has no bulkImport workload/,
  ],
  [
    'bad ODOO_URL',
    ['run', 'peak-day'],
    { ...remote, ODOO_URL: 'not a url' },
    EXIT.badInput,
    /ODOO_URL: expected an http\(s\) URL/,
  ],
  [
    'ODOO_URL not http',
    ['run', 'peak-day'],
    { ...remote, ODOO_URL: 'ftp://127.0.0.1/odoo' },
    EXIT.badInput,
    /ODOO_URL: expected an http or https URL/,
  ],
  [
    'ODOO_DB missing',
    ['run', 'peak-day'],
    { ...remote, ODOO_DB: '' },
    EXIT.badInput,
    /ODOO_DB is not set/,
  ],
  [
    'password missing',
    ['run', 'peak-day'],
    { ...remote, ODOO_PASSWORD: '' },
    EXIT.badInput,
    /ODOO_PASSWORD is not set/,
  ],
  [
    'API key missing for --auth jsonrpc',
    ['run', 'peak-day', '--auth', 'jsonrpc'],
    remote,
    EXIT.badInput,
    /ODOO_API_KEY is not set/,
  ],
  [
    'non-loopback target',
    ['run', 'peak-day'],
    { ...remote, ODOO_URL: 'http://staging.invalid:8069' },
    EXIT.unsafeTarget,
    /refusing to load http:\/\/staging\.invalid:8069/,
  ],
  [
    'unknown hosting profile',
    ['run', 'peak-day', '--target', 'mainframe'],
    {},
    EXIT.badInput,
    /mainframe\.json: profile not found/,
  ],
  [
    'malformed hosting profile',
    ['run', 'peak-day', '--target', 'test/fixtures/profiles/bad-hosting.json'],
    {},
    EXIT.badInput,
    /bad-hosting\.json: workers: .*>=0.*found number -2/,
  ],
  ['seed without a password', ['seed'], {}, EXIT.badInput, /ODOO_PASSWORD is not set/],
  [
    'seed share above 1',
    ['seed', '--scarce-share', '2'],
    { ODOO_PASSWORD: 'x' },
    EXIT.badInput,
    /--scarce-share: expected a number from 0 to 1/,
  ],
  [
    'seed API key malformed',
    ['seed'],
    { ODOO_PASSWORD: 'x', ODOO_API_KEY: 'short' },
    EXIT.badInput,
    /ODOO_API_KEY: expected 40 lowercase hex/,
  ],
  ['audit without --run', ['audit'], {}, EXIT.badInput, /--run: expected a run id/],
  [
    'audit of an unknown run',
    ['audit', '--run', 'no-such-run'],
    {},
    EXIT.badInput,
    /--run: no run folder reports\/no-such-run/,
  ],
  [
    'cleanup with a bad run id',
    ['cleanup', '--run', 'x; rm -rf /'],
    {},
    EXIT.badInput,
    /--run: expected a run id/,
  ],
  [
    'profiles with no action',
    ['profiles', 'dance'],
    {},
    EXIT.badInput,
    /profiles: expected "list"/,
  ],
  [
    'emulator port not a number',
    ['emulator', '--port', 'http'],
    {},
    EXIT.badInput,
    /--port: expected an integer/,
  ],
  [
    'a database round trip that is not milliseconds',
    ['capacity', '--db-rtt', '0,1ms'],
    {},
    EXIT.badInput,
    /--db-rtt: expected milliseconds from 0 to 2000, got "1ms"/,
  ],
  [
    'CPUs that are not a number',
    ['capacity', '--cpus', 'two'],
    {},
    EXIT.badInput,
    /--cpus: expected numbers above 0/,
  ],
  [
    'whole CPUs and a CPU quota at once',
    ['capacity', '--cpus', '1', '--cpu-quota', '0.5'],
    {},
    EXIT.badInput,
    /--cpus and --cpu-quota both give Odoo its CPUs: expected one of them/,
  ],
  [
    'half a CPU pinned on a real server',
    ['capacity', '--cpus', '0.5', '--odoo-pid', '1', '--target', 'http://127.0.0.1:9'],
    { ODOO_DB: 'db', ODOO_LOGIN: 'admin', ODOO_PASSWORD: 'x' },
    EXIT.badInput,
    /--cpus 0.5 on a real server: taskset gives whole CPUs; --cpu-quota 0.5 gives that much CPU time/,
  ],
  [
    'a CPU quota on a real server without its pid',
    ['capacity', '--cpu-quota', '0.5', '--target', 'http://127.0.0.1:9'],
    { ODOO_DB: 'db', ODOO_LOGIN: 'admin', ODOO_PASSWORD: 'x' },
    EXIT.badInput,
    /--cpu-quota on a real server needs --odoo-pid/,
  ],
  [
    'a database proxy that is not a local API',
    ['capacity', '--db-proxy', 'http://db.invalid:8474'],
    {},
    EXIT.badInput,
    /--db-proxy: expected the API of the latency proxy Odoo reaches PostgreSQL through, on this machine/,
  ],
  [
    'a latency proxy without its route',
    ['latency-proxy', '--database', '15432'],
    {},
    EXIT.badInput,
    /--database: expected <where Odoo connects>=<where PostgreSQL is>/,
  ],
  [
    'a database round trip asked of a real server without a proxy',
    ['capacity', '--db-rtt', '1', '--target', 'http://127.0.0.1:9'],
    { ODOO_DB: 'db', ODOO_LOGIN: 'admin', ODOO_PASSWORD: 'x' },
    EXIT.badInput,
    /--db-rtt on a real server needs --db-proxy/,
  ],
  [
    'a hosting profile with its database elsewhere and no round trip',
    ['run', 'peak-day', '--target', 'test/fixtures/profiles/bad-hosting-placement.json'],
    {},
    EXIT.badInput,
    /bad-hosting-placement.json: postgres.roundTripMs: required when PostgreSQL is a managed service/,
  ],
];

describe('bad input: one line, the field named, a documented exit code, no stack trace', () => {
  for (const [name, args, env, code, message] of cases) {
    test(name, async () => {
      const result = await odooLoad(args, env, 60_000);
      const lines = result.stderr
        .split('\n')
        .filter((line) => line.trim() && !line.includes('npm warn'));
      assert.equal(result.code, code, result.stderr);
      assert.equal(lines.length, 1, `one line, got:\n${result.stderr}`);
      assert.match(lines[0]!, message);
      assert.doesNotMatch(
        result.stderr + result.stdout,
        /^\s+at .+:\d+:\d+\)?$/m,
        'no stack trace',
      );
    });
  }
});

describe('help', () => {
  for (const command of [
    'start',
    'run',
    'audit',
    'cleanup',
    'doctor',
    'seed',
    'profiles',
    'emulator',
  ]) {
    test(`odoo-load ${command} --help`, async () => {
      const result = await odooLoad([command, '--help']);
      assert.equal(result.code, EXIT.ok);
      assert.match(result.stdout, new RegExp(`^odoo-load ${command}`));
    });
  }
  test('odoo-load --help lists every command', async () => {
    const result = await odooLoad(['--help']);
    for (const command of [
      'start',
      'run',
      'audit',
      'cleanup',
      'doctor',
      'seed',
      'profiles',
      'emulator',
    ])
      assert.match(result.stdout, new RegExp(`^  ${command} `, 'm'));
  });
});

test('before npm install, odoo-load says in one line what to run (exit 4), not a stack trace', () => {
  // A checkout without node_modules: the launcher and the one file it reads before any package.
  const checkout = mkdtempSync(join(tmpdir(), 'odoo-load-uninstalled-'));
  for (const file of ['cli/bin.mjs', 'services/bundles.mjs']) {
    mkdirSync(join(checkout, dirname(file)), { recursive: true });
    copyFileSync(file, join(checkout, file));
  }
  const result = spawnSync(process.execPath, [join(checkout, 'cli/bin.mjs'), '--help'], {
    encoding: 'utf8',
  });
  assert.equal(result.status, EXIT.missingTool, result.stderr);
  assert.match(result.stderr, /^odoo-load: the package tsx is not installed: run npm install/);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
});

describe('safety', () => {
  let postgres: LocalPostgres;
  let stack: TestStack;
  before(async () => {
    await ensureK6((line) => console.log(line));
    postgres = await startPostgres('cli');
    stack = await startStack(postgres, { seed: { operators: 2 } });
  });
  after(async () => {
    await stack?.stop();
    await postgres?.stop();
  });

  test('a non-loopback target is refused before a single request is sent', async () => {
    const before = (await stats(stack)).requests;
    const result = await odooLoad(['run', 'order-confirmation'], {
      ODOO_URL: 'http://staging.invalid:8069',
      ODOO_DB: stack.db,
      ODOO_LOGIN: 'admin',
      ODOO_PASSWORD: stack.password,
    });
    assert.equal(result.code, EXIT.unsafeTarget);
    assert.doesNotMatch(result.stderr, /preflight|k6 v/, 'nothing started');
    assert.deepEqual((await stats(stack)).requests, {
      ...before,
      '/emulator/stats': before['/emulator/stats'] + 1,
    });
  });

  test('the password and API key appear in no file the run writes, nor in its console output', async () => {
    const profileFile = profile('secrets', {
      ...base,
      duration: '5s',
      workloads: { orderConfirmation: { ordersPerHour: 1800, invoiceShare: 0.5 } },
    });
    const result = await odooLoad(
      ['run', 'order-confirmation', '--profile', profileFile, '--auth', 'jsonrpc'],
      {
        ODOO_URL: stack.url,
        ODOO_DB: stack.db,
        ODOO_LOGIN: 'admin',
        ODOO_PASSWORD: stack.password,
        ODOO_API_KEY: stack.apiKey,
      },
    );
    assert.equal(result.code, EXIT.ok, told(result));
    const runId = runIdOf(result.stderr)!;
    const files = readdirSync(join('reports', runId))
      .map((file) => join('reports', runId, file))
      .filter((file) => statSync(file).isFile());
    assert.ok(files.length >= 3, `run.json, summary.json, audit.json: ${files.join(', ')}`);
    for (const text of [
      result.stdout,
      result.stderr,
      ...files.map((file) => readFileSync(file, 'utf8')),
    ]) {
      assert.equal(text.includes(stack.password), false, 'password leaked');
      assert.equal(text.includes(stack.apiKey), false, 'API key leaked');
    }
  });
});
