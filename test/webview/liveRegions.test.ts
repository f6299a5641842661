// What the panel's live regions (aria-live, role status and alert) make a screen reader say, read
// in headless Chromium from the mutations inside them: a new analysis is said once (its document
// and facts), and what does not change (the same engine status posted again, a loading bar's
// ticks, the same status re-drawn for a new analysis) is not said again.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sharedSession, withView } from './support/browser';
import { listen, said } from './support/liveRegions';
import { CODE, RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

const loading = (progress: number) => ({ model: 'tiny-gpt-es-en', kind: 'decoder', state: 'loading', detail: 'loading model.onnx', progress });
const ready = { model: 'tiny-gpt-es-en', kind: 'decoder', state: 'ready', detail: '6 tokens', progress: null };

describe('the panel’s live regions', () => {
  it('say a new analysis once: its document and facts', () =>
    withView(session, 'panel', async (v) => {
      await v.notify('status', ready);
      await listen(v);
      await v.analysis(CODE);
      const first = await said(v);
      const told = first.filter((s) => s.includes('main.ts') && s.includes('6 tokens'));
      assert.equal(told.length, 1, `the analysis said once: ${JSON.stringify(first)}`);
      assert.deepEqual(
        first.filter((s) => !told.includes(s)),
        [],
        'nothing else (the engine status did not change)',
      );
      await v.analysis(RIVER);
      assert.equal((await said(v)).filter((s) => s.includes('river.txt')).length, 1, 'the next one too');
    }));

  it('do not say the engine status again when it did not change: a loading bar’s ticks, the same status posted twice', () =>
    withView(session, 'panel', async (v) => {
      await listen(v);
      await v.notify('status', loading(0.1));
      for (const p of [0.2, 0.3, 0.4]) await v.notify('status', loading(p));
      assert.equal(await v.page.locator('.status progress').evaluate((p) => (p as HTMLProgressElement).value), 0.4, 'the bar moves');
      assert.equal((await said(v)).length, 1, 'said when loading began, not at each tick');
      await v.notify('status', ready);
      await v.notify('status', ready);
      assert.deepEqual(await said(v), ['Engine tiny-gpt-es-en (decoder) Ready last run: 6 tokens']);
    }));
});
