// The host's pure parts: what an empty selection expands to, the analysis store's lookups, the
// hover text, the side view summary, the model-kind guess and the webview page's CSP.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toOverview, type AnalysisResult, type AttentionData, type TokenInfo } from '../../src/protocol/analysis';
import { serveView } from '../../src/protocol/viewServer';
import { workerAttentionSource } from '../../src/host/attentionSource';
import { AnalysisStore, tokenAt, type StoredAnalysis } from '../../src/host/analyses';
import { escapeMarkdown, hoverMarkdown, resolveLayer } from '../../src/host/hoverText';
import { showWhitespace } from '../../src/protocol/tokenText';
import { kindOfConfig } from '../../src/host/modelKind';
import { summarize } from '../../src/host/summary';
import { scopeAround } from '../../src/host/textScope';
import { makeNonce, webviewHtml } from '../../src/host/webviewHtml';

/** "the river bank" analyzed at document offset 100: [CLS] the river bank [SEP], 2 layers × 2 heads. */
function sample(kind: 'encoder' | 'decoder' = 'decoder', version = 1, key = 1): StoredAnalysis {
  return sampleWithData(kind, version, key).entry;
}

/** The stored analysis (an overview whose tensors a worker would keep under `key`) and its tensors. */
function sampleWithData(kind: 'encoder' | 'decoder', version: number, key: number): { entry: StoredAnalysis; data: AttentionData } {
  const words: [string, number, number][] = [['the', 0, 3], ['Ġriver', 3, 9], ['Ġbank', 9, 14]];
  const tokens: TokenInfo[] = [
    { text: '[CLS]', id: 3, special: true, masked: false, start: null, end: null, word: null },
    ...words.map(([text, start, end], i): TokenInfo => ({ text, id: 10 + i, special: false, masked: false, start, end, word: i })),
    { text: '[SEP]', id: 4, special: true, masked: false, start: null, end: null, word: null },
  ];
  const t = tokens.length;
  // Layer 1, head 0: every query attends to key (q + 1) % t with 0.7 and to itself with 0.3; head 1: all to [CLS].
  const probs = [0, 1].map((layer) => {
    const a = new Float32Array(2 * t * t);
    for (let q = 0; q < t; q++) {
      if (layer === 1) {
        a[q * t + ((q + 1) % t)] = 0.7;
        a[q * t + q] += 0.3;
      } else a[q * t + q] = 1;
      a[(t + q) * t + 0] = 1;
    }
    return a;
  });
  const result: AnalysisResult = {
    model: { id: 'tiny', kind, modelType: kind === 'encoder' ? 'bert' : 'gpt2', layers: 2, heads: 2, maxPositions: 64, vocabSize: 100, maskToken: '[MASK]' },
    tokens,
    attention: { layers: 2, heads: 2, length: t, precision: 'float32', probs, scores: null },
    predictions: {
      masked: kind === 'encoder' ? [{ position: 2, top: [{ token: 'river', id: 11, p: 0.5 }, { token: 'lake', id: 12, p: 0.25 }] }] : [],
      next: kind === 'decoder' ? [{ token: ' <b>', id: 40, p: 0.6 }] : [],
      perToken: kind === 'decoder' ? [{ position: 3, p: 0.125, rank: 2, surprisal: 3, top: [{ token: ' shore', id: 50, p: 0.4 }] }] : [],
    },
    analyzed: { start: 0, end: 14 },
    notices: [],
    timings: { tokenizeMs: 0, runMs: 0, postMs: 0 },
  };
  const entry: StoredAnalysis = {
    uri: 'file:///doc.md',
    version,
    base: 100,
    shown: { id: 7, document: { uri: 'file:///doc.md', name: 'doc.md', languageId: 'markdown', version }, result: toOverview(result, key), ranges: tokens.map(() => null), layer: 1, head: null },
  };
  return { entry, data: result.attention };
}

/** An AttentionSource over serveView, as the worker answers rows, for one sample's tensors. */
function rowsOf(kind: 'encoder' | 'decoder') {
  const { entry, data } = sampleWithData(kind, 1, 1);
  const source = workerAttentionSource({
    view: async (_method, params) => {
      if (params.key !== 1) throw new Error(`unexpected key ${params.key}`);
      return serveView({ data, tokens: entry.shown.result.tokens }, 'row', params);
    },
  });
  return { entry, row: (layer: number, heads: 'mean' | 'max' | number, token: number) => source.row(entry, layer, heads, token) };
}
const DOC = ' '.repeat(100) + 'the river bank';
const text = (s: number, e: number): string => DOC.slice(s, e);

describe('scopeAround (an empty selection)', () => {
  it('takes the paragraph in prose, trimmed', () => {
    const doc = 'Title\n\nThe river bank was steep.\nIt rained.\n\nNext paragraph.';
    const s = scopeAround(doc, doc.indexOf('steep'), 'markdown');
    assert.equal(doc.slice(s.start, s.end), 'The river bank was steep.\nIt rained.');
    assert.equal(s.unit, 'paragraph');
  });
  it('takes the line in code, widened while brackets stay open', () => {
    const doc = 'const a = 1;\nconst b = f(\n  a,\n  2);\nreturn b;';
    assert.deepEqual(scopeAround(doc, 3, 'typescript'), { start: 0, end: 12, unit: 'line' });
    const s = scopeAround(doc, doc.indexOf('b ='), 'typescript');
    assert.equal(doc.slice(s.start, s.end), 'const b = f(\n  a,\n  2);');
    assert.equal(s.unit, 'statement');
  });
  it('clamps an offset past the end and handles an empty document', () => {
    assert.deepEqual(scopeAround('', 5, 'plaintext'), { start: 0, end: 0, unit: 'paragraph' });
    const s = scopeAround('abc\r\ndef', 99, 'typescript');
    assert.equal('abc\r\ndef'.slice(s.start, s.end), 'def');
  });
});

describe('AnalysisStore', () => {
  it('finds the token under an offset of the same document version only', () => {
    const store = new AnalysisStore();
    const entry = sample();
    store.add(entry);
    assert.deepEqual(store.at('file:///doc.md', 1, 105), { entry, token: 2 });
    assert.equal(store.at('file:///doc.md', 2, 105), null, 'an edited document has no analysis');
    assert.equal(store.at('file:///other.md', 1, 105), null);
    assert.equal(store.at('file:///doc.md', 1, 99), null, 'before the analyzed text');
    assert.equal(tokenAt(entry, 114), 3, 'the end of the last token still counts');
    assert.equal(store.byId(7), entry);
    assert.equal(store.latestFor('file:///doc.md'), entry);
  });
  it('drops older versions of a document when a newer one is analyzed', () => {
    const store = new AnalysisStore();
    store.add(sample('decoder', 1));
    const newer = sample('decoder', 2);
    store.add(newer);
    assert.equal(store.at('file:///doc.md', 1, 105), null);
    assert.equal(store.last, newer);
    store.forget('file:///doc.md');
    assert.equal(store.last, null);
  });
  it('tells the worker to release every analysis it lets go, and only those', () => {
    const dropped: number[] = [];
    const store = new AnalysisStore(undefined, (e) => dropped.push(e.shown.result.attention.key));
    store.add(sample('decoder', 1, 11));
    store.add(sample('decoder', 1, 12));
    assert.deepEqual(dropped, [], 'analyses of the same version stay');
    store.add(sample('decoder', 2, 13));
    assert.deepEqual(dropped.sort(), [11, 12], 'older versions go');
    for (let key = 14; key < 30; key++) store.add(sample('decoder', 2, key));
    assert.deepEqual(dropped.slice(2), [13], 'beyond sixteen per document the oldest goes');
    store.forget('file:///doc.md');
    assert.equal(dropped.length, 3 + 16);
  });
});

describe('hover text', () => {
  it('lists the attended tokens of the chosen layer/head, the prediction facts and the panel link', async () => {
    const { entry, row } = rowsOf('decoder');
    const md = hoverMarkdown({ entry, token: 2, layer: -1, heads: 0, row: await row(1, 0, 2) }, text);
    assert.match(md, /layer 1 \(of 0–1\), head 0/);
    assert.match(md, /Token \*\*␣river\*\* — id 11, position 2/);
    assert.match(md, /Attends most to: ␣bank 70\.0% · ␣river \(itself\) 30\.0%/);
    assert.match(md, /command:attentionLens\.openToken\?/);
    assert.ok(md.includes(encodeURIComponent(JSON.stringify([{ analysisId: 7, token: 2 }]))));
    const bank = hoverMarkdown({ entry, token: 3, layer: 1, heads: 'mean', row: await row(1, 'mean', 3) }, text);
    assert.match(bank, /Probability 12\.5% · rank 2 · 3\.0 bits; expected: ␣shore 40\.0%/);
    assert.match(bank, /Attends most to: \\\[CLS\\\] 50\.0% · \\\[SEP\\\] 35\.0% · ␣bank \(itself\) 15\.0%/);
  });
  it('shows the fillers of a masked token for an encoder, and max over heads', async () => {
    const { entry, row } = rowsOf('encoder');
    const md = hoverMarkdown({ entry, token: 2, layer: 1, heads: 'max', row: await row(1, 'max', 2) }, text);
    assert.match(md, /Masked; the model fills in: river 50\.0% · lake 25\.0%/);
    assert.match(md, /max over heads/);
    assert.match(md, /Attends most to: \\\[CLS\\\] 100\.0% · ␣bank 70\.0%/);
  });
  it('says so when the worker no longer holds the analysis', () => {
    const md = hoverMarkdown({ entry: sample(), token: 2, layer: 1, heads: 0, row: null }, text);
    assert.match(md, /no longer in memory; analyze again/);
    assert.doesNotMatch(md, /Attends most to/);
  });
  it('escapes Markdown and makes whitespace visible', () => {
    assert.equal(escapeMarkdown('[x](command:evil) <img>'), '\\[x\\]\\(command:evil\\) \\<img\\>');
    assert.equal(showWhitespace(' a b\r\n\t'), '␣a␣b␍↵⇥');
    assert.equal(showWhitespace(''), '∅');
    assert.equal(resolveLayer(-1, 12), 11);
    assert.equal(resolveLayer(40, 12), 11);
  });
});

describe('summary, model kind, webview page', () => {
  it('summarizes the headline predictions in document offsets', () => {
    const s = summarize(sample('encoder'), 'doc.md');
    assert.deepEqual(s.predictions, [{ label: 'river', p: 0.5, position: 2 }, { label: 'lake', p: 0.25, position: 2 }]);
    assert.deepEqual(s.analyzed, { start: 100, end: 114 });
    assert.deepEqual(summarize(sample('decoder'), 'doc.md').predictions[0], { label: ' <b>', p: 0.6, position: null }, 'the view formats the text');
  });
  it('tells encoders from decoders by config.json', () => {
    assert.equal(kindOfConfig({ architectures: ['BertForMaskedLM'] }), 'encoder');
    assert.equal(kindOfConfig({ architectures: ['GPT2LMHeadModel'] }), 'decoder');
    assert.equal(kindOfConfig({ model_type: 'distilbert' }), 'encoder');
    assert.equal(kindOfConfig({ model_type: 'whisper' }), null);
  });
  it('serves a page whose CSP allows only its nonce for scripts and holds no inline script', () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
    assert.notEqual(nonce, makeNonce());
    const html = webviewHtml({ view: 'panel', cspSource: 'https://res.example', nonce, scriptUri: 'https://res.example/panel.js', styleUri: 'https://res.example/view.css', title: 'A <b>"title"</b>' });
    assert.match(html, new RegExp(`default-src 'none'; script-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'; style-src https://res.example`));
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0][2], '', 'no inline script body');
    assert.ok(scripts[0][1].includes(`nonce="${nonce}"`));
    assert.ok(html.includes('A &lt;b&gt;"title"&lt;/b&gt;'));
  });
});
