/**
 * What differs between the web clients of Odoo 17, 18 and 19, as data (../shared/reference/web-client/
 * README.md, "Where 17 and 18 differ"; 19 from contract/web-client/raw/raw-19.json, recorded here by
 * scripts/record-web-client.ts), and the specifications each recorded client sent
 * (contract/web-client/<version>.json). 16's web client has no web_save or specifications, so the web
 * channel serves 17, 18 and 19.
 */
import recorded17 from '../../contract/web-client/17.json';
import recorded18 from '../../contract/web-client/18.json';
import recorded19 from '../../contract/web-client/19.json';
import {
  type RecordedWebClient,
  type Spec,
  WEB_CLIENT_VERSIONS,
} from '../../contract/web-client/types.ts';

type Version = 17 | 18 | 19;

export interface WebDialect {
  version: Version;
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
  /** 17 shows onboarding banners on the quotation and invoice lists (`/onboarding/<name>`). */
  onboarding: boolean;
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
  ...UNTIL_19,
  onboarding: false,
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

const DIALECTS: Record<Version, Omit<WebDialect, 'recorded'>> = {
  17: {
    version: 17,
    buttonInPath: false,
    actionContextKey: 'additional_context',
    accessCheck: 'check_access_rights',
    hasGroupOnUser: false,
    messaging: 'init_messaging',
    ...UNTIL_19,
    onboarding: true,
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
  },
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

const RECORDED: Record<Version, RecordedWebClient> = {
  17: recorded17 as RecordedWebClient,
  18: recorded18 as RecordedWebClient,
  19: recorded19 as RecordedWebClient,
};

export { WEB_CLIENT_VERSIONS };

export function webDialect(version: number): WebDialect | undefined {
  if (version !== 17 && version !== 18 && version !== 19) return undefined;
  return { ...DIALECTS[version], recorded: RECORDED[version] };
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
