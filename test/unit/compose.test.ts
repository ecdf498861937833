/** docker-compose.yml parses without an engine, and everything it provisions into Grafana exists. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DATASOURCE } from '../../dashboards/src/common.ts';
import { aptInstall } from '../../services/apt.ts';
import { findExecutable } from '../../services/process.ts';

async function composeCommand(): Promise<string[]> {
  // Debian's docker-compose validates a compose file without a Docker engine.
  if (!findExecutable('docker-compose'))
    await aptInstall(
      ['docker-compose'],
      'docker-compose (to validate docker-compose.yml)',
      (line) => console.log(line),
    );
  return ['docker-compose'];
}

test('docker-compose config accepts the file with the variables of .env.example filled in', async () => {
  const [command] = await composeCommand();
  const env = join(mkdtempSync(join(tmpdir(), 'odoo-load-compose-')), '.env');
  writeFileSync(
    env,
    readFileSync('.env.example', 'utf8').replace(/^(\w+PASSWORD)=$/gm, '$1=placeholder'),
  );
  const result = spawnSync(command!, ['--env-file', env, '-f', 'docker-compose.yml', 'config'], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  for (const service of ['db', 'odoo', 'influxdb', 'grafana', 'k6'])
    assert.match(result.stdout, new RegExp(`^  ${service}:`, 'm'));
  assert.doesNotMatch(
    readFileSync('docker-compose.yml', 'utf8'),
    /PASSWORD: (?!\$\{)/,
    'no literal password in the compose file',
  );
});

test('every provisioned datasource and dashboard exists where Grafana is told to find it', () => {
  const compose = readFileSync('docker-compose.yml', 'utf8');
  const mounts = [...compose.matchAll(/- \.\/(dashboards\/[\w/]+):(\/[\w/.-]+):ro/g)].map((m) => ({
    host: m[1]!,
    container: m[2]!,
  }));
  assert.equal(mounts.length, 3);
  for (const mount of mounts) assert.ok(existsSync(mount.host), `${mount.host} exists`);
  const datasource = readFileSync('dashboards/provisioning/datasources/influxdb.yaml', 'utf8');
  assert.match(datasource, new RegExp(`uid: ${DATASOURCE.uid}`));
  assert.match(datasource, /dbName: odoo_load/);
  const provider = readFileSync('dashboards/provisioning/dashboards/odoo-load.yaml', 'utf8');
  const path = /path: (\S+)/.exec(provider)![1];
  const dashboards = mounts.find((mount) => mount.container === path);
  assert.ok(dashboards, `the provider path ${path} is a mounted folder`);
  assert.ok(readdirSync(dashboards!.host).filter((file) => file.endsWith('.json')).length >= 3);
});
