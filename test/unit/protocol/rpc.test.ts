// The RPC endpoint over a real MessageChannel: replies, error replies, cancellation, timeouts,
// latest-wins lanes, notifications, transfers and malformed messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { RpcEndpoint, RpcError, Transfer, type Channel } from '../../../src/protocol/rpc';

interface Methods {
  [m: string]: { params: unknown; result: unknown };
  echo: { params: string; result: string };
  fail: { params: null; result: null };
  slow: { params: number; result: string };
  buffer: { params: number; result: Float32Array };
}
interface Notes {
  [m: string]: unknown;
  tick: number;
}

function channelOf(port: MessagePort): Channel {
  return {
    post: (m, transfer) => port.postMessage(m, transfer as ArrayBuffer[] | undefined),
    listen: (receive) => {
      port.on('message', receive);
      return () => port.off('message', receive);
    },
  };
}

function pair(onInvalid?: (m: unknown) => void) {
  const { port1, port2 } = new MessageChannel();
  const server = new RpcEndpoint<Methods, Record<string, never>, Notes>(channelOf(port1), onInvalid);
  const client = new RpcEndpoint<Record<string, never>, Methods, Record<string, never>, Notes>(channelOf(port2));
  const cancelled: number[] = [];
  server.handle('echo', (s) => `echo:${s}`);
  server.handle('fail', () => {
    throw Object.assign(new Error('model folder is missing config.json'), { code: 'model-files-missing' });
  });
  server.handle(
    'slow',
    (ms, { signal }) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(`slept ${ms}`), ms);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          cancelled.push(ms);
          resolve('aborted');
        });
      }),
  );
  server.handle('buffer', (n) => {
    const data = Float32Array.from({ length: n }, (_, i) => i / 2);
    return new Transfer(data, [data.buffer as ArrayBuffer]);
  });
  const close = (): void => {
    server.dispose();
    client.dispose();
    port1.close();
    port2.close();
  };
  return { server, client, cancelled, close, port2 };
}

const rejectsCode = (p: Promise<unknown>, code: string) => assert.rejects(p, (e: unknown) => e instanceof RpcError && e.code === code);

describe('RpcEndpoint', () => {
  it('answers requests by id, concurrently', async () => {
    const { client, close } = pair();
    const answers = await Promise.all(['a', 'b', 'c'].map((s) => client.request('echo', s)));
    assert.deepEqual(answers, ['echo:a', 'echo:b', 'echo:c']);
    close();
  });

  it('turns a thrown error into an error reply that keeps its code', async () => {
    const { client, close } = pair();
    await assert.rejects(
      client.request('fail', null),
      (e: unknown) => e instanceof RpcError && e.code === 'model-files-missing' && /config\.json/.test(e.message),
    );
    assert.equal(await client.request('echo', 'after'), 'echo:after');
    close();
  });

  it('answers an unknown method with an error instead of silence', async () => {
    const { client, close } = pair();
    await rejectsCode(client.request('nope' as 'echo', 'x'), 'bad-input');
    close();
  });

  it('cancels: the caller rejects at once and the handler sees its signal abort', async () => {
    const { client, cancelled, close } = pair();
    const controller = new AbortController();
    const pending = client.request('slow', 5000, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await rejectsCode(pending, 'cancelled');
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(cancelled, [5000]);
    assert.equal(client.inFlight, 0);
    close();
  });

  it('times out and tells the handler to stop', async () => {
    const { client, cancelled, close } = pair();
    await rejectsCode(client.request('slow', 4000, { timeoutMs: 30 }), 'timeout');
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(cancelled, [4000]);
    close();
  });

  it('lets the latest request in a lane win', async () => {
    const { client, close } = pair();
    const first = client.request('slow', 3000, { lane: 'hover' });
    const second = client.request('slow', 10, { lane: 'hover' });
    await rejectsCode(first, 'cancelled');
    assert.equal(await second, 'slept 10');
    close();
  });

  it('delivers notifications to listeners until they unsubscribe', async () => {
    const { server, client, close } = pair();
    const seen: number[] = [];
    const stop = client.onNotification('tick', (n) => seen.push(n));
    server.notify('tick', 1);
    server.notify('tick', 2);
    await client.request('echo', 'sync');
    stop();
    server.notify('tick', 3);
    await client.request('echo', 'sync');
    assert.deepEqual(seen, [1, 2]);
    close();
  });

  it('moves transferred buffers instead of copying them', async () => {
    const { client, close } = pair();
    const data = await client.request('buffer', 1000);
    assert.ok(data instanceof Float32Array);
    assert.equal(data.length, 1000);
    assert.equal(data[999], 499.5);
    close();
  });

  it('ignores malformed messages and reports them', async () => {
    const invalid: unknown[] = [];
    const { client, port2, close } = pair((m) => invalid.push(m));
    port2.postMessage({ rpc: 'request', id: 'x', method: 'echo' });
    port2.postMessage({ rpc: 'error', id: 3, error: { code: 'made-up', message: 'x' } });
    port2.postMessage('hello');
    assert.equal(await client.request('echo', 'ok'), 'echo:ok');
    assert.equal(invalid.length, 3);
    close();
  });

  it('fails everything in flight on rejectAll (a dead peer)', async () => {
    const { client, close } = pair();
    const pending = client.request('slow', 5000);
    client.rejectAll(new RpcError('worker-crashed', 'gone'));
    await rejectsCode(pending, 'worker-crashed');
    close();
  });
});
