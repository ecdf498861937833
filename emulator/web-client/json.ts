/** Data files captured from a real Odoo, read keeping `1.0` a float (PyFloat) and `1` an int. */
import { readFileSync } from 'node:fs';
import { isLosslessNumber, parse } from 'lossless-json';
import { pyFloat } from '../python-json.ts';

function revive(value: unknown): unknown {
  if (isLosslessNumber(value)) {
    const text = value.toString();
    return /[.eE]/.test(text) ? pyFloat(Number(text)) : Number(text);
  }
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, revive(item)]));
  return value;
}

/** A JSON file beside this module, or `fallback` when the version has none. */
export function readCaptured<T>(name: string, fallback: T): T {
  try {
    return revive(parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8'))) as T;
  } catch {
    return fallback;
  }
}
