// Shared by the probe, lens and ablation proofs (Node, tests only): one fp32 engine over the fixtures, the families
// they stand for, and a run of a fixture with every third token masked (encoders) next to the float64 reference of
// the very ids the model saw.
import { after } from 'node:test';
import { Engine } from '../../src/engine/engine';
import type { AnalysisResult, AnalyzeRequest } from '../../src/protocol/analysis';
import { fixture, scratch } from './paths';
import { referenceForward, type ReferenceResult } from './reference';

export const engine = new Engine({ cacheDir: scratch(), precision: 'float32', weights: 'fp32' });
after(() => engine.dispose());

export const TEXT = 'The river bank was steep, atención al ñandú.';

/** Unfused graphs of every family, and the fused operators that show their q/k/v as inputs. */
export const FAMILIES = [
  { name: 'tiny-bert', kind: 'encoder' },
  { name: 'tiny-distilbert', kind: 'encoder' },
  { name: 'tiny-roberta', kind: 'encoder' },
  { name: 'tiny-bert-mha', kind: 'encoder' },
  { name: 'tiny-bert-attn23', kind: 'encoder' },
  { name: 'tiny-gpt2', kind: 'decoder' },
  { name: 'tiny-qwen2', kind: 'decoder' },
  { name: 'tiny-gpt2-gqa', kind: 'decoder' },
] as const;

export type Kind = 'encoder' | 'decoder';

export async function runWithReference(
  name: string,
  kind: Kind,
  request: Omit<AnalyzeRequest, 'text' | 'mask'>,
  headMask?: number[],
): Promise<{ result: AnalysisResult; ref: ReferenceResult; masked: number[] }> {
  const probe = await engine.analyze(fixture(name), { text: TEXT, topK: 1 });
  const masked = kind === 'encoder' ? probe.tokens.flatMap((tok, i) => (!tok.special && i % 3 === 1 ? [i] : [])) : [];
  const result = await engine.analyze(fixture(name), { ...request, text: TEXT, mask: masked });
  const loaded = await engine.load(fixture(name));
  const maskId = (loaded.tokenizer as unknown as { mask_token_id: number }).mask_token_id;
  const ids = result.tokens.map((tok, i) => (masked.includes(i) ? maskId : tok.id));
  const ref = referenceForward(fixture(name), kind, {
    inputIds: ids,
    attentionMask: ids.map(() => 1),
    tokenTypeIds: kind === 'encoder' ? ids.map(() => 0) : undefined,
    headMask,
  });
  return { result, ref, masked };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** The largest |value|, to state a tolerance relative to a tensor's scale. */
export function magnitude(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
