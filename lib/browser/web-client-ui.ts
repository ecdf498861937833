/**
 * Where things are in Odoo's web client, by version: the flows are the same on 17 and 18, only URLs
 * and a few names differ, so those are data here and the flows have no copies per version.
 */

export interface WebClientUi {
  /** Where the login form sends a person, and where a lost flow starts again. */
  home: string;
  /** Quotations, as a list: where a rep's day starts. */
  quotations: string;
  /** A new quotation's form. */
  newOrder: string;
  /** Sales orders (confirmed quotations), as a list. */
  orders: string;
  /** Inventory's overview (operation types as cards): where a picker's day starts in the recording. */
  overview: string;
  /** Inventory's deliveries, as a list. */
  deliveries: string;
  /** Customer invoices, as a list: where an accountant's day starts. */
  invoices: string;
  /** A new customer invoice's form. */
  newInvoice: string;
}

/** 16 and 17 route actions in the URL's fragment; 18 and 19 give them paths under /odoo. */
const FRAGMENT_ROUTES: WebClientUi = {
  home: '/web',
  quotations: '/web#action=sale.action_quotations_with_onboarding',
  newOrder: '/web#action=sale.action_quotations_with_onboarding&view_type=form',
  orders: '/web#action=sale.action_orders',
  overview: '/web#action=stock.stock_picking_type_action',
  deliveries: '/web#action=stock.action_picking_tree_outgoing',
  invoices: '/web#action=account.action_move_out_invoice_type',
  newInvoice: '/web#action=account.action_move_out_invoice_type&view_type=form',
};
const PATH_ROUTES: WebClientUi = {
  home: '/odoo',
  quotations: '/odoo/action-sale.action_quotations_with_onboarding',
  newOrder: '/odoo/action-sale.action_quotations_with_onboarding/new',
  orders: '/odoo/action-sale.action_orders',
  overview: '/odoo/action-stock.stock_picking_type_action',
  deliveries: '/odoo/action-stock.action_picking_tree_outgoing',
  invoices: '/odoo/action-account.action_move_out_invoice_type',
  newInvoice: '/odoo/action-account.action_move_out_invoice_type/new',
};

export const WEB_CLIENT_UI: Record<number, WebClientUi> = {
  // 16 has no Deliveries action of its own (the overview's cards filter all transfers).
  16: { ...FRAGMENT_ROUTES, deliveries: '/web#action=stock.action_picking_tree_all' },
  17: FRAGMENT_ROUTES,
  18: PATH_ROUTES,
  19: PATH_ROUTES,
};

const many2one = (widgets: string[]) => ({
  input: widgets.map((widget) => `${widget} input`).join(', '),
  suggestion: widgets
    .map((widget) => `${widget} .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a`)
    .join(', '),
});

/** The markup both versions share: OWL's class names and the fields' `name` attributes. */
export const SELECTORS = {
  loginInput: 'input[name="login"]',
  passwordInput: 'input[name="password"]',
  submit: 'button[type="submit"]',
  /** The navbar with its app menu: the home screen is usable. */
  navbar: '.o_main_navbar',
  form: '.o_form_view',
  /**
   * A form's New button (17 and 18 keep a hidden copy for narrow screens; 19 a copy in a dropdown;
   * 16 puts it at the control panel's bottom right).
   */
  create:
    '.o_form_view .o_control_panel_main_buttons > div:not(.d-xl-none) > .o_form_button_create, .o_form_view .o_control_panel_main_buttons > .o_form_button_create, .o_form_view .o_cp_bottom_right > .o_form_button_create',
  /** The breadcrumb back to the list the form was opened from. */
  back: '.o_control_panel .breadcrumb .o_back_button a',
  save: '.o_form_button_save',
  /** The form's discard button: leaving a dirty form any other way asks "leave this page?". */
  discard: '.o_form_button_cancel',
  /** A many2one field of the form: its input, and the matches its own dropdown offers (not "Search More…" or "Create"). */
  many2one: (field: string) => many2one([`.o_field_widget[name="${field}"]`]),
  addLine: '.o_field_x2many_list_row_add a',
  /** The product of the line being edited: the template on sale orders, the variant on invoices. */
  lineProduct: many2one([
    '.o_selected_row .o_field_widget[name="product_template_id"]',
    '.o_selected_row .o_field_widget[name="product_id"]',
  ]),
  lineQuantity: (field: string) => `.o_selected_row .o_field_widget[name="${field}"] input`,
  button: (method: string) => `.o_form_view .o_statusbar_buttons button[name="${method}"]`,
  /** The status bar's current state, e.g. `sale`, `posted`, `done`. */
  state: (value: string) =>
    `.o_statusbar_status button.o_arrow_button_current[data-value="${value}"]`,
  /** The action's list view (not a form's one2many lines), and its New button. */
  listView: '.o_view_controller.o_list_view',
  kanbanView: '.o_view_controller.o_kanban_view',
  listCreate: '.o_view_controller.o_list_view .o_list_button_add',
  /** Rows of the action's list (not of a form's one2many lines). */
  listRow: '.o_view_controller.o_list_view .o_data_row',
  listCell: (field: string) => `.o_view_controller.o_list_view .o_data_row td[name="${field}"]`,
  /** The search box of the action's control panel. */
  searchInput: '.o_control_panel .o_searchview_input',
  /** A delivery of the deliveries list, by its reference. */
  deliveryRow: (reference: string) =>
    `//tr[contains(@class,"o_data_row")][.//td[@name="name" and normalize-space()="${reference}"]]`,
  /** A delivery ready to validate, in the deliveries list. */
  readyRow:
    '//tr[contains(@class,"o_data_row")][.//span[contains(@class,"badge") and normalize-space()="Ready"]]',
  dialog: '.modal .modal-dialog',
  /** 18's product configurator (a product with variants): its Confirm. */
  configuratorConfirm:
    '.modal .o_sale_product_configurator_dialog ~ .modal-footer .btn-primary, .modal .modal-footer .btn-primary',
  /** What a picker answers in the wizards Validate opens: no backorder, no SMS to the customer, all of it (16). */
  wizardAnswers: [
    '.modal button[name="process_cancel_backorder"]',
    '.modal button[name="dont_send_sms"]',
    // 16 asks first whether to process everything when nothing was counted (Immediate Transfer).
    '.modal button[name="process"]',
  ],
} as const;
