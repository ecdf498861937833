/** Numbers as people read them in a report: 99.7 %, 1,234, 1.8 s, 412 ms, 7,200/h. */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 1234 → "1,234"; 12.345 → "12.3". */
export const count = (value: number | undefined) =>
  value === undefined || Number.isNaN(value)
    ? '–'
    : Number.isInteger(value) || Math.abs(value) >= 100
      ? grouped.format(value)
      : oneDecimal.format(value);

/** 0.9974 → "99.7 %"; exact 1 and 0 stay "100 %" and "0 %". */
export const percent = (share: number | undefined) => {
  if (share === undefined || Number.isNaN(share)) return '–';
  const value = share * 100;
  const digits = value === 0 || value === 100 ? 0 : value < 0.1 || value > 99.9 ? 2 : 1;
  // Never round up to a whole 100 % (or down to 0 %) that was not reached.
  const shown = value > 99.9 && value < 100 ? Math.floor(value * 100) / 100 : value;
  return `${shown.toFixed(digits).replace(/\.?0+$/, (match) => (match.startsWith('.') ? '' : match))} %`;
};

/** Milliseconds: "412 ms" below a second, "1.84 s" above. */
export const duration = (ms: number | undefined) => {
  if (ms === undefined || Number.isNaN(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
};

export type Per = 'hour' | 'minute' | 'second';

/** Seconds in the period a person counts a measure per, and its short name. */
export const SECONDS_PER: Record<Per, number> = { hour: 3600, minute: 60, second: 1 };
export const PER_SHORT: Record<Per, string> = { hour: 'h', minute: 'min', second: 's' };

/** A rate per second, as a person counts that measure: "7,200/h", "34/min", "12.5/s". */
export const throughput = (perSecond: number, per: Per) =>
  `${count(perSecond * SECONDS_PER[per])}/${PER_SHORT[per]}`;

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** "m:ss" since the start, as people read a run's timeline. */
export const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
