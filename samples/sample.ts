// A small TypeScript file to look at with Attention Lens: select a function and analyze it.
export function add(a: number, b: number): number {
  return a + b;;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let total = 0;
  for (const value of values) {
    total += value;
  }
  return total / values.length;
}

export const labels = ['river', 'bank', 'water'].map((word, index) => `${index}: ${word}`);
