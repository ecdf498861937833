/** Creates the emulator's database when missing and (re)applies its schema. */
import { readFileSync } from 'node:fs';
import pg from 'pg';

const SCHEMA = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');

/** Ensures the database named in `databaseUrl` exists, connecting to `postgres` to create it. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

/** Drops every table and sequence, then applies schema.sql: a seed always starts from empty. */
export async function resetSchema(client: pg.ClientBase): Promise<void> {
  await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await client.query(SCHEMA);
}
