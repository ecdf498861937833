/**
 * k6 thresholds re-evaluated on the merged samples of every k6 instance of a run, with k6's own
 * arithmetic (linear interpolation between ranks for percentiles), so one instance gives the same
 * verdict as k6 itself and several instances give one verdict across them. A threshold whose
 * metric saw no sample is not applicable, never a pass.
 */

/** `metric{tag:value,…}` as k6 writes selectors. */
export interface Selector {
  metric: string;
  tags: Record<string, string>;
}

export function parseSelector(text: string): Selector {
  const match = /^([^{]+)(?:\{(.*)\})?$/.exec(text.trim());
  if (!match) return { metric: text, tags: {} };
  const tags: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
    const [key, ...value] = pair.split(':');
    tags[key!.trim()] = value.join(':').trim();
  }
  return { metric: match[1]!.trim(), tags };
}

export const matchesSelector = (selector: Selector, tags: Record<string, string>): boolean =>
  Object.entries(selector.tags).every(([key, value]) => tags[key] === value);

/** k6's TrendSink.P: the value at `fraction` (0–1) of sorted values, interpolated between ranks. */
export function k6Percentile(sorted: Float64Array | number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  if (sorted.length === 1) return sorted[0]!;
  const i = fraction * (sorted.length - 1);
  const low = sorted[Math.floor(i)]!;
  const high = sorted[Math.ceil(i)]!;
  return low + (high - low) * (i - Math.floor(i));
}

/** What a selector's samples came to: for trends the sorted values, for rates and counters sums. */
export interface SelectedData {
  type: 'trend' | 'rate' | 'counter' | 'gauge';
  count: number;
  /** Sorted values (trends only). */
  values?: Float64Array;
  sum: number;
  passes?: number;
  /** Last value (gauges). */
  last?: number;
  /** Seconds the run lasted, for counter rates. */
  seconds: number;
}

const EXPRESSION =
  /^\s*(p\((\d+(?:\.\d+)?)\)|avg|min|max|med|count|rate|value)\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i;

export interface ThresholdOutcome {
  selector: string;
  rule: string;
  verdict: 'pass' | 'fail' | 'not_applicable';
  /** The aggregate the rule compared, e.g. 1834.2 for `p(95)<2000`. */
  observed?: number;
}

function aggregate(
  method: string,
  percent: string | undefined,
  data: SelectedData,
): number | undefined {
  const values = data.values;
  switch (method) {
    case 'count':
      return data.sum;
    case 'rate':
      return data.type === 'rate'
        ? (data.passes ?? 0) / Math.max(1, data.count)
        : data.sum / Math.max(1e-9, data.seconds);
    case 'value':
      return data.last;
    case 'avg':
      return data.count ? data.sum / data.count : 0;
    case 'min':
      return values?.[0];
    case 'max':
      return values?.[values.length - 1];
    case 'med':
      return values ? k6Percentile(values, 0.5) : undefined;
    default:
      return values ? k6Percentile(values, Number(percent) / 100) : undefined;
  }
}

const compare = (left: number, operator: string, right: number) =>
  ({
    '<': left < right,
    '<=': left <= right,
    '>': left > right,
    '>=': left >= right,
    '==': left === right,
    '===': left === right,
    '!=': left !== right,
  })[operator] ?? false;

export function evaluateThreshold(
  selector: string,
  rule: string,
  data: SelectedData | undefined,
): ThresholdOutcome {
  const match = EXPRESSION.exec(rule);
  if (!match) return { selector, rule, verdict: 'not_applicable' };
  const [, method, percent, operator, bound] = match as unknown as [
    string,
    string,
    string | undefined,
    string,
    string,
  ];
  const kind = method.toLowerCase().startsWith('p(') ? 'p' : method.toLowerCase();
  // Counting rules hold with no sample (count>=0); every other rule needs data to mean anything.
  if (!data || (data.count === 0 && kind !== 'count'))
    return { selector, rule, verdict: 'not_applicable' };
  const observed = aggregate(kind, percent, data);
  if (observed === undefined) return { selector, rule, verdict: 'not_applicable' };
  return {
    selector,
    rule,
    verdict: compare(observed, operator, Number(bound)) ? 'pass' : 'fail',
    observed,
  };
}
