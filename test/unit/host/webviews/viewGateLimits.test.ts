// The ViewGate's bounds against a flooding page (issue 14, item 12): at most MAX_IN_FLIGHT view
// requests of one webview run at once (the next fails at once, and is served again once one ends),
// and only the MAX_KEYS analyses shown last may be named.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError } from '../../../../src/engine/errors';
import { MAX_IN_FLIGHT, MAX_KEYS, ViewGate } from '../../../../src/host/webviews/viewGate';
import { NO_CLEANING, type RowRequest } from '../../../../src/protocol/views';

const row = (key: number): RowRequest => ({ key, layer: 0, combine: { kind: 'mean' }, cleaning: NO_CLEANING, query: 0 });

describe('ViewGate limits', () => {
  it('serves at most MAX_IN_FLIGHT requests at once and refuses the rest at once', async () => {
    const waiting: (() => void)[] = [];
    let served = 0;
    const gate = new ViewGate('panel', {
      view: () =>
        new Promise((resolve) => {
          served++;
          waiting.push(() => resolve({ key: 1, weights: new Float32Array(1) } as never));
        }),
    });
    gate.shown(1);
    const running = Array.from({ length: MAX_IN_FLIGHT }, () => gate.serve('row', row(1)));
    await assert.rejects(
      gate.serve('row', row(1)),
      (e: unknown) => e instanceof EngineError && e.code === 'bad-input' && e.message === `the panel view has ${MAX_IN_FLIGHT} requests in flight already`,
    );
    assert.equal(served, MAX_IN_FLIGHT);
    waiting.shift()?.();
    await running[0];
    const again = gate.serve('row', row(1));
    assert.equal(served, MAX_IN_FLIGHT + 1, 'a slot freed is served again');
    for (const resolve of waiting) resolve();
    await Promise.all([...running, again]);
  });

  it('lets a webview name only the analyses it was shown last', async () => {
    const gate = new ViewGate('side', { view: async () => ({ key: 0, weights: new Float32Array(1) }) as never });
    for (let key = 1; key <= MAX_KEYS + 10; key++) gate.shown(key);
    gate.shown(3); // shown again: it is recent once more
    await assert.rejects(gate.serve('row', row(1)), (e: unknown) => e instanceof EngineError && e.code === 'bad-input');
    await gate.serve('row', row(3));
    await gate.serve('row', row(MAX_KEYS + 10));
    await assert.rejects(gate.serve('row', row(11)), (e: unknown) => e instanceof EngineError && e.code === 'bad-input');
  });
});
