// The host↔webview message guards, and the RPC endpoint refusing what a guard rejects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcEndpoint, type Channel, type RpcMessage } from '../../src/protocol/rpc';
import { isHostMessage, isWebviewMessage, type ShownAnalysis } from '../../src/protocol/webviewApi';

function shown(): ShownAnalysis {
  const t = 2;
  return {
    id: 1,
    document: { uri: 'file:///a.ts', name: 'a.ts', languageId: 'typescript', version: 3 },
    result: {
      model: { id: 'm', kind: 'decoder', modelType: 'gpt2', layers: 1, heads: 1, maxPositions: 8, vocabSize: 10, maskToken: null },
      tokens: [
        { text: 'a', id: 1, special: false, masked: false, start: 0, end: 1, word: 0 },
        { text: 'b', id: 2, special: false, masked: false, start: 1, end: 2, word: 1 },
      ],
      attention: { layers: 1, heads: 1, length: t, precision: 'float16', probs: [new Uint16Array(t * t)], scores: null },
      predictions: { masked: [], next: [{ token: 'c', id: 3, p: 0.5 }], perToken: [{ position: 1, p: 0.5, rank: 1, surprisal: 1, top: [] }] },
      analyzed: { start: 0, end: 2 },
      notices: [],
      timings: { tokenizeMs: 0, runMs: 0, postMs: 0 },
    },
    ranges: [{ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 1 }, null],
    layer: 0,
    head: null,
  };
}

describe('webview message guards', () => {
  it('accepts well-formed analyses and refuses wrong typed arrays, lengths and indices', () => {
    assert.ok(isHostMessage('analysis', shown()));
    const a = shown();
    const wrongType = { ...a, result: { ...a.result, attention: { ...a.result.attention, probs: [new Float32Array(4)] } } };
    assert.ok(!isHostMessage('analysis', wrongType), 'float16 data must be Uint16Array');
    const wrongLength = { ...a, result: { ...a.result, attention: { ...a.result.attention, probs: [new Uint16Array(3)] } } };
    assert.ok(!isHostMessage('analysis', wrongLength));
    assert.ok(!isHostMessage('analysis', { ...a, ranges: [null] }), 'one range per token');
    assert.ok(!isHostMessage('analysis', { ...a, layer: 1 }), 'layer out of range');
    assert.ok(!isHostMessage('analysis', { ...a, result: { ...a.result, tokens: [{ text: 1 }, a.result.tokens[1]] } }));
    assert.ok(!isHostMessage('toString', {}), 'no inherited method names');
    assert.ok(isHostMessage('focus', { analysisId: 1, token: null }));
    assert.ok(isHostMessage('status', { model: 'm', kind: null, state: 'loading', detail: '', progress: 0.5 }));
    assert.ok(!isHostMessage('status', { model: 'm', kind: null, state: 'loading', detail: '', progress: 2 }));
  });

  it('accepts only the known webview notifications and commands', () => {
    assert.ok(isWebviewMessage('ready', { view: 'panel' }));
    assert.ok(isWebviewMessage('reveal', { analysisId: 1, token: 0 }));
    assert.ok(!isWebviewMessage('reveal', { analysisId: 1, token: -1 }));
    assert.ok(!isWebviewMessage('reveal', { analysisId: 1, token: 1.5 }));
    assert.ok(isWebviewMessage('command', { command: 'showPanel' }));
    assert.ok(!isWebviewMessage('command', { command: 'workbench.action.terminal.new' }), 'no arbitrary commands');
    assert.ok(!isWebviewMessage('selection', { analysisId: 1, layer: 0, head: 'x' }));
    assert.ok(!isWebviewMessage('__proto__', {}));
  });

  it('RpcEndpoint drops refused notifications and answers refused requests with bad-input', async () => {
    const sent: RpcMessage[] = [];
    let deliver: (m: unknown) => void = () => {};
    const channel: Channel = { post: (m) => void sent.push(m), listen: (r) => ((deliver = r), () => {}) };
    const invalid: unknown[] = [];
    const rpc = new RpcEndpoint<Record<string, never>, Record<string, never>>(channel, (m) => invalid.push(m), isWebviewMessage);
    const seen: unknown[] = [];
    rpc.onNotification('reveal', (p) => seen.push(p));
    deliver({ rpc: 'notify', method: 'reveal', params: { analysisId: 1, token: 2 } });
    deliver({ rpc: 'notify', method: 'reveal', params: { analysisId: 1, token: '2' } });
    deliver({ rpc: 'request', id: 5, method: 'reveal', params: null });
    deliver('junk');
    assert.deepEqual(seen, [{ analysisId: 1, token: 2 }]);
    assert.equal(invalid.length, 3);
    assert.deepEqual(sent, [{ rpc: 'error', id: 5, error: { code: 'bad-input', message: 'malformed reveal request' } }]);
  });
});
