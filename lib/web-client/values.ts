/**
 * A form's values as Odoo's web client keeps them (web/static/src/model/relational_model), and the
 * conversions between them and what the server sends: many2one fields come back as `{id, ...}` and go
 * out as ids; many2many fields come back as records or commands and go out as `[4, id]` links; a
 * form's new lines go out as `[0, "virtual_N", values]`.
 */
import type { Spec } from '../../contract/web-client/types.ts';

export type Values = Record<string, unknown>;

/** One line of a one2many field, as the form holds it until it is saved. */
export interface Line {
  /** `virtual_N` for a line the person added; a number once saved. */
  id: string | number;
  values: Values;
}

const isRecord = (value: unknown): value is Values =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Ids out of what the server answers for a many2many: records, or link/set commands. */
export function idsOf(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const ids: number[] = [];
  for (const item of value) {
    if (typeof item === 'number') ids.push(item);
    else if (isRecord(item) && typeof item.id === 'number') ids.push(item.id);
    else if (Array.isArray(item) && item[0] === 4) ids.push(Number(item[1]));
    else if (Array.isArray(item) && item[0] === 6) ids.push(...(item[2] as number[]));
  }
  return ids;
}

/** A value the server sent, as the form keeps it (x2many lines are handled by the form). */
export function fromServer(value: unknown, entry: Spec[string] | undefined): unknown {
  if (isRecord(value) && typeof value.id === 'number') return value.id;
  if (Array.isArray(value) && entry?.fields) return idsOf(value);
  return value;
}

/** A many2many the form holds as ids, as the web client sends it back. */
export const links = (ids: unknown) =>
  Array.isArray(ids) ? (ids as number[]).map((id) => [4, id]) : [];

/**
 * An x2many answer that creates or updates lines (commands 0, 1, 2) rather than linking records
 * (4, 6): a one2many the form holds as lines.
 */
export const isLinesField = (entry: Spec[string] | undefined, value: unknown) =>
  entry?.fields !== undefined &&
  Array.isArray(value) &&
  value.some((item) => Array.isArray(item) && [0, 1, 2].includes(item[0] as number));

/**
 * A context of a specification, its `$<key>` tokens (scripts/extract-web-client.ts) filled from the
 * record being edited; a key the record does not know is false, as the web client evaluates it.
 */
export function fillContext(
  context: Record<string, unknown> | undefined,
  known: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (!context) return undefined;
  return Object.fromEntries(
    Object.entries(context).map(([key, value]) => [
      key,
      typeof value === 'string' && value.startsWith('$') ? (known[value.slice(1)] ?? false) : value,
    ]),
  );
}

/** A specification with its contexts filled (recursively). */
export function fillSpec(spec: Spec, known: Record<string, unknown>): Spec {
  return Object.fromEntries(
    Object.entries(spec).map(([field, entry]) => {
      const out: Spec[string] = { ...entry };
      if (entry.fields) out.fields = fillSpec(entry.fields, known);
      if (entry.context) out.context = fillContext(entry.context, known);
      return [field, out];
    }),
  );
}

/** The values of `keys` only, in their order. */
export const pick = (values: Values, keys: string[]): Values =>
  Object.fromEntries(keys.filter((key) => key in values).map((key) => [key, values[key]]));

/**
 * A form's state as a line's onchange carries it under the inverse field: where the recording names
 * the parent's fields (and its lines'), those only; otherwise all of it.
 */
export function parentAsRecorded(
  state: Values,
  keys: { keys: string[]; lineField: string; lineKeys: string[] } | undefined,
): Values {
  if (!keys) return state;
  const parent = pick(state, keys.keys);
  if (keys.lineField && Array.isArray(parent[keys.lineField]))
    parent[keys.lineField] = (parent[keys.lineField] as unknown[][]).map(([command, id, vals]) => [
      command,
      id,
      pick(vals as Values, keys.lineKeys),
    ]);
  return parent;
}

/** A line's unit of measure: `product_uom` up to 18, `product_uom_id` from 19. */
export const unitOf = (line: Values): unknown => line.product_uom ?? line.product_uom_id;
