// The panel's BERT tab in headless Chromium, on the real page: a next-sentence prediction brings the
// tab forward (even before any analysis) with P(IsNext), the [CLS] A [SEP] B [SEP] strip whose
// segment colours are read back from the painted pixels, a pair of bars per layer, and "try a random
// B" by mouse and keyboard; a model without the head shows its message and no probability; the
// fine-tuning figures and a confusion matrix whose diagonal is painted stronger; document text is
// only ever text. Saves a screenshot for people to look at.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { PANEL_TABS, tabLabel } from '../../src/protocol/panelTabs';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { readPng } from './support/png';
import { ROOT } from './support/server';
import { bertMessage, CODE, learnedPositions, NSP, ROTARY, scaleMessage, TUNE } from './support/specs';

const session = sharedSession();
after(() => session.close());

const withPanel = (test: (v: ViewPage) => Promise<void>): Promise<void> => withView(session, 'panel', test);

/** The painted colour inside an element (left padding), read from a screenshot, and its computed background. */
async function painted(v: ViewPage, selector: string): Promise<{ pixel: number[]; css: number[] }> {
  const target = v.page.locator(selector).first();
  const image = readPng(await target.screenshot());
  // In the left padding, clear of the border and the glyphs.
  const pixel = image.pixel(3, Math.floor(image.height / 2)).slice(0, 3);
  const css = await target.evaluate((e) => (getComputedStyle(e).backgroundColor.match(/\d+/g) ?? []).slice(0, 3).map(Number));
  return { pixel, css };
}
const near = (a: number[], b: number[]): boolean => a.every((x, i) => Math.abs(x - b[i]) <= 3);

describe('the panel’s BERT tab', () => {
  it('shows a next-sentence prediction before any analysis: P(IsNext), the strip in segment colours, bars per layer', () =>
    withPanel(async (v) => {
      await v.notify('bert', bertMessage(1, { nsp: NSP }));
      await v.settle();
      assert.equal(await v.page.getByRole('tab', { name: 'BERT' }).getAttribute('aria-selected'), 'true');
      const tab = v.page.locator('.bert-nsp');
      assert.match(await tab.locator('.bert-p').innerText(), /^P\(IsNext\) = 6(\.0)?\s?%$/);
      // The label says the rule it comes from (a 50 % threshold), so that it reads as a rule, not a fact.
      assert.equal(await tab.locator('.bert-label').innerText(), 'NotNext (P < 50%)');
      // A byte-level token shows the space it stands for, as the panel's strip does.
      assert.deepEqual(await tab.locator('.bert-token').allInnerTexts(), ['[CLS]', 'I', 'am', '[SEP]', 'I', '␣will', '[SEP]']);
      assert.equal(await tab.locator('.bert-token.bert-seg-a').count(), 2);
      assert.equal(await tab.locator('.bert-token.bert-seg-b').count(), 2);
      // The colours really painted: A blue, B orange, [CLS] neither.
      const a = await painted(v, '.bert-token.bert-seg-a');
      const b = await painted(v, '.bert-token.bert-seg-b');
      const cls = await painted(v, '.bert-token.bert-seg-special');
      assert.ok(near(a.pixel, a.css), `A painted ${String(a.pixel)}, styled ${String(a.css)}`);
      assert.ok(near(b.pixel, b.css), `B painted ${String(b.pixel)}, styled ${String(b.css)}`);
      assert.ok(a.pixel[2] > a.pixel[0] + 100, 'A is blue');
      assert.ok(b.pixel[0] > b.pixel[2] + 100, 'B is orange');
      assert.ok(!near(cls.pixel, a.pixel) && !near(cls.pixel, b.pixel));
      // Two bars (A → B, B → A) per layer.
      assert.equal(await tab.locator('.bert-cross ol.bars').count(), 2);
      assert.deepEqual(await tab.locator('.bert-cross ol.bars').first().locator('.bar-label').allInnerTexts(), ['A → B', 'B → A']);
      // The bars read against what no preference gives: B holds 2 of the strip's 7 tokens, A 2 (28.6 %).
      assert.equal(
        await tab.locator('.bert-even').innerText(),
        'Spread evenly over the 7 tokens, A → B would be 28.6% and B → A 28.6%: the share of the strip the other sentence holds.',
      );
      // The sentence is text, never markup.
      assert.equal(await v.page.locator('.bert-tab img').count(), 0);
      assert.match(await tab.locator('.bert-pair').innerText(), /<img src=x>/);
      mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      await v.page.screenshot({ path: path.join(ROOT, 'test-results', 'webview-bert.png'), fullPage: true });
    }));

  it('says the threshold beside the label: IsNext from 50 % up, NotNext below', () =>
    withPanel(async (v) => {
      const label = v.page.locator('.bert-nsp .bert-label');
      assert.ok('result' in NSP);
      await v.notify('bert', bertMessage(1, { nsp: { ...NSP, result: { ...NSP.result, isNext: 0.5 } } }));
      await v.settle();
      assert.equal(await label.innerText(), 'IsNext (P ≥ 50%)');
      await v.notify('bert', bertMessage(2, { nsp: { ...NSP, result: { ...NSP.result, isNext: 0.017 } } }));
      await v.settle();
      assert.equal(await label.innerText(), 'NotNext (P < 50%)');
    }));

  it('says beside P(IsNext) how far to trust it: the model card’s held-out accuracy, or that nobody measured it', async () => {
    const said = async (v: ViewPage): Promise<string> => (await v.page.locator('.bert-nsp .bert-reliability').innerText()).replace(/[\u00a0\u202f]/g, ' ');
    await withPanel(async (v) => {
      await v.notify('bert', bertMessage(1, { nsp: NSP }));
      await v.settle();
      assert.equal(
        await said(v),
        'How far to trust it: on held-out pairs of everyday prose this model’s next-sentence prediction is right 63.6% of the time in Spanish and 59.4% in English, where guessing is right 50.0%; on documentation like its training text, 82.6% and 78.2% (model card).',
      );
      assert.ok('result' in NSP);
      const other = { ...NSP, result: { ...NSP.result, model: '/home/me/models/my-bert' } };
      await v.notify('bert', bertMessage(2, { nsp: other }));
      await v.settle();
      assert.match(await said(v), /nobody measured this model’s next-sentence accuracy/);
    });
    await withView(
      session,
      'panel',
      async (v) => {
        await v.notify('bert', bertMessage(1, { nsp: NSP }));
        await v.settle();
        assert.match(await said(v), /^Cuánto fiarse: .* acierta el 63,6 % de las veces en español y el 59,4 % en inglés, y adivinar al azar acierta el 50,0 %/);
      },
      { locale: 'es' },
    );
  });

  it('asks for a random B by mouse and by keyboard', () =>
    withPanel(async (v) => {
      await v.analysis(CODE);
      await v.notify('bert', bertMessage(1, { nsp: NSP }));
      await v.settle();
      await v.page.getByRole('button', { name: 'Try a random B' }).click();
      await v.page.getByRole('button', { name: 'Try a random B' }).focus();
      await v.page.keyboard.press('Enter');
      await v.settle();
      assert.deepEqual(await v.sent('bertAction'), [{ action: 'randomB' }, { action: 'randomB' }]);
      // The tabs by keyboard: from BERT, Home goes to the registry's first tab, End to its last, Left to the one before.
      const labels = PANEL_TABS.map((tab) => tabLabel(tab.id));
      const selected = (name: string) => v.page.getByRole('tab', { name, exact: true }).getAttribute('aria-selected');
      await v.page.getByRole('tab', { name: tabLabel('bert'), exact: true }).focus();
      await v.page.keyboard.press('Home');
      assert.equal(await selected(labels[0]), 'true');
      await v.page.keyboard.press('End');
      assert.equal(await selected(labels[labels.length - 1]), 'true');
      await v.page.keyboard.press('ArrowLeft');
      assert.equal(await selected(labels[labels.length - 2]), 'true');
    }));

  it('says why a model has no next-sentence head, with no probability', () =>
    withPanel(async (v) => {
      await v.notify('bert', bertMessage(1, { nsp: { a: 'One.', b: 'Two.', unsupported: 'This model has no next-sentence head.' } }));
      await v.settle();
      assert.equal(await v.page.locator('.bert-unsupported').innerText(), 'This model has no next-sentence head.');
      assert.equal(await v.page.locator('.bert-nsp .bert-p').count(), 0);
    }));

  it('shows the fine-tuning: what it demonstrates, accuracy, per-class rows and a confusion matrix painted by share', () =>
    withPanel(async (v) => {
      await v.notify('bert', bertMessage(1, { fineTune: TUNE }));
      await v.settle();
      const tune = v.page.locator('.bert-finetune');
      const lesson = await tune.locator('.bert-lesson').innerText();
      assert.match(lesson, /layer on top of the pre-trained model/);
      // The lecture's fine-tuning changes the model's weights and/or adds layers: a frozen model is this demo's choice, not the definition.
      assert.match(lesson, /^Here\b/, 'it says the frozen model is how this demonstration does it');
      assert.match(lesson, /Full fine-tuning also adjusts the model’s own weights/);
      assert.match(await tune.locator('.bert-p').innerText(), /87\.5\s?%/);
      assert.match(await tune.locator('.bert-verdict').innerText(), /4-fold cross-validation on 8 lines of lines\.txt/);
      assert.deepEqual(await tune.locator('.bert-classes th[scope="row"]').allInnerTexts(), ['code', 'prose <b>']);
      assert.equal(await tune.locator('b').count(), 0, 'a label is text');
      assert.deepEqual(await tune.locator('.bert-cell').allInnerTexts(), ['3', '1', '0', '4']);
      // The all-right row's diagonal (4 of 4) is painted; its empty cell (0 of 4) is not.
      const full = await painted(v, '.bert-confusion tr:nth-child(3) td:nth-of-type(2)');
      const empty = await painted(v, '.bert-confusion tr:nth-child(3) td:nth-of-type(1)');
      assert.ok(!near(full.pixel, empty.pixel), `${String(full.pixel)} vs ${String(empty.pixel)}`);
      assert.ok(full.pixel[2] > full.pixel[0] + 50, `the full cell is painted in the bars' blue: ${String(full.pixel)}`);
    }));

  it('a classifier from the course’s fine-tuning unit names the course’s examples, and claims no line of the editor', async () => {
    const course = { ...TUNE, document: 'reviews.txt', predicted: null };
    await withPanel(async (v) => {
      await v.notify('bert', bertMessage(1, { fineTune: course }));
      await v.settle();
      const tune = v.page.locator('.bert-finetune');
      const verdict = await tune.locator('.bert-verdict').innerText();
      assert.match(verdict, /4-fold cross-validation on 8 lines of reviews\.txt, the course’s labelled examples/);
      assert.doesNotMatch(verdict, /editor/, 'the course labels no line of the student’s text');
      assert.doesNotMatch(await tune.locator('.bert-lesson').innerText(), /your labelled lines/);
    });
    await withView(
      session,
      'panel',
      async (v) => {
        await v.notify('bert', bertMessage(1, { fineTune: course }));
        await v.settle();
        const verdict = await v.page.locator('.bert-verdict').innerText();
        assert.match(verdict, /sobre 8 líneas de reviews\.txt, los ejemplos etiquetados del curso/);
        assert.doesNotMatch(verdict, /editor/);
        mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
        await v.page.locator('.bert-finetune').screenshot({ path: path.join(ROOT, 'test-results', 'webview-bert-course-es.png') });
      },
      { locale: 'es' },
    );
    // The command's own run: the lines the classifier then labelled in the editor, said as its doing.
    await withPanel(async (v) => {
      await v.notify('bert', bertMessage(1, { fineTune: TUNE }));
      await v.settle();
      assert.match(await v.page.locator('.bert-verdict').innerText(), /the classifier then labelled 7 other lines in the editor/);
    });
  });

  it('sets the accuracy beside the baseline of always answering the most common label, and says when it is not above it', async () => {
    await withPanel(async (v) => {
      await v.notify('bert', bertMessage(1, { fineTune: TUNE }));
      await v.settle();
      // 87.5 % against 4 of 8 lines: above it, nothing more said.
      assert.equal(
        (await v.page.locator('.bert-baseline').innerText()).replace(/[\u00a0\u202f]/g, ' '),
        'Always answering the most common label would score 50.0%.',
      );
    });
    // The course's eight reviews on the embedded encoder: 25 % cross-validated, below the 50 % of one label.
    const below = {
      ...TUNE,
      result: {
        ...TUNE.result,
        accuracy: 0.25,
        foldAccuracy: [0.5, 0, 0.5, 0],
        confusion: [
          [1, 3],
          [3, 1],
        ],
      },
    };
    await withView(
      session,
      'panel',
      async (v) => {
        await v.notify('bert', bertMessage(1, { fineTune: below }));
        await v.settle();
        assert.equal(
          (await v.page.locator('.bert-baseline').innerText()).replace(/[\u00a0\u202f]/g, ' '),
          'Responder siempre la etiqueta más frecuente acertaría el 50,0 %. Este clasificador no lo supera: hay muy pocas líneas, o las características del modelo no separan estas etiquetas.',
        );
      },
      { locale: 'es' },
    );
  });
});

/** A learned-positions message of `count` positions (learnedPositions), shown. */
const postPositions = (v: ViewPage, count: number, partial: boolean): Promise<void> =>
  v.notify('bert', bertMessage(1, { positions: learnedPositions('tiny-bert-es-en', count, partial) }));

describe('the BERT tab’s positions', () => {
  it('paints the learned and the sinusoidal heatmaps one pixel per cell, with their curves, and records the paint time', () =>
    withPanel(async (v) => {
      await postPositions(v, 128, true);
      assert.match(await v.page.locator('.bert-positions').innerText(), /The first 128 positions/);
      process.stdout.write(`# positions paint, the first 128 positions: ${await v.page.locator('.bert-positions').getAttribute('data-paint-ms')} ms\n`);
      // The whole table of a 512-position model.
      await postPositions(v, 512, false);
      const section = v.page.locator('.bert-positions');
      assert.doesNotMatch(await section.innerText(), /on their way/);
      assert.equal(await section.locator('canvas.bert-heatmap').count(), 2);
      assert.equal(await section.locator('canvas.bert-curve').count(), 2);
      const cells = await section
        .locator('canvas.bert-heatmap')
        .first()
        .evaluate((c: HTMLCanvasElement) => {
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          // (5, 5) on the diagonal, (6, 5) beside it; no named helpers in here (the page has no bundler's helpers).
          const [on, off] = [(5 * c.width + 5) * 4, (5 * c.width + 6) * 4];
          return { width: c.width, diagonal: Array.from(d.slice(on, on + 3)), off: Array.from(d.slice(off, off + 3)) };
        });
      assert.equal(cells.width, 512);
      // Cosine 1 is the ramp's light end, −1 its dark end.
      const light = (rgb: number[]): number => rgb[0] + rgb[1] + rgb[2];
      assert.ok(light(cells.diagonal) > light(cells.off) + 300, `${String(cells.diagonal)} vs ${String(cells.off)}`);
      const ms = Number(await section.getAttribute('data-paint-ms'));
      assert.ok(ms >= 0 && ms < 1000, String(ms));
      assert.equal(await section.getAttribute('data-count'), '512');
      // A figure for the report (not a timed test): how long the page took to paint 2 × 512² cells and two curves.
      process.stdout.write(`# positions paint, 512 positions: ${ms} ms\n`);
    }));

  it('says the sinusoidal figure is the original Transformer’s formula, drawn for comparison, not the model’s', () =>
    withPanel(async (v) => {
      await postPositions(v, 128, false);
      const [learned, sinusoid] = await v.page.locator('.bert-positions figcaption').allInnerTexts();
      assert.equal(learned, 'Learned by tiny-bert-es-en (128 positions)');
      assert.equal(sinusoid, 'For comparison, not used by tiny-bert-es-en: the original Transformer’s sinusoidal encoding, width 128');
    }));

  it('says so for a rotary model and lists its frequencies', () =>
    withPanel(async (v) => {
      await v.notify('bert', bertMessage(1, { positions: ROTARY }));
      assert.equal(await v.page.locator('.bert-positions .bert-unsupported').innerText(), 'rotary positions');
      assert.deepEqual(await v.page.locator('.bert-frequencies li').allInnerTexts(), ['1.00', '0.100', '0.0100']);
    }));

  it('in Spanish, writes the frequencies with the decimal comma', () =>
    withView(
      session,
      'panel',
      async (v) => {
        await v.notify('bert', bertMessage(1, { positions: ROTARY }));
        assert.deepEqual(await v.page.locator('.bert-frequencies li').allInnerTexts(), ['1,00', '0,100', '0,0100']);
      },
      { locale: 'es' },
    ));
});

describe('the side view’s scale', () => {
  it('asks for the scale, then shows the model on a log axis beside the references and the attention memory', () =>
    withView(session, 'side', async (v) => {
      await v.page.getByRole('button', { name: 'Show the model’s scale' }).click();
      await v.settle();
      assert.deepEqual(await v.sent('command'), [{ command: 'showScale' }]);
      await v.notify('scale', scaleMessage(512));
      const section = v.page.locator('.scale-section');
      assert.match(await section.locator('.scale-exact').innerText(), /tiny-bert-es-en: 1,421,058 parameters/);
      assert.deepEqual(await section.locator('.scale-name').allInnerTexts(), [
        'tiny-bert-es-en',
        'BERT-base',
        'BERT-large',
        'GPT-2 XL',
        'GPT-3',
        'GPT-4-scale',
      ]);
      // 1.5 billion is GPT-2's largest size: the preset gpt2 (124 M) is not that model, and the name must say so.
      assert.match((await section.locator('.scale-value').allInnerTexts())[5], /≈ 1\.8 trillion \(estimate\)/);
      // The lecture's slide puts GPT-4 at 1000 × GPT-3; the chart's estimate is about 10 ×: the chart says which, from its own data.
      assert.match(
        await section.locator('.scale-note').innerText(),
        /never published: .*1\.8 trillion.* about 10 times GPT-3’s 175 billion\. The lecture’s slide .* 1000 times GPT-3; no published figure supports that/,
      );
      // Log axis: 10^6.15 of 10^5…10^13 is about 14 % of the track; GPT-3's 10^11.24 about 78 %.
      const widths = await section.locator('.scale-fill').evaluateAll((fills) => fills.map((f) => parseFloat((f as HTMLElement).style.width)));
      assert.equal(widths[0], 14.4);
      assert.equal(widths[4], 78);
      assert.match(await section.locator('.scale-memory').innerText(), /512 tokens\): 8\.0 MiB = 4 layers × 4 heads × 512² × 2 bytes/);
    }));

  it('in Spanish, writes the counts in words as the course does: 1.421.058 parámetros, 1,42 millones, 175 mil millones, 1,8 billones, 8,0 MiB', () =>
    withView(
      session,
      'side',
      async (v) => {
        await v.notify('scale', scaleMessage(2048));
        const section = v.page.locator('.scale-section');
        assert.equal(await section.locator('.scale-exact').innerText(), 'tiny-bert-es-en: 1.421.058 parámetros');
        // Model names stay as they are; the estimate's row is no model's name: it reads in Spanish.
        assert.deepEqual(await section.locator('.scale-name').allInnerTexts(), [
          'tiny-bert-es-en',
          'BERT-base',
          'BERT-large',
          'GPT-2 XL',
          'GPT-3',
          'escala de GPT-4',
        ]);
        const values = (await section.locator('.scale-value').allInnerTexts()).map((s) => s.replace(/\u00a0/g, ' '));
        // Words, not «M» and «B»: a Spanish «1,8 B» (billones, 10^12) reads as the English billion (10^9),
        // smaller than GPT-3's «175 mil M»; the GPT unit says «175 mil millones».
        assert.deepEqual(values, ['1,42 millones', '110 millones', '340 millones', '1,5 mil millones', '175 mil millones', '≈ 1,8 billones (estimación)']);
        assert.match((await section.locator('.scale-note').innerText()).replace(/\u00a0/g, ' '), /unas 10 veces los 175 mil millones de GPT-3/);
        assert.match(
          (await section.locator('.scale-memory').innerText()).replace(/\u00a0/g, ' '),
          /\(2048 tokens\): 128,0 MiB = 4 capas × 4 cabezas × 2048² × 2 bytes/,
        );
        // The side view is narrow: the longest value wraps, the view does not scroll sideways.
        assert.ok(await v.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scroll at 300 px');
      },
      { locale: 'es', width: 300, height: 700 },
    ));
});
