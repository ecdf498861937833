/**
 * Accounts, journals, journal entries and invoices, with posting numbered per version
 * (docs/odoo-protocol.md §7.4):
 * - 16: the journal's latest move is locked (`UPDATE … SET write_date = write_date`), so concurrent
 *   posters in one journal wait, then fail with 40001 and the whole request is retried.
 * - 17/18: no lock; the candidate number is written inside a savepoint and the partial unique index
 *   `account_move_unique_name` rejects a number another transaction took: roll back the savepoint,
 *   try the next number. Users wait, they see no error.
 */

import { OdooError, userError } from '../errors.ts';
import { formatAmount } from '../odoo-format.ts';
import type { Env, ModelDef, Vals } from '../orm/model.ts';

const INVOICE_TYPES = new Set([
  'out_invoice',
  'out_refund',
  'in_invoice',
  'in_refund',
  'out_receipt',
  'in_receipt',
]);

export async function journalFor(env: Env, moveType: string, companyId: number): Promise<number> {
  const type = moveType.startsWith('out_')
    ? 'sale'
    : moveType.startsWith('in_')
      ? 'purchase'
      : 'general';
  const { rows } = await env.db.query<{ id: number }>(
    'SELECT id FROM account_journal WHERE type = $1 AND company_id = $2 ORDER BY id LIMIT 1',
    [type, companyId],
  );
  if (!rows[0]) throw userError(`No ${type} journal is configured for company ${companyId}.`);
  return rows[0].id;
}

async function moveDefaults(env: Env, vals: Vals): Promise<void> {
  const moveType = String(vals.move_type ?? env.context.default_move_type ?? 'entry');
  vals.move_type = moveType;
  vals.journal_id ??= await journalFor(env, moveType, Number(vals.company_id ?? env.companyId));
  const { rows } = await env.db.query<{ company_id: number }>(
    'SELECT company_id FROM account_journal WHERE id = $1',
    [vals.journal_id],
  );
  vals.company_id ??= rows[0]?.company_id;
  vals.name = '/';
  vals.state = 'draft';
}

/** Recomputes an invoice's lines: product lines get income/expense and amounts, one receivable/payable line balances them. */
export async function syncMove(env: Env, moveId: number): Promise<void> {
  const { rows } = await env.db.query<{
    move_type: string;
    company_id: number;
    journal_id: number;
    date: string;
    partner_id: number | null;
  }>('SELECT move_type, company_id, journal_id, date, partner_id FROM account_move WHERE id = $1', [
    moveId,
  ]);
  const move = rows[0]!;
  await env.db.query(
    'UPDATE account_move_line SET journal_id = $2, company_id = $3, date = $4, partner_id = coalesce(partner_id, $5) WHERE move_id = $1',
    [moveId, move.journal_id, move.company_id, move.date, move.partner_id],
  );
  if (INVOICE_TYPES.has(move.move_type)) {
    const outgoing = move.move_type.startsWith('out_');
    const sign = move.move_type.endsWith('refund') ? -1 : 1;
    const account = async (type: string) =>
      (
        await env.db.query<{ id: number }>(
          'SELECT id FROM account_account WHERE account_type = $1 AND company_id = $2 ORDER BY id LIMIT 1',
          [type, move.company_id],
        )
      ).rows[0]?.id;
    const productAccount = await account(outgoing ? 'income' : 'expense');
    const counterpart = await account(outgoing ? 'asset_receivable' : 'liability_payable');
    await env.db.query(
      `DELETE FROM account_move_line WHERE move_id = $1 AND display_type = 'payment_term'`,
      [moveId],
    );
    // Sales credit income and debit the receivable; bills the other way round.
    const column = (outgoing ? sign > 0 : sign < 0) ? 'credit' : 'debit';
    const other = column === 'credit' ? 'debit' : 'credit';
    await env.db.query(
      `UPDATE account_move_line SET account_id = coalesce(account_id, $2), ${column} = round(quantity * price_unit, 2), ${other} = 0
        WHERE move_id = $1 AND display_type = 'product'`,
      [moveId, productAccount],
    );
    await env.db.query(
      `INSERT INTO account_move_line (move_id, account_id, partner_id, name, display_type, ${other}, date, journal_id, company_id)
       SELECT $1, $2, $3, '', 'payment_term', coalesce(sum(${column}), 0), $4, $5, $6 FROM account_move_line WHERE move_id = $1 AND display_type = 'product'`,
      [moveId, counterpart, move.partner_id, move.date, move.journal_id, move.company_id],
    );
  }
  await env.db.query(
    'UPDATE account_move SET amount_total = (SELECT coalesce(sum(debit), 0) FROM account_move_line WHERE move_id = $1) WHERE id = $1',
    [moveId],
  );
  if (move.move_type === 'entry') await checkBalanced(env, moveId);
}

/**
 * `_check_balanced`, run when an entry is created: an unbalanced entry is refused there, not at
 * posting (recorded from a real 17.0 in test/fixtures/real-odoo-17/transcript.json).
 */
async function checkBalanced(env: Env, moveId: number): Promise<void> {
  const { rows } = await env.db.query<{
    lines: number;
    debit: number;
    credit: number;
    ref: string | null;
    journal: string;
  }>(
    `SELECT count(l.id)::int AS lines, coalesce(sum(l.debit), 0) AS debit, coalesce(sum(l.credit), 0) AS credit,
            m.ref, j.name AS journal
       FROM account_move m JOIN account_journal j ON j.id = m.journal_id
       LEFT JOIN account_move_line l ON l.move_id = m.id
      WHERE m.id = $1 GROUP BY m.id, j.name`,
    [moveId],
  );
  const totals = rows[0]!;
  if (totals.lines === 0 || Math.abs(totals.debit - totals.credit) <= 0.005) return;
  const display = `Draft Entry (* ${moveId})${totals.ref ? ` (${totals.ref})` : ''}`;
  throw userError(
    `An error has occurred.\n\nThe move (${display}) is not balanced.\n` +
      `The total of debits equals ${formatAmount(totals.debit)} and the total of credits equals ${formatAmount(totals.credit)}.\n` +
      `You might want to specify a default account on journal "${totals.journal}" to automatically balance each move.`,
  );
}

/** sequence.mixin `_get_starting_sequence`: yearly for sales and purchases, monthly otherwise. */
function sequencePrefix(
  code: string,
  journalType: string,
  date: string,
): { prefix: string; padding: number } {
  const [year, month] = date.split('-');
  return journalType === 'sale' || journalType === 'purchase'
    ? { prefix: `${code}/${year}/`, padding: 5 }
    : { prefix: `${code}/${year}/${month}/`, padding: 4 };
}

async function postMoves(env: Env, ids: number[]): Promise<false> {
  for (const id of ids) {
    const { rows } = await env.db.query<{
      state: string;
      move_type: string;
      journal_id: number;
      code: string;
      type: string;
      date: string;
      invoice_date: string | null;
      name: string;
    }>(
      `SELECT m.state, m.move_type, m.journal_id, j.code, j.type, m.date, m.invoice_date, m.name FROM account_move m JOIN account_journal j ON j.id = m.journal_id WHERE m.id = $1`,
      [id],
    );
    const move = rows[0]!;
    if (move.state !== 'draft')
      throw userError(`The entry ${move.name} (id ${id}) must be in draft.`);
    const totals = (
      await env.db.query<{ lines: number; debit: number; credit: number }>(
        'SELECT count(*)::int AS lines, coalesce(sum(debit), 0) AS debit, coalesce(sum(credit), 0) AS credit FROM account_move_line WHERE move_id = $1',
        [id],
      )
    ).rows[0]!;
    if (totals.lines === 0) throw userError('You need to add a line before posting.');
    if (Math.abs(totals.debit - totals.credit) > 0.005) {
      throw userError(
        `The move (${move.name}) is not balanced.\nThe total of debits equals ${totals.debit} and the total of credits equals ${totals.credit}.`,
      );
    }
    if (move.move_type.startsWith('in_') && !move.invoice_date)
      throw userError('The Bill/Refund date is required to validate this document.');
    if (move.move_type.startsWith('out_') && !move.invoice_date) {
      await env.db.query(`UPDATE account_move SET invoice_date = date WHERE id = $1`, [id]);
    }
    const { prefix, padding } = sequencePrefix(move.code, move.type, move.date);
    if (env.version === 16) await numberWithRowLock(env, id, move.journal_id, prefix, padding);
    else await numberWithUniqueIndex(env, id, move.journal_id, prefix, padding);
    await env.db.query(`UPDATE account_move_line SET parent_state = 'posted' WHERE move_id = $1`, [
      id,
    ]);
  }
  // action_post returns False (docs/odoo-protocol.md §7.4).
  return false;
}

async function lastNumber(
  env: Env,
  journalId: number,
  prefix: string,
): Promise<{ id: number; sequence_number: number } | undefined> {
  const { rows } = await env.db.query<{ id: number; sequence_number: number }>(
    `SELECT id, sequence_number FROM account_move WHERE journal_id = $1 AND sequence_prefix = $2 AND state = 'posted' ORDER BY sequence_number DESC LIMIT 1`,
    [journalId, prefix],
  );
  return rows[0];
}

const format = (prefix: string, number: number, padding: number) =>
  prefix + String(number).padStart(padding, '0');

/** 16.0: lock the latest move of the journal/prefix, then take the next number. */
async function numberWithRowLock(
  env: Env,
  id: number,
  journalId: number,
  prefix: string,
  padding: number,
): Promise<void> {
  const last = await lastNumber(env, journalId, prefix);
  if (last)
    await env.db.query('UPDATE account_move SET write_date = write_date WHERE id = $1', [last.id]);
  const number = (last?.sequence_number ?? 0) + 1;
  await env.db.query(
    `UPDATE account_move SET name = $2, sequence_prefix = $3, sequence_number = $4, state = 'posted', write_date = now() at time zone 'utc' WHERE id = $1`,
    [id, format(prefix, number, padding), prefix, number],
  );
  // The Python constraint, blind to uncommitted concurrent moves like Odoo's own check.
  const { rows } = await env.db.query(
    `SELECT 1 FROM account_move WHERE journal_id = $1 AND name = $2 AND state = 'posted' AND id != $3`,
    [journalId, format(prefix, number, padding), id],
  );
  if (rows.length > 0)
    throw new OdooError(
      'odoo.exceptions.ValidationError',
      'Posted journal entry must have an unique sequence number per company.',
    );
}

/** 17.0/18.0: write the candidate in a savepoint; on a unique violation try the next number. */
async function numberWithUniqueIndex(
  env: Env,
  id: number,
  journalId: number,
  prefix: string,
  padding: number,
): Promise<void> {
  let number = ((await lastNumber(env, journalId, prefix))?.sequence_number ?? 0) + 1;
  for (let attempt = 0; attempt < 1000; attempt++, number++) {
    await env.db.query('SAVEPOINT sequence_mixin');
    try {
      await env.db.query(
        `UPDATE account_move SET name = $2, sequence_prefix = $3, sequence_number = $4, state = 'posted', write_date = now() at time zone 'utc' WHERE id = $1`,
        [id, format(prefix, number, padding), prefix, number],
      );
      await env.db.query('RELEASE SAVEPOINT sequence_mixin');
      return;
    } catch (error) {
      await env.db.query('ROLLBACK TO SAVEPOINT sequence_mixin');
      if ((error as { code?: string }).code !== '23505') throw error;
      env.counters.sequenceConflicts = (env.counters.sequenceConflicts ?? 0) + 1;
    }
  }
  throw userError(`Could not find a free number in journal ${journalId} after 1000 attempts.`);
}

export const accountModels: ModelDef[] = [
  {
    name: 'account.account',
    description: 'Account',
    table: 'account_account',
    order: 'code, id',
    displayName: (t) => `${t}.code || ' ' || ${t}.name`,
    companyField: 'company_id',
    fields: {
      code: { type: 'char' },
      name: { type: 'char' },
      account_type: { type: 'selection' },
      reconcile: { type: 'boolean' },
      company_id: { type: 'many2one', relation: 'res.company' },
    },
  },
  {
    name: 'account.journal',
    description: 'Journal',
    table: 'account_journal',
    order: 'id',
    displayName: (t) => `${t}.name`,
    companyField: 'company_id',
    fields: {
      name: { type: 'char' },
      code: { type: 'char' },
      type: { type: 'selection' },
      company_id: { type: 'many2one', relation: 'res.company' },
      default_account_id: { type: 'many2one', relation: 'account.account' },
    },
  },
  {
    name: 'account.move',
    description: 'Journal Entry',
    table: 'account_move',
    order: 'date desc, name desc, id desc',
    displayName: (t) =>
      `CASE WHEN ${t}.name = '/' THEN 'Draft Entry (* ' || ${t}.id || ')' ELSE ${t}.name END`,
    companyField: 'company_id',
    fields: {
      name: { type: 'char', readonly: true },
      ref: { type: 'char' },
      move_type: { type: 'selection' },
      state: { type: 'selection', readonly: true },
      journal_id: { type: 'many2one', relation: 'account.journal' },
      partner_id: { type: 'many2one', relation: 'res.partner' },
      company_id: { type: 'many2one', relation: 'res.company' },
      date: { type: 'date' },
      invoice_date: { type: 'date' },
      invoice_origin: { type: 'char' },
      amount_total: { type: 'float', readonly: true },
      sequence_prefix: { type: 'char', readonly: true },
      sequence_number: { type: 'integer', readonly: true },
      line_ids: { type: 'one2many', relation: 'account.move.line', inverse: 'move_id' },
      invoice_line_ids: { type: 'one2many', relation: 'account.move.line', inverse: 'move_id' },
    },
    beforeCreate: moveDefaults,
    afterCreate: syncMove,
    beforeUnlink: async (env, ids) => {
      const { rows } = await env.db.query(
        `SELECT 1 FROM account_move WHERE id = ANY($1) AND state = 'posted'`,
        [ids],
      );
      if (rows.length > 0)
        throw userError('You cannot delete an entry which has been posted once.');
    },
    methods: {
      action_post: { kind: 'record', run: (env, call) => postMoves(env, call.ids) },
      // Reset to draft keeps the number (Odoo reuses it on re-posting); cancel needs a draft.
      button_draft: {
        kind: 'record',
        run: async (env, call) => {
          await env.db.query(
            `UPDATE account_move SET state = 'draft' WHERE id = ANY($1) AND state IN ('posted', 'cancel')`,
            [call.ids],
          );
          await env.db.query(
            `UPDATE account_move_line SET parent_state = 'draft' WHERE move_id = ANY($1)`,
            [call.ids],
          );
          return false;
        },
      },
      button_cancel: {
        kind: 'record',
        run: async (env, call) => {
          const { rows } = await env.db.query(
            `SELECT name FROM account_move WHERE id = ANY($1) AND state = 'posted'`,
            [call.ids],
          );
          if (rows.length > 0) throw userError('Only draft journal entries can be cancelled.');
          await env.db.query(`UPDATE account_move SET state = 'cancel' WHERE id = ANY($1)`, [
            call.ids,
          ]);
          await env.db.query(
            `UPDATE account_move_line SET parent_state = 'cancel' WHERE move_id = ANY($1)`,
            [call.ids],
          );
          return false;
        },
      },
    },
  },
  {
    name: 'account.move.line',
    description: 'Journal Item',
    table: 'account_move_line',
    order: 'date desc, move_id desc, id',
    displayName: (t) =>
      `coalesce(nullif(${t}.name, ''), (SELECT m.name FROM account_move m WHERE m.id = ${t}.move_id))`,
    companyField: 'company_id',
    fields: {
      move_id: { type: 'many2one', relation: 'account.move' },
      account_id: { type: 'many2one', relation: 'account.account' },
      partner_id: { type: 'many2one', relation: 'res.partner' },
      product_id: { type: 'many2one', relation: 'product.product' },
      name: { type: 'char' },
      display_type: { type: 'selection' },
      quantity: { type: 'float' },
      price_unit: { type: 'float' },
      price_subtotal: { type: 'float', sql: (t) => `round(${t}.quantity * ${t}.price_unit, 2)` },
      debit: { type: 'float' },
      credit: { type: 'float' },
      balance: { type: 'float', readonly: true },
      date: { type: 'date', readonly: true },
      parent_state: { type: 'selection', readonly: true },
      journal_id: { type: 'many2one', relation: 'account.journal', readonly: true },
      company_id: { type: 'many2one', relation: 'res.company' },
      account_type: {
        type: 'selection',
        sql: (t) => `(SELECT a.account_type FROM account_account a WHERE a.id = ${t}.account_id)`,
      },
    },
  },
];
