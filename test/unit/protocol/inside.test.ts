// The Inside views' requests a webview may send (bounded) and the replies it accepts, each
// checked against its request (inside.ts), and their place among the view methods the host forwards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LensData } from '../../../src/protocol/analysis';
import { INSIDE_LIMITS, isLensReply, isLensRequest, isQkvWindowReply, isQkvWindowRequest, type QkvWindowRequest } from '../../../src/protocol/inside';
import { isWebviewRequest } from '../../../src/protocol/viewGuards';
import { isProbeViewMethod, VIEW_METHODS } from '../../../src/protocol/views';

const request: QkvWindowRequest = { key: 4, layer: 1, head: 2, query: 1 };
const good = { ...request, length: 3, headDim: 2, scale: 0.5, q: new Float32Array(2), k: new Float32Array(6), v: new Float32Array(6) };

describe('Q/K/V window', () => {
  it('requests: a key, indices; nothing else passes the host', () => {
    assert.ok(isQkvWindowRequest(request));
    assert.ok(isWebviewRequest('qkvWindow', request));
    assert.ok(!isWebviewRequest('qkvWindow', { ...request, key: 0 }));
    assert.ok(!isWebviewRequest('qkvWindow', { ...request, head: -1 }));
    assert.ok(!isWebviewRequest('qkvWindow', { ...request, query: 1.5 }));
    assert.ok(!isWebviewRequest('qkvWindow', { ...request, layer: 1e9 }));
  });

  it('replies: the same head and query, lengths that match the shape, finite numbers', () => {
    assert.ok(isQkvWindowReply(good, request));
    assert.ok(!isQkvWindowReply({ ...good, head: 3 }, request), 'another head');
    assert.ok(!isQkvWindowReply({ ...good, k: new Float32Array(5) }, request), 'short k');
    assert.ok(!isQkvWindowReply({ ...good, q: new Float64Array(2) }, request), 'not float32');
    assert.ok(!isQkvWindowReply({ ...good, v: Float32Array.of(0, 0, 0, 0, 0, Number.NaN) }, request), 'NaN');
    assert.ok(!isQkvWindowReply({ ...good, length: 1 }, request), 'query beyond the keys');
    assert.ok(!isQkvWindowReply({ ...good, scale: Infinity }, request));
  });
});

describe('lens', () => {
  const lensRequest = { key: 4, positions: [2, 5], topK: 20 };
  const lens: LensData = {
    kind: 'logit',
    positions: [2, 5].map((position) => ({
      position,
      layers: [0, 1, 2].map((layer) => ({ layer, top: [{ token: ' a', id: 7, p: 0.25 }] })),
    })),
  };

  it('requests: at most a window of positions and the top-k the engine keeps', () => {
    assert.ok(isLensRequest(lensRequest));
    assert.ok(isWebviewRequest('lens', { key: 4, positions: [0] }));
    assert.ok(!isWebviewRequest('lens', { key: 4, positions: [] }));
    assert.ok(!isWebviewRequest('lens', { key: 4, positions: Array.from({ length: INSIDE_LIMITS.maxPositions + 1 }, (_, i) => i) }));
    assert.ok(!isWebviewRequest('lens', { key: 4, positions: [0], topK: 21 }));
  });

  it('replies: the positions asked, in order, every one with the same layers in order, probabilities in [0, 1]', () => {
    assert.ok(isLensReply(lens, lensRequest));
    assert.ok(!isLensReply({ ...lens, positions: lens.positions.slice(0, 1) }, lensRequest));
    assert.ok(!isLensReply({ ...lens, kind: 'other' }, lensRequest));
    const bad = (p: number): unknown => ({
      ...lens,
      positions: [lens.positions[0], { ...lens.positions[1], layers: [{ layer: 0, top: [{ token: 'x', id: 1, p }] }] }],
    });
    assert.ok(!isLensReply(bad(0.5), lensRequest), 'layers differ in number');
    const shuffled = { ...lens, positions: [lens.positions[0], { ...lens.positions[1], layers: [...lens.positions[1].layers].reverse() }] };
    assert.ok(!isLensReply(shuffled, lensRequest), 'layers out of order');
    const over = { ...lens, positions: lens.positions.map((p) => ({ ...p, layers: p.layers.map((l) => ({ ...l, top: [{ token: 'x', id: 1, p: 1.5 }] })) })) };
    assert.ok(!isLensReply(over, lensRequest));
  });

  it('the watch list: a few trimmed, short texts asked; each layer answers every one, in order, with a rank or null', () => {
    const asked = { ...lensRequest, watch: ['bank', 'río'] };
    assert.ok(isLensRequest(asked));
    assert.ok(!isLensRequest({ ...lensRequest, watch: Array.from({ length: INSIDE_LIMITS.maxWatch + 1 }, (_, i) => `w${i}`) }));
    assert.ok(!isLensRequest({ ...lensRequest, watch: [''] }));
    assert.ok(!isLensRequest({ ...lensRequest, watch: [' bank'] }));
    assert.ok(!isLensRequest({ ...lensRequest, watch: ['x'.repeat(INSIDE_LIMITS.maxWatchLength + 1)] }));
    assert.ok(!isLensRequest({ ...lensRequest, watch: [3] }));
    const answer = (watched: unknown[], watch: unknown = asked.watch): unknown => ({
      ...lens,
      watch,
      positions: lens.positions.map((p) => ({ ...p, layers: p.layers.map((l) => ({ ...l, watched })) })),
    });
    const bank = { token: ' bank', id: 9, p: 0.001, rank: 412 };
    assert.ok(isLensReply(answer([bank, null]), asked));
    assert.ok(!isLensReply(answer([bank]), asked), 'one entry per watched text');
    assert.ok(!isLensReply(answer([null, bank], ['río', 'bank']), asked), 'the texts asked, in order');
    assert.ok(!isLensReply(answer([{ ...bank, rank: 0 }, null]), asked), 'rank 1 is the top');
    assert.ok(!isLensReply(answer([{ ...bank, p: 2 }, null]), asked));
    assert.ok(!isLensReply(lens, asked), 'asked but not answered');
    assert.ok(!isLensReply(answer([bank, null]), lensRequest), 'answered but not asked');
  });

  it('both are view methods the host forwards; the worker serves them from its probes', () => {
    assert.ok(VIEW_METHODS.includes('qkvWindow') && VIEW_METHODS.includes('lens'));
    assert.deepEqual(VIEW_METHODS.filter(isProbeViewMethod), ['qkvWindow', 'lens']);
  });
});
