/**
 * The dataset a seed writes for the scenarios (ids, barcodes, logins), so scenarios never guess ids.
 * On a real Odoo the same shape is discovered over RPC in setup().
 */
export interface DatasetCompany {
  id: number;
  name: string;
  warehouseId: number;
  stockLocationId: number;
  /** Journal ids by type: sale, purchase, general, bank. */
  journals: Record<string, number>;
  /** Account ids by Odoo account_type (income, expense, asset_receivable, ...) and by code. */
  accounts: Record<string, number>;
}

export interface DatasetProduct {
  id: number;
  barcode: string;
  /** On-hand quantity is small: orders compete for it. */
  scarce: boolean;
  /** Tracked by lot: a delivery of it needs a lot number (discovery leaves it out). */
  tracked: boolean;
  /** Invoiced on ordered quantities, or only once delivered. */
  invoicePolicy: 'order' | 'delivery';
}

export interface Dataset {
  /** Odoo database name. */
  db: string;
  /** Arguments the seed ran with, so a dataset says how it was built. */
  seed: Record<string, number>;
  companies: DatasetCompany[];
  /** Customers (res.partner ids) per company id. */
  customers: Record<string, number[]>;
  products: DatasetProduct[];
  /** The admin login and one login per warehouse operator; passwords come from the environment. */
  adminLogin: string;
  operators: { login: string; uid: number; companyId: number; pickingIds: number[] }[];
}
