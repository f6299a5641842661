// A continuation shows one progress for all its steps: on a slow model each step used to offer its
// own Cancel notification (N steps, N notifications), and a Cancel stopped only the step it was on.
// A command asked while it runs, once answered, keeps the panel from the continuation's later steps.
// The offer delay is shortened here so that the tiny test model's fast steps show what a slow one's do.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { PostedMessage } from '../../src/host/webviews/webviewConnection';
import { resetWorkbench, selectText, until, untitled } from './editorHelpers';
import { api, openSideView } from './host';

type Outcome = RunOutcome & { steps?: unknown[] };
/** CANCEL_OFFER_MS (analysisProgress.ts), given back after each test. */
const OFFER_AFTER_MS = 1_000;

describe('A continuation’s progress', function () {
  this.timeout(120_000);
  afterEach(async () => {
    (await api()).cancelOffers(OFFER_AFTER_MS);
    await resetWorkbench();
  });

  async function ready(): Promise<void> {
    const prompt = 'The river bank was steep, so we sat on the';
    const editor = await untitled(`${prompt}\n`, 'plaintext');
    const end = editor.document.positionAt(prompt.length);
    editor.selection = new vscode.Selection(end, end);
    // The prompt analysed and the decoder loaded: what follows runs only the steps.
    const first = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 1 })) as Outcome;
    assert.ok(first.ok, JSON.stringify(first).slice(0, 300));
  }

  it('a keybinding whose steps are no number is refused with why, not answered with an empty preview', async () => {
    const editor = await untitled('The river bank was steep, so we sat on the\n', 'plaintext');
    editor.selection = new vscode.Selection(0, 42, 0, 42);
    for (const steps of ['five', Number.NaN, Number.POSITIVE_INFINITY, { n: 2 }]) {
      const outcome = (await vscode.commands.executeCommand('attentionLens.continueText', { steps })) as Outcome & { message?: string };
      assert.equal(outcome.ok, false, `${String(steps)}: ${JSON.stringify(outcome).slice(0, 300)}`);
      assert.match(outcome.message ?? '', /from 1 to 32/);
    }
    const given = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 2.7 })) as Outcome;
    assert.ok(given.ok && given.steps?.length === 2, JSON.stringify(given).slice(0, 300));
  });

  it('offers one Cancel for all its steps, not one per step', async () => {
    const lens = await api();
    await ready();
    const offers = lens.cancelOffers(0);
    const outcome = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 4 })) as Outcome;
    assert.ok(outcome.ok && outcome.steps?.length === 4, JSON.stringify(outcome).slice(0, 300));
    assert.equal(lens.cancelOffers() - offers, 1, 'one notification for the whole continuation');
  });

  it('shows one status-bar progress for all its steps, not one more per step', async () => {
    const lens = await api();
    await ready();
    // Counted by the extension itself: an installed extension (the VSIX suite) does not share this test's vscode API object.
    const before = lens.statusBarProgresses().length;
    const outcome = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 4 })) as Outcome;
    assert.ok(outcome.ok && outcome.steps?.length === 4, JSON.stringify(outcome).slice(0, 300));
    assert.deepEqual(lens.statusBarProgresses().slice(before), ['Attention Lens: continuing the text'], 'one progress for the one action');
  });

  it('its Cancel stops the whole continuation, no step runs after it', async () => {
    const lens = await api();
    await ready();
    const offers = lens.cancelOffers(0);
    const running = vscode.commands.executeCommand('attentionLens.continueText', { steps: 16 }) as Thenable<Outcome>;
    await until('the Cancel offer', () => lens.cancelOffers() > offers, 10_000);
    assert.equal(lens.cancelAnalyses(), 1, 'one Cancel: the continuation’s');
    const outcome = await running;
    assert.ok(!outcome.ok && outcome.code === 'cancelled', `the continuation went on: ${JSON.stringify(outcome).slice(0, 300)}`);
    const last = lens.lastAnalysisId();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(lens.lastAnalysisId(), last, 'no step ran after the Cancel');
  });
});

describe('A command asked while a continuation runs', function () {
  this.timeout(120_000);
  afterEach(() => resetWorkbench());

  it('Analyze Selection answered mid-continuation keeps the panel and the side view: later steps do not take them back', async () => {
    const lens = await api();
    await openSideView();
    // A long prompt: each step takes a while, so that the analysis answers between two of them.
    const prompt = 'The mill stood by the water, and the wheel turned all day. '.repeat(16) + 'The river bank was steep, so we sat on the';
    const editor = await untitled(`${prompt}\n`, 'plaintext');
    const end = editor.document.positionAt(prompt.length);
    editor.selection = new vscode.Selection(end, end);
    // The decoder loaded and the prompt analysed: the continuation below runs only its steps.
    const first = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 1 })) as Outcome;
    assert.ok(first.ok, JSON.stringify(first).slice(0, 300));
    // Its model loaded too, so that it answers while the continuation still has steps to run.
    selectText(editor, 'bank was steep');
    assert.ok(((await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome).ok);
    editor.selection = new vscode.Selection(end, end);
    const posted: PostedMessage[] = [];
    const sub = lens.onDidPostToWebview((m) => posted.push(m));
    try {
      const running = vscode.commands.executeCommand('attentionLens.continueText', { steps: 32 }) as Thenable<Outcome>;
      await until('the preview’s first step in the panel', () => posted.some((m) => m.view === 'panel' && m.method === 'preview'), 30_000);
      selectText(editor, 'river bank');
      const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.ok(analyzed.ok, JSON.stringify(analyzed));
      const answered = posted.length;
      const continued = await running;
      assert.ok(continued.ok && continued.steps?.length === 32, JSON.stringify(continued).slice(0, 300));
      assert.ok(stepsAfter(continued, analyzed.analysisId), 'every step ran before the analysis: this test shows nothing');
      await new Promise((r) => setTimeout(r, 300));
      const later = posted.slice(answered);
      const said = later.map((m) => `${m.view}.${m.method}`).join(' ');
      assert.ok(!later.some((m) => m.view === 'panel' && m.method === 'preview'), `the older continuation's steps reached the panel: ${said}`);
      const ids = (view: string, method: string): number[] =>
        posted.filter((m) => m.view === view && m.method === method && m.params).map((m) => (m.params as { id: number }).id);
      assert.equal(ids('panel', 'analysis').at(-1), analyzed.analysisId, `the panel shows another analysis: ${said}`);
      assert.equal(ids('side', 'summary').at(-1), analyzed.analysisId, `the side view shows another analysis: ${said}`);
      assert.equal(lens.lastAnalysisId(), analyzed.analysisId, 'the store’s latest is another analysis');
    } finally {
      sub.dispose();
    }
  });
});

/** Whether a step of `outcome` was stored after the analysis `id` (ids only grow). */
function stepsAfter(outcome: Outcome, id: number): boolean {
  return (outcome.steps as { analysisId: number }[]).some((s) => s.analysisId > id);
}
