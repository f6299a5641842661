// Small statistics and formatting helpers for the benchmarks (build-time tools, Node).
//   summarize([812.1, 790.4, 801.0]) -> { medianMs: 801, minMs: 790.4, n: 3 }

export interface Summary {
  readonly medianMs: number;
  readonly minMs: number;
  readonly n: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return { medianMs: round(median(values)), minMs: round(Math.min(...values)), n: values.length };
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function pad(value: string | number, width: number): string {
  const s = String(value);
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}
