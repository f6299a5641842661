// The host's analysis store: lookups per document version, releases to the worker, and the cache's byte budget (analyses.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisOverview } from '../../../../src/protocol/analysis';
import { analysisBytes, AnalysisStore, tokenAt, type StoredAnalysis } from '../../../../src/host/analyses/analyses';
import { NO_CLEANING } from '../../../../src/protocol/views';
import { sample } from '../../../support/sampleAnalysis';

describe('AnalysisStore', () => {
  it('never gives an id that a store made before it gave (the page restored after a window reload keeps the earlier session’s)', () => {
    // After a reload the panel's saved state names analysis ids of the host session before; a fresh
    // store that counted from 1 again gave the next text one of them, and the page reopened that
    // text on the other one's selected token, scroll and view choice.
    const before = new AnalysisStore();
    const earlier = [before.newId(), before.newId()];
    const after = new AnalysisStore();
    const first = after.newId();
    assert.ok(
      earlier.every((id) => first > id),
      `${first} after ${earlier.join(', ')}`,
    );
    assert.ok(Number.isSafeInteger(first) && first >= 0, 'an index, as the protocol checks ids');
  });
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
  it('gives the analysis the panel shows first when it covers the offset, the newest otherwise (cursor sync after Compare)', () => {
    const store = new AnalysisStore();
    const shown = sample('decoder', 1, 11);
    const newer = sample('encoder', 1, 12);
    store.add(shown);
    store.add(newer);
    assert.equal(store.at('file:///doc.md', 1, 105)?.entry, newer);
    assert.equal(store.at('file:///doc.md', 1, 105, shown)?.entry, shown);
    assert.equal(store.at('file:///doc.md', 1, 105, sample('decoder', 1, 13))?.entry, newer, 'an analysis the store does not hold is not preferred');
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
  it('never matches a closed document opened again (its version restarts at 1), but the panel still finds the analysis by id', () => {
    const dropped: number[] = [];
    const store = new AnalysisStore(undefined, (e) => dropped.push(e.shown.result.attention.key));
    const base = sample('decoder', 1, 11);
    const old: StoredAnalysis = { ...base, span: { start: 100, end: 114 }, shown: { ...base.shown, id: 70 } };
    store.add(old);
    assert.equal(store.find('file:///doc.md', 1, 100, 114, 'decoder'), old);
    store.close('file:///doc.md');
    assert.equal(store.at('file:///doc.md', 1, 105), null, 'no hover or decoration from the old text');
    assert.equal(store.find('file:///doc.md', 1, 100, 114, 'decoder'), null, 'no cache hit either');
    assert.equal(store.latestFor('file:///doc.md'), null);
    assert.equal(store.byId(old.shown.id), old, 'the panel showing it can still ask for its views');
    assert.deepEqual(dropped, []);
    const fresh = sample('decoder', 1, 12);
    store.add(fresh);
    assert.equal(store.at('file:///doc.md', 1, 105)?.entry, fresh);
    assert.deepEqual(dropped, [], 'an analysis of the reopened document does not drop the closed one');
    for (let i = 0; i < 20; i++) {
      store.add({ ...sample('decoder', 1, 100 + i), uri: `file:///closed${i}.md` });
      store.close(`file:///closed${i}.md`);
    }
    assert.deepEqual(dropped.slice(0, 5), [11, 100, 101, 102, 103], 'beyond sixteen closed analyses the oldest go');
  });
  it('tells its listeners of every analysis added, until they stop listening', () => {
    const store = new AnalysisStore();
    const heard: number[] = [];
    const sub = store.onDidAdd((e) => heard.push(e.shown.result.attention.key));
    store.add(sample('decoder', 1, 21));
    store.add(sample('decoder', 2, 22));
    sub.dispose();
    store.add(sample('decoder', 3, 23));
    assert.deepEqual(heard, [21, 22]);
  });
  it('keeps the place of the command asked last: an analysis asked before it that comes after it is stored, never made the latest', () => {
    // Analyze Selection (its model loading), then Mask Word: the mask's analysis came first and was
    // shown; the older analysis, coming later, took its place in the store's latest (hovers,
    // decorations), the side view (onDidAdd) and the panel.
    const store = new AnalysisStore();
    const heard: number[] = [];
    store.onDidAdd((e) => heard.push(e.shown.result.attention.key));
    const key = (e: StoredAnalysis | null | undefined): number | undefined => e?.shown.result.attention.key;
    const analyze = store.ask();
    const mask = store.ask();
    const masked = withId(sample('encoder', 1, 31), 31);
    assert.equal(store.add(masked, mask), true, 'the mask’s analysis takes the place');
    const analysis = withId(sample('decoder', 1, 32), 32);
    assert.equal(store.add(analysis, analyze), false, 'the older analysis is kept from it');
    assert.equal(key(store.last), 31);
    assert.equal(key(store.latestFor('file:///doc.md')), 31, 'the document’s latest');
    assert.equal(key(store.at('file:///doc.md', 1, 105)?.entry), 31, 'hovers and decorations');
    assert.deepEqual(heard, [31], 'the side view and the spotlight follow the newer one only');
    assert.equal(store.byId(32), analysis, 'the older one is kept, found by id');
    // What nobody asked for by command (the heatmap's analysis) is as new as the last command asked.
    const background = withId(sample('decoder', 1, 33), 33);
    assert.equal(store.add(background), true);
    assert.equal(key(store.last), 33);
    const later = store.ask();
    assert.equal(store.add(withId(sample('decoder', 1, 34), 34), later), true, 'a command asked after it takes the place');
    assert.equal(key(store.last), 34);
    store.ask();
    assert.equal(store.add(withId(sample('decoder', 1, 35), 35), later), true, 'a command asked since has no answer yet: the place is still this one’s');
  });
  it('keeps the place of a command that answered with an analysis it had (a hover’s link to the panel)', () => {
    const store = new AnalysisStore();
    const earlier = withId(sample('decoder', 1, 51), 51);
    store.add(earlier);
    const analyze = store.ask();
    store.answer(earlier);
    assert.equal(store.add(withId(sample('decoder', 1, 52), 52), analyze), false, 'the analysis asked before the link keeps off');
    assert.equal(store.last, earlier);
  });
  it('moves a document’s analyses to its new name (renamed, saved as), the ones of its text as it was then only', () => {
    const dropped: number[] = [];
    const store = new AnalysisStore(undefined, (e) => dropped.push(e.shown.result.attention.key));
    const uri = 'file:///doc.md';
    const to = { uri: 'file:///renamed.md', name: 'renamed.md', version: 1 };
    const analysis = withId(sample('decoder', 3, 41), 41);
    store.add(analysis);
    const heard: StoredAnalysis[] = [];
    store.onDidAdd((e) => heard.push(e));
    store.rename(uri, 3, to);
    assert.deepEqual(heard, [analysis], 'the side view and the spotlight hear of the latest under its new name');
    assert.equal(store.latestFor(uri), null, 'the old name has none');
    assert.equal(store.latestFor(to.uri), analysis, 'the same analysis, under the new name');
    assert.equal(store.at(to.uri, 1, 105)?.entry, analysis, 'hovers and decorations on the new name');
    assert.deepEqual([analysis.uri, analysis.version, analysis.shown.document.uri, analysis.shown.document.name], [to.uri, 1, to.uri, 'renamed.md']);
    assert.equal(store.isClosed(analysis), false);
    assert.equal(store.last, analysis);
    store.close(uri);
    assert.equal(store.isClosed(analysis), false, 'the old name’s close sets nothing apart');
    assert.deepEqual(dropped, []);
    // Edited since its analysis: the analysis describes text the new name does not hold.
    const stale = withId(sample('decoder', 2, 42), 42);
    store.add(stale);
    store.rename(uri, 5, { ...to, uri: 'file:///again.md' });
    assert.equal(store.latestFor('file:///again.md'), null);
    assert.deepEqual(dropped, [42], 'let go');
  });
});

function withId(entry: StoredAnalysis, id: number): StoredAnalysis {
  return { ...entry, shown: { ...entry.shown, id } };
}

/** An analysis whose worker keeps `layers` float32 layers of `t` tokens (1 head). */
function entry(uri: string, version: number, id: number, t: number, layers = 1, span = { start: 0, end: t }): StoredAnalysis {
  const result: AnalysisOverview = {
    model: { id: 'm', kind: 'decoder', modelType: 'gpt2', layers, heads: 1, maxPositions: 512, vocabSize: 10, maskToken: null },
    tokens: Array.from({ length: t }, (_, i) => ({ text: 'x', id: 1, special: false, masked: false, start: i, end: i + 1, word: i })),
    attention: { layers, heads: 1, length: t, precision: 'float32', hasScores: false, key: id },
    predictions: { masked: [], next: [], perToken: [] },
    analyzed: { start: 0, end: t },
    notices: [],
    timings: { tokenizeMs: 0, runMs: 0, postMs: 0 },
  };
  return {
    uri,
    version,
    base: 0,
    span,
    shown: {
      id,
      document: { uri, name: 'd', languageId: 'plaintext', version },
      result,
      ranges: result.tokens.map(() => null),
      choice: { layer: 0, combine: { kind: 'mean' }, cleaning: NO_CLEANING },
    },
  };
}

describe('AnalysisStore as a cache', () => {
  it('counts the bytes of the tensors and the tokens it holds', () => {
    const e = entry('file:///a', 1, 1, 100, 2);
    const bytes = analysisBytes(e.shown);
    assert.ok(bytes >= 2 * 100 * 100 * 4, `${bytes}`);
    assert.ok(bytes < 2 * 100 * 100 * 4 + 100 * 200);
    const store = new AnalysisStore();
    store.add(e);
    assert.equal(store.bytes, bytes);
    store.forget('file:///a');
    assert.equal(store.bytes, 0);
    assert.equal(store.size, 0);
  });
  it('evicts the least recently used analyses beyond the budget, never the one just added', () => {
    const one = analysisBytes(entry('file:///x', 1, 0, 100).shown);
    const store = new AnalysisStore(Math.floor(2.5 * one));
    const a = entry('file:///a', 1, 1, 100);
    const b = entry('file:///b', 1, 2, 100);
    const c = entry('file:///c', 1, 3, 100);
    store.add(a);
    store.add(b);
    assert.equal(store.byId(1), a, 'a is used again, so b is now the oldest');
    store.add(c);
    assert.equal(store.size, 2);
    assert.equal(store.byId(2), null, 'b was evicted');
    assert.equal(store.byId(1), a);
    assert.equal(store.byId(3), c);
    assert.ok(store.bytes <= 2.5 * one);
    const huge = entry('file:///d', 1, 4, 200);
    store.add(huge);
    assert.equal(store.size, 1, 'an entry larger than the budget evicts all others but stays');
    assert.equal(store.byId(4), huge);
    store.setBudget(0);
    store.add(entry('file:///e', 1, 5, 10));
    store.setBudget(0);
    assert.equal(store.size, 1, 'a smaller budget evicts at once, all but the newest analysis');
    assert.equal(store.byId(4), null);
    assert.equal(store.byId(5)?.shown.id, 5);
  });
  it('finds a cached analysis by document version, range, kind, model and token limit, and drops other versions on add', () => {
    const store = new AnalysisStore();
    const v1 = entry('file:///a', 1, 1, 10, 1, { start: 5, end: 15 });
    store.add(v1);
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder'), v1);
    assert.equal(store.find('file:///a', 1, 5, 16, 'decoder'), null, 'another range');
    assert.equal(store.find('file:///a', 1, 5, 15, 'encoder'), null, 'another kind');
    assert.equal(store.find('file:///a', 2, 5, 15, 'decoder'), null, 'another version');
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder', '/models/other'), null, 'another model');
    const other = { ...entry('file:///a', 1, 9, 10, 1, { start: 5, end: 15 }), model: '/models/other' };
    store.add(other);
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder', '/models/other'), other);
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder'), v1, 'each model keeps its own entry');
    const limited = { ...entry('file:///a', 1, 11, 10, 1, { start: 5, end: 15 }), limit: 128 };
    store.add(limited);
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder', '', { limit: 128 }), limited, 'made under this token limit');
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder', '', { limit: 512 }), null, 'another token limit reads another window');
    store.add(entry('file:///a', 2, 2, 10, 1, { start: 5, end: 15 }));
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder'), null, 'an edit invalidates the old version');
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder', '/models/other'), null);
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder', '', { limit: 128 }), null);
    assert.equal(store.size, 1);
    assert.equal(store.bytes, analysisBytes(v1.shown), 'the bytes of the dropped versions are given back');
  });
});
