/**
 * Month-end postings (docs/domain.md workload 5): journal entries and customer invoices created and posted
 * in a burst, each taking the next number of its journal, plus the heavy reports accountants run
 * meanwhile (trial balance, aged receivable) as `read_group` over journal items (docs/odoo-protocol.md §7.4).
 */
import { check } from 'k6';
import exec from 'k6/execution';
import { REF_CODES } from '../../contract/index.ts';
import { type RunPlan, settingsOf } from '../config.ts';
import {
  type AccountingData,
  type CompanyData,
  companiesOf,
  discoverAccounting,
  discoverCompanies,
  pick,
  randomInt,
} from '../data/index.ts';
import { metrics, TAGS } from '../metrics/index.ts';
import type { OdooSession } from '../odoo/index.ts';
import { type PeopleData, personSession } from '../people/index.ts';
import { unitDone, unitFailed } from './outcome.ts';
import { runRef } from './run-ref.ts';

export interface MonthEndCloseData {
  companies: (AccountingData & Pick<CompanyData, 'customers' | 'products'>)[];
}

export function setupMonthEndClose(session: OdooSession, plan: RunPlan): MonthEndCloseData {
  const accounting = discoverAccounting(session, companiesOf(session, plan.companies));
  const trading = discoverCompanies(
    session,
    accounting.map((company) => company.companyId),
  );
  return {
    companies: accounting.map((company, i) => ({
      ...company,
      customers: trading[i]!.customers,
      products: trading[i]!.products,
    })),
  };
}

export function runMonthEndPosting(
  data: MonthEndCloseData,
  plan: RunPlan,
  people: PeopleData,
): void {
  const settings = settingsOf(plan, 'monthEndClose');
  const odoo = personSession(plan, people, 'integration');
  if (!odoo) return void unitFailed('the run has no integration user session');
  const company = data.companies[exec.scenario.iterationInTest % data.companies.length]!;
  const context = { allowed_company_ids: [company.companyId] };
  const invoice = company.journals.sale !== undefined && Math.random() < settings.invoiceShare;
  const lineCount = randomInt(settings.linesPerEntry.min, settings.linesPerEntry.max);
  // The run id in `ref` lets the audit find this run's entries and check their numbering.
  const vals = invoice
    ? {
        move_type: 'out_invoice',
        journal_id: company.journals.sale,
        partner_id: pick(company.customers),
        ref: runRef(plan, REF_CODES.monthEndClose),
        invoice_line_ids: Array.from({ length: lineCount }, () => [
          0,
          0,
          {
            product_id: pick(company.products),
            quantity: randomInt(1, 10),
            price_unit: randomInt(500, 50000) / 100,
          },
        ]),
      }
    : {
        move_type: 'entry',
        journal_id: company.journals.general,
        ref: runRef(plan, REF_CODES.monthEndClose),
        line_ids: balancedLines(lineCount, company.accounts.expense!, company.accounts.cash!),
      };
  const created = odoo.create(
    'account.move',
    vals,
    invoice ? { ...context, default_move_type: 'out_invoice' } : context,
  );
  if (!check(created, { 'entry created': (r) => r.ok })) return void unitFailed(created);
  const started = Date.now();
  const posted = odoo.callRecords(
    'account.move',
    'action_post',
    [(created as { value: number }).value],
    {},
    context,
  );
  const journal = invoice ? 'sale' : 'general';
  metrics.postingDuration.add(Date.now() - started, { [TAGS.journal]: journal });
  // Zero when the post went through, so the series exists even when nothing conflicted.
  metrics.sequenceConflicts.add(!posted.ok && posted.error.kind === 'concurrency' ? 1 : 0, {
    [TAGS.journal]: journal,
  });
  if (!check(posted, { 'entry posted': (r) => r.ok })) return void unitFailed(posted);
  metrics.postings.add(1, { [TAGS.journal]: journal });
  unitDone();
}

/** Debit lines on an expense account, balanced by one credit on the bank account. */
function balancedLines(count: number, expense: number, cash: number): unknown[] {
  const amounts = Array.from(
    { length: Math.max(1, count - 1) },
    () => randomInt(100, 100000) / 100,
  );
  const total = Math.round(amounts.reduce((sum, amount) => sum + amount, 0) * 100) / 100;
  return [
    ...amounts.map((amount) => [
      0,
      0,
      { account_id: expense, debit: amount, credit: 0, name: 'Month-end accrual' },
    ]),
    [0, 0, { account_id: cash, debit: 0, credit: total, name: 'Month-end accrual' }],
  ];
}

/** One accountant refreshing a report: trial balance or aged receivable, by read_group on journal items. */
export function runMonthEndReport(
  data: MonthEndCloseData,
  plan: RunPlan,
  people: PeopleData,
): void {
  const odoo = personSession(plan, people, 'integration');
  if (!odoo) return void unitFailed('the run has no integration user session');
  const company = pick(data.companies);
  const context = { allowed_company_ids: [company.companyId] };
  const trialBalance = exec.scenario.iterationInTest % 2 === 0;
  const report = trialBalance ? 'trial_balance' : 'aged_receivable';
  const started = Date.now();
  const result = trialBalance
    ? odoo.callModel(
        'account.move.line',
        'read_group',
        {
          domain: [['parent_state', '=', 'posted']],
          fields: ['debit:sum', 'credit:sum', 'balance:sum'],
          groupby: ['account_id'],
          lazy: true,
        },
        context,
      )
    : odoo.callModel(
        'account.move.line',
        'read_group',
        {
          domain: [
            ['parent_state', '=', 'posted'],
            ['account_id.account_type', '=', 'asset_receivable'],
          ],
          fields: ['balance:sum'],
          groupby: ['partner_id', 'date:month'],
          lazy: false,
        },
        context,
      );
  metrics.reportDuration.add(Date.now() - started, { [TAGS.report]: report });
  if (check(result, { 'report answered': (r) => r.ok })) unitDone();
  else unitFailed(result);
}
