/**
 * A probability as a percentage people read (pure; host hovers and quick picks, and any view):
 * "41.2%", "3.5%", "0.37%", "0.024%", "<0.001%" — never an exponent. Below 1% two significant
 * digits are kept, so that small probabilities of the same order can still be told apart.
 */
export function percentText(p: number): string {
  if (!Number.isFinite(p)) return '—';
  const pct = p * 100;
  if (pct <= 0) return '0%';
  if (pct < 0.001) return '<0.001%';
  // toPrecision(2) writes 0.024 as "0.024" (no exponent above 1e-6); Number() drops a trailing zero.
  const small = Number(pct.toPrecision(2));
  return small >= 1 ? `${pct.toFixed(1)}%` : `${small}%`;
}
