// The host↔webview message guards, and the RPC endpoint refusing what a guard rejects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcEndpoint, type Channel, type RpcMessage } from '../../../src/protocol/rpc';
import { isHostMessage, isWebviewMessage } from '../../../src/protocol/messageGuards';
import { isLinksReply, isMatrixReply, isRowReply, isThumbnailsReply, isWebviewRequest } from '../../../src/protocol/viewGuards';
import { MAX_EXPORT_SIZE, type ShownAnalysis } from '../../../src/protocol/webviewApi';
import { serveView } from '../../../src/engine/views/viewServer';
import { NO_CLEANING } from '../../../src/protocol/views';
import { randomData, tokensOf } from '../../../tools/bench/syntheticAttention';

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
      attention: { layers: 1, heads: 1, length: t, precision: 'float16', hasScores: false, key: 42 },
      predictions: { masked: [], next: [{ token: 'c', id: 3, p: 0.5 }], perToken: [{ position: 1, p: 0.5, rank: 1, surprisal: 1, top: [] }] },
      analyzed: { start: 0, end: 2 },
      notices: [],
      timings: { tokenizeMs: 0, runMs: 0, postMs: 0 },
    },
    ranges: [{ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 1 }, null],
    choice: { layer: 0, combine: { kind: 'mean' }, cleaning: NO_CLEANING },
  };
}

describe('webview message guards', () => {
  it('accepts well-formed analyses (overviews with a key, no tensors) and refuses wrong shapes, keys and indices', () => {
    assert.ok(isHostMessage('analysis', shown()));
    const a = shown();
    const withAttention = (attention: object) => ({ ...a, result: { ...a.result, attention: { ...a.result.attention, ...attention } } });
    assert.ok(!isHostMessage('analysis', withAttention({ length: 3 })), 'one row per token');
    assert.ok(!isHostMessage('analysis', withAttention({ key: 0 })), 'keys are positive');
    assert.ok(!isHostMessage('analysis', withAttention({ key: 2 ** 53 })), 'keys are safe integers');
    assert.ok(!isHostMessage('analysis', withAttention({ hasScores: 'no' })));
    assert.ok(!isHostMessage('analysis', withAttention({ precision: 'int8' })));
    assert.ok(!isHostMessage('analysis', { ...a, ranges: [null] }), 'one range per token');
    assert.ok(!isHostMessage('analysis', { ...a, choice: { ...a.choice, layer: 1 } }), 'layer out of range');
    assert.ok(!isHostMessage('analysis', { ...a, choice: { ...a.choice, combine: { kind: 'set', heads: [0, 1] } } }), 'a head out of range');
    assert.ok(isHostMessage('analysis', { ...a, choice: { ...a.choice, combine: { kind: 'rollout' } } }));
    assert.ok(!isHostMessage('analysis', { ...a, choice: undefined }), 'a choice to open on');
    assert.ok(!isHostMessage('analysis', { ...a, result: { ...a.result, tokens: [{ text: 1 }, a.result.tokens[1]] } }));
    assert.ok(!isHostMessage('toString', {}), 'no inherited method names');
    assert.ok(isHostMessage('focus', { analysisId: 1, token: null }));
    assert.ok(isHostMessage('status', { model: 'm', kind: null, state: 'loading', detail: '', progress: 0.5 }));
    assert.ok(!isHostMessage('status', { model: 'm', kind: null, state: 'loading', detail: '', progress: 2 }));
    assert.ok(isHostMessage('status', { model: 'm', kind: null, state: 'idle', detail: '', progress: null, loaded: ['tiny-bert-es-en'] }));
    assert.ok(
      !isHostMessage('status', { model: 'm', kind: null, state: 'idle', detail: '', progress: null, loaded: 'tiny-bert-es-en' }),
      'the loaded models are a list',
    );
    assert.ok(!isHostMessage('status', { model: 'm', kind: null, state: 'idle', detail: '', progress: null, loaded: [1] }));
  });

  it('accepts only the known webview notifications and commands', () => {
    assert.ok(isWebviewMessage('ready', { view: 'panel' }));
    assert.ok(isWebviewMessage('reveal', { analysisId: 1, token: 0 }));
    assert.ok(!isWebviewMessage('reveal', { analysisId: 1, token: -1 }));
    assert.ok(!isWebviewMessage('reveal', { analysisId: 1, token: 1.5 }));
    assert.ok(isWebviewMessage('command', { command: 'showPanel' }));
    assert.ok(!isWebviewMessage('command', { command: 'workbench.action.terminal.new' }), 'no arbitrary commands');
    const choice = { layer: 2, combine: { kind: 'set', heads: [0, 3] }, cleaning: { ...NO_CLEANING, hidePunctuation: true } };
    assert.ok(isWebviewMessage('selection', { analysisId: 1, choice }));
    assert.ok(!isWebviewMessage('selection', { analysisId: 1, choice: { ...choice, combine: { kind: 'median' } } }));
    assert.ok(!isWebviewMessage('selection', { analysisId: 1, choice: { ...choice, cleaning: {} } }));
    assert.ok(!isWebviewMessage('selection', { analysisId: 1, layer: 0, head: null }), 'a layer and a head are no longer a choice');
    assert.ok(!isWebviewMessage('__proto__', {}));
  });

  it('accepts view requests with every field well-formed and bounded', () => {
    const matrix = {
      key: 42,
      layer: 0,
      combine: { kind: 'head', head: 0 },
      stage: 'probs',
      cleaning: NO_CLEANING,
      rows: { start: 0, count: 512 },
      cols: { start: 0, count: 512 },
      maxSide: 256,
      encoding: 'u8',
    };
    assert.ok(isWebviewRequest('matrix', matrix));
    assert.ok(isWebviewRequest('matrix', { ...matrix, combine: { kind: 'rollout' }, maxSide: undefined }));
    assert.ok(isWebviewRequest('matrix', { ...matrix, combine: { kind: 'set', heads: [0, 3] } }));
    for (const [why, bad] of [
      ['maxSide over 2048', { maxSide: 4096 }],
      ['a window over 2048² cells without maxSide', { maxSide: undefined, rows: { start: 0, count: 4096 }, cols: { start: 0, count: 2048 } }],
      ['a negative span', { rows: { start: -1, count: 2 } }],
      ['a fractional layer', { layer: 0.5 }],
      ['an unknown stage', { stage: 'logits' }],
      ['an unknown encoding', { encoding: 'f16' }],
      ['an unknown combination', { combine: { kind: 'sum' } }],
      ['an empty set', { combine: { kind: 'set', heads: [] } }],
      ['a cleaning flag that is not boolean', { cleaning: { ...NO_CLEANING, hideSpecial: 1 } }],
      ['no key', { key: undefined }],
    ] as const)
      assert.ok(!isWebviewRequest('matrix', { ...matrix, ...bad }), why);
    const links = { key: 42, layer: 1, heads: [{ kind: 'head', head: 2 }, { kind: 'mean' }], cleaning: NO_CLEANING, topK: 8, threshold: 0.05 };
    assert.ok(isWebviewRequest('links', links));
    assert.ok(!isWebviewRequest('links', { ...links, topK: 65 }), 'topK ≤ 64');
    assert.ok(!isWebviewRequest('links', { ...links, threshold: Number.NaN }));
    assert.ok(!isWebviewRequest('links', { ...links, heads: [] }));
    assert.ok(isWebviewRequest('thumbnails', { key: 42, size: 32, cleaning: NO_CLEANING }));
    assert.ok(!isWebviewRequest('thumbnails', { key: 42, size: 1000, cleaning: NO_CLEANING }));
    assert.ok(isWebviewRequest('row', { key: 42, layer: 0, combine: { kind: 'max' }, cleaning: NO_CLEANING, query: 3 }));
    assert.ok(!isWebviewRequest('row', { key: 42, layer: 0, combine: { kind: 'max' }, cleaning: NO_CLEANING, query: -3 }));
    assert.ok(!isWebviewRequest('analyze', { text: 'x' }), 'only the view requests');
    assert.ok(!isWebviewRequest('__proto__', {}));
  });

  it('accepts the replies serveView gives and refuses altered ones', () => {
    const source = { data: randomData(2, 2, 6, { seed: 2 }), tokens: tokensOf(['[CLS]', 'a', '##b', ',', 'c', '[SEP]']) };
    const matrixRequest = {
      key: 5,
      layer: 1,
      combine: { kind: 'mean' },
      stage: 'probs',
      cleaning: NO_CLEANING,
      rows: { start: 0, count: 6 },
      cols: { start: 0, count: 6 },
      maxSide: 4,
      encoding: 'u8',
    } as const;
    const thumbsRequest = { key: 5, size: 3, cleaning: NO_CLEANING };
    const linksRequest = { key: 5, layer: 0, heads: [{ kind: 'head', head: 1 }], cleaning: NO_CLEANING, topK: 2, threshold: 0 } as const;
    const rowRequest = { key: 5, layer: 0, combine: { kind: 'mean' }, cleaning: NO_CLEANING, query: 2 } as const;
    const matrix = serveView(source, 'matrix', matrixRequest);
    const thumbs = serveView(source, 'thumbnails', thumbsRequest);
    const links = serveView(source, 'links', linksRequest);
    const row = serveView(source, 'row', rowRequest);
    const shape = { layers: 2, heads: 2 };
    assert.ok(
      isMatrixReply(matrix, matrixRequest) &&
        isThumbnailsReply(thumbs, thumbsRequest, shape) &&
        isLinksReply(links, linksRequest) &&
        isRowReply(row, rowRequest),
    );
    assert.ok(!isMatrixReply({ ...matrix, data: new Uint8Array(3) }, matrixRequest), 'height × width cells');
    assert.ok(!isMatrixReply({ ...matrix, data: Array.from(matrix.data) }, matrixRequest), 'typed arrays only');
    assert.ok(!isThumbnailsReply({ ...thumbs, stats: new Float32Array(1) }, thumbsRequest, shape));
    assert.ok(!isLinksReply({ ...links, lists: [{ ...links.lists[0], weight: new Float32Array(0) }] }, linksRequest));
    assert.ok(!isRowReply({ ...row, weights: new Float64Array(6) }, rowRequest));
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

  describe('export (a view saves a file through the host)', () => {
    const png = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const ok = (params: unknown) => isWebviewMessage('export', params);

    it('refuses names with bidi or format characters and Windows device names (issue 14)', () => {
      for (const name of ['a\u202Egpj.csv', 'a\u2066b.csv', 'a\u200Bb.csv', 'a\uFEFFb.csv', 'a\u061Cb.csv', 'a\u{E0041}.csv', 'a\uD800.csv'])
        assert.ok(!ok({ name, mime: 'text/csv', data: 'a' }), JSON.stringify(name));
      for (const name of [
        'CON.csv',
        'con.csv',
        'PRN.csv',
        'AUX.csv',
        'NUL.csv',
        'nul.tar.csv',
        'COM1.csv',
        'com9.csv',
        'LPT1.csv',
        'lpt³.csv',
        'CONIN$.csv',
        'conout$.csv',
        'CON .csv',
      ])
        assert.ok(!ok({ name, mime: 'text/csv', data: 'a' }), name);
      for (const name of ['CONSOLE.csv', 'icon.csv', 'COM10.csv', 'nullable.csv', 'my-con.csv', 'café.csv', '日本.csv'])
        assert.ok(ok({ name, mime: 'text/csv', data: 'a' }), name);
    });

    it('accepts the four kinds as the export bar sends them', () => {
      assert.ok(ok({ name: 'layer3-mean-matrix.png', mime: 'image/png', data: png() }));
      assert.ok(ok({ name: 'layer3-mean-matrix.svg', mime: 'image/svg+xml', data: '<svg xmlns="http://www.w3.org/2000/svg"/>' }));
      assert.ok(ok({ name: 'layer3-head2-matrix.json', mime: 'application/json', data: '{"rows":[]}' }));
      assert.ok(ok({ name: 'model-heads.CSV', mime: 'text/csv', data: 'a,b\n1,2\n' }));
      assert.ok(ok({ name: 'links.csv', mime: 'text/csv', data: '' }), 'an empty table is still a file');
    });

    it('rejects names that leave the chosen folder or are not plain names', () => {
      for (const name of [
        '../x.csv',
        '..\\x.csv',
        'a/b.csv',
        'a\\b.csv',
        '/etc/x.csv',
        'C:x.csv',
        'a..csv',
        '.csv',
        '.hidden.csv',
        'a\u0000.csv',
        'a\n.csv',
        'a\u0007.csv',
        `${'a'.repeat(197)}.csv`,
        'x.csv ',
        '',
      ]) {
        assert.ok(!ok({ name, mime: 'text/csv', data: 'a' }), `name ${JSON.stringify(name)}`);
      }
      assert.ok(ok({ name: `${'a'.repeat(196)}.csv`, mime: 'text/csv', data: 'a' }), '200 characters is the limit');
      assert.ok(!ok({ name: 42, mime: 'text/csv', data: 'a' }));
    });

    it('rejects a mime outside the four and an extension that does not match the mime', () => {
      assert.ok(!ok({ name: 'x.html', mime: 'text/html', data: '<p>' }));
      assert.ok(!ok({ name: 'x.csv', mime: 'text/html', data: 'a' }));
      assert.ok(!ok({ name: 'x.json', mime: 'text/csv', data: 'a' }));
      assert.ok(!ok({ name: 'x.svg', mime: 'image/png', data: png() }));
      assert.ok(!ok({ name: 'x.png.exe', mime: 'image/png', data: png() }));
      assert.ok(!ok({ name: 'x', mime: 'application/json', data: '{}' }));
      assert.ok(!ok({ name: 'x.csv', mime: 'toString', data: 'a' }), 'no inherited keys');
    });

    it('rejects the wrong data type, a PNG without its signature, and oversize data', () => {
      assert.ok(!ok({ name: 'x.png', mime: 'image/png', data: 'iVBORw0KGgo=' }), 'a PNG is bytes');
      assert.ok(!ok({ name: 'x.png', mime: 'image/png', data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) }), 'not a PNG');
      assert.ok(!ok({ name: 'x.png', mime: 'image/png', data: Array.from(png()) }), 'an array is not bytes');
      assert.ok(!ok({ name: 'x.png', mime: 'image/png', data: new Uint16Array(png()) }));
      assert.ok(!ok({ name: 'x.csv', mime: 'text/csv', data: new TextEncoder().encode('a,b') }), 'text types carry strings');
      assert.ok(!ok({ name: 'x.json', mime: 'application/json', data: null }));
      assert.ok(!ok({ name: 'x.json', mime: 'application/json' }));
      const big = new Uint8Array(MAX_EXPORT_SIZE + 1);
      big.set(png());
      assert.ok(!ok({ name: 'x.png', mime: 'image/png', data: big }), 'PNG over the cap');
      assert.ok(ok({ name: 'x.png', mime: 'image/png', data: big.subarray(0, MAX_EXPORT_SIZE) }), 'PNG at the cap');
      assert.ok(!ok({ name: 'x.csv', mime: 'text/csv', data: 'a'.repeat(MAX_EXPORT_SIZE + 1) }), 'text over the cap');
      assert.ok(!ok(null));
    });
  });
});
