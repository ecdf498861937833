/** How Odoo writes an amount people read (odoo/tools/misc.py `format_amount`), for the company currency. */

/** "$ 1,600.00": the symbol, a no-break space, the amount grouped by thousands with two decimals. */
export const formatAmount = (amount: number): string =>
  `$\u00a0${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
