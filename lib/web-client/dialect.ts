/**
 * What differs between the web clients of Odoo 16, 17, 18 and 19, as data (test/fixtures/
 * web-client/README.md, "Where 17 and 18 differ"; 16 and 19 from contract/web-client/raw/raw-<version>
 * .json, recorded here by scripts/record-web-client.ts), and the specifications each recorded client
 * sent (contract/web-client/<version>.json). 16's legacy forms send field lists instead
 * (lib/web-client/legacy-form.ts).
 */
import recorded16 from '../../contract/web-client/16.json';
import recorded17 from '../../contract/web-client/17.json';
import recorded18 from '../../contract/web-client/18.json';
import recorded19 from '../../contract/web-client/19.json';
import {
  type RecordedWebClient,
  type Spec,
  WEB_CLIENT_VERSIONS,
} from '../../contract/web-client/types.ts';

type Version = 16 | 17 | 18 | 19;

/** A relation 16's form reads when its record loads: the lines of `field`, and maybe their tags. */
export interface LegacyLoad {
  field: string;
  model: string;
}

export interface WebDialect {
  version: Version;
  /**
   * 17 on: forms send specifications (`onchange` with a spec, `web_save`, `web_read`); 16's legacy
   * forms send field lists (`onchange` with `field_onchange`, `create`, then `read` per relation).
   */
  forms: 'specification' | 'legacy';
  /** 16: the relations a record's `read` is followed by, by model, in the form's order. */
  legacyLoads?: Record<string, LegacyLoad[]>;
  /** 16: a line's many2many tags whose names the form reads (`read` display_name) when new ids arrive. */
  legacyTags?: Record<string, LegacyLoad>;
  /**
   * 16: by model, many2one fields shown with a context (always_reload) and their relation:
   * `name_get` after a pick and when the record loads.
   */
  legacyReloaded?: Record<string, Record<string, string>>;
  /** 16 shows a chatter's messages before its data, and asks both again once the record loaded. */
  chatterRefresh: boolean;
  /** 17: `/web/dataset/call_button` with model and method in the body; 18: in the path as well. */
  buttonInPath: boolean;
  /** `/web/action/load` body: 17 `{action_id, additional_context: {}}`, 18 `{action_id, context}`. */
  actionContextKey: 'additional_context' | 'context';
  /** 17 `check_access_rights(operation, False)`; 18 `has_access` on an empty recordset; 19 neither. */
  accessCheck: 'check_access_rights' | 'has_access' | 'none';
  /** 18 sends `has_group` on the user record: `[uid, group]`; 17 `[group]`. */
  hasGroupOnUser: boolean;
  /**
   * Messaging at login: 17 `/mail/init_messaging` and friends; 18 `/mail/data` twice with flags;
   * 19 `/mail/data` twice with `fetch_params` lists.
   */
  messaging: 'init_messaging' | 'mail_data' | 'fetch_params';
  /** A many2one's dropdown: `name_search` (args), 19 `web_name_search` (domain and a specification). */
  nameSearch: 'name_search' | 'web_name_search';
  /**
   * A record's chatter: 17 and 18 `/mail/thread/data` with a request list, then its messages; 19 its
   * messages (`fetch_params`), then `/mail/data` asking for the thread.
   */
  thread: 'thread_data' | 'mail_data';
  /** 19 reads the company currency's `inverse_rate` when a list with amounts opens. */
  currencyRate: boolean;
  /** 17 and 18 ask `has_group('base.group_allow_export')` when a list opens; 19 does not. */
  exportGroupCheck: boolean;
  /** 19 asks `has_group('stock.group_tracking_lot')` when a delivery opens (instead of an access check). */
  pickingGroupCheck?: string;
  /** 19 sends the typed text's search before the pick; 17 and 18 after it. */
  typedBeforePick: boolean;
  /** 17 and 18 load the menus from `/web/webclient/load_menus/<hash>`; 19 without the hash. */
  menusByHash: boolean;
  /** 17 and 18 send the quantity field's context (partner, pricelist, unit…) with its onchange; 19 none. */
  quantityContext: boolean;
  /** 19 reads `ir.http.lazy_session_info` when an invoice form opens. */
  lazySessionInfo: boolean;
  /** 16 and 17 show onboarding banners on the quotation and invoice lists: the route of each. */
  onboarding: Partial<Record<'sale_quotation' | 'account_invoice', string>>;
  /** 16 asks `has_group('base.group_allow_export')` when the invoices list opens (a fresh page). */
  invoiceListExportCheck: boolean;
  /** 18's order line picks a product template first, with an onchange of its own. */
  templateOnchange: boolean;
  /** 18's Deliveries menu is a server action: `/web/action/run` answers the window action. */
  deliveriesByServerAction: boolean;
  /** 18's get_views options add embedded_action_id and embedded_parent_res_id. */
  embeddedActions: boolean;
  /** 17's order form loads the html editor's colour picker (`ir.ui.view.render_public_asset`). */
  colorPicker: boolean;
  /** The menus a person opens, by XML id (setup() turns them into the ids the web client sends). */
  actions: Record<WebAction, string>;
  /** The Deliveries action's context as the web client evaluates it (the company filled in). */
  deliveriesContext: (companyId: number) => Record<string, unknown>;
  /** The customer invoices list's domain (the action's, and its default filter). */
  invoiceListDomain: unknown[];
  /** How often the invoices list is read before New (17 re-reads it under the onboarding banner). */
  invoiceListReads: number;
  /** What action_post's button adds to the context. */
  postContext: Record<string, unknown>;
  /** The second partner search of a form: 17 with an empty text again, 18 with the typed name. */
  searchTypedPartner: boolean;
  recorded: RecordedWebClient;
}

/** The apps and menus the web channel's people open. */
export const WEB_ACTIONS = [
  'quotations',
  'orders',
  'overview',
  'deliveries',
  'customerInvoices',
  'home',
] as const;
export type WebAction = (typeof WEB_ACTIONS)[number];

/** What the web clients from 17 on do alike and 16's does otherwise. */
const SINCE_17 = {
  forms: 'specification',
  chatterRefresh: false,
  invoiceListExportCheck: false,
} as const;

/** What 17's and 18's web clients do alike and 19's does otherwise. */
const UNTIL_19 = {
  nameSearch: 'name_search',
  thread: 'thread_data',
  currencyRate: false,
  exportGroupCheck: true,
  lazySessionInfo: false,
  quantityContext: true,
  menusByHash: true,
  typedBeforePick: false,
} as const;

const EIGHTEEN: Omit<WebDialect, 'recorded'> = {
  version: 18,
  buttonInPath: true,
  actionContextKey: 'context',
  accessCheck: 'has_access',
  hasGroupOnUser: true,
  messaging: 'mail_data',
  ...SINCE_17,
  ...UNTIL_19,
  onboarding: {},
  templateOnchange: true,
  deliveriesByServerAction: true,
  embeddedActions: true,
  colorPicker: false,
  actions: {
    quotations: 'sale.action_quotations_with_onboarding',
    orders: 'sale.action_orders',
    overview: 'stock.stock_picking_type_action',
    deliveries: 'stock.method_action_picking_tree_outgoing',
    customerInvoices: 'account.action_move_out_invoice',
    home: 'mail.action_discuss',
  },
  deliveriesContext: () => ({
    mail_notify_force_send: false,
    contact_display: 'partner_address',
    restricted_picking_type_code: 'outgoing',
  }),
  invoiceListDomain: [
    '&',
    ['move_type', 'in', ['out_invoice', 'out_refund']],
    ['move_type', '=', 'out_invoice'],
  ],
  invoiceListReads: 2,
  postContext: { validate_analytic: true, disable_abnormal_invoice_detection: false },
  searchTypedPartner: true,
};

const SEVENTEEN: Omit<WebDialect, 'recorded'> = {
  version: 17,
  buttonInPath: false,
  actionContextKey: 'additional_context',
  accessCheck: 'check_access_rights',
  hasGroupOnUser: false,
  messaging: 'init_messaging',
  ...SINCE_17,
  ...UNTIL_19,
  onboarding: {
    sale_quotation: '/onboarding/sale_quotation',
    account_invoice: '/onboarding/account_invoice',
  },
  templateOnchange: false,
  deliveriesByServerAction: false,
  embeddedActions: false,
  colorPicker: true,
  actions: {
    quotations: 'sale.action_quotations_with_onboarding',
    orders: 'sale.action_orders',
    overview: 'stock.stock_picking_type_action',
    deliveries: 'stock.action_picking_tree_outgoing',
    customerInvoices: 'account.action_move_out_invoice_type',
    home: 'mail.action_discuss',
  },
  deliveriesContext: (companyId) => ({
    contact_display: 'partner_address',
    default_company_id: companyId,
    restricted_picking_type_code: 'outgoing',
  }),
  invoiceListDomain: [['move_type', '=', 'out_invoice']],
  invoiceListReads: 2,
  postContext: { validate_analytic: true },
  searchTypedPartner: false,
};

/**
 * 16 speaks 17's routes with its legacy forms (contract/web-client/raw/raw-16.json): field lists,
 * `create` then `read` of each relation, `name_get` of a partner shown with its address.
 */
const SIXTEEN: Omit<WebDialect, 'recorded'> = {
  ...SEVENTEEN,
  version: 16,
  forms: 'legacy',
  legacyLoads: {
    'sale.order': [{ field: 'order_line', model: 'sale.order.line' }],
    'account.move': [{ field: 'invoice_line_ids', model: 'account.move.line' }],
    'stock.picking': [
      { field: 'move_line_ids_without_package', model: 'stock.move.line' },
      { field: 'move_ids_without_package', model: 'stock.move' },
    ],
    'stock.immediate.transfer': [
      { field: 'immediate_transfer_line_ids', model: 'stock.immediate.transfer.line' },
    ],
    'stock.backorder.confirmation': [
      { field: 'backorder_confirmation_line_ids', model: 'stock.backorder.confirmation.line' },
    ],
  },
  legacyTags: {
    'account.move.line': { field: 'tax_ids', model: 'account.tax' },
    'sale.order.line': { field: 'tax_id', model: 'account.tax' },
  },
  legacyReloaded: {
    'sale.order': { partner_id: 'res.partner' },
    'account.move': { partner_id: 'res.partner' },
  },
  chatterRefresh: true,
  accessCheck: 'none',
  typedBeforePick: true,
  searchTypedPartner: true,
  colorPicker: false,
  onboarding: {
    sale_quotation: '/sales/sale_quotation_onboarding_panel',
    account_invoice: '/account/account_invoice_onboarding',
  },
  invoiceListExportCheck: true,
  invoiceListReads: 1,
  // 16 has no Deliveries action: the picker opens all transfers (the Deliveries filter is the flow's).
  actions: { ...SEVENTEEN.actions, deliveries: 'stock.action_picking_tree_all' },
  deliveriesContext: (companyId) => ({
    contact_display: 'partner_address',
    default_company_id: companyId,
  }),
};

const DIALECTS: Record<Version, Omit<WebDialect, 'recorded'>> = {
  16: SIXTEEN,
  17: SEVENTEEN,
  18: EIGHTEEN,
  // 19 speaks 18's routes with its own searches, chatter and messaging (contract/web-client/raw/raw-19.json).
  19: {
    ...EIGHTEEN,
    version: 19,
    accessCheck: 'none',
    messaging: 'fetch_params',
    nameSearch: 'web_name_search',
    thread: 'mail_data',
    currencyRate: true,
    exportGroupCheck: false,
    pickingGroupCheck: 'stock.group_tracking_lot',
    lazySessionInfo: true,
    quantityContext: false,
    menusByHash: false,
    typedBeforePick: true,
    // The Deliveries server action returns the window action with the user's context merged in.
    deliveriesContext: () => ({
      contact_display: 'partner_address',
      restricted_picking_type_code: 'outgoing',
    }),
    // The menu's domain and its two default filters (one group: either).
    invoiceListDomain: [
      '&',
      ['move_type', 'in', ['out_invoice', 'out_refund', 'out_receipt']],
      '|',
      ['move_type', '=', 'out_invoice'],
      ['move_type', '=', 'out_receipt'],
    ],
    invoiceListReads: 1,
  },
};

/**
 * Each version's recording: JSON text in the k6 bundle (build.mjs keeps it a string, so a VU pays for
 * nothing it does not parse), an object where the sources run in Node (the tests).
 */
const RECORDINGS: Record<Version, unknown> = {
  16: recorded16,
  17: recorded17,
  18: recorded18,
  19: recorded19,
};

/** Parsed once per VU, for the versions it talks to (one: the target's). */
const parsed = new Map<Version, RecordedWebClient>();

function recordedOf(version: Version): RecordedWebClient {
  let recorded = parsed.get(version);
  if (!recorded) {
    const raw = RECORDINGS[version];
    recorded = (typeof raw === 'string' ? JSON.parse(raw) : raw) as RecordedWebClient;
    parsed.set(version, recorded);
  }
  return recorded;
}

export { WEB_CLIENT_VERSIONS };

export function webDialect(version: number): WebDialect | undefined {
  if (!(WEB_CLIENT_VERSIONS as readonly number[]).includes(version)) return undefined;
  return { ...DIALECTS[version as Version], recorded: recordedOf(version as Version) };
}

/** The recorded specification of `<model>/<method>` in a flow; a missing one is a bug of the suite. */
export function specOf(dialect: WebDialect, flow: string, model: string, method: string): Spec {
  const spec = dialect.recorded.specs[`${flow}:${model}/${method}`];
  if (!spec)
    throw new Error(
      `the recorded web client of Odoo ${dialect.version} sent no ${model}.${method} in ${flow}`,
    );
  return spec;
}
