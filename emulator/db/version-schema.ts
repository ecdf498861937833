/**
 * Schema that differs by Odoo version, applied when the emulator starts: 17.0 added the partial
 * unique index `account_move_unique_name` that its journal numbering relies on (docs/odoo-protocol.md §7.4);
 * 16.0 has none and guards duplicates in Python only.
 */
import type pg from 'pg';

export async function applyVersionSchema(pool: pg.Pool, version: number): Promise<void> {
  if (version >= 17) {
    await pool.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS account_move_unique_name ON account_move (name, journal_id) WHERE state = 'posted' AND name != '/'`,
    );
  } else {
    await pool.query('DROP INDEX IF EXISTS account_move_unique_name');
  }
}
