/**
 * Gunther's Universal Scalability Law, X(N) = λN / (1 + σ(N−1) + κN(N−1)), fitted to measured
 * (concurrency, throughput) points by non-linear least squares (ml-levenberg-marquardt).
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';

export interface UslFit {
  /** Throughput of one user alone, units/s. */
  lambda: number;
  /** Contention: the share of work that serialises. */
  sigma: number;
  /** Coherency: the cost of keeping shared state consistent, growing with N². */
  kappa: number;
  /** Coefficient of determination of the fit on the measured points. */
  r2: number;
  /** Concurrency at which throughput peaks (Infinity when κ is 0: it only levels off). */
  peakConcurrency: number;
  /** Predicted maximum throughput, units/s (λ/σ when κ is 0). */
  maxThroughput: number;
}

export const usl = (lambda: number, sigma: number, kappa: number, n: number): number =>
  (lambda * n) / (1 + sigma * (n - 1) + kappa * n * (n - 1));

export function fitUsl(points: { concurrency: number; throughput: number }[]): UslFit | undefined {
  const usable = points.filter((point) => point.concurrency > 0 && point.throughput > 0);
  if (usable.length < 3) return undefined;
  const x = usable.map((point) => point.concurrency);
  const y = usable.map((point) => point.throughput);
  // λ starts from the lowest load's throughput per user; σ and κ from small contention.
  const first = usable.reduce((low, point) => (point.concurrency < low.concurrency ? point : low));
  const lambda0 = first.throughput / first.concurrency;
  const scale = Math.max(...y);
  const { parameterValues } = levenbergMarquardt(
    // Fitted on throughput scaled to 1, so the tolerance means the same for 2/s and 2000/s.
    { x, y: y.map((value) => value / scale) },
    ([lambda, sigma, kappa]) =>
      (n) =>
        usl(lambda!, sigma!, kappa!, n),
    {
      initialValues: [lambda0 / scale, 0.05, 0.001],
      minValues: [1e-9, 0, 0],
      maxValues: [Number.MAX_VALUE, 1, 1],
      maxIterations: 1000,
      errorTolerance: 1e-10,
      damping: 1e-2,
      // Exact partial derivatives: finite differences of 0.1 swamp a κ of 0.001.
      jacobianFunction:
        ([lambda, sigma, kappa]) =>
        (n) => {
          const d = 1 + sigma! * (n - 1) + kappa! * n * (n - 1);
          const slope = (-lambda! * n) / (d * d);
          return [n / d, slope * (n - 1), slope * n * (n - 1)];
        },
    },
  );
  const lambda = parameterValues[0]! * scale;
  const sigma = parameterValues[1]!;
  const kappa = parameterValues[2]!;
  const mean = y.reduce((sum, value) => sum + value, 0) / y.length;
  const residual = x.reduce((sum, n, i) => sum + (y[i]! - usl(lambda, sigma, kappa, n)) ** 2, 0);
  const total = y.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  const peakConcurrency = kappa > 1e-12 ? Math.sqrt((1 - sigma) / kappa) : Number.POSITIVE_INFINITY;
  const maxThroughput = Number.isFinite(peakConcurrency)
    ? usl(lambda, sigma, kappa, Math.max(1, peakConcurrency))
    : sigma > 0
      ? lambda / sigma
      : Number.POSITIVE_INFINITY;
  return {
    lambda,
    sigma,
    kappa,
    r2: total > 0 ? 1 - residual / total : 1,
    peakConcurrency,
    maxThroughput,
  };
}
