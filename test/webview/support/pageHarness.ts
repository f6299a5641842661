/**
 * Test-only code that runs inside the webview page (browser), bundled by the tests and installed
 * with addInitScript before the view's own script: a stand-in for VS Code's `acquireVsCodeApi`
 * that records what the view posts and keeps its state, answers the view's requests (matrix,
 * thumbnails, links, row) through `__lensServe` — a Playwright binding to Node, where serveView
 * computes replies from the full tensors as the engine worker would — and a watch on every
 * HTML-parsing sink and CSP violation.
 */
import type { PageWorker } from './pageWorker';
import { decodeInPage } from './wire';

export interface Harness {
  readonly posted: unknown[];
  /** The view's `export` notifications, typed arrays intact (structured clones). */
  readonly exports: { name: string; mime: string; data: Uint8Array | string }[];
  state: unknown;
  readonly htmlSinks: string[];
  readonly cspViolations: string[];
  /** Requests the view made, in order (method and params, as JSON). */
  readonly requests: { method: string; params: unknown }[];
  /** When each request left the view and when its answer was posted back (performance.now, ms). */
  readonly timeline: { method: string; sent: number; answered: number; decodeMs: number }[];
  /** Posts a host notification envelope. */
  notify(method: string, params: unknown): void;
  /** Posts anything at all, as the host's channel would. */
  raw(message: unknown): void;
  /** Resolves after the message queue drained and `n` animation frames ran. */
  frames(n?: number): Promise<void>;
  /** Resolves when no request is waiting for its reply. */
  idle(): Promise<void>;
  /**
   * Keeps replies in the page (encoded by wire.ts, keyed by JSON of [method, params]) to answer the
   * matching requests at once, each once, by postMessage as the host would (the benchmark).
   */
  preload(replies: readonly (readonly [string, unknown])[]): void;
  /**
   * Posts an analysis and times, from posting it, the frame after the first paint of each view
   * named by its selector (the model, matrix and head views count their paints in data-paints),
   * after posting it, in ms (the benchmark). Only the views on screen paint: name those. `frames`:
   * the frame, counted from the message, whose first callback saw each view's paint (1: the first
   * frame after the message; each frame more is a wait of up to a refresh interval).
   */
  timeViews(analysis: unknown, selectors: readonly string[]): Promise<{ paints: number[]; frames: number[]; start: number }>;
  /**
   * Keeps an analysis in the page for the next timeViews called with `undefined`: handed over by an
   * evaluate of its own, so that Playwright's work on a large argument is not inside the timed window.
   */
  stage(analysis: unknown): void;
  /** Moves the pointer over `n` tokens of the head view, one per frame; the time of each move's handler (and draw), ms. */
  hoverTimes(n: number): Promise<number[]>;
}

export interface LensWindow {
  readonly __lens: Harness;
}

declare const __lensInit: { readonly state: unknown };

type Serve = (message: string) => Promise<string>;

function install(): void {
  let waiting = 0;
  let staged: unknown = null;
  const preloaded = new Map<string, unknown>();
  const harness: Harness = {
    posted: [],
    exports: [],
    requests: [],
    timeline: [],
    state: __lensInit.state,
    htmlSinks: [],
    cspViolations: [],
    notify: (method, params) => window.postMessage({ rpc: 'notify', method, params }, '*'),
    raw: (message) => window.postMessage(message, '*'),
    frames: async (n = 2) => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (let i = 0; i < n; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
    },
    preload: (replies) => {
      for (const [id, reply] of replies) preloaded.set(id, decodeInPage(reply));
    },
    idle: async () => {
      while (waiting > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    stage: (analysis) => {
      staged = analysis;
    },
    timeViews: async (analysis, selectors) => {
      const paintsOf = (selector: string): number => Number(document.querySelector<HTMLElement>(selector)?.dataset.paints ?? 0);
      // A page that drew an analysis before: the next paint is this one's.
      const before = selectors.map(paintsOf);
      const start = performance.now();
      const frames = selectors.map(() => 0);
      const firstPaint = (selector: string, i: number): Promise<number> =>
        new Promise((resolve) => {
          const check = (): void => {
            frames[i]++;
            if (paintsOf(selector) > before[i]) requestAnimationFrame(() => resolve(performance.now() - start));
            // A view that never paints (a message its guard refused): NaN after 20 s, not a hang.
            else if (performance.now() - start > 20_000) resolve(Number.NaN);
            else requestAnimationFrame(check);
          };
          check();
        });
      window.postMessage({ rpc: 'notify', method: 'analysis', params: analysis === undefined ? staged : analysis }, '*');
      const paints = await Promise.all(selectors.map(firstPaint));
      // The first check ran in this task, before the message was handled: not a frame.
      return { paints, frames: frames.map((n) => n - 1), start };
    },
    hoverTimes: async (n) => {
      const stage = document.querySelector<HTMLElement>('.head-stage');
      if (!stage) return [];
      const r = stage.getBoundingClientRect();
      // The stage's axis: the strip's tokens (all of them, not only those the strip has in the page).
      const tokens = Math.max(1, Number(document.querySelector('.token-list')?.getAttribute('aria-setsize') ?? 0));
      const rows = stage.dataset.layout === 'rows';
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const token = (i * 7) % tokens;
        const x = rows ? r.left + 8 + ((token + 0.5) * (r.width - 16)) / tokens : r.left + 20;
        const y = rows ? r.top + 20 : r.top + 8 + (token + 0.5) * 16;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const t0 = performance.now();
        stage.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true }));
        times.push(performance.now() - t0);
      }
      return times;
    },
  };
  /** Forwards a request to Node and posts its answer back, as the host would. */
  const forward = async (message: { id: number; method: string; params: unknown }): Promise<void> => {
    const id = JSON.stringify([message.method, message.params]);
    if (preloaded.has(id)) {
      const result = preloaded.get(id);
      preloaded.delete(id);
      const now = performance.now();
      harness.timeline.push({ method: message.method, sent: now, answered: now, decodeMs: 0 });
      window.postMessage({ rpc: 'result', id: message.id, result }, '*');
      return;
    }
    // The benchmark's in-page worker (pageWorker.ts), once loaded: answered as the host delivers a reply.
    const local = (window as unknown as { __lensWorker?: PageWorker }).__lensWorker;
    if (local) {
      const sent = performance.now();
      const answer = local.serve(message.method, message.params);
      harness.timeline.push({ method: message.method, sent, answered: performance.now(), decodeMs: 0 });
      if ('error' in answer) window.postMessage({ rpc: 'error', id: message.id, error: answer.error }, '*');
      else window.postMessage({ rpc: 'result', id: message.id, result: answer.result }, '*');
      return;
    }
    const serve = (window as unknown as { __lensServe?: Serve }).__lensServe;
    if (!serve) return;
    waiting++;
    const sent = performance.now();
    try {
      const text = await serve(JSON.stringify({ method: message.method, params: message.params }));
      const decodeStart = performance.now();
      const answer = JSON.parse(text) as { result?: unknown; error?: unknown; drop?: boolean };
      if (answer.drop) return;
      const result = answer.error ? null : decodeInPage(answer.result);
      harness.timeline.push({ method: message.method, sent, answered: performance.now(), decodeMs: performance.now() - decodeStart });
      if (answer.error) window.postMessage({ rpc: 'error', id: message.id, error: answer.error }, '*');
      else window.postMessage({ rpc: 'result', id: message.id, result }, '*');
    } finally {
      waiting--;
    }
  };
  let acquired = false;
  Object.assign(window, {
    __lens: harness,
    acquireVsCodeApi: () => {
      if (acquired) throw new Error('acquireVsCodeApi may only be called once');
      acquired = true;
      return {
        postMessage: (message: unknown) => {
          const m = message as { rpc?: string; id?: number; method?: string; params?: unknown };
          if (m.rpc === 'notify' && m.method === 'export') harness.exports.push(structuredClone(m.params) as Harness['exports'][number]);
          // VS Code serializes what a webview posts; a copy also proves it is plain data.
          harness.posted.push(JSON.parse(JSON.stringify(message)));
          if (m.rpc === 'request' && typeof m.id === 'number' && typeof m.method === 'string') {
            harness.requests.push({ method: m.method, params: JSON.parse(JSON.stringify(m.params)) });
            void forward({ id: m.id, method: m.method, params: m.params });
          }
        },
        getState: () => harness.state,
        setState: (state: unknown) => {
          harness.state = JSON.parse(JSON.stringify(state));
        },
      };
    },
  });
  watchSinks(harness.htmlSinks);
  document.addEventListener('securitypolicyviolation', (e) => harness.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
}

/** Records every use of an API that parses a string as HTML or code. */
function watchSinks(log: string[]): void {
  for (const name of ['innerHTML', 'outerHTML'] as const) {
    const d = Object.getOwnPropertyDescriptor(Element.prototype, name);
    if (!d?.set) continue;
    const set = d.set;
    Object.defineProperty(Element.prototype, name, {
      ...d,
      set(this: Element, v: string) {
        log.push(name);
        set.call(this, v);
      },
    });
  }
  const adjacent = Element.prototype.insertAdjacentHTML;
  Element.prototype.insertAdjacentHTML = function (this: Element, position: InsertPosition, text: string) {
    log.push('insertAdjacentHTML');
    adjacent.call(this, position, text);
  };
  const write = Document.prototype.write;
  Document.prototype.write = function (this: Document, ...text: string[]) {
    log.push('document.write');
    write.apply(this, text);
  };
  const parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (this: DOMParser, text: string, type: DOMParserSupportedType) {
    log.push('DOMParser');
    return parse.call(this, text, type);
  };
  const fragment = Range.prototype.createContextualFragment;
  Range.prototype.createContextualFragment = function (this: Range, text: string) {
    log.push('createContextualFragment');
    return fragment.call(this, text);
  };
}

install();
