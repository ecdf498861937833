/** The InfluxDB address users give (--influx, ODOO_LOAD_INFLUX_URL): one reading for every command. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { influxAddressOf } from '../../services/influxdb.ts';

test('scheme, host and port, and the database from the path', () => {
  assert.deepEqual(influxAddressOf('--influx', 'http://influxdb.invalid:8086/odoo_load/'), {
    url: 'http://influxdb.invalid:8086',
    database: 'odoo_load',
  });
});

test('no database, another scheme, credentials or no URL: bad input naming the flag, never echoed', () => {
  for (const value of [
    'http://influxdb.invalid:8086',
    'ftp://influxdb.invalid/odoo_load',
    'http://admin:s3cret@influxdb.invalid:8086/odoo_load',
    'influxdb:8086/odoo_load',
    undefined,
  ])
    assert.throws(
      () => influxAddressOf('ODOO_LOAD_INFLUX_URL', value),
      (error: Error & { exitCode?: number }) =>
        error.exitCode === 2 &&
        error.message.startsWith('ODOO_LOAD_INFLUX_URL: expected') &&
        !error.message.includes('s3cret'),
    );
});
