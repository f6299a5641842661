// The model view's grid of heads for the keyboard and a screen reader, in headless Chromium: an
// ARIA grid whose rows and cells (one a head, named by its layer, head and summary numbers) the
// keyboard's cursor walks by aria-activedescendant over the one canvas, read from Chromium's own
// accessibility tree; and Home/End/PageUp/PageDown as in the matrix, said in the view's help.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

interface AxNode {
  nodeId: string;
  backendDOMNodeId?: number;
  ignored?: boolean;
  role?: { value?: string };
  name?: { value?: string };
  childIds?: string[];
  properties?: { name: string; value?: { value?: unknown; relatedNodes?: { backendDOMNodeId?: number }[] } }[];
}

const TEXT = {
  en: {
    tab: 'Model',
    grid: '2 layers × 2 heads',
    head: (l: number, h: number) => new RegExp(`^Layer ${l}, head ${h}: entropy `),
    keys: /Home.*End.*PageUp.*PageDown/,
  },
  es: {
    tab: 'Modelo',
    grid: '2 capas × 2 cabezas',
    head: (l: number, h: number) => new RegExp(`^Capa ${l}, cabeza ${h}: entropía `),
    keys: /Inicio.*Fin.*RePág.*AvPág/,
  },
} as const;

/** The grid as Chromium's accessibility tree has it: its rows' cells' names, and the cell its active descendant names. */
async function gridTree(v: ViewPage, name: string): Promise<{ rows: string[][]; active: string | undefined }> {
  // The cells are named once the page is idle after the grid is drawn.
  await v.page.waitForFunction(() => [...document.querySelectorAll('.model-cell')].every((cell) => cell.hasAttribute('aria-label')));
  const cdp = await v.context.newCDPSession(v.page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
  await cdp.detach();
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const grid = nodes.find((n) => !n.ignored && n.role?.value === 'grid' && n.name?.value === name);
  assert.ok(grid, `a grid named "${name}"`);
  // The rows, through any node the tree leaves out between them and the grid.
  const under = (n: AxNode, role: string): AxNode[] =>
    (n.childIds ?? []).flatMap((id) => {
      const c = byId.get(id);
      if (!c) return [];
      if (!c.ignored && c.role?.value === role) return [c];
      return c.ignored || c.role?.value === 'generic' || c.role?.value === 'none' ? under(c, role) : [];
    });
  const rows = under(grid, 'row').map((r) => under(r, 'gridcell').map((c) => c.name?.value ?? ''));
  // The active descendant as the tree has it: a node of its own, with the name a screen reader says.
  const target = grid.properties?.find((p) => p.name === 'activedescendant')?.value?.relatedNodes?.[0]?.backendDOMNodeId;
  const cell = target === undefined ? undefined : nodes.find((n) => n.backendDOMNodeId === target);
  if (cell) assert.equal(cell.role?.value, 'gridcell', 'the active descendant is a cell');
  const active = cell?.name?.value;
  return { rows, active };
}

const readout = (v: ViewPage): Promise<string> => v.page.getByTestId('model-readout').innerText();

describe('the model grid for the keyboard and a screen reader', () => {
  for (const locale of ['en', 'es'] as const) {
    const text = TEXT[locale];
    it(`has rows of cells, each head's named with its numbers, and the cursor is the active one (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          await openTab(v, text.tab);
          await v.page.locator('.model-grid').focus();
          for (const key of ['ArrowRight', 'ArrowDown', 'ArrowRight']) await v.page.keyboard.press(key);
          const { rows, active } = await gridTree(v, text.grid);
          assert.equal(rows.length, 2, 'a row a layer');
          rows.forEach((cells, l) => {
            assert.equal(cells.length, 2, `layer ${l}: a cell a head`);
            cells.forEach((name, h) => assert.match(name, text.head(l, h)));
          });
          assert.ok(active, 'an active descendant');
          assert.match(active, text.head(1, 1));
          assert.equal(active, await readout(v), 'the cell says what the readout does');
          // Escape leaves no head active.
          await v.page.keyboard.press('Escape');
          assert.equal((await gridTree(v, text.grid)).active, undefined);
        },
        { locale },
      ));

    it(`moves by Home, End, PageUp and PageDown as the matrix does, and says so in its help (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          await openTab(v, text.tab);
          await v.page.locator('.model-grid').focus();
          await v.page.keyboard.press('ArrowRight');
          const steps: [string, number, number][] = [
            ['End', 0, 1],
            ['PageDown', 1, 1],
            ['Home', 1, 0],
            ['PageUp', 0, 0],
          ];
          for (const [key, l, h] of steps) {
            await v.page.keyboard.press(key);
            assert.match(await readout(v), text.head(l, h), `${key} → layer ${l}, head ${h}`);
          }
          assert.match((await v.page.locator('#model-help').textContent()) ?? '', text.keys);
        },
        { locale },
      ));

    it(`takes Home, End, PageUp and PageDown with no cursor yet, from the first head as the arrows start (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          // They did nothing until an arrow had put the cursor down.
          await v.analysis(RIVER);
          await openTab(v, text.tab);
          await v.page.locator('.model-grid').focus();
          const steps: [string, number, number][] = [
            ['End', 0, 1],
            ['PageDown', 1, 0],
            ['Home', 0, 0],
            ['PageUp', 0, 0],
          ];
          for (const [key, l, h] of steps) {
            await v.page.keyboard.press('Escape');
            assert.equal((await gridTree(v, text.grid)).active, undefined, `no cursor before ${key}`);
            await v.page.keyboard.press(key);
            assert.match((await gridTree(v, text.grid)).active ?? '', text.head(l, h), `${key} → layer ${l}, head ${h}`);
          }
        },
        { locale },
      ));
  }

  it('keeps each cell over its thumbnail through a resize, and does not name the cells again for it', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      await openTab(v, TEXT.en.tab);
      // The cells' names are written when the heads they show change (once the page is idle); a resize (a drag of the panel's edge) moves them only.
      await gridTree(v, TEXT.en.grid);
      await v.page.evaluate(() => {
        const w = window as unknown as { __renamed: number };
        w.__renamed = 0;
        new MutationObserver((m) => (w.__renamed += m.length)).observe(document.querySelector('.model-cells') as Node, {
          subtree: true,
          attributeFilter: ['aria-label'],
        });
      });
      const boxes = async (): Promise<{ cell: number[]; expected: number[] }[]> =>
        v.page.evaluate(() => {
          const grid = document.querySelector<HTMLElement>('.model-grid') as HTMLElement;
          const [label, side, gap] = ['label', 'side', 'gap'].map((k) => Number(grid.dataset[k]));
          const g = grid.getBoundingClientRect();
          return [...document.querySelectorAll<HTMLElement>('.model-cell')].map((cell) => {
            const [l, c] = cell.id.split('-').slice(2).map(Number);
            const r = cell.getBoundingClientRect();
            return { cell: [r.left - g.left, r.top - g.top, r.width, r.height], expected: [label + c * (side + gap), label + l * (side + gap), side, side] };
          });
        });
      const close = (b: { cell: number[]; expected: number[] }[]): void =>
        b.forEach(({ cell, expected }) => cell.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 0.6, `${cell} vs ${expected}`)));
      const before = await boxes();
      assert.equal(before.length, 4);
      close(before);
      const size = v.page.viewportSize() ?? { width: 1280, height: 900 };
      await v.page.setViewportSize({ width: 240, height: size.height });
      await v.page.waitForFunction(() => document.querySelector<HTMLElement>('.model-grid')?.dataset.side !== undefined);
      await v.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const after = await boxes();
      close(after);
      assert.notDeepEqual(after[1].cell, before[1].cell, 'the resize moved the cells');
      assert.equal(await v.page.evaluate(() => (window as unknown as { __renamed: number }).__renamed), 0, 'no name written again');
    }));
});
