// Replies that arrive after a cancel (issue 14, item 10's remainder): an analysis the engine kept
// just as the host's cancel crossed its reply holds tensors under a key nobody will ask for. The
// client releases it when the late reply lands, so the engine's kept bytes return to where they
// were. Proved twice: with the RPC endpoints and a real TensorStore in one process, the messages
// delivered by hand in the crossing order; and through EngineClient, across its process boundary,
// with a stand-in engine that answers an analyzeKept only once its cancel has arrived.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { AnalysisOverview } from '../../src/protocol/analysis';
import type { EngineMethods } from '../../src/protocol/engineApi';
import { RpcEndpoint, type Channel, type RpcMessage } from '../../src/protocol/rpc';
import { EngineError } from '../../src/engine/errors';
import { EngineClient } from '../../src/engine/workerClient';
import { TensorStore } from '../../src/engine/views/tensorStore';
import { scratch } from '../support/paths';

/** Two channels whose messages wait in a queue until `flush` delivers them, in order. */
function heldPair(): { a: Channel; b: Channel; flush(): void } {
  const queue: { to: 'a' | 'b'; message: RpcMessage }[] = [];
  const receivers: { a?: (m: unknown) => void; b?: (m: unknown) => void } = {};
  const end = (self: 'a' | 'b', other: 'a' | 'b'): Channel => ({
    post: (message) => queue.push({ to: other, message: structuredClone(message) }),
    listen: (receive) => {
      receivers[self] = receive;
      return () => (receivers[self] = undefined);
    },
  });
  return {
    a: end('a', 'b'),
    b: end('b', 'a'),
    flush: () => {
      while (queue.length) {
        const { to, message } = queue.shift()!;
        receivers[to]?.(message);
      }
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('replies that arrive after a cancel', () => {
  it("release the kept analysis: the store's bytes return to where they were", async () => {
    const { a, b, flush } = heldPair();
    const store = new TensorStore();
    const engine = new RpcEndpoint<EngineMethods, Record<string, never>>(b);
    engine.handle('analyzeKept', () => {
      const probs = [new Float32Array(4 * 4 * 2)];
      const key = store.keep({ layers: 1, heads: 2, length: 4, precision: 'float32', probs, scores: null }, []);
      return { attention: { key } } as unknown as AnalysisOverview;
    });
    engine.handle('release', ({ key }) => store.release(key));
    const host = new RpcEndpoint<Record<string, never>, EngineMethods>(a);
    const before = store.bytes;
    const controller = new AbortController();
    const released: number[] = [];
    const analysis = host.request(
      'analyzeKept',
      { model: 'm', request: { text: 't' } },
      {
        signal: controller.signal,
        onLate: (result) => {
          const key = (result as AnalysisOverview).attention.key;
          released.push(key);
          void host.request('release', { key }).catch(() => undefined);
        },
      },
    );
    flush(); // the request reaches the engine, which keeps the analysis and replies
    await tick();
    assert.ok(store.bytes > before, 'the engine kept it');
    controller.abort(); // the cancel leaves while the reply is still on its way
    await assert.rejects(analysis, /analyzeKept cancelled/);
    flush(); // the engine ignores the cancel of a finished request; the host gets the late reply
    await tick();
    flush(); // the release reaches the engine
    await tick();
    assert.equal(released.length, 1);
    assert.equal(store.bytes, before);
    assert.equal(store.size, 0);
  });

  it('a result for a request that was never cancelled is not taken for a late one', async () => {
    const { a, b, flush } = heldPair();
    const engine = new RpcEndpoint<EngineMethods, Record<string, never>>(b);
    engine.handle('ping', () => ({ pid: 1, threadId: 0, loadsStarted: 0, modelsLoaded: 0 }));
    const host = new RpcEndpoint<Record<string, never>, EngineMethods>(a);
    let late = 0;
    const ping = host.request('ping', null, { onLate: () => late++ });
    flush();
    await tick();
    flush();
    assert.equal((await ping).pid, 1);
    assert.equal(late, 0);
  });

  it('through EngineClient: a kept analysis answered after its cancel is released in the engine', async () => {
    // A stand-in engine: analyzeKept keeps 4096 bytes and answers only when its cancel arrives,
    // as an engine whose reply crossed the cancel; ping reports the bytes it keeps.
    const standIn = path.join(scratch('lens-late-'), 'standInEngine.cjs');
    writeFileSync(
      standIn,
      `const kept = new Map(); let next = 11; const waiting = new Map();
const reply = (id, result) => process.send({ rpc: 'result', id, result });
process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
  if (m.rpc === 'cancel' && waiting.has(m.id)) {
    const key = waiting.get(m.id); waiting.delete(m.id);
    return reply(m.id, { tokens: [], attention: { layers: 1, heads: 1, length: 1, precision: 'float32', hasScores: false, key } });
  }
  if (m.rpc !== 'request') return;
  if (m.method === 'analyzeKept') { const key = next++; kept.set(key, 4096); waiting.set(m.id, key); return; }
  if (m.method === 'release') return reply(m.id, kept.delete(m.params.key));
  if (m.method === 'ping') return reply(m.id, { pid: process.pid, keptBytes: [...kept.values()].reduce((s, b) => s + b, 0) });
  reply(m.id, null);
});
`,
    );
    const client = new EngineClient({ workerPath: standIn, timeoutMs: 10_000 });
    const keptBytes = async (): Promise<number> => ((await client.request('ping', null)) as unknown as { keptBytes: number }).keptBytes;
    try {
      assert.equal(await keptBytes(), 0);
      const controller = new AbortController();
      const analysis = client.request('analyzeKept', { model: 'm', request: { text: 't' } }, { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(await keptBytes(), 4096, 'the engine kept the analysis');
      controller.abort();
      await assert.rejects(analysis, (e: unknown) => e instanceof EngineError && e.code === 'cancelled');
      const deadline = Date.now() + 5000;
      let bytes = await keptBytes();
      while (bytes !== 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        bytes = await keptBytes();
      }
      assert.equal(bytes, 0, 'the late reply was released');
    } finally {
      await client.dispose();
    }
  });
});
