/**
 * Compares two JSON answers by shape and JSON type, not by value: `1000.0` is a float and `1000` an
 * int (parsed losslessly, as Python's json writes them), objects must have the same keys, arrays
 * the same element shapes. Values that depend on data (ids, names, amounts) are not compared.
 */
import { isLosslessNumber, parse } from 'lossless-json';

export type JsonType = 'null' | 'boolean' | 'int' | 'float' | 'string' | 'array' | 'object';

/** Parses JSON keeping each number's spelling, so ints and floats stay apart. */
export const parseLossless = (text: string): unknown => parse(text);

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (isLosslessNumber(value)) return /[.eE]/.test(value.toString()) ? 'float' : 'int';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? 'array' : 'object';
}

export interface ShapeOptions {
  /** Paths (dotted, `*` for any key or index) of objects whose key sets are data: compare only keys both have. */
  openObjects?: string[];
}

const matches = (pattern: string, path: string) => {
  const a = pattern.split('.');
  const b = path.split('.');
  return a.length === b.length && a.every((part, i) => part === '*' || part === b[i]);
};

/** An array whose elements have different types is a tuple (e.g. a many2one `[id, name]`). */
const isTuple = (items: unknown[]) => new Set(items.map(jsonType)).size > 1;

/** Every difference in shape between `expected` (recorded) and `actual`, as "path: what". */
export function shapeDifferences(
  expected: unknown,
  actual: unknown,
  options: ShapeOptions = {},
  path = '$',
): string[] {
  const want = jsonType(expected);
  const got = jsonType(actual);
  if (want !== got) return [`${path}: expected ${want}, got ${got} (${preview(actual)})`];
  if (want === 'array') {
    const wanted = expected as unknown[];
    const given = actual as unknown[];
    if (wanted.length === 0)
      return given.length === 0 ? [] : [`${path}: expected [], got ${given.length} element(s)`];
    if (given.length === 0) return [`${path}: expected ${wanted.length} element(s), got []`];
    if (isTuple(wanted)) {
      if (wanted.length !== given.length)
        return [`${path}: expected a ${wanted.length}-tuple, got ${given.length}`];
      return wanted.flatMap((item, i) => shapeDifferences(item, given[i], options, `${path}.${i}`));
    }
    return given.flatMap((item, i) => shapeDifferences(wanted[0], item, options, `${path}.${i}`));
  }
  if (want === 'object') {
    const wanted = expected as Record<string, unknown>;
    const given = actual as Record<string, unknown>;
    const open = options.openObjects?.some((pattern) => matches(pattern, path)) ?? false;
    const differences: string[] = [];
    if (!open) {
      const missing = Object.keys(wanted).filter((key) => !(key in given));
      const extra = Object.keys(given).filter((key) => !(key in wanted));
      if (missing.length) differences.push(`${path}: missing key(s) ${missing.join(', ')}`);
      if (extra.length) differences.push(`${path}: unexpected key(s) ${extra.join(', ')}`);
    }
    for (const key of Object.keys(wanted)) {
      if (key in given)
        differences.push(...shapeDifferences(wanted[key], given[key], options, `${path}.${key}`));
    }
    return differences;
  }
  return [];
}

const preview = (value: unknown) => {
  const text = JSON.stringify(value, (_key, item) =>
    isLosslessNumber(item) ? Number(item) : item,
  );
  return (text ?? String(value)).slice(0, 60);
};

/** Odoo's messages with every run of digits replaced, so ids and amounts do not count. */
export const maskDigits = (text: string): string => text.replace(/\d+/g, '#');
