/**
 * What the web channel sends, as recorded from Odoo's own web client (scripts/extract-web-client.ts
 * writes <version>.json from ../shared/reference/web-client/raw, and 19's from raw/raw-19.json): the k6 side sends these
 * specifications, and the emulator refuses a field it does not know in one.
 */

/** Versions whose web client was recorded: the web channel speaks their dialect and refuses others. */
export const WEB_CLIENT_VERSIONS = [17, 18, 19] as const;

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
}
