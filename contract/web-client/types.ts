/**
 * What the web channel sends, as recorded from Odoo's own web client (scripts/extract-web-client.ts
 * writes <version>.json from contract/web-client/raw, and 19's from raw/raw-19.json): the k6 side sends these
 * specifications, and the emulator refuses a field it does not know in one.
 */

/** Versions whose web client was recorded: the web channel speaks their dialect and refuses others. */
export const WEB_CLIENT_VERSIONS = [16, 17, 18, 19] as const;

/** A web_read / onchange field specification: each field, with its sub-fields for relations. */
export interface Spec {
  [field: string]: {
    fields?: Spec;
    context?: Record<string, unknown>;
    limit?: number;
    order?: string;
  };
}

export interface RecordedWebClient {
  version: number;
  source: string;
  /** `<flow>:<model>/<method>` → the specification the web client sent in that flow. */
  specs: Record<string, Spec>;
  /**
   * `<model>` → the fields `web_save` sends for a new record; `<model>/<x2many field>` → the fields
   * of each new line in it.
   */
  writable: Record<string, string[]>;
  /**
   * `<line model>` → the parent values a line's onchange carries (17: under the inverse field,
   * outside the spec): the parent's fields, and its lines' fields.
   */
  parentKeys: Record<
    string,
    { field: string; keys: string[]; lineField: string; lineKeys: string[] }
  >;
  /** What the chatter asks `/mail/thread/data` for when a record opens. */
  threadRequestList: string[];
  /** 16's web client (no specifications): what its forms and lists send instead. */
  legacy?: LegacyWebClient;
}

/** What Odoo 16's web client sends where 17 sends specifications (its legacy form views). */
export interface LegacyWebClient {
  /**
   * `<flow>:<model>` → the onchange's flat field list: each field of the form and, dotted, of its
   * lines (`"order_line.product_id"`), `"1"` for a field with an onchange of its own.
   */
  fieldOnchange: Record<string, Record<string, string>>;
  /** `<flow>:<model>` → the fields `read` asks for when a record, its lines or its tags load. */
  readFields: Record<string, string[]>;
  /** `<flow>:<model>` → the fields a list's `web_search_read` asks for. */
  searchFields: Record<string, string[]>;
  /**
   * `<model>` → its x2many fields by how the form sends them: many2many as `[[6, false, ids]]`,
   * one2many as line commands.
   */
  x2many: Record<string, Record<string, 'many2many' | 'one2many'>>;
  /** `<flow>:<model>` → the context of a many2one's `name_get` beyond the user's (its field's own). */
  nameGetContext: Record<string, Record<string, unknown>>;
}
