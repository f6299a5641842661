/**
 * The spellings of a word's occurrences in Word Senses (pure; webview and CLI), a spelling being
 * a sequence of tokens: occurrences written with the same tokens share their static rows, so at
 * layer 0 they are one vector, and what sets them apart at a later layer is their context;
 * occurrences written with different tokens ("Banco" is B·anco, "banco" ␣ban·co; the same letters
 * after a space and at a line's start differ too) differ from layer 0 on, by their tokens alone.
 *
 *   spellings([{ ids: [72, 13935] }, { ids: [6745, 829] }, { ids: [6745, 829] }]); // [[0], [1, 2]]
 *   alikeMean(layer.cosine, 3, [[0], [1, 2]]);                                       // cosine(1, 2)
 */

/** The occurrences grouped by their tokens (one group per spelling), each group in order, groups in the order they first occur. */
export function spellings(occurrences: readonly { readonly ids: readonly number[] }[]): number[][] {
  const groups = new Map<string, number[]>();
  occurrences.forEach((o, i) => {
    const key = o.ids.join(',');
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()];
}

/** The cosines, in an n × n matrix, of the pairs spelled alike; empty when no two occurrences are. */
export function alikeCosines(cosine: Float32Array, n: number, groups: readonly (readonly number[])[]): number[] {
  return groups.flatMap((g) => g.flatMap((p, a) => g.slice(a + 1).map((q) => cosine[p * n + q])));
}

/** The mean cosine of the pairs spelled alike; NaN when no two occurrences are. */
export function alikeMean(cosine: Float32Array, n: number, groups: readonly (readonly number[])[]): number {
  const alike = alikeCosines(cosine, n, groups);
  return alike.length === 0 ? NaN : alike.reduce((s, c) => s + c, 0) / alike.length;
}
