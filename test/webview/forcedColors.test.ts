// The panel and the side view under forced colours (Windows High Contrast: `forced-colors: active`),
// in headless Chromium, read from the pixels the page paints: there the browser repaints every
// background with the system's Canvas colour unless a rule keeps it, so that what only a background
// said — a probability bar's length, the selected token, the selected tab, a legend's colours — must
// be kept on purpose (base.css's forced-colours rules) or it reads as nothing.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { contrast } from './support/contrast';
import { readPng } from './support/png';
import { ROOT } from './support/server';
import { bertMessage, CODE, NSP, TUNE } from './support/specs';

const session = sharedSession();
after(() => session.close());

type Rgb = readonly number[];

/** The colours painted at the middle of each element `selector` matches (page pixels, from one screenshot). */
async function painted(v: ViewPage, selector: string, at: (box: DOMRect) => [number, number] = (b) => [b.x + b.width / 2, b.y + b.height / 2]): Promise<Rgb[]> {
  const points = await v.page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  const image = readPng(await v.page.screenshot());
  return points.map((box) => {
    const [x, y] = at(box);
    return image.pixel(Math.round(x), Math.round(y)).slice(0, 3);
  });
}

const shot = async (v: ViewPage, name: string): Promise<void> => {
  mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  await v.page.screenshot({ path: path.join(ROOT, 'test-results', `webview-forced-${name}.png`), fullPage: true });
};

for (const scheme of ['dark', 'light'] as const)
  describe(`forced colours (${scheme})`, () => {
    const withForced = (test: (v: ViewPage) => Promise<void>, view: 'panel' | 'side' = 'panel'): Promise<void> =>
      withView(
        session,
        view,
        async (v) => {
          await v.page.emulateMedia({ forcedColors: 'active', colorScheme: scheme });
          await test(v);
        },
        { width: 800, height: 900 },
      );

    it('a probability bar still shows its length: its fill stands out 3:1 from its empty track', () =>
      withForced(async (v) => {
        await v.analysis(CODE);
        await openTab(v, 'Predictions');
        // The first bar: 50 %. Its fill at a quarter of the track, its empty part at three quarters.
        const [fill] = await painted(v, '.next-tokens .bar-track >> nth=0', (b) => [b.x + b.width / 4, b.y + b.height / 2]);
        const [empty] = await painted(v, '.next-tokens .bar-track >> nth=0', (b) => [b.x + (3 * b.width) / 4, b.y + b.height / 2]);
        assert.ok(contrast(fill, empty) >= 3, `fill ${fill} against track ${empty}: ${contrast(fill, empty).toFixed(2)}:1`);
        await shot(v, `predictions-${scheme}`);
      }));

    it('the selected token stands out from the others in the strip', () =>
      withForced(async (v) => {
        await v.analysis(CODE);
        const tokens = '.token-strip .token';
        await v.page.locator(tokens).nth(2).click();
        await v.page.locator('.tab[aria-selected="true"]').first().focus();
        await v.settle();
        assert.equal(await v.page.locator(tokens).nth(2).getAttribute('aria-selected'), 'true');
        // Inside each token, between its text and its border (its top left, 2 px in).
        const inside = await painted(v, tokens, (b) => [b.x + 2, b.y + 2]);
        assert.ok(contrast(inside[2], inside[1]) >= 3, `selected ${inside[2]} against ${inside[1]}: ${contrast(inside[2], inside[1]).toFixed(2)}:1`);
      }));

    it('the selected tab is marked and the others are not', () =>
      withForced(async (v) => {
        await v.analysis(CODE);
        const tabs = '[role="tablist"][aria-label="Views"] [role="tab"]';
        assert.equal(await v.page.locator(tabs).first().getAttribute('aria-selected'), 'true');
        // The underline: 1 px above a tab's bottom edge.
        const lines = await painted(v, tabs, (b) => [b.x + b.width / 2, b.y + b.height - 1]);
        const [background] = await painted(v, 'h1', (b) => [b.x + b.width + 4, b.y + 2]);
        assert.ok(contrast(lines[0], background) >= 3, `the selected tab's line ${lines[0]} on ${background}`);
        assert.ok(contrast(lines[1], background) < 1.5, `an unselected tab has no line: ${lines[1]} on ${background}`);
      }));

    it('the model grid’s three rings (top tenth, opened head, keyboard focus) stay three kinds', () =>
      withForced(async (v) => {
        await v.analysis(CODE);
        await openTab(v, 'Model');
        await v.page.locator('#model-highlight').selectOption('self');
        // Enter opens the first head (in the matrix view); back in the grid, the focus goes on to the next.
        await v.page.locator('.model-grid').focus();
        await v.page.keyboard.press('Enter');
        await openTab(v, 'Model');
        await v.page.locator('.model-grid').focus();
        // The first arrow puts the cursor on the first head, the next ones move it (to layer 1, head 1).
        for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown']) await v.page.keyboard.press(key);
        await v.settle();
        const kinds = await v.page.locator('.model-ring:not([hidden])').evaluateAll((rings) =>
          rings.map((r) => {
            const style = getComputedStyle(r);
            return `${(r as HTMLElement).dataset.ring ?? 'focus'}: ${style.borderTopStyle} ${style.borderTopColor}`;
          }),
        );
        assert.equal(kinds.length, 3, kinds.join(' | '));
        assert.equal(new Set(kinds.map((k) => k.split(': ')[1])).size, 3, `three looks: ${kinds.join(' | ')}`);
        await shot(v, `model-${scheme}`);
      }));

    it('the causal mask’s key is hatched as the masked cells are', () =>
      withForced(async (v) => {
        await v.analysis(CODE);
        const box = await v.page.locator('.mask-swatch').boundingBox();
        assert.ok(box);
        const image = readPng(await v.page.screenshot({ clip: box }));
        const colours = new Set<string>();
        for (let y = 2; y < image.height - 2; y++) for (let x = 2; x < image.width - 2; x++) colours.add(image.pixel(x, y).slice(0, 3).join(','));
        assert.ok(colours.size >= 2, `lines and fill inside the key: ${[...colours].join(' | ')}`);
      }));

    it('the BERT strip’s segments A and B and the special tokens stay three colours; the confusion matrix its shares', () =>
      withForced(async (v) => {
        await v.notify('bert', bertMessage(1, { nsp: NSP }));
        const [a] = await painted(v, '.bert-token.bert-seg-a >> nth=0', (b) => [b.x + 2, b.y + b.height / 2]);
        const [b] = await painted(v, '.bert-token.bert-seg-b >> nth=0', (b) => [b.x + 2, b.y + b.height / 2]);
        const [special] = await painted(v, '.bert-token.bert-seg-special >> nth=0', (b) => [b.x + 2, b.y + b.height / 2]);
        assert.equal(new Set([a, b, special].map((c) => c.join(','))).size, 3, `A ${a}, B ${b}, special ${special}`);
        // The confusion matrix: the all-right row's full cell (4 of 4) painted, its empty one (0 of 4) not.
        await v.notify('bert', bertMessage(2, { fineTune: TUNE }));
        const cell = (n: number) => painted(v, `.bert-confusion tr:nth-child(3) td:nth-of-type(${n})`, (box) => [box.x + 3, box.y + box.height / 2]);
        const [[full], [empty]] = [await cell(2), await cell(1)];
        assert.notDeepEqual(full, empty, 'the diagonal is painted by its share');
        await shot(v, `bert-${scheme}`);
      }));

    it('the side view’s legends keep their colours, each band apart from the next', () =>
      withForced(async (v) => {
        const bands = ['5–20%', '20–40%', '40–60%', '60–80%', '80–100%'];
        await v.notify('spotlight', { analysisId: 1, token: 'grass', view: 'layer 3', items: [{ label: 'newline', weight: 0.3 }], bands });
        await v.notify('legend', { document: 'river.md', bands: ['< 1 bit', '1–2 bits', '2–4 bits', '4–8 bits', '8–12 bits', '≥ 12 bits'] });
        for (const family of ['weight', 'band']) {
          const colours = await painted(v, `.swatch[class*="${family}-"]`);
          assert.ok(colours.length >= 5, family);
          const keys = new Set(colours.map((c) => c.join(',')));
          assert.equal(keys.size, colours.length, `${family}: every band its own colour: ${[...keys].join(' | ')}`);
        }
        await shot(v, `side-${scheme}`);
      }, 'side'));
  });

/**
 * VS Code's High Contrast Light theme, as its webviews get it: the body's classes and the theme's
 * variables (selection a 10 % tint, which the workbench outlines with contrastActiveBorder).
 */
const HC_LIGHT: Record<string, string> = {
  '--vscode-editor-background': '#ffffff',
  '--vscode-editor-foreground': '#292929',
  '--vscode-focusBorder': '#006bbd',
  '--vscode-contrastBorder': '#0f4a85',
  '--vscode-contrastActiveBorder': '#006bbd',
  '--vscode-panel-border': '#0f4a85',
  '--vscode-list-activeSelectionBackground': 'rgba(15, 74, 133, 0.1)',
  '--vscode-list-activeSelectionForeground': '#292929',
};

describe('VS Code’s High Contrast Light theme', () => {
  it('outlines the selected token, whose background is only a faint tint there', () =>
    withView(
      session,
      'panel',
      async (v) => {
        // As VS Code sets them: on the root element's style, and the body's classes.
        await v.page.evaluate((vars) => {
          for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
          document.body.classList.add('vscode-high-contrast', 'vscode-high-contrast-light');
        }, HC_LIGHT);
        await v.analysis(CODE);
        const tokens = '.token-strip .token';
        await v.page.locator(tokens).nth(2).click();
        await v.page.locator('.tab[aria-selected="true"]').first().focus();
        await v.settle();
        // Just outside each token's left edge (1 px out), halfway down: an outline shows there, a border does not.
        const edge = await painted(v, tokens, (b) => [b.x - 1, b.y + b.height / 2]);
        assert.ok(contrast(edge[2], edge[1]) >= 3, `selected ${edge[2]} against ${edge[1]}: ${contrast(edge[2], edge[1]).toFixed(2)}:1`);
        await shot(v, 'hc-light-strip');
      },
      { width: 800, height: 600 },
    ));
});
