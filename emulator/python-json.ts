/**
 * JSON as Odoo's Python writes it: a float keeps its fraction (`1000.0`, not `1000`), which clients
 * written in typed languages rely on. Values read from float fields are wrapped in PyFloat; they
 * still behave as numbers in arithmetic (valueOf) inside the emulator.
 */

export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  /** Marked for `pythonJson`, which writes it with Python's float repr. */
  toJSON(): string {
    return `${MARK}${this.value}`;
  }
}

const MARK = '\u0001float:';

export const pyFloat = (value: number | string | null | undefined): PyFloat =>
  new PyFloat(Number(value ?? 0));

/** Python's repr of a float: shortest round-trip digits, `.0` on integers, exponent below 1e-4 or from 1e16. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
    const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
    const power = Number(exponent);
    return `${mantissa}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
  }
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

const MARKED = /"\\u0001float:([^"]*)"/g;

/**
 * JSON as Python's json.dumps writes it (odoo/http.py make_json_response): `", "` and `": "` between
 * items and after keys, and PyFloat values written as Python writes floats.
 */
export function pythonJson(value: unknown): string {
  return pythonSpacing(
    JSON.stringify(value).replace(MARKED, (_match, number: string) => pythonFloat(Number(number))),
  );
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/** A space after every `,` and `:` outside strings: one pass, 2–3× JSON.stringify's own time. */
function pythonSpacing(json: string): string {
  let spaced = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === COMMA || code === COLON) {
      spaced += `${json.slice(from, i + 1)} `;
      from = i + 1;
    }
  }
  return spaced + json.slice(from);
}
