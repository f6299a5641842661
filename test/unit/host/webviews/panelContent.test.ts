// What the panel shows, decided in one place (panelContent.ts), against a stand-in for the panel's
// webview that records what is posted: each analysis posted once, nothing while the panel is
// closed, everything again for a new page, the reader's view choice for hovers and the replay,
// a continuation that shows its prompt once, a comparison without the analyses on the way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalysisStore, type StoredAnalysis } from '../../../../src/host/analyses/analyses';
import { PanelContent, type PanelSurface } from '../../../../src/host/webviews/panelContent';
import type { ViewChoice, ViewSettings } from '../../../../src/protocol/viewChoice';
import { NO_CLEANING } from '../../../../src/protocol/views';
import type { ModelStatus, ShownAnalysis, WebviewToHost } from '../../../../src/protocol/webviewApi';
import { sample } from '../../../support/sampleAnalysis';

const STATUS: ModelStatus = { model: 'tiny', kind: 'decoder', state: 'ready', detail: '', progress: null };

class FakePanel implements PanelSurface {
  isOpen = false;
  visible = false;
  title = '';
  readonly posted: { method: string; params: unknown }[] = [];
  private readonly listeners = new Map<string, ((params: never) => void)[]>();

  reveal(): void {
    this.isOpen = true;
    this.visible = true;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  post(method: string, params: unknown): void {
    this.posted.push({ method, params });
  }
  on<K extends keyof WebviewToHost & string>(method: K, listener: (params: WebviewToHost[K]) => void): { dispose(): void } {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), listener as (params: never) => void]);
    return { dispose: () => undefined };
  }
  /** The page sends a notification. */
  send<K extends keyof WebviewToHost & string>(method: K, params: WebviewToHost[K]): void {
    for (const l of this.listeners.get(method) ?? []) (l as (p: unknown) => void)(params);
  }
  clear(): void {
    this.posted.splice(0);
  }
  methods(): string[] {
    return this.posted.map((p) => p.method);
  }
  analyses(): ShownAnalysis[] {
    return this.posted.filter((p) => p.method === 'analysis').map((p) => p.params as ShownAnalysis);
  }
}

/** A stored analysis with its own id and key (the sample is "the river bank", 2 layers × 2 heads). */
function stored(store: AnalysisStore, version = 1): StoredAnalysis {
  const base = sample('decoder', version, 100 + store.size);
  const entry = { ...base, shown: { ...base.shown, id: store.newId() } };
  store.add(entry);
  return entry;
}

function setup(): { panel: FakePanel; store: AnalysisStore; content: PanelContent; revealed: [number, number][] } {
  const panel = new FakePanel();
  const store = new AnalysisStore();
  const revealed: [number, number][] = [];
  const content = new PanelContent(panel, store, { status: () => STATUS, reveal: (entry, token) => revealed.push([entry.shown.id, token]) });
  return { panel, store, content, revealed };
}

describe('PanelContent', () => {
  it('posts each analysis once, nothing while the panel is closed, and everything again for a new page', () => {
    const { panel, store, content } = setup();
    const a = stored(store);
    content.follow(a);
    assert.equal(panel.posted.length, 0, 'a closed panel is not opened by following');
    content.show(a, { reveal: true });
    content.show(a, { reveal: true });
    content.follow(a);
    assert.deepEqual(
      panel.analyses().map((s) => s.id),
      [a.shown.id],
      'shown once',
    );
    assert.equal(panel.title, 'Attention Lens: doc.md');
    content.focus(a, 3);
    const b = stored(store);
    content.show(b, { token: 1 });
    assert.deepEqual(panel.methods(), ['analysis', 'focus', 'analysis', 'focus']);
    panel.clear();
    panel.send('ready', { view: 'panel' });
    assert.deepEqual(panel.methods(), ['status', 'analysis', 'focus']);
    assert.deepEqual(panel.posted[2].params, { analysisId: b.shown.id, token: 1 });
  });

  it('titles the panel with the document’s name neutralised: its hidden characters show as escapes', () => {
    const { panel, store, content } = setup();
    const a = stored(store);
    const hostile = { ...a, shown: { ...a.shown, document: { ...a.shown.document, name: 'notes\u202Edm.txt\u001b[31m' } } };
    content.show(hostile, { reveal: true });
    assert.equal(panel.title, 'Attention Lens: notes\\u202Edm.txt\\x1B[31m');
  });

  it('keeps the reader’s whole choice per analysis for hovers and the replay, and carries the cleaning to new analyses', () => {
    const { panel, store, content } = setup();
    const a = stored(store);
    content.show(a, { reveal: true });
    assert.deepEqual(content.choiceFor(a), a.shown.choice, 'the settings’ choice until the reader chooses');
    const rollout: ViewChoice = { layer: 1, combine: { kind: 'rollout' }, cleaning: { ...NO_CLEANING, hideSpecial: true, mergeSubwords: true } };
    panel.send('selection', { analysisId: a.shown.id, choice: rollout });
    assert.deepEqual(content.choiceFor(a), rollout);
    // A choice that does not fit the analysis (it has 2 heads) is ignored.
    panel.send('selection', { analysisId: a.shown.id, choice: { layer: 0, combine: { kind: 'head', head: 5 }, cleaning: NO_CLEANING } });
    assert.deepEqual(content.choiceFor(a), rollout);
    panel.clear();
    panel.send('ready', { view: 'panel' });
    assert.deepEqual(panel.analyses()[0].choice, rollout, 'a new page opens on the whole choice');
    const b = stored(store);
    assert.deepEqual(content.choiceFor(b), { ...b.shown.choice, cleaning: rollout.cleaning }, 'a new analysis: the settings’ heads, the reader’s cleaning');
    content.show(b);
    assert.deepEqual(panel.analyses().at(-1)?.choice, content.choiceFor(b));
  });

  it('a continuation shows its prompt when it starts, then only its steps', () => {
    const { panel, store, content } = setup();
    const origin = stored(store);
    const other = stored(store);
    content.show(other, { reveal: true });
    const step = (steps: number, previewId = 1) => ({
      previewId,
      originId: origin.shown.id,
      text: 'x'.repeat(steps),
      steps: Array.from({ length: steps }, (_, i) => ({ analysisId: 50 + i, token: 'x', p: 0.5 })),
      done: false,
    });
    panel.clear();
    content.showPreview(step(1));
    content.showPreview(step(2));
    assert.deepEqual(panel.methods(), ['analysis', 'preview', 'preview']);
    assert.equal(panel.analyses()[0].id, origin.shown.id);
    panel.clear();
    panel.send('ready', { view: 'panel' });
    assert.deepEqual(panel.methods(), ['status', 'analysis', 'preview']);
  });

  it('a comparison shows the decoder side and posts one comparison, replayed for a new page', () => {
    const { panel, store, content } = setup();
    const encoder = stored(store);
    const decoder = stored(store);
    content.showComparison(encoder, decoder, null);
    assert.deepEqual(panel.methods(), ['analysis', 'comparison']);
    assert.equal(panel.analyses()[0].id, decoder.shown.id);
    assert.equal(panel.isOpen, true, 'the comparison opens the panel');
    panel.clear();
    panel.send('showAnalysis', { analysisId: encoder.shown.id });
    panel.send('ready', { view: 'panel' });
    assert.deepEqual(panel.methods(), ['analysis', 'status', 'analysis', 'comparison']);
    assert.equal(panel.analyses()[1].id, encoder.shown.id, 'the side the reader chose');
  });

  it('passes the page’s token selections on, and reveals only tokens of the analysis shown', () => {
    const { panel, store, content, revealed } = setup();
    const a = stored(store);
    content.show(a, { reveal: true });
    const heard: [number, number | null][] = [];
    content.onDidSelectToken((entry, token) => heard.push([entry.shown.id, token]));
    panel.send('token', { analysisId: a.shown.id, token: 2 });
    panel.send('token', { analysisId: a.shown.id, token: 99 });
    panel.send('token', { analysisId: 999, token: 1 });
    assert.deepEqual(heard, [[a.shown.id, 2]]);
    panel.send('reveal', { analysisId: a.shown.id, token: 1 });
    panel.send('reveal', { analysisId: a.shown.id + 1, token: 1 });
    assert.deepEqual(revealed, [[a.shown.id, 1]]);
    panel.clear();
    panel.send('ready', { view: 'panel' });
    assert.deepEqual(panel.posted.at(-1), { method: 'focus', params: { analysisId: a.shown.id, token: 2 } }, 'the page’s own selection is replayed');
  });

  it('Inspect opens the panel on the Inside tab with the token selected; a page that starts later is told once', () => {
    const { panel, store, content } = setup();
    const a = stored(store);
    content.inspect(a, 3, 'qkv');
    assert.ok(panel.isOpen);
    assert.deepEqual(panel.methods(), ['analysis', 'focus', 'inside']);
    assert.deepEqual(panel.posted.at(-1)?.params, { analysisId: a.shown.id, view: 'qkv' });
    panel.clear();
    panel.send('ready', { view: 'panel' });
    assert.deepEqual(panel.methods(), ['status', 'analysis', 'focus', 'inside'], 'the page that starts after the command');
    panel.clear();
    panel.send('ready', { view: 'panel' });
    assert.deepEqual(panel.methods(), ['status', 'analysis', 'focus'], 'once: a later page keeps the reader’s own tab');
  });
});

describe('PanelContent: head ablation', () => {
  it('shows the ablation in the views with before/after, replays both to a new page, and Restore clears it', () => {
    const { panel, store, content } = setup();
    const before = stored(store);
    const after = stored(store);
    content.showAblation(before, after);
    assert.equal(panel.isOpen, true, 'an ablation opens the panel');
    assert.deepEqual(panel.methods(), ['analysis', 'ablation']);
    assert.equal(panel.analyses()[0].id, after.shown.id, 'the views show the analysis without the heads');
    const message = panel.posted[1].params as { before: ShownAnalysis; after: ShownAnalysis };
    assert.deepEqual([message.before.id, message.after.id], [before.shown.id, after.shown.id]);

    panel.clear();
    panel.send('ready', { view: 'panel' });
    assert.ok(panel.methods().includes('ablation'), 'a new page is told of the ablation');
    assert.ok(panel.methods().indexOf('analysis') < panel.methods().indexOf('ablation'), 'after the analysis it belongs to');

    panel.clear();
    content.endAblation(before);
    assert.deepEqual(panel.posted, [
      { method: 'analysis', params: panel.analyses()[0] },
      { method: 'ablation', params: null },
    ]);
    assert.equal(panel.analyses()[0].id, before.shown.id);
    panel.clear();
    panel.send('ready', { view: 'panel' });
    assert.ok(!panel.methods().includes('ablation'), 'restored: nothing to replay');
  });

  it('a changed default view applies at once to analyses the reader chose none for, and is posted again only then', () => {
    const panel = new FakePanel();
    const store = new AnalysisStore();
    let settings: ViewSettings = { defaultLayer: -1, headAggregation: 'mean', defaultHead: 0 };
    const content = new PanelContent(panel, store, { status: () => STATUS, reveal: () => undefined, viewSettings: () => settings });
    const a = stored(store);
    const b = stored(store);
    content.show(a, { reveal: true });
    assert.deepEqual(panel.analyses()[0].choice, { layer: 1, combine: { kind: 'mean' }, cleaning: NO_CLEANING });
    panel.clear();
    content.defaultsChanged();
    assert.deepEqual(panel.posted, [], 'the same default is not posted again');
    settings = { defaultLayer: 0, headAggregation: 'head', defaultHead: 1 };
    content.defaultsChanged();
    const head1: ViewChoice = { layer: 0, combine: { kind: 'head', head: 1 }, cleaning: NO_CLEANING };
    assert.deepEqual(
      panel.analyses().map((s) => [s.id, s.choice]),
      [[a.shown.id, head1]],
    );
    assert.deepEqual(content.choiceFor(b), head1, 'hovers of another analysis follow too');
    const chosen: ViewChoice = { layer: 1, combine: { kind: 'max' }, cleaning: NO_CLEANING };
    panel.send('selection', { analysisId: a.shown.id, choice: chosen });
    panel.clear();
    settings = { defaultLayer: -1, headAggregation: 'mean', defaultHead: 0 };
    content.defaultsChanged();
    assert.deepEqual(panel.posted, [], 'a reader’s choice stays');
    assert.deepEqual(content.choiceFor(a), chosen);
  });
});

describe('PanelContent, the analysed document closed', () => {
  it('keeps the analysis, says the document is closed (to a new page too), and reveals none of its tokens', () => {
    const { panel, store, content, revealed } = setup();
    const a = stored(store);
    content.show(a, { reveal: true });
    panel.send('reveal', { analysisId: a.shown.id, token: 1 });
    assert.deepEqual(revealed, [[a.shown.id, 1]], 'an open document’s token is revealed');
    panel.clear();
    store.close(a.uri);
    content.documentClosed(a.uri, true);
    assert.deepEqual(panel.posted, [{ method: 'closed', params: { analysisId: a.shown.id, closed: true } }]);
    panel.send('reveal', { analysisId: a.shown.id, token: 1 });
    assert.deepEqual(revealed, [[a.shown.id, 1]], 'a closed document’s offsets are not revealed in whatever is opened there now');
    panel.clear();
    panel.send('ready', { view: 'panel' });
    assert.equal(panel.analyses()[0].id, a.shown.id, 'the analysis stays');
    assert.equal(panel.analyses()[0].document.closed, true, 'a reloaded page says it is closed');
    // Another document closing says nothing about this one; a new analysis of the same uri is open.
    panel.clear();
    content.documentClosed('file:///other.md', true);
    assert.deepEqual(panel.posted, []);
    const b = stored(store, 1);
    content.show(b);
    assert.equal(panel.analyses()[0].document.closed, undefined);
  });

  it('an untitled document’s analysis, forgotten by the store, still says it is closed after a reload', () => {
    const { panel, store, content } = setup();
    const a = stored(store);
    content.show(a, { reveal: true });
    store.forget(a.uri);
    content.documentClosed(a.uri, true);
    panel.clear();
    panel.send('ready', { view: 'panel' });
    assert.equal(panel.analyses()[0].document.closed, true);
  });

  it('its last tab closed: said closed until a tab shows the document again (VS Code still held it)', () => {
    const { panel, store, content, revealed } = setup();
    const a = stored(store);
    content.show(a, { reveal: true });
    panel.clear();
    content.documentClosed(a.uri, false);
    panel.send('reveal', { analysisId: a.shown.id, token: 1 });
    content.documentShown('file:///other.md');
    content.documentShown(a.uri);
    content.documentShown(a.uri);
    panel.send('reveal', { analysisId: a.shown.id, token: 2 });
    assert.deepEqual(panel.posted, [
      { method: 'closed', params: { analysisId: a.shown.id, closed: true } },
      { method: 'closed', params: { analysisId: a.shown.id, closed: false } },
    ]);
    assert.deepEqual(revealed, [[a.shown.id, 2]], 'revealed only while a tab shows it');
  });
});
