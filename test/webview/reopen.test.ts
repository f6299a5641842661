// The BERT and Representations tabs after the panel is hidden and shown again, in headless Chromium
// on the real page: VS Code discards a hidden panel's page and the host replays what it showed
// (the analysis, the BERT tab's message, the word senses). A replayed message must not take the
// tab from the one the reader had moved to; a new command's message (a new id) brings its tab
// forward once. An analysis whose document was closed stays, and says so, live and replayed.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import type { LensWindow } from './support/pageHarness';
import { bertMessage, CODE, NSP, postWordOrder } from './support/specs';

const session = sharedSession();
after(() => session.close());

const withPanel = (test: (v: ViewPage) => Promise<void>, state?: unknown): Promise<void> =>
  withView(session, 'panel', test, state === undefined ? {} : { state });

const selectedTab = (v: ViewPage): Promise<string | null> => v.page.locator('.panel-body [role="tab"][aria-selected="true"]').first().textContent();
const saved = (v: ViewPage): Promise<unknown> => v.page.evaluate(() => (window as unknown as LensWindow).__lens.state);

const bert = (id: number) => bertMessage(id, { nsp: NSP });

describe('the panel reopened', () => {
  it('a replayed BERT message leaves the reader on the tab they moved to; a new one brings the BERT tab forward once', async () => {
    let state: unknown;
    await withPanel(async (v) => {
      await v.analysis(CODE);
      await v.notify('bert', bert(1));
      await v.settle();
      assert.equal(await selectedTab(v), 'BERT', 'Predict the Next Sentence brings the tab forward');
      await openTab(v, 'Attention');
      state = await saved(v);
    });
    // VS Code made a new page; the host replays the analysis and the BERT tab's last message.
    await withPanel(async (v) => {
      await v.analysis(CODE);
      await v.notify('bert', bert(1));
      await v.settle();
      assert.equal(await selectedTab(v), 'Attention', 'the reader’s tab holds');
      assert.ok(await v.page.locator('.bert-nsp .bert-p').count(), 'the BERT tab has its content all the same');
      // The replay may come before the analysis, too.
      await v.notify('bert', bert(1));
      await v.settle();
      assert.equal(await selectedTab(v), 'Attention');
      // A new prediction (another command): forward once.
      await v.notify('bert', bert(2));
      await v.settle();
      assert.equal(await selectedTab(v), 'BERT');
      await openTab(v, 'Predictions');
      await v.notify('bert', bert(2));
      await v.settle();
      assert.equal(await selectedTab(v), 'Predictions', 'the second half of the same message (positions) does not take the tab again');
    }, state);
  });

  it('a replayed word-order experiment leaves the reader on the tab they moved to', async () => {
    const post = (v: ViewPage, id: number, background?: boolean): Promise<void> => postWordOrder(v, id, { background });
    let state: unknown;
    await withPanel(async (v) => {
      await v.analysis(CODE);
      await post(v, 4);
      assert.equal(await selectedTab(v), 'Representations');
      await openTab(v, 'Predictions');
      state = await saved(v);
    });
    await withPanel(async (v) => {
      await v.analysis(CODE);
      await post(v, 4);
      assert.equal(await selectedTab(v), 'Predictions');
      await post(v, 5);
      assert.equal(await selectedTab(v), 'Representations', 'a new experiment comes forward');
      // A course unit's own run is drawn in the tab without taking the reader from the unit.
      await openTab(v, 'Course');
      await post(v, 6, true);
      assert.equal(await selectedTab(v), 'Course', 'a background run leaves the reader where they are');
    }, state);
  });

  it('the analysed document closed: the analysis stays, the header says the document is closed, live and after a reload, till it is shown again', async () => {
    const closedLine = (v: ViewPage) => v.page.locator('.panel-header [role="status"].doc-closed');
    await withPanel(async (v) => {
      await v.analysis(CODE);
      assert.equal(await closedLine(v).isVisible(), false, 'an open document is not said to be closed');
      await v.notify('closed', { analysisId: CODE.id + 1, closed: true });
      await v.settle();
      assert.equal(await closedLine(v).isVisible(), false, 'another analysis’s document closing says nothing here');
      await v.notify('closed', { analysisId: CODE.id, closed: true });
      await v.settle();
      assert.match(await v.page.locator('.doc-name').innerText(), /^main\.ts \(closed\)$/u);
      assert.match(await closedLine(v).innerText(), /The document was closed: .*no longer lead to the editor/u);
      assert.ok(await v.page.locator('.token').count(), 'its tokens stay to read');
      await v.notify('closed', { analysisId: CODE.id, closed: false });
      await v.settle();
      assert.equal(await v.page.locator('.doc-name').innerText(), 'main.ts', 'a tab shows it again');
      assert.equal(await closedLine(v).isVisible(), false);
    });
    await withPanel(async (v) => {
      await v.analysis({ ...CODE, documentClosed: true });
      assert.match(await v.page.locator('.doc-name').innerText(), /\(closed\)$/u);
      assert.ok(await closedLine(v).isVisible(), 'a reloaded page says so too');
    });
  });
});
