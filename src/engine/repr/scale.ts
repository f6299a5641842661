/**
 * The scale of a loaded model (engine runtime): its exact parameter count from the graph's weight
 * initializers (graphFacts.ts: tied copies counted once) and the memory its attention takes at
 * its longest input (every layer's heads × T × T probabilities, as the engine hands them out).
 *
 *   const s = await modelScale(model); // s.parameters, s.attention.bytes
 */
import type { ModelScale } from '../../protocol/representations';
import type { LoadedModel } from '../model';
import { graphFacts } from './graphFacts';

export async function modelScale(model: LoadedModel): Promise<ModelScale> {
  const { weights } = await graphFacts(model);
  const tokens = model.facts.maxPositions;
  const layers = model.facts.layers;
  const heads = model.facts.heads;
  const bytesPerValue = model.precision === 'float16' ? 2 : 4;
  return {
    model: model.facts.id,
    ...weights,
    attention: { tokens, layers, heads, bytesPerValue, bytes: layers * heads * tokens * tokens * bytesPerValue },
  };
}
