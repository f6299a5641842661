// The Inside tab in headless Chromium: the Q/K/V inspector (its softmax column equals the matrix
// row the engine returned, strips painted on the diverging scale at known cells, a decoder's later
// keys hatched, keyboard moves the key and the query, JSON/CSV export) and the layer lens grid
// (cells coloured by probability, the top-k on hover, a click follows a token through the layers,
// a watched word, the keyboard, an encoder without a mask). The page's qkvWindow and lens requests
// are answered from q/k/v and a lens made in Node (support/insideFixtures.ts); the matrix rows by
// serveView over the attention computed from the same q and k, as the worker would.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { LensRequest, QkvWindowRequest } from '../../src/protocol/inside';
import { buildLut, colorOf } from '../../src/protocol/colorScale';
import { divergingColor } from '../../webview/inside/qkvMath';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { holdBack } from './support/heldBack';
import type { LensWindow } from './support/pageHarness';
import { answer, answerer, attention, D, DECODER, exported, K, openInside, pixel, shot, T, V } from './support/insideFixtures';
import { RIVER } from './support/specs';

const LUT = buildLut();
const session = sharedSession();
after(() => session.close());
const withPanel = (test: (v: ViewPage) => Promise<void>): Promise<void> => withView(session, 'panel', test);

describe('Q/K/V inspector', () => {
  it('asks only when seen; its softmax column equals the matrix row; strips painted at known cells; export', () =>
    withPanel(async (v) => {
      answer(v, 'logit');
      await v.analysis(DECODER);
      assert.equal((await v.requests()).filter((r) => r.method === 'qkvWindow').length, 0, 'nothing asked while the tab is hidden');
      await openTab(v, 'Inside');
      const asked = (await v.requests()).filter((r) => r.method === 'qkvWindow').at(-1)?.params;
      assert.deepEqual(asked, { key: 21, layer: 1, head: 0, query: 4 }, 'the panel’s layer and head, the last token');
      const probs = attention();
      const softmax = (await v.page.locator('.qkv-softmax .qkv-cell').allTextContents()).map(Number);
      assert.equal(softmax.length, T);
      softmax.forEach((s, j) => assert.ok(Math.abs(s - probs[4 * T + j]) < 5e-5, `key ${j}: ${s} vs the matrix ${probs[4 * T + j]}`));
      assert.ok(Number(await v.page.getByTestId('qkv-check').getAttribute('data-difference')) < 1e-6);
      const check = await v.page.getByTestId('qkv-check').innerText();
      assert.match(check, /^The softmax column equals row “␣steep” of the attention matrix of layer 1, head 0 \(largest difference /);
      assert.doesNotMatch(check, /Attention tab shows other numbers/, 'the Attention tab shows this very head');
      await shot(v, 'qkv');
      // k of key 2, component 3: one 8 px block per component, one 18 px row per key.
      const range = Math.max(...Array.from(K, Math.abs));
      assert.deepEqual(await pixel(v, '.qkv-k', 3 * 8 + 4, 2 * 18 + 8), [...divergingColor(K[2 * D + 3], range)]);
      assert.deepEqual(await pixel(v, '.qkv-k', 0 * 8 + 4, 4 * 18 + 8), [...divergingColor(K[4 * D], range)]);
      // Export: JSON and CSV of the same steps.
      const bar = v.page.locator('.qkv-section .export-bar');
      await bar.getByRole('button', { name: 'JSON' }).click();
      await bar.getByRole('button', { name: 'CSV' }).click();
      await v.page.waitForFunction(() => (window as unknown as LensWindow).__lens.exports.length === 2);
      const [json, csv] = await exported(v);
      assert.equal(json.name, 'layer1-head0-query4-qkv.json');
      const parsed = JSON.parse(json.data) as { keys: { softmax: number; matrix: number }[]; output: number[]; document: string };
      assert.equal(parsed.document, 'story.txt');
      parsed.keys.forEach((k, j) => assert.ok(Math.abs(k.softmax - probs[4 * T + j]) < 1e-6 && Math.abs(k.matrix - probs[4 * T + j]) < 1e-6));
      const out0 = probs.slice(4 * T, 5 * T).reduce((s, p, j) => s + p * V[j * D], 0);
      assert.ok(Math.abs(parsed.output[0] - out0) < 1e-5);
      assert.equal(csv.data.split('\r\n').length, T + 3);
    }));

  it('shows each key’s value v_j, the lecture’s Value, beside a_j·v_j, and exports it', () =>
    withPanel(async (v) => {
      answer(v, 'logit');
      await v.analysis(DECODER);
      await openTab(v, 'Inside');
      // The lecture's table: attention weights × Value = output. The value itself, not only its weighted copy.
      const names = await v.page.locator('.qkv-cols .qkv-name').allInnerTexts();
      assert.deepEqual(names.slice(-3), ['softmax', 'v', 'a·v'], names.join(' | '));
      const range = Math.max(...Array.from(V, Math.abs));
      assert.deepEqual(await pixel(v, '.qkv-v', 3 * 8 + 4, 2 * 18 + 8), [...divergingColor(V[2 * D + 3], range)]);
      const box = await v.page.locator('.qkv-v').boundingBox();
      assert.ok(box);
      await v.page.mouse.move(box.x + 8 + 4, box.y + 18 + 8);
      assert.match(await v.page.getByTestId('qkv-readout').innerText(), /^v\[␣river \(1\)\]\[1\] = /);
      const bar = v.page.locator('.qkv-section .export-bar');
      await bar.getByRole('button', { name: 'JSON' }).click();
      await v.page.waitForFunction(() => (window as unknown as LensWindow).__lens.exports.length === 1);
      const [json] = await exported(v);
      const parsed = JSON.parse(json.data) as { keys: { v: number[] }[] };
      parsed.keys.forEach((k, j) => assert.deepEqual(k.v, Array.from(V.subarray(j * D, (j + 1) * D))));
    }));

  it('with the heads averaged in the Attention tab (the default), the check says which matrix its row is, and how to see it', () =>
    withPanel(async (v) => {
      answer(v, 'logit');
      await v.analysis({ ...DECODER, combine: { kind: 'mean' } });
      await openTab(v, 'Inside');
      const check = (): Promise<string> => v.page.getByTestId('qkv-check').innerText();
      // The mean's row is not the softmax column: a student comparing the two must be told which row it is.
      assert.match(await check(), /layer 1, head 0 .* choose layer 1, head 0 and no cleaning there to see this row\.$/);
      await openTab(v, 'Attention');
      await v.page.locator('#combine-picker').selectOption('head');
      await v.settle();
      await openTab(v, 'Inside');
      assert.doesNotMatch(await check(), /Attention tab shows other numbers/, 'head 0 of layer 1 in both tabs now');
    }));

  it('keyboard: left moves the query and hatches the keys after it; up/down move the key, read aloud', () =>
    withPanel(async (v) => {
      await openInside(v);
      await v.page.locator('.qkv-grid').focus();
      await v.page.keyboard.press('ArrowLeft');
      await v.page.keyboard.press('ArrowLeft');
      await v.settle();
      assert.equal(((await v.requests()).filter((r) => r.method === 'qkvWindow').at(-1)?.params as QkvWindowRequest).query, 2);
      assert.equal(await v.page.locator('.qkv-mask .qkv-cell.masked').count(), 2);
      assert.deepEqual(await v.page.locator('.qkv-mask .qkv-cell').allTextContents(), ['0', '0', '0', '−∞', '−∞']);
      assert.equal(await v.page.locator('.qkv-weighted').getAttribute('data-masked'), '3 4');
      // A masked key's a·v is hatched, never a colour of the scale (its weight is 0: the middle colour would lie).
      assert.notDeepEqual(await pixel(v, '.qkv-weighted', 4, 3 * 18 + 8), [...divergingColor(0, 1)]);
      const probs = attention();
      const softmax = (await v.page.locator('.qkv-softmax .qkv-cell').allTextContents()).map(Number);
      softmax.forEach((s, j) => assert.ok(Math.abs(s - probs[2 * T + j]) < 5e-5));
      await v.page.keyboard.press('Home');
      await v.page.keyboard.press('ArrowDown');
      assert.match(await v.page.getByTestId('qkv-readout').innerText(), /^Key ␣river \(1\): q·k = .*softmax 0\.\d{6}, matrix 0\.\d{6}$/);
      assert.equal(await v.page.locator('.qkv-focus').getAttribute('data-row'), '1');
      // Hover gives a strip's exact value.
      const box = await v.page.locator('.qkv-k').boundingBox();
      assert.ok(box);
      await v.page.mouse.move(box.x + 8 + 4, box.y + 18 + 8);
      assert.equal(await v.page.getByTestId('qkv-readout').innerText(), `k[␣river (1)][1] = ${K[D + 1]}`);
    }));

  it('a new analysis clears the last one’s breakdown while it asks; another head of the same one keeps its cells until the reply', () =>
    withPanel(async (v) => {
      await openInside(v);
      const cells = v.page.locator('.qkv-softmax .qkv-cell');
      const text = (id: string): Promise<string> => v.page.getByTestId(id).innerText();
      const asking = (layer: number, head: number): Promise<void> =>
        v.page.getByTestId('qkv-status').getByText(`Asking the engine for q, k and v of layer ${layer}, head ${head}…`).waitFor();
      await v.page.locator('.qkv-grid').focus();
      await v.page.keyboard.press('ArrowDown');
      assert.equal(await cells.count(), T);
      assert.match(await text('qkv-readout'), /^Key /);
      // The same analysis, another head: the cells stay (as the matrix's do) until the new ones come.
      await holdBack(v, 'qkvWindow', {
        answer: answerer('logit'),
        act: () => v.page.locator('#qkv-head').selectOption('1'),
        ready: () => asking(1, 1),
        meanwhile: async () => {
          assert.equal(await cells.count(), T, 'the same analysis’s cells stay while the head changes');
          assert.equal(await text('qkv-readout'), '', 'the readout of the last head goes');
        },
      });
      await v.settle();
      assert.match(await text('qkv-title'), /layer 1, head 1:/);
      // Another analysis: nothing of the last one's breakdown stays under the status that asks for the new one.
      const other = { ...DECODER, id: 22, documentName: 'other.txt' };
      await holdBack(v, 'qkvWindow', {
        answer: answerer('logit'),
        act: () => v.analysis(other),
        ready: async () => {
          await v.page.locator('.panel-header .doc-name', { hasText: 'other.txt' }).waitFor();
          await asking(1, 0);
        },
        meanwhile: async () => {
          assert.equal(await cells.count(), 0, 'no cell of the last analysis');
          assert.equal(await v.page.locator('.qkv-grid canvas').count(), 0, 'no strip of the last analysis');
          assert.deepEqual([await text('qkv-title'), await text('qkv-check'), await text('qkv-readout')], ['', '', '']);
          const bar = v.page.locator('.qkv-section .export-bar');
          await bar.getByRole('button', { name: 'JSON' }).click();
          assert.equal((await exported(v)).length, 0, 'nothing of the last analysis to export');
        },
      });
      await v.settle();
      assert.equal(await cells.count(), T, 'the new analysis’s breakdown when its reply comes');
      assert.equal(((await v.requests()).filter((r) => r.method === 'qkvWindow').at(-1)?.params as QkvWindowRequest).key, 22);
    }));

  it('follows the token selected in the panel (a matrix cell’s query)', () =>
    withPanel(async (v) => {
      await openInside(v);
      await v.notify('focus', { analysisId: 21, token: 1 });
      await v.settle();
      assert.equal(((await v.requests()).filter((r) => r.method === 'qkvWindow').at(-1)?.params as QkvWindowRequest).query, 1);
    }));

  it('the host’s Inspect command brings the tab forward on the view it names', () =>
    withPanel(async (v) => {
      answer(v, 'logit');
      await v.analysis(DECODER);
      await v.notify('inside', { analysisId: 99, view: 'lens' });
      assert.equal(await v.page.getByRole('tab', { name: 'Inside', exact: true }).getAttribute('aria-selected'), 'false', 'another analysis: ignored');
      await v.notify('inside', { analysisId: 21, view: 'lens' });
      assert.equal(await v.page.getByRole('tab', { name: 'Inside', exact: true }).getAttribute('aria-selected'), 'true');
      assert.equal(await v.page.getByRole('tab', { name: 'Layer lens', exact: true }).getAttribute('aria-selected'), 'true');
      assert.equal((await v.requests()).filter((r) => r.method === 'lens').length, 1);
      assert.equal((await v.requests()).filter((r) => r.method === 'qkvWindow').length, 0, 'only the view shown asks');
    }));
});

describe('Q/K/V inspector in Spanish', () => {
  it('writes every number with the decimal comma: title, columns, their exact values, the check and the readouts', () =>
    withView(
      session,
      'panel',
      async (v) => {
        await openInside(v, 'Por dentro');
        const probs = attention();
        const softmax = await v.page.locator('.qkv-softmax .qkv-cell').allTextContents();
        assert.deepEqual(
          softmax,
          probs.slice(4 * T, 5 * T).map((p) => p.toFixed(4).replace('.', ',')),
        );
        assert.match(await v.page.getByTestId('qkv-title').innerText(), /escala = 1\/√4 = 0,5000$/, 'the scale is 1/√d, said so');
        const titles = await v.page.locator('.qkv-dot .qkv-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('title') ?? ''));
        assert.ok(titles.some((s) => s.includes(',')) && titles.every((s) => !/\d\.\d/.test(s)), `exact values as Spanish writes them: ${titles.join(' ')}`);
        await v.page.locator('.qkv-grid').focus();
        await v.page.keyboard.press('Home');
        await v.page.keyboard.press('ArrowDown');
        assert.match(await v.page.getByTestId('qkv-readout').innerText(), /softmax 0,\d{6}, matriz 0,\d{6}$/);
        const box = await v.page.locator('.qkv-k').boundingBox();
        assert.ok(box);
        await v.page.mouse.move(box.x + 8 + 4, box.y + 18 + 8);
        assert.equal(await v.page.getByTestId('qkv-readout').innerText(), `k[␣river (1)][1] = ${String(K[D + 1]).replace('.', ',')}`);
        const shown = await v.page.locator('.qkv-view').innerText();
        assert.doesNotMatch(shown, /\d\.\d/, `no decimal point in the inspector: ${shown}`);
      },
      { locale: 'es' },
    ));
});

describe('layer lens', () => {
  it('an encoder’s masked token through the layers: cells coloured by probability, top-k on hover, click follows, a watched word', () =>
    withPanel(async (v) => {
      answer(v, 'mlm');
      await v.analysis(RIVER);
      await openTab(v, 'Inside');
      await openTab(v, 'Layer lens');
      const asked = (await v.requests()).filter((r) => r.method === 'lens').at(-1)?.params;
      assert.deepEqual(asked, { key: 7, positions: [4], topK: 20 }, 'the masked position only');
      assert.match(await v.page.locator('.lens-view').innerText(), /not a calibrated probability/);
      // Row r, column 0: the cell's right edge (clear of its text) is the top token's probability on the scale.
      for (const [row, p] of [
        [0, 0.3],
        [1, 0.4],
        [2, 0.9],
      ] as const)
        assert.deepEqual(await pixel(v, '.lens-canvas', 62, row * 22 + 3), [...colorOf(LUT, p, 1)]);
      const box = await v.page.locator('.lens-canvas').boundingBox();
      assert.ok(box);
      await v.page.mouse.move(box.x + 30, box.y + 22 + 10);
      assert.equal(await v.page.getByTestId('lens-readout').innerText(), 'Layer 1 at ␣bank (4): ␣side 40.0%, ␣bank 35.0%');
      await v.page.mouse.click(box.x + 30, box.y + 2 * 22 + 10);
      const rows = await v.page.locator('.lens-follow-table tr').allInnerTexts();
      assert.equal(rows.length, 4);
      assert.match(rows[1], /^0\s+5\.0% · rank 3$/);
      assert.match(rows[3], /^2\s+90\.0% · rank 1$/);
      for (const word of ['side', ' shore ', 'zz top']) {
        await v.page.locator('#lens-watch').fill(word);
        await v.page.locator('#lens-watch').press('Enter');
      }
      // The watched words go to the engine with the lens (trimmed); it answers each at every layer, in the top-k or not.
      await v.page.waitForFunction(() => document.querySelectorAll('.lens-follow-table tr:first-of-type th').length === 5);
      const lensAsks = (await v.requests()).filter((r) => r.method === 'lens');
      assert.deepEqual(lensAsks.at(-1)?.params, { key: 7, positions: [4], topK: 20, watch: ['side', 'shore', 'zz top'] });
      const watched = await v.page.locator('.lens-follow-table tr').allInnerTexts();
      assert.match(watched[0], /side\s+shore\s+zz top/);
      assert.match(watched[2], /^1\s+35\.0% · rank 2\s+40\.0% · rank 1\s+0\.20% · rank 31\s+not one token of the vocabulary$/);
      assert.match(watched[3], /^2\s+90\.0% · rank 1\s+5\.0% · rank 2\s+0\.040% · rank 412\s+not one token of the vocabulary$/);
      await shot(v, 'lens');
      // Keyboard: up to layer 0, Enter follows its top token (" the", gone from the top-k later).
      await v.page.locator('.lens-canvas').focus();
      await v.page.keyboard.press('ArrowUp');
      await v.page.keyboard.press('ArrowUp');
      await v.page.keyboard.press('Enter');
      assert.equal(await v.page.locator('.lens-canvas').getAttribute('data-focus'), '0/0');
      const the = await v.page.locator('.lens-follow-table tr').allInnerTexts();
      assert.match(the[3], /^2\s+not in the top 20/);
      // Export.
      await v.page.locator('.lens-section .export-bar').getByRole('button', { name: 'CSV' }).click();
      await v.page.waitForFunction(() => (window as unknown as LensWindow).__lens.exports.length === 1);
      const [csv] = await exported(v);
      assert.equal(csv.data.split('\r\n')[1], '4,␣bank,0,1, the,11,0.3');
    }));

  it('another analysis clears the last one’s lens at once, its tab hidden or not; a watched word keeps the cells until the reply', () =>
    withPanel(async (v) => {
      await openInside(v);
      await openTab(v, 'Layer lens');
      const canvas = v.page.locator('.lens-canvas');
      const text = async (id: string): Promise<string> => (await v.page.getByTestId(id).textContent()) ?? '';
      const reading = (): Promise<void> => v.page.getByTestId('lens-status').getByText('Reading 5 tokens through every layer…').waitFor();
      await canvas.focus();
      await v.page.keyboard.press('Enter');
      assert.match(await text('lens-readout'), /^Layer 0 at The \(0\): /);
      assert.equal(await v.page.locator('.lens-follow-table').count(), 1);
      // The same analysis, a watched word: the cells stay (as the Q/K/V inspector's do) until the reply, the readout goes.
      await holdBack(v, 'lens', {
        answer: answerer('logit'),
        act: () =>
          v.page
            .locator('#lens-watch')
            .fill('side')
            .then(() => v.page.locator('#lens-watch').press('Enter')),
        ready: reading,
        meanwhile: async () => {
          assert.equal(await canvas.getAttribute('data-positions'), '0 1 2 3 4', 'the same analysis’s cells stay while it asks');
          assert.equal(await text('lens-readout'), '', 'the readout of the last answer goes');
        },
      });
      await v.settle();
      assert.match(await v.page.locator('.lens-follow-table tr').first().innerText(), /side/);
      // Another analysis while the lens is hidden: nothing of the last one stays, nothing is asked yet.
      await openTab(v, 'Q/K/V');
      await v.analysis({ ...DECODER, id: 22, documentName: 'other.txt' });
      assert.equal(await canvas.count(), 0, 'no cell of the last analysis, its tab hidden');
      assert.equal(await v.page.locator('.lens-follow-table, .lens-column, .lens-row-label').count(), 0, 'no label or followed token of it');
      assert.deepEqual([await text('lens-status'), await text('lens-range'), await text('lens-readout')], ['', '', '']);
      assert.equal((await v.requests()).filter((r) => r.method === 'lens' && (r.params as LensRequest).key === 22).length, 0);
      // Shown, it asks for its own: nothing of the last analysis to see or export meanwhile.
      await holdBack(v, 'lens', {
        answer: answerer('logit'),
        act: () => openTab(v, 'Layer lens'),
        ready: reading,
        meanwhile: async () => {
          assert.equal(await canvas.count(), 0, 'no cell of the last analysis');
          const bar = v.page.locator('.lens-section .export-bar');
          for (const name of ['PNG', 'JSON', 'CSV']) await bar.getByRole('button', { name }).click();
          await v.page.evaluate(() => (window as unknown as LensWindow).__lens.frames(2));
          assert.equal((await exported(v)).length, 0, 'nothing of the last analysis to export');
        },
      });
      await v.settle();
      assert.equal(await canvas.getAttribute('data-positions'), '0 1 2 3 4', 'the new analysis’s cells when its reply comes');
      assert.deepEqual((await v.requests()).filter((r) => r.method === 'lens').at(-1)?.params, {
        key: 22,
        positions: [0, 1, 2, 3, 4],
        topK: 20,
        watch: ['side'],
      });
    }));

  it('an error for an analysis no longer shown writes nothing: not the lens’s status, not the header’s alert', () =>
    withPanel(async (v) => {
      await openInside(v);
      await openTab(v, 'Layer lens');
      const gone = Object.assign(new Error('analysis 21 is gone'), { code: 'analysis-gone' });
      await holdBack(v, 'lens', {
        // The old analysis's lens fails after the next one is shown (with the lens hidden, nothing cancels it).
        answer: (method, params, next) => {
          if (method === 'lens' && (params as LensRequest).key === 21) throw gone;
          return answerer('logit')(method, params, next);
        },
        act: async () => {
          await v.page.locator('#lens-watch').fill('side');
          await v.page.locator('#lens-watch').press('Enter');
          await v.page.getByRole('tab', { name: 'Q/K/V', exact: true }).click();
          await v.analysis({ ...DECODER, id: 22, documentName: 'other.txt' });
        },
        ready: () => v.page.locator('.panel-header .doc-name', { hasText: 'other.txt' }).waitFor(),
        meanwhile: async () => assert.equal(await v.page.locator('.lens-canvas').count(), 0),
      });
      await v.settle();
      assert.equal(await v.page.getByTestId('lens-status').textContent(), '', 'the old analysis’s error is not the new one’s status');
      assert.equal(await v.page.locator('.panel-alert').textContent(), '', 'nor the header’s alert about the new one');
    }));

  it('an encoder with nothing masked says how to mask; a decoder reads every token', () =>
    withPanel(async (v) => {
      answer(v, 'logit');
      await v.analysis({ ...RIVER, tokens: RIVER.tokens.map((tok) => (typeof tok === 'string' ? tok : { ...tok, masked: false })) });
      await openTab(v, 'Inside');
      await openTab(v, 'Layer lens');
      assert.match(await v.page.getByTestId('lens-status').innerText(), /No token is masked/);
      assert.equal((await v.requests()).filter((r) => r.method === 'lens').length, 0);
      await v.analysis(DECODER);
      await v.settle();
      const asked = (await v.requests()).filter((r) => r.method === 'lens').at(-1)?.params as LensRequest;
      assert.deepEqual(asked.positions, [0, 1, 2, 3, 4]);
    }));
});
