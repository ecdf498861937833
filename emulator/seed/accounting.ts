/**
 * Chart of accounts, journals and one opening entry per journal for a company. The opening entries
 * give every journal a "last posted move" for the current period, which 16.0's numbering locks.
 */
import type pg from 'pg';

const ACCOUNTS: [code: string, name: string, type: string, reconcile: boolean][] = [
  ['101401', 'Bank', 'asset_cash', false],
  ['110100', 'Stock Valuation', 'asset_current', false],
  ['121000', 'Account Receivable', 'asset_receivable', true],
  ['211000', 'Account Payable', 'liability_payable', true],
  ['400000', 'Product Sales', 'income', false],
  ['600000', 'Expenses', 'expense', false],
  ['999999', 'Undistributed Profits/Losses', 'equity_unaffected', false],
];

const JOURNALS: [code: string, name: string, type: string, account: string][] = [
  ['INV', 'Customer Invoices', 'sale', '400000'],
  ['BILL', 'Vendor Bills', 'purchase', '600000'],
  ['MISC', 'Miscellaneous Operations', 'general', '101401'],
  ['BNK1', 'Bank', 'bank', '101401'],
];

export interface CompanyAccounting {
  journals: Record<string, number>;
  accounts: Record<string, number>;
}

/** The chart of accounts and journals of one company, by type and (accounts) by code. */
async function seedChart(db: pg.ClientBase, companyId: number) {
  const accounts: Record<string, number> = {};
  for (const [code, name, type, reconcile] of ACCOUNTS) {
    const { rows } = await db.query<{ id: number }>(
      'INSERT INTO account_account (code, name, account_type, reconcile, company_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [code, name, type, reconcile, companyId],
    );
    accounts[type] = rows[0]!.id;
    accounts[code] = rows[0]!.id;
  }
  const journals: Record<string, number> = {};
  for (const [code, name, type, account] of JOURNALS) {
    const { rows } = await db.query<{ id: number }>(
      'INSERT INTO account_journal (name, code, type, company_id, default_account_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [name, code, type, companyId, accounts[account]],
    );
    journals[type] = rows[0]!.id;
  }
  return { accounts, journals };
}

export async function seedAccounting(
  db: pg.ClientBase,
  companyId: number,
  openingPartnerId: number,
  today: Date,
): Promise<CompanyAccounting> {
  const { accounts, journals } = await seedChart(db, companyId);
  const year = today.getUTCFullYear();
  const month = String(today.getUTCMonth() + 1).padStart(2, '0');
  const date = today.toISOString().slice(0, 10);
  const openings: [
    journal: string,
    name: string,
    prefix: string,
    moveType: string,
    debit: number,
    credit: number,
    partner: number | null,
  ][] = [
    [
      'general',
      `MISC/${year}/${month}/0001`,
      `MISC/${year}/${month}/`,
      'entry',
      accounts['101401']!,
      accounts['999999']!,
      null,
    ],
    [
      'sale',
      `INV/${year}/00001`,
      `INV/${year}/`,
      'out_invoice',
      accounts['121000']!,
      accounts['400000']!,
      openingPartnerId,
    ],
    [
      'purchase',
      `BILL/${year}/00001`,
      `BILL/${year}/`,
      'in_invoice',
      accounts['600000']!,
      accounts['211000']!,
      openingPartnerId,
    ],
  ];
  for (const [journal, name, prefix, moveType, debitAccount, creditAccount, partner] of openings) {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO account_move (name, ref, move_type, state, journal_id, partner_id, company_id, date, invoice_date, amount_total, sequence_prefix, sequence_number)
       VALUES ($1, 'Opening balance', $2, 'posted', $3, $4, $5, $6, $6, 1000, $7, 1) RETURNING id`,
      [name, moveType, journals[journal], partner, companyId, date, prefix],
    );
    await db.query(
      `INSERT INTO account_move_line (move_id, account_id, partner_id, name, display_type, debit, credit, date, parent_state, journal_id, company_id)
       VALUES ($1, $2, $4, 'Opening balance', 'product', 1000, 0, $5, 'posted', $6, $7),
              ($1, $3, $4, 'Opening balance', 'payment_term', 0, 1000, $5, 'posted', $6, $7)`,
      [rows[0]!.id, debitAccount, creditAccount, partner, date, journals[journal], companyId],
    );
  }
  return { journals, accounts };
}
