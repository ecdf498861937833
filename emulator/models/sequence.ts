/** `ir.sequence` numbering: PostgreSQL sequences for 'standard', a locked row for 'no_gap' (docs/odoo-protocol.md §7.1, §7.3). */
import type pg from 'pg';

interface SequenceRow {
  id: number;
  prefix: string;
  padding: number;
  implementation: string;
}

/** Odoo's prefix interpolation (`%(year)s`, `%(month)s`, ...), in UTC. */
function interpolate(prefix: string, now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const parts: Record<string, string> = {
    year: String(now.getUTCFullYear()),
    y: String(now.getUTCFullYear()).slice(2),
    month: pad(now.getUTCMonth() + 1),
    day: pad(now.getUTCDate()),
  };
  return prefix.replace(/%\((\w+)\)s/g, (match, key: string) => parts[key] ?? match);
}

/** Creates the PostgreSQL sequence behind a 'standard' ir.sequence, as Odoo does (`ir_sequence_%03d`). */
export async function createSequence(
  db: pg.ClientBase,
  values: {
    name: string;
    code: string | null;
    prefix: string;
    padding: number;
    companyId: number | null;
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO ir_sequence (name, code, prefix, padding, company_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [values.name, values.code, values.prefix, values.padding, values.companyId],
  );
  const id = rows[0]!.id;
  await db.query(
    `CREATE SEQUENCE ir_sequence_${String(id).padStart(3, '0')} INCREMENT BY 1 START WITH 1`,
  );
  return id;
}

/** `ir.sequence._next()`: a gapless sequence locks its row NOWAIT (55P03 is then retried). */
export async function nextSequenceNumber(db: pg.ClientBase, sequenceId: number): Promise<string> {
  const { rows } = await db.query<SequenceRow>(
    'SELECT id, prefix, padding, implementation FROM ir_sequence WHERE id = $1',
    [sequenceId],
  );
  const sequence = rows[0]!;
  let number: number;
  if (sequence.implementation === 'no_gap') {
    const locked = await db.query<{ number_next: number }>(
      'SELECT number_next FROM ir_sequence WHERE id = $1 FOR UPDATE NOWAIT',
      [sequenceId],
    );
    number = locked.rows[0]!.number_next;
    await db.query('UPDATE ir_sequence SET number_next = number_next + 1 WHERE id = $1', [
      sequenceId,
    ]);
  } else {
    const next = await db.query<{ value: number }>(
      `SELECT nextval('ir_sequence_${String(sequenceId).padStart(3, '0')}')::int AS value`,
    );
    number = next.rows[0]!.value;
  }
  return interpolate(sequence.prefix) + String(number).padStart(sequence.padding, '0');
}

/** `ir.sequence.next_by_code(code)` for the current company (or a shared sequence). */
export async function nextByCode(
  db: pg.ClientBase,
  code: string,
  companyId: number,
): Promise<string | false> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id FROM ir_sequence WHERE code = $1 AND (company_id = $2 OR company_id IS NULL) ORDER BY company_id NULLS LAST LIMIT 1',
    [code, companyId],
  );
  return rows[0] ? nextSequenceNumber(db, rows[0].id) : false;
}
