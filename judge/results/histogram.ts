/**
 * A mergeable latency histogram (HdrHistogram, 2 significant digits: percentiles within 1 %),
 * holding milliseconds as integer microseconds. Histograms of several k6 instances add up to the
 * histogram of all their samples, so merged percentiles are computed, never averaged.
 */
import * as hdr from 'hdr-histogram-js';

const OPTIONS = {
  lowestDiscernibleValue: 1,
  highestTrackableValue: 24 * 3600 * 1_000_000,
  numberOfSignificantValueDigits: 2 as const,
  bitBucketSize: 'packed' as const,
  useWebAssembly: false,
};

export class LatencyHistogram {
  private readonly histogram = hdr.build(OPTIONS);

  record(ms: number): void {
    const micros = Math.round(Math.max(0, ms) * 1000);
    this.histogram.recordValue(Math.min(Math.max(1, micros), OPTIONS.highestTrackableValue));
  }

  add(other: LatencyHistogram): void {
    this.histogram.add(other.histogram);
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /** The value at percentile `p` (0–100), in milliseconds; undefined when empty. */
  percentile(p: number): number | undefined {
    return this.count ? this.histogram.getValueAtPercentile(p) / 1000 : undefined;
  }

  get mean(): number | undefined {
    return this.count ? this.histogram.mean / 1000 : undefined;
  }

  get max(): number | undefined {
    return this.count ? this.histogram.maxValue / 1000 : undefined;
  }

  /** Compact text form, so a saved result can be merged or compared later. */
  encode(): string {
    return hdr.encodeIntoCompressedBase64(this.histogram);
  }

  static decode(text: string): LatencyHistogram {
    const histogram = new LatencyHistogram();
    histogram.histogram.add(hdr.decodeFromCompressedBase64(text, 'packed', false));
    return histogram;
  }
}
