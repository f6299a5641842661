// A command asked again before its last run ended (Analyze Selection on other text, another
// document, or after the model kind changed; Mask Word on another word; Next Word at another place):
// the run asked last is the one shown — the panel, the side view, the store that hovers and
// decorations read — or that edits the document, whatever order the results come in. The one
// superseded ends at once (no progress left running), says nothing and is never stored (its
// tensors are let go). The first one waits for a model loading from a slow stand-in hub.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { AttentionLensApi } from '../../src/host/extension';
import type { ModelKind } from '../../src/protocol/analysis';
import type { ShownNotice } from '../../src/host/notify';
import type { PostedMessage } from '../../src/host/webviews/webviewConnection';
import { resetWorkbench, selectText, until, untitled } from './editorHelpers';
import { api, next, openSideView, setting } from './host';
import { slowHubModels } from './slowHub';

const TEXT = 'The river bank was steep, so we sat on the grass.\nQuiet evenings bring cold mist over low meadows.\n';

/** The ids of the analyses posted to `view` by `method`, in order. */
function postedIds(posted: readonly PostedMessage[], view: string, method: string): number[] {
  return posted.filter((m) => m.view === view && m.method === method && m.params).map((m) => (m.params as { id: number }).id);
}

/** Resolves once the panel's page was given an analysis (a panel just opened gets it once it loaded), and a while after. */
async function panelShows(posted: readonly PostedMessage[]): Promise<void> {
  await until('the panel to show an analysis', () => postedIds(posted, 'panel', 'analysis').length > 0, 30_000);
  await new Promise((r) => setTimeout(r, 500));
}

/** What the extension posts to its views and says, from now until `dispose`. */
async function watch(): Promise<{ posted: PostedMessage[]; shown: ShownNotice[]; dispose(): void }> {
  const lens = await api();
  const posted: PostedMessage[] = [];
  const shown: ShownNotice[] = [];
  const subs = [lens.onDidPostToWebview((m) => posted.push(m)), lens.onDidNotify((n) => shown.push(n))];
  return { posted, shown, dispose: () => subs.forEach((sub) => sub.dispose()) };
}

describe('Commands asked twice quickly', function () {
  this.timeout(180_000);
  let stopHub: (() => Promise<void>) | null = null;

  afterEach(async () => {
    await stopHub?.();
    stopHub = null;
    await setting('analyzeWith', undefined);
    await resetWorkbench();
  });

  /**
   * Starts Analyze Selection on `needle` of `editor` with the slow model of `kind`, and resolves once its
   * model is loading (the result is still far off); its outcome is `first`.
   */
  async function startSlow(editor: vscode.TextEditor, needle: string, kind: ModelKind = 'decoder'): Promise<{ first: Thenable<RunOutcome> }> {
    const lens = await api();
    const hub = await slowHubModels([kind], 40);
    stopHub = () => hub.stop();
    await setting('analyzeWith', kind);
    selectText(editor, needle);
    const loading = next(lens.onDidChangeStatus, (s) => s.state === 'loading' && s.kind === kind, 60_000);
    const first = vscode.commands.executeCommand('attentionLens.analyzeSelection') as Thenable<RunOutcome>;
    await loading;
    return { first };
  }

  it('shows the second when the first one’s result comes last (the model kind changed between)', async () => {
    const lens = await api();
    await openSideView();
    const editor = await untitled(TEXT, 'plaintext');
    const watched = await watch();
    const { posted, shown } = watched;
    try {
      const entries = lens.cache().entries;
      const { first } = await startSlow(editor, 'The river bank was steep');
      // The encoder is loaded by now (earlier files used it) or loads from the extension: it answers first.
      await setting('analyzeWith', 'encoder');
      selectText(editor, 'Quiet evenings bring cold mist');
      const second = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.ok(second.ok, JSON.stringify(second));
      assert.equal(lens.cancelAnalyses(), 0, 'the superseded analysis still runs (its progress with it)');
      const earlier = await first;
      await panelShows(posted);
      assert.equal(lens.lastAnalysisId(), second.analysisId, 'the store’s latest (hovers, decorations) is the older analysis');
      assert.equal(postedIds(posted, 'panel', 'analysis').at(-1), second.analysisId, 'the panel shows the older analysis');
      assert.equal(postedIds(posted, 'side', 'summary').at(-1), second.analysisId, 'the side view shows the older analysis');
      assert.deepEqual(earlier.ok ? { ok: true } : { ok: false, code: earlier.code }, { ok: false, code: 'cancelled' }, JSON.stringify(earlier));
      // (A document an earlier file opened may be let go meanwhile: fewer entries, never more.)
      assert.ok(lens.cache().entries <= entries + 1, 'the superseded analysis was kept');
      assert.deepEqual(
        shown.map((n) => n.message),
        [],
        'the superseded analysis said something',
      );
    } finally {
      watched.dispose();
    }
  });

  it('never shows the first on another document, even when its result comes first (the same model)', async () => {
    const lens = await api();
    const editor = await untitled(TEXT, 'plaintext');
    const watched = await watch();
    const { posted, shown } = watched;
    try {
      const entries = lens.cache().entries;
      const { first } = await startSlow(editor, 'The river bank was steep');
      // Both wait for the same load; the engine answers them in the order asked.
      const other = await untitled('Quiet evenings bring cold mist over low meadows today.\n', 'plaintext');
      selectText(other, 'Quiet evenings bring cold mist');
      const second = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.ok(second.ok, JSON.stringify(second));
      const earlier = await first;
      assert.deepEqual(earlier.ok ? { ok: true } : { ok: false, code: earlier.code }, { ok: false, code: 'cancelled' }, JSON.stringify(earlier));
      await panelShows(posted);
      assert.equal(lens.lastAnalysisId(), second.analysisId);
      assert.deepEqual(postedIds(posted, 'panel', 'analysis'), [second.analysisId], 'the panel showed the superseded analysis');
      assert.ok(lens.cache().entries <= entries + 1, 'the superseded analysis was kept');
      assert.deepEqual(
        shown.map((n) => n.message),
        [],
        'the superseded analysis said something',
      );
    } finally {
      watched.dispose();
    }
  });

  /** What a test of `whileRunning` checks: the command's outcome, the older analysis's, and `before`'s id. */
  interface Seen {
    readonly lens: AttentionLensApi;
    readonly posted: readonly PostedMessage[];
    readonly asked: Extract<RunOutcome, { ok: true }>;
    readonly earlier: Extract<RunOutcome, { ok: true }>;
    readonly before: number;
  }

  /** A command asked while an older Analyze Selection runs, whose result the older one must not replace. */
  interface WhileRunning {
    readonly title: string;
    /** The side view is open, and shows the command's analysis too. */
    readonly sideView?: boolean;
    /** The analysis the command works on, made before the older one starts (its id). */
    readonly before?: (editor: vscode.TextEditor) => Promise<number>;
    /** The older analysis's model (slow, from the stand-in hub). */
    readonly kind?: ModelKind;
    readonly ask: (editor: vscode.TextEditor, before: number) => Thenable<RunOutcome>;
    /** Waits for the panel to show an analysis, or only a while. */
    readonly settle: 'panel' | 'pause';
    readonly expect: (seen: Seen) => void;
  }

  /** Analyze Selection of the second line with the encoder: the analysis a hover's link or an ablation works on. */
  async function analyzedQuiet(editor: vscode.TextEditor): Promise<number> {
    await setting('analyzeWith', 'encoder');
    selectText(editor, 'Quiet evenings bring cold mist');
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok, JSON.stringify(analyzed));
    return analyzed.analysisId;
  }

  const whileRunning: readonly WhileRunning[] = [
    {
      title: 'Mask Word asked while an Analyze Selection runs: the mask keeps the panel, the side view and the latest when the older analysis comes after it',
      sideView: true,
      ask: (editor) => {
        const at = editor.document.positionAt(TEXT.indexOf('meadows') + 1);
        editor.selection = new vscode.Selection(at, at);
        // No pick: the fillers are only offered, so the text stays as the older analysis read it.
        return vscode.commands.executeCommand('attentionLens.maskWord', {});
      },
      settle: 'panel',
      expect: ({ lens, posted, asked: mask, earlier }) => {
        assert.equal(lens.lastAnalysisId(), mask.analysisId, 'the store’s latest (hovers, decorations) is the older analysis');
        assert.equal(postedIds(posted, 'panel', 'analysis').at(-1), mask.analysisId, 'the panel shows the older analysis');
        assert.equal(postedIds(posted, 'side', 'summary').at(-1), mask.analysisId, 'the side view shows the older analysis');
        assert.ok(lens.analysis(earlier.analysisId), 'the older analysis is kept');
      },
    },
    {
      title: 'a hover’s link followed while an Analyze Selection runs: the panel keeps the analysis the link opened',
      before: analyzedQuiet,
      ask: (_editor, linked) => vscode.commands.executeCommand('attentionLens.openToken', { analysisId: linked, token: 1 }),
      settle: 'pause',
      expect: ({ lens, posted, before: linked }) => {
        assert.equal(lens.lastAnalysisId(), linked, 'the store’s latest is the analysis asked before the link');
        assert.equal(postedIds(posted, 'panel', 'analysis').at(-1), linked, 'the panel shows the analysis asked before the link');
      },
    },
    {
      title: 'heads switched off while an Analyze Selection runs: the panel keeps the ablation when the older analysis comes after it',
      before: analyzedQuiet,
      ask: (_editor, analyzed) => vscode.commands.executeCommand('attentionLens.ablateHeads', { analysisId: analyzed, heads: [{ layer: 1, head: 0 }] }),
      settle: 'pause',
      expect: ({ lens, posted, asked: ablated }) => {
        assert.equal(lens.lastAnalysisId(), ablated.analysisId, 'the store’s latest is the analysis asked before the ablation');
        assert.equal(postedIds(posted, 'panel', 'analysis').at(-1), ablated.analysisId, 'the panel shows the analysis asked before the ablation');
      },
    },
    {
      title: 'Continue asked while an Analyze Selection runs: the preview keeps the analysis it continues when the older analysis comes after it',
      kind: 'encoder',
      ask: (editor) => {
        const at = editor.document.positionAt(TEXT.indexOf('Quiet evenings') + 'Quiet evenings'.length);
        editor.selection = new vscode.Selection(at, at);
        return vscode.commands.executeCommand('attentionLens.continueText', { steps: 2 });
      },
      settle: 'panel',
      expect: ({ lens, posted, asked: continued, earlier }) => {
        assert.ok((continued as { previewId?: number }).previewId, JSON.stringify(continued));
        assert.equal(postedIds(posted, 'panel', 'analysis').at(-1), continued.analysisId, 'the panel shows the older analysis beside the preview');
        assert.notEqual(lens.lastAnalysisId(), earlier.analysisId, 'the store’s latest (hovers, decorations) is the older analysis');
      },
    },
  ];

  for (const c of whileRunning)
    it(c.title, async () => {
      const lens = await api();
      if (c.sideView) await openSideView();
      const editor = await untitled(TEXT, 'plaintext');
      const watched = await watch();
      const { posted, shown } = watched;
      try {
        const before = (await c.before?.(editor)) ?? -1;
        const { first } = await startSlow(editor, 'The river bank was steep', c.kind);
        const asked = await c.ask(editor, before);
        assert.ok(asked.ok, JSON.stringify(asked));
        const earlier = await first;
        // Not cancelled: another command's run is only kept from the newer one's place.
        assert.ok(earlier.ok, JSON.stringify(earlier));
        if (c.settle === 'panel') await panelShows(posted);
        else await new Promise((r) => setTimeout(r, 500));
        c.expect({ lens, posted, asked, earlier, before });
        assert.deepEqual(
          shown.map((n) => n.message),
          [],
          'the older analysis said something',
        );
      } finally {
        watched.dispose();
      }
    });

  it('Next Word asked again at another place: only the second inserts, and the first says nothing', async () => {
    const lens = await api();
    const editor = await untitled(TEXT, 'plaintext');
    const watched = await watch();
    const { shown } = watched;
    try {
      const hub = await slowHubModels(['decoder'], 40);
      stopHub = () => hub.stop();
      const cursorAt = (needle: string): void => {
        const at = editor.document.positionAt(TEXT.indexOf(needle) + needle.length);
        editor.selection = new vscode.Selection(at, at);
      };
      cursorAt('The river bank');
      const loading = next(lens.onDidChangeStatus, (s) => s.state === 'loading', 60_000);
      const first = vscode.commands.executeCommand('attentionLens.nextWord', { pick: 0 }) as Thenable<RunOutcome & { applied?: string | null }>;
      await loading;
      cursorAt('Quiet evenings');
      const second = (await vscode.commands.executeCommand('attentionLens.nextWord', { pick: 0 })) as RunOutcome & { applied?: string | null };
      const earlier = await first;
      assert.ok(second.ok && second.applied, JSON.stringify(second));
      assert.deepEqual(earlier.ok ? { ok: true } : { ok: false, code: earlier.code }, { ok: false, code: 'cancelled' }, JSON.stringify(earlier));
      const at = TEXT.indexOf('Quiet evenings') + 'Quiet evenings'.length;
      assert.equal(editor.document.getText(), TEXT.slice(0, at) + second.applied + TEXT.slice(at), 'only the second one inserted');
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(
        shown.map((n) => n.message),
        [],
        'the superseded Next Word said something',
      );
    } finally {
      watched.dispose();
    }
  });

  it('Mask Word asked again on another word: only the second replaces, and the first says nothing', async () => {
    const lens = await api();
    const editor = await untitled(TEXT, 'plaintext');
    const watched = await watch();
    const { shown } = watched;
    try {
      const hub = await slowHubModels(['encoder'], 40);
      stopHub = () => hub.stop();
      const cursorOn = (word: string): void => {
        const at = editor.document.positionAt(TEXT.indexOf(word) + 1);
        editor.selection = new vscode.Selection(at, at);
      };
      cursorOn('bank');
      const loading = next(lens.onDidChangeStatus, (s) => s.state === 'loading', 60_000);
      const first = vscode.commands.executeCommand('attentionLens.maskWord', { pick: 0 }) as Thenable<RunOutcome & { applied?: string | null }>;
      await loading;
      cursorOn('meadows');
      const second = (await vscode.commands.executeCommand('attentionLens.maskWord', { pick: 0 })) as RunOutcome & { applied?: string | null };
      const earlier = await first;
      assert.ok(second.ok && second.applied, JSON.stringify(second));
      assert.deepEqual(earlier.ok ? { ok: true } : { ok: false, code: earlier.code }, { ok: false, code: 'cancelled' }, JSON.stringify(earlier));
      assert.equal(editor.document.getText(), TEXT.replace('meadows', second.applied!), 'only the second one replaced');
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(
        shown.map((n) => n.message),
        [],
        'the superseded Mask Word said something',
      );
    } finally {
      watched.dispose();
    }
  });
});
