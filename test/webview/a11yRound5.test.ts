// The panel by keyboard and pointer, round 5, in headless Chromium on the real panel: in the
// Attention and Inside tabs, Tab reached a view's Export buttons before its own controls (zoom, fit,
// switch off, layer and head); it now reaches them as one reads them: the view, then Export. Under a reader's text spacing
// (WCAG 1.4.12: letter-spacing 0.12em, word-spacing 0.16em) the token strip measured its tokens
// without it, so their text was cut at the box's edge; a token is now as wide as its spaced text.
// The strip's readout stayed when the pointer left the webview from the readout itself (no
// pointermove comes from outside); it now goes, and still stays while the pointer rests on it
// (WCAG 1.4.13). A short panel's page, scrolled as a whole, came back at the top when the panel
// was hidden and shown again; it is now put back where it was.
// Screenshots: test-results/webview-round5-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { channels, contrast } from './support/contrast';
import { focusToken } from './support/focus';
import { openInside } from './support/insideFixtures';
import type { LensWindow } from './support/pageHarness';
import { ROOT } from './support/server';
import { bertMessage, CODE, NSP, RIVER, TUNE } from './support/specs';

const session = sharedSession();
after(() => session.close());

const shot = async (v: ViewPage, name: string): Promise<void> => {
  mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  await v.page.screenshot({ path: path.join(ROOT, 'test-results', `webview-round5-${name}.png`) });
};

interface Stop {
  readonly name: string;
  readonly exports: boolean;
  /** Its box, px from its section's top left (the tab scrolls as the focus moves). */
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/** Tab from the view's own tab through its section: each stop's name, box, and whether it is an Export button. */
async function tabStops(v: ViewPage, view: string): Promise<Stop[]> {
  await v.page.getByRole('tab', { name: view, exact: true }).focus();
  const stops: Stop[] = [];
  for (let i = 0; i < 30; i++) {
    await v.page.keyboard.press('Tab');
    const stop = await v.page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      const section = a?.closest('.view-section');
      if (!a || !section || section.closest('[hidden]')) return null;
      const r = a.getBoundingClientRect();
      const s = section.getBoundingClientRect();
      return {
        name: a.getAttribute('aria-label') || (a.textContent ?? '').trim() || a.tagName,
        exports: a.closest('.export-bar') !== null,
        top: r.top - s.top,
        bottom: r.bottom - s.top,
        left: r.left - s.left,
        right: r.right - s.left,
      };
    });
    if (!stop) {
      if (stops.length > 0) break;
      continue;
    }
    stops.push(stop);
  }
  return stops;
}

/** The stops where Tab order leaves the reading order: a stop above the last one, or left of it on its line. */
function outOfOrder(stops: readonly Stop[]): string[] {
  const wrong: string[] = [];
  for (let i = 1; i < stops.length; i++) {
    const [a, b] = [stops[i - 1], stops[i]];
    const sameLine = b.top < a.bottom - 4 && a.top < b.bottom - 4;
    if (sameLine ? b.left < a.right - 2 : b.top < a.top) wrong.push(`${a.name} → ${b.name}`);
  }
  return wrong;
}

/** Tab reaches the view's own controls first, its Export buttons together, and every stop in reading order. */
function assertReadingOrder(stops: readonly Stop[]): void {
  const names = stops.map((s) => s.name).join(' → ');
  const first = stops.findIndex((s) => s.exports);
  const last = stops.length - 1 - [...stops].reverse().findIndex((s) => s.exports);
  assert.ok(first > 0, `the view’s own controls come first: ${names}`);
  assert.ok(
    stops.slice(first, last + 1).every((s) => s.exports),
    `the Export buttons together: ${names}`,
  );
  assert.deepEqual(outOfOrder(stops), [], names);
}

describe('the Attention tab by keyboard', () => {
  for (const [width, view] of [
    [1100, 'Matrix'],
    [1100, 'Heads'],
    [1100, 'Model'],
    [320, 'Matrix'],
    [320, 'Model'],
  ] as const)
    it(`reaches a view’s controls before its Export buttons, in reading order (${view}, ${width} px)`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          await openTab(v, view);
          const stops = await tabStops(v, view);
          assertReadingOrder(stops);
          if (view === 'Matrix') assert.match(stops[0].name, /Zoom in/);
          await shot(v, `attention-${view.toLowerCase()}-${width}`);
        },
        { width, height: width === 320 ? 700 : 900 },
      ));
});

describe('the Attention tab’s export bar at 200 %', () => {
  for (const view of ['Matriz', 'Cabezas', 'Modelo'])
    it(`overlaps none of its view’s controls (${view}, 550 × 450 CSS px, Spanish)`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(CODE);
          await openTab(v, view);
          await shot(v, `export-550-es-${view.toLowerCase()}`);
          const hits = await v.page.evaluate(() => {
            const section = [...document.querySelectorAll<HTMLElement>('.attention-tab .view-section')].find((s) => !s.closest('[hidden]'))!;
            const bar = section.querySelector('.export-bar')!.getBoundingClientRect();
            const controls = [...section.querySelectorAll<HTMLElement>('.controls > *')].filter(
              (e) => !e.contains(section.querySelector('.export-bar')) && e.offsetWidth > 0,
            );
            return controls
              .map((e) => ({ text: (e.textContent ?? '').trim(), r: e.getBoundingClientRect() }))
              .filter(({ r }) => r.left < bar.right && bar.left < r.right && r.top < bar.bottom && bar.top < r.bottom)
              .map(({ text }) => text);
          });
          assert.deepEqual(hits, [], `the export bar covers ${hits.join(', ')}`);
        },
        { width: 550, height: 450, deviceScaleFactor: 2, locale: 'es' },
      ));
});

describe('the Inside tab by keyboard', () => {
  for (const [width, view] of [
    [1100, 'Q/K/V'],
    [1100, 'Layer lens'],
    [320, 'Q/K/V'],
  ] as const)
    it(`reaches a view’s controls before its Export buttons (${view}, ${width} px)`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await openInside(v);
          await openTab(v, view);
          assertReadingOrder(await tabStops(v, view));
          await shot(v, `inside-${view === 'Q/K/V' ? 'qkv' : 'lens'}-${width}`);
        },
        { width, height: width === 320 ? 700 : 900 },
      ));
});

describe('the token strip’s readout when the pointer leaves the webview', () => {
  it('goes when the pointer leaves the page from the readout, and stays while the pointer is on it', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      const token = (await v.page.locator('#token-4').boundingBox())!;
      await v.page.mouse.move(token.x + token.width / 2, token.y + token.height / 2);
      const tip = v.page.locator('#token-tip');
      const box = (await tip.boundingBox())!;
      await v.page.mouse.move(token.x + token.width / 2, box.y + box.height - 4, { steps: 12 });
      assert.equal(await tip.isVisible(), true, 'hover-to-read: it stays under the pointer');
      // Out of the webview (into the editor beside it): the page gets a pointerleave, no pointermove.
      await v.page.mouse.move(-20, box.y + box.height - 4);
      await v.settle();
      assert.equal(await tip.isVisible(), false, 'it goes with the pointer');
      // The pointer comes back onto the token: it shows again.
      await v.page.mouse.move(token.x + token.width / 2, token.y + token.height / 2, { steps: 4 });
      assert.equal(await tip.isVisible(), true);
    }));

  it('goes when the webview loses the focus (the reader clicked into the editor) while the pointer rests on it', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      await v.page.locator('#token-4').hover();
      const tip = v.page.locator('#token-tip');
      assert.equal(await tip.isVisible(), true);
      // VS Code moves the focus out of the webview's frame: its window gets a blur, and no pointer event.
      await v.page.evaluate(() => window.dispatchEvent(new FocusEvent('blur')));
      await v.settle();
      assert.equal(await tip.isVisible(), false);
    }));
});

describe('the token strip’s readout of a special token', () => {
  for (const [locale, word] of [
    ['en', 'special token'],
    ['es', 'token especial'],
  ] as const)
    it(`says it is special once (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          await focusToken(v, 5);
          await v.settle();
          const text = (await v.page.locator('#token-tip').innerText()).replace(/\s+/g, ' ');
          assert.match(text, /\[SEP\]/);
          assert.equal(text.split(word).length - 1, 1, text);
        },
        { locale },
      ));
});

describe('the BERT tab’s fine-tuning tables at 320 CSS px', () => {
  for (const locale of ['en', 'es'] as const)
    it(`scroll sideways on their own, by keyboard too, and the tab does not (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          await v.notify('bert', bertMessage(1, { nsp: NSP, fineTune: TUNE }));
          await v.settle();
          const tab = v.page.locator('#panel-tab-bert-panel');
          const [scroll, client] = await tab.evaluate((t) => [t.scrollWidth, t.clientWidth]);
          await shot(v, `bert-tables-320-${locale}`);
          assert.ok(scroll <= client, `the tab scrolls sideways: ${scroll} px in ${client}`);
          const box = v.page.locator('.table-scroll').filter({ has: v.page.locator('table.bert-classes') });
          assert.equal(await box.count(), 1, 'the table is in a box of its own');
          const [wide, focusable] = await box.evaluate((b) => [b.scrollWidth > b.clientWidth, b.tabIndex === 0]);
          if (!wide) return;
          assert.ok(focusable, 'a table wider than its box can be reached by Tab, to scroll it');
          assert.ok(((await box.getAttribute('aria-label')) ?? '').length > 0, 'and is named');
          await box.focus();
          await v.page.keyboard.press('ArrowRight');
          await v.page.waitForFunction(() => (document.activeElement as HTMLElement).scrollLeft > 0);
        },
        { width: 320, height: 700, deviceScaleFactor: 2, locale },
      ));
});

describe('a short panel hidden and shown again', () => {
  it('is put back where its page was scrolled (320 × 256 CSS px at 200 %)', async () => {
    let state: unknown;
    let top = 0;
    const options = { width: 320, height: 256, deviceScaleFactor: 2 };
    await withView(
      session,
      'panel',
      async (v) => {
        await v.analysis(RIVER);
        await v.page.mouse.move(160, 20);
        await v.page.mouse.wheel(0, 120);
        await v.settle();
        top = await v.page.evaluate(() => document.scrollingElement!.scrollTop);
        assert.ok(top > 0, 'the page scrolled');
        await v.page.waitForTimeout(400);
        state = await v.page.evaluate(() => (window as unknown as LensWindow).__lens.state);
      },
      options,
    );
    await withView(
      session,
      'panel',
      async (v) => {
        await v.analysis(RIVER);
        await v.settle();
        const now = await v.page.evaluate(() => document.scrollingElement!.scrollTop);
        assert.ok(Math.abs(now - top) <= 1, `scrolled to ${now}, was ${top}`);
      },
      { ...options, state },
    );
  });
});

describe('the token strip under a reader’s text spacing (WCAG 1.4.12)', () => {
  it('gives each token the width its spaced text takes: none cut, none overlapping', () =>
    withView(
      session,
      'panel',
      async (v) => {
        // A reader's stylesheet (the bookmarklet WCAG's understanding document uses); the page's CSP lets no <style> in.
        await v.page.evaluate(() => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync('* { letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }');
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        });
        await v.analysis({ ...RIVER, id: 8, tokens: ['[CLS]', 'On', 'Ġthe', 'Ġriver', 'Ġbank', 'Ġand', 'Ġits', 'Ġwater', '[SEP]'] });
        await v.settle();
        await shot(v, 'text-spacing');
        const boxes = await v.page.locator('.token').evaluateAll((els) =>
          els.map((e) => ({
            text: e.textContent,
            scroll: e.scrollWidth,
            client: e.clientWidth,
            left: e.getBoundingClientRect().left,
            right: e.getBoundingClientRect().right,
            top: e.getBoundingClientRect().top,
          })),
        );
        assert.ok(boxes.length >= 9);
        for (const b of boxes) assert.ok(b.scroll <= b.client, `«${b.text}» is cut: ${b.scroll} px of text in ${b.client}`);
        for (const a of boxes)
          for (const b of boxes) if (a !== b && a.top === b.top && a.left < b.left) assert.ok(a.right <= b.left, `«${a.text}» runs into «${b.text}»`);
      },
      { width: 600 },
    ));
});

/** VS Code's Light+ and Dark+ values of the colours the BERT tab uses (the harness's page: neither, the fallbacks). */
const THEMES: Record<string, Record<string, string>> = {
  fallback: {},
  'light+': {
    '--vscode-editor-background': '#ffffff',
    '--vscode-editor-foreground': '#000000',
    '--vscode-charts-blue': '#1a85ff',
    '--vscode-charts-orange': '#d18616',
  },
  'dark+': {
    '--vscode-editor-background': '#1e1e1e',
    '--vscode-editor-foreground': '#d4d4d4',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-orange': '#d18616',
  },
};

describe('the BERT tab’s sentences A and B', () => {
  for (const [theme, vars] of Object.entries(THEMES))
    it(`are written in text that reads 4.5:1 against what is behind it (${theme})`, () =>
      withView(session, 'panel', async (v) => {
        await v.page.evaluate((vars) => {
          for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
        }, vars);
        await v.notify('bert', bertMessage(1, { nsp: NSP }));
        await v.settle();
        await shot(v, `bert-${theme}`);
        // What is behind each: its own background, else its nearest ancestor's that has one.
        const pairs = await v.page.locator('dt.bert-seg-a, dt.bert-seg-b, .bert-token.bert-seg-a, .bert-token.bert-seg-b').evaluateAll((els) =>
          els.map((e) => {
            let n: Element | null = e;
            while (n && /rgba\(.*, 0\)$|transparent/.test(getComputedStyle(n).backgroundColor)) n = n.parentElement;
            return { text: (e.textContent ?? '').trim(), fg: getComputedStyle(e).color, bg: n ? getComputedStyle(n).backgroundColor : 'rgb(255, 255, 255)' };
          }),
        );
        assert.equal(pairs.length, 6, JSON.stringify(pairs));
        const low = pairs.map((p) => ({ ...p, ratio: contrast(channels(p.fg), channels(p.bg)) })).filter((p) => p.ratio < 4.5);
        assert.deepEqual(
          low.map((p) => `«${p.text}» ${p.fg} on ${p.bg}: ${p.ratio.toFixed(2)}:1`),
          [],
        );
      }));
});
