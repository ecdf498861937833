-- Tables of the Odoo emulator, named and shaped as Odoo names them (a subset of each model's columns).
-- Applied by emulator/db/migrate.ts on an empty database; `seed` fills it.

CREATE TABLE res_company (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  sequence integer NOT NULL DEFAULT 10,
  parent_id integer REFERENCES res_company(id),
  -- stock_sms: ask before texting customers on delivery validation, until answered once.
  stock_move_sms_validation boolean NOT NULL DEFAULT true,
  has_received_warning_stock_sms boolean NOT NULL DEFAULT false
);

CREATE TABLE res_country (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  code varchar(2) NOT NULL
);

-- ir.model: one row per model the emulator serves (filled at start from the registry).
CREATE TABLE ir_model (
  id serial PRIMARY KEY,
  model varchar NOT NULL UNIQUE,
  name varchar NOT NULL
);

CREATE TABLE res_partner (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  email varchar,
  ref varchar,
  phone varchar,
  mobile varchar,
  country_id integer REFERENCES res_country(id),
  is_company boolean NOT NULL DEFAULT false,
  customer_rank integer NOT NULL DEFAULT 0,
  -- A contact or a delivery address under a company (its parent).
  parent_id integer REFERENCES res_partner(id),
  type varchar NOT NULL DEFAULT 'contact',
  street varchar,
  city varchar,
  zip varchar,
  company_id integer REFERENCES res_company(id),
  active boolean NOT NULL DEFAULT true,
  create_date timestamp NOT NULL DEFAULT (now() at time zone 'utc')
);

CREATE TABLE res_users (
  id serial PRIMARY KEY,
  login varchar NOT NULL UNIQUE,
  -- SHA-256 of the password: the emulator never keeps a password in clear.
  password_hash varchar NOT NULL,
  partner_id integer NOT NULL REFERENCES res_partner(id),
  company_id integer NOT NULL REFERENCES res_company(id),
  share boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true
);

-- API keys (res.users.apikeys): the first 8 characters in clear as lookup index, the whole key hashed.
CREATE TABLE res_users_apikeys (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  user_id integer NOT NULL REFERENCES res_users(id),
  scope varchar,
  index varchar(8) NOT NULL,
  key_hash varchar NOT NULL,
  expiration_date timestamp
);
CREATE INDEX res_users_apikeys_index ON res_users_apikeys (index);

CREATE TABLE res_company_users_rel (
  cid integer NOT NULL REFERENCES res_company(id),
  user_id integer NOT NULL REFERENCES res_users(id),
  PRIMARY KEY (cid, user_id)
);

CREATE TABLE ir_module_module (
  id serial PRIMARY KEY,
  name varchar NOT NULL UNIQUE,
  state varchar NOT NULL DEFAULT 'installed'
);

CREATE TABLE uom_uom (
  id serial PRIMARY KEY,
  name varchar NOT NULL
);

CREATE TABLE ir_sequence (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  code varchar,
  prefix varchar NOT NULL DEFAULT '',
  padding integer NOT NULL DEFAULT 5,
  -- 'standard' numbers come from a PostgreSQL sequence ir_sequence_<id> (no row lock); 'no_gap' from this row.
  implementation varchar NOT NULL DEFAULT 'standard',
  number_next integer NOT NULL DEFAULT 1,
  company_id integer REFERENCES res_company(id)
);

-- Product categories; id 1 is "All" (product.product_category_all), every product's default.
CREATE TABLE product_category (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  parent_id integer REFERENCES product_category(id)
);
INSERT INTO product_category (name) VALUES ('All');

CREATE TABLE product_product (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  default_code varchar,
  barcode varchar,
  list_price numeric NOT NULL DEFAULT 0,
  standard_price numeric NOT NULL DEFAULT 0,
  categ_id integer NOT NULL DEFAULT 1 REFERENCES product_category(id),
  -- 16/17: 'product' (storable), 'consu', 'service'.
  type varchar NOT NULL DEFAULT 'product',
  sale_ok boolean NOT NULL DEFAULT true,
  tracking varchar NOT NULL DEFAULT 'none',
  -- sale: 'order' invoices ordered quantities, 'delivery' only what was delivered.
  invoice_policy varchar NOT NULL DEFAULT 'order',
  uom_id integer NOT NULL REFERENCES uom_uom(id),
  company_id integer REFERENCES res_company(id),
  active boolean NOT NULL DEFAULT true
);
-- Barcodes are unique per company (product.product _check_barcode_uniqueness).
CREATE UNIQUE INDEX product_product_barcode_company ON product_product (barcode, coalesce(company_id, 0)) WHERE barcode IS NOT NULL;

CREATE TABLE stock_location (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  location_id integer REFERENCES stock_location(id),
  complete_name varchar NOT NULL,
  usage varchar NOT NULL,
  company_id integer REFERENCES res_company(id),
  warehouse_id integer,
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE stock_warehouse (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  code varchar NOT NULL,
  company_id integer NOT NULL REFERENCES res_company(id),
  lot_stock_id integer NOT NULL REFERENCES stock_location(id),
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE stock_picking_type (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  code varchar NOT NULL,
  sequence_id integer NOT NULL REFERENCES ir_sequence(id),
  warehouse_id integer NOT NULL REFERENCES stock_warehouse(id),
  company_id integer NOT NULL REFERENCES res_company(id),
  default_location_src_id integer NOT NULL REFERENCES stock_location(id),
  default_location_dest_id integer NOT NULL REFERENCES stock_location(id),
  reservation_method varchar NOT NULL DEFAULT 'at_confirm',
  create_backorder varchar NOT NULL DEFAULT 'ask'
);

CREATE TABLE stock_quant (
  id serial PRIMARY KEY,
  product_id integer NOT NULL REFERENCES product_product(id),
  location_id integer NOT NULL REFERENCES stock_location(id),
  company_id integer REFERENCES res_company(id),
  quantity numeric NOT NULL DEFAULT 0,
  reserved_quantity numeric NOT NULL DEFAULT 0,
  -- Counted quantity of an inventory adjustment, applied by action_apply_inventory when set.
  inventory_quantity numeric NOT NULL DEFAULT 0,
  inventory_quantity_set boolean NOT NULL DEFAULT false,
  in_date timestamp NOT NULL DEFAULT (now() at time zone 'utc')
);
CREATE INDEX stock_quant_product_location ON stock_quant (product_id, location_id);

CREATE TABLE sale_order (
  id serial PRIMARY KEY,
  name varchar NOT NULL DEFAULT '/',
  partner_id integer NOT NULL REFERENCES res_partner(id),
  company_id integer NOT NULL REFERENCES res_company(id),
  warehouse_id integer REFERENCES stock_warehouse(id),
  user_id integer REFERENCES res_users(id),
  client_order_ref varchar,
  state varchar NOT NULL DEFAULT 'draft',
  date_order timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
  amount_total numeric NOT NULL DEFAULT 0,
  create_uid integer,
  create_date timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
  write_date timestamp NOT NULL DEFAULT (now() at time zone 'utc')
);
CREATE INDEX sale_order_client_order_ref ON sale_order (client_order_ref);

CREATE TABLE sale_order_line (
  id serial PRIMARY KEY,
  order_id integer NOT NULL REFERENCES sale_order(id) ON DELETE CASCADE,
  name varchar NOT NULL,
  product_id integer NOT NULL REFERENCES product_product(id),
  product_uom_qty numeric NOT NULL DEFAULT 1,
  price_unit numeric NOT NULL DEFAULT 0,
  price_subtotal numeric NOT NULL DEFAULT 0,
  qty_delivered numeric NOT NULL DEFAULT 0,
  qty_invoiced numeric NOT NULL DEFAULT 0,
  company_id integer REFERENCES res_company(id)
);
CREATE INDEX sale_order_line_order ON sale_order_line (order_id);

CREATE TABLE stock_picking (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  origin varchar,
  partner_id integer REFERENCES res_partner(id),
  picking_type_id integer NOT NULL REFERENCES stock_picking_type(id),
  location_id integer NOT NULL REFERENCES stock_location(id),
  location_dest_id integer NOT NULL REFERENCES stock_location(id),
  sale_id integer REFERENCES sale_order(id),
  company_id integer NOT NULL REFERENCES res_company(id),
  -- Responsible: the warehouse operator a picking is assigned to.
  user_id integer REFERENCES res_users(id),
  backorder_id integer REFERENCES stock_picking(id),
  move_type varchar NOT NULL DEFAULT 'direct',
  state varchar NOT NULL DEFAULT 'draft',
  scheduled_date timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
  date_done timestamp
);
CREATE INDEX stock_picking_sale ON stock_picking (sale_id);

CREATE TABLE stock_move (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  origin varchar,
  picking_id integer REFERENCES stock_picking(id),
  product_id integer NOT NULL REFERENCES product_product(id),
  product_uom_qty numeric NOT NULL,
  -- 17/18 `quantity` (reserved or picked); 16 reads it as reserved_availability / quantity_done.
  quantity numeric NOT NULL DEFAULT 0,
  picked boolean NOT NULL DEFAULT false,
  location_id integer NOT NULL REFERENCES stock_location(id),
  location_dest_id integer NOT NULL REFERENCES stock_location(id),
  sale_line_id integer REFERENCES sale_order_line(id),
  company_id integer NOT NULL REFERENCES res_company(id),
  state varchar NOT NULL DEFAULT 'draft'
);
CREATE INDEX stock_move_picking ON stock_move (picking_id);

CREATE TABLE stock_move_line (
  id serial PRIMARY KEY,
  move_id integer REFERENCES stock_move(id),
  picking_id integer REFERENCES stock_picking(id),
  product_id integer NOT NULL REFERENCES product_product(id),
  product_uom_id integer NOT NULL REFERENCES uom_uom(id),
  -- 17/18: `quantity` + `picked`; 16: reserved `reserved_uom_qty` and done `qty_done`.
  quantity numeric NOT NULL DEFAULT 0,
  picked boolean NOT NULL DEFAULT false,
  reserved_uom_qty numeric NOT NULL DEFAULT 0,
  qty_done numeric NOT NULL DEFAULT 0,
  location_id integer NOT NULL REFERENCES stock_location(id),
  location_dest_id integer NOT NULL REFERENCES stock_location(id),
  company_id integer NOT NULL REFERENCES res_company(id),
  state varchar NOT NULL DEFAULT 'assigned'
);
CREATE INDEX stock_move_line_picking ON stock_move_line (picking_id);
CREATE INDEX stock_move_line_move ON stock_move_line (move_id);

-- Transient wizards answering button_validate (docs/odoo-protocol.md §7.2).
CREATE TABLE stock_backorder_confirmation (
  id serial PRIMARY KEY,
  create_date timestamp NOT NULL DEFAULT (now() at time zone 'utc')
);
CREATE TABLE stock_backorder_confirmation_stock_picking_rel (
  stock_backorder_confirmation_id integer NOT NULL REFERENCES stock_backorder_confirmation(id) ON DELETE CASCADE,
  stock_picking_id integer NOT NULL REFERENCES stock_picking(id),
  PRIMARY KEY (stock_backorder_confirmation_id, stock_picking_id)
);
CREATE TABLE stock_immediate_transfer (
  id serial PRIMARY KEY,
  create_date timestamp NOT NULL DEFAULT (now() at time zone 'utc')
);
CREATE TABLE stock_immediate_transfer_stock_picking_rel (
  stock_immediate_transfer_id integer NOT NULL REFERENCES stock_immediate_transfer(id) ON DELETE CASCADE,
  stock_picking_id integer NOT NULL REFERENCES stock_picking(id),
  PRIMARY KEY (stock_immediate_transfer_id, stock_picking_id)
);

CREATE TABLE account_account (
  id serial PRIMARY KEY,
  code varchar NOT NULL,
  name varchar NOT NULL,
  account_type varchar NOT NULL,
  reconcile boolean NOT NULL DEFAULT false,
  company_id integer NOT NULL REFERENCES res_company(id)
);

CREATE TABLE account_journal (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  code varchar NOT NULL,
  type varchar NOT NULL,
  company_id integer NOT NULL REFERENCES res_company(id),
  default_account_id integer REFERENCES account_account(id)
);

CREATE TABLE account_move (
  id serial PRIMARY KEY,
  name varchar NOT NULL DEFAULT '/',
  ref varchar,
  move_type varchar NOT NULL DEFAULT 'entry',
  state varchar NOT NULL DEFAULT 'draft',
  journal_id integer NOT NULL REFERENCES account_journal(id),
  partner_id integer REFERENCES res_partner(id),
  company_id integer NOT NULL REFERENCES res_company(id),
  date date NOT NULL DEFAULT (now() at time zone 'utc')::date,
  invoice_date date,
  invoice_origin varchar,
  amount_total numeric NOT NULL DEFAULT 0,
  -- sequence.mixin: the number split into prefix and integer for the "last number" lookup.
  sequence_prefix varchar,
  sequence_number integer,
  create_date timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
  write_date timestamp NOT NULL DEFAULT (now() at time zone 'utc')
);
CREATE INDEX account_move_sequence ON account_move (journal_id, sequence_prefix, sequence_number DESC);
CREATE INDEX account_move_ref ON account_move (ref);

CREATE TABLE account_move_line (
  id serial PRIMARY KEY,
  move_id integer NOT NULL REFERENCES account_move(id) ON DELETE CASCADE,
  account_id integer REFERENCES account_account(id),
  partner_id integer REFERENCES res_partner(id),
  product_id integer REFERENCES product_product(id),
  name varchar,
  display_type varchar NOT NULL DEFAULT 'product',
  quantity numeric NOT NULL DEFAULT 1,
  price_unit numeric NOT NULL DEFAULT 0,
  debit numeric NOT NULL DEFAULT 0,
  credit numeric NOT NULL DEFAULT 0,
  balance numeric GENERATED ALWAYS AS (debit - credit) STORED,
  date date,
  parent_state varchar NOT NULL DEFAULT 'draft',
  journal_id integer REFERENCES account_journal(id),
  company_id integer REFERENCES res_company(id),
  sale_line_id integer REFERENCES sale_order_line(id)
);
CREATE INDEX account_move_line_move ON account_move_line (move_id);
CREATE INDEX account_move_line_account ON account_move_line (account_id, parent_state);

CREATE TABLE sale_advance_payment_inv (
  id serial PRIMARY KEY,
  advance_payment_method varchar NOT NULL DEFAULT 'delivered'
);
CREATE TABLE sale_advance_payment_inv_sale_order_rel (
  sale_advance_payment_inv_id integer NOT NULL REFERENCES sale_advance_payment_inv(id) ON DELETE CASCADE,
  sale_order_id integer NOT NULL REFERENCES sale_order(id),
  PRIMARY KEY (sale_advance_payment_inv_id, sale_order_id)
);

-- External identifiers (`module.name` → record), used by `load` for `id` and `<field>/id` columns.
CREATE TABLE ir_model_data (
  id serial PRIMARY KEY,
  module varchar NOT NULL,
  name varchar NOT NULL,
  model varchar NOT NULL,
  res_id integer NOT NULL,
  UNIQUE (module, name)
);

-- The import wizard; `file` holds the raw bytes as uploaded (docs/odoo-protocol.md §7.5).
CREATE TABLE base_import_import (
  id serial PRIMARY KEY,
  res_model varchar NOT NULL,
  file bytea,
  file_name varchar,
  file_type varchar,
  create_date timestamp NOT NULL DEFAULT (now() at time zone 'utc')
);

CREATE TABLE product_pricelist (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  company_id integer REFERENCES res_company(id),
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE product_pricelist_item (
  id serial PRIMARY KEY,
  pricelist_id integer NOT NULL REFERENCES product_pricelist(id) ON DELETE CASCADE,
  product_id integer REFERENCES product_product(id),
  applied_on varchar NOT NULL DEFAULT '0_product_variant',
  compute_price varchar NOT NULL DEFAULT 'fixed',
  min_quantity numeric NOT NULL DEFAULT 0,
  fixed_price numeric NOT NULL DEFAULT 0,
  company_id integer REFERENCES res_company(id)
);
CREATE INDEX product_pricelist_item_pricelist ON product_pricelist_item (pricelist_id);

-- stock_sms's "send an SMS to the customer?" question, created by button_validate itself.
CREATE TABLE confirm_stock_sms (
  id serial PRIMARY KEY,
  create_date timestamp NOT NULL DEFAULT (now() at time zone 'utc')
);
CREATE TABLE stock_picking_sms_rel (
  confirm_stock_sms_id integer NOT NULL REFERENCES confirm_stock_sms(id) ON DELETE CASCADE,
  stock_picking_id integer NOT NULL REFERENCES stock_picking(id),
  PRIMARY KEY (confirm_stock_sms_id, stock_picking_id)
);

-- "Tracked products in inventory adjustment": applying counts of lot-tracked products without a lot.
CREATE TABLE stock_track_confirmation (
  id serial PRIMARY KEY,
  create_date timestamp NOT NULL DEFAULT (now() at time zone 'utc')
);
CREATE TABLE stock_quant_stock_track_confirmation_rel (
  stock_track_confirmation_id integer NOT NULL REFERENCES stock_track_confirmation(id) ON DELETE CASCADE,
  stock_quant_id integer NOT NULL REFERENCES stock_quant(id),
  PRIMARY KEY (stock_track_confirmation_id, stock_quant_id)
);

-- sale's cancellation wizard (it would e-mail the customer; its action_cancel does not).
CREATE TABLE sale_order_cancel (
  id serial PRIMARY KEY,
  order_id integer NOT NULL REFERENCES sale_order(id) ON DELETE CASCADE,
  create_date timestamp NOT NULL DEFAULT (now() at time zone 'utc')
);
