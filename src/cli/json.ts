/**
 * The CLI's JSON form of an analysis (plain Node). Typed arrays become nested number arrays here,
 * at the very edge, because a JSON reader wants `attentions[layer][head][query][key]`.
 */
import { writeFile } from 'node:fs/promises';
import { layerToFloat32, type AnalysisResult } from '../protocol/analysis';
import { terminalSafeJson } from './show';

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

export function toJson(result: AnalysisResult): object {
  const { attention } = result;
  const T = attention.length;
  const nest = (layers: AnalysisResult['attention']['probs']): number[][][][] =>
    layers.map((raw) => {
      const layer = layerToFloat32(raw, attention.precision);
      return Array.from({ length: attention.heads }, (_, h) =>
        Array.from({ length: T }, (_, q) => Array.from(layer.subarray((h * T + q) * T, (h * T + q + 1) * T), round)),
      );
    });
  const { model, predictions } = result;
  return {
    model: { id: model.id, kind: model.kind, modelType: model.modelType, layers: model.layers, heads: model.heads, maxPositions: model.maxPositions },
    analyzed: result.analyzed,
    tokens: result.tokens.map((t) => ({ text: t.text, id: t.id, special: t.special, masked: t.masked, start: t.start, end: t.end, word: t.word })),
    attentions: nest(attention.probs),
    ...(attention.scores ? { scores: nest(attention.scores) } : {}),
    predictions: {
      masked: predictions.masked.map((m) => ({ position: m.position, top: m.top.map((c) => ({ token: c.token, id: c.id, p: round(c.p) })) })),
      next: predictions.next.map((c) => ({ token: c.token, id: c.id, p: round(c.p) })),
      perToken: predictions.perToken.map((s) => ({
        position: s.position,
        p: s.p,
        rank: s.rank,
        surprisal: round(s.surprisal),
        top: s.top.map((c) => ({ token: c.token, id: c.id, p: round(c.p) })),
      })),
    },
    notices: result.notices,
    ...(result.window ? { window: result.window } : {}),
    ...probesJson(result),
  };
}

/** [n][T][d] nested from a flat [n·T·d] array. */
function nest3(data: Float32Array, n: number, T: number, d: number): number[][][] {
  return Array.from({ length: n }, (_, h) => Array.from({ length: T }, (_, t) => Array.from(data.subarray((h * T + t) * d, (h * T + t + 1) * d), round)));
}

/** The probes a request asked for (--lens, --qkv L, --hidden) and the heads it switched off (--ablate). */
function probesJson(result: AnalysisResult): object {
  const { lens, qkv, hidden, ablated } = result;
  const q = qkv?.[0];
  return {
    ...(lens
      ? {
          lens: {
            kind: lens.kind,
            positions: lens.positions.map((pos) => ({
              position: pos.position,
              layers: pos.layers.map((l) => ({ layer: l.layer, top: l.top.map((c) => ({ token: c.token, id: c.id, p: round(c.p) })) })),
            })),
          },
        }
      : {}),
    ...(q
      ? {
          qkv: {
            layer: q.layer,
            scale: q.scale,
            q: nest3(q.q, q.heads, q.length, q.headDim),
            k: nest3(q.k, q.kvHeads, q.length, q.headDim),
            v: nest3(q.v, q.kvHeads, q.length, q.headDim),
          },
        }
      : {}),
    ...(hidden ? { hidden: hidden.states.map((state) => nest3(state, 1, hidden.length, hidden.width)[0]) } : {}),
    ...(ablated ? { ablated: ablated.map(({ layer, head }) => ({ layer, head })) } : {}),
  };
}

export async function writeJson(target: string, value: object): Promise<void> {
  const text = `${terminalSafeJson(value)}\n`;
  if (target === '-') process.stdout.write(text);
  else await writeFile(target, text);
}
