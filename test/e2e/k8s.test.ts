/**
 * `odoo-load k8s` writes a TestRun that k6-operator's own CRD schema accepts, a ConfigMap under the
 * size limit holding the bundle k6 runs locally, and never a secret value.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { EXIT } from '../../contract/exit-codes.ts';
import { CONFIGMAP_LIMIT_BYTES } from '../../run/k8s-manifest.ts';
import { odooLoad, told } from '../support/cli.ts';

const SECRETS = { ODOO_PASSWORD: 'pw-7f3a91c2e8', ODOO_API_KEY: 'key-5d0b46aa17' };
const TARGET = {
  ODOO_URL: 'http://staging.invalid:8069',
  ODOO_DB: 'staging',
  ODOO_LOGIN: 'load@example.com',
  ...SECRETS,
};
const INFLUX = 'http://influxdb.invalid:8086/odoo_load';

const crd = JSON.parse(readFileSync('k8s/testrun-crd.schema.json', 'utf8'));
// The CRD's schema is OpenAPI v3 with Kubernetes extensions: keywords beyond JSON Schema are
// annotations, and formats such as int32 are checked by the API server, not here.
const validator = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(
  crd.schema,
);
const validate = (manifest: object): boolean => validator(manifest);

test('a TestRun k6-operator accepts, its ConfigMap within 1 MiB, and no secret written anywhere', async () => {
  const result = await odooLoad(
    [
      'k8s',
      'order-confirmation',
      '--parallelism',
      '3',
      '--influx',
      INFLUX,
      '--i-know-this-is-not-production',
    ],
    TARGET,
  );
  assert.equal(result.code, EXIT.ok, told(result));
  const runId = result.stdout.trim();
  const folder = resolve('reports', runId);
  const testRun = parse(readFileSync(join(folder, 'k8s', 'testrun.yaml'), 'utf8'));
  const configMap = parse(readFileSync(join(folder, 'k8s', 'configmap.yaml'), 'utf8'));
  assert.equal(`${testRun.apiVersion}`, crd.apiVersion);
  assert.equal(testRun.kind, crd.kind);
  assert.ok(validate(testRun), JSON.stringify(validator.errors));
  assert.equal(testRun.spec.parallelism, 3);
  // The runners run exactly the bundle a local run runs.
  assert.equal(
    configMap.data['order-confirmation.js'],
    readFileSync('dist/order-confirmation.js', 'utf8'),
  );
  assert.ok(Buffer.byteLength(configMap.data['order-confirmation.js']) < CONFIGMAP_LIMIT_BYTES);
  assert.equal(testRun.spec.script.configMap.name, configMap.metadata.name);
  const env = Object.fromEntries(
    testRun.spec.runner.env.map((entry: { name: string }) => [entry.name, entry]),
  );
  assert.equal(JSON.parse(env.ODOO_LOAD_PLAN.value).runId, runId);
  assert.deepEqual(env.ODOO_PASSWORD.valueFrom.secretKeyRef, {
    name: 'odoo-load',
    key: 'ODOO_PASSWORD',
    optional: false,
  });
  assert.match(testRun.spec.arguments, new RegExp(`--out influxdb=${INFLUX}`));
  for (const file of ['run.json', 'k8s/testrun.yaml', 'k8s/configmap.yaml']) {
    const text = readFileSync(join(folder, file), 'utf8');
    for (const value of Object.values(SECRETS))
      assert.ok(!text.includes(value), `${file} holds a secret`);
  }
  for (const value of Object.values(SECRETS))
    assert.ok(!(result.stdout + result.stderr).includes(value), 'a secret reached the console');
  assert.deepEqual(readdirSync(join(folder, 'k8s')).sort(), ['configmap.yaml', 'testrun.yaml']);
});

test('the schema check is real: a TestRun with a wrong type fails it', () => {
  const bad = {
    apiVersion: crd.apiVersion,
    kind: crd.kind,
    metadata: { name: 'x' },
    spec: { parallelism: 'three', script: { configMap: { name: 'x', file: 'x.js' } } },
  };
  assert.equal(validate(bad), false);
  assert.match(JSON.stringify(validator.errors), /parallelism/);
});

test('k8s refuses what it cannot do well: setup() that writes on many runners, a target the cluster cannot reach', async () => {
  const many = await odooLoad(
    [
      'k8s',
      'barcode-scanning',
      '--parallelism',
      '2',
      '--influx',
      INFLUX,
      '--i-know-this-is-not-production',
    ],
    TARGET,
  );
  assert.equal(many.code, EXIT.badInput, told(many));
  assert.match(many.stderr, /--parallelism 2: k6-operator runs setup\(\) in every runner/);
  const local = await odooLoad(['k8s', 'order-confirmation', '--influx', INFLUX]);
  assert.equal(local.code, EXIT.badInput, told(local));
  assert.match(local.stderr, /the runners need a target the cluster can reach/);
  const noInflux = await odooLoad(
    ['k8s', 'order-confirmation', '--i-know-this-is-not-production'],
    TARGET,
  );
  assert.equal(noInflux.code, EXIT.badInput);
  assert.match(noInflux.stderr, /--influx: expected an InfluxDB 1\.x URL with its database/);
});
