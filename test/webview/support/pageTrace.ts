/**
 * Where a page of the webview bench spends its time (plain Node driving headless Chromium; a
 * diagnostic, not a figure): the bench's page (synthetic 12 × 12 heads, warmed, replies preloaded)
 * under Chromium tracing, printing the page thread's tasks from posting the analysis to the
 * measured frame with their notable parts (message handler, animation frames, style, layout, paint,
 * GC) and the BeginFrames; with PROFILE=1, a CPU profile's inclusive and self ms per function.
 * LIGHT=1 traces fewer categories (less overhead); INVAL=1 adds why style was invalidated (which
 * nodes, for what reason), counted by reason and node.
 *   node --import tsx test/webview/support/pageTrace.ts [T=512] [view=matrix|heads|model] [runs=3]
 */
import { benchAnalysis, diagnosticWarmUp, memoServe, openWarmed, VIEW_SELECTOR } from './benchAnalysis';
import { launchBrowser, type ViewPage } from './browser';
import type { LensWindow } from './pageHarness';
import { startServer } from './server';
import { encodeForPage } from './wire';

const T = Number(process.argv[2] ?? 512);
const VIEW = process.argv[3] ?? 'matrix';
const RUNS = Number(process.argv[4] ?? 3);
const SELECTOR: Record<string, string> = VIEW_SELECTOR;

interface Ev {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

const browser = await launchBrowser();
const server = await startServer();
const { shown, data, tokens } = benchAnalysis(T);
const { hook, replies } = memoServe(data, tokens);
const warmUp = diagnosticWarmUp();
const open = (): Promise<ViewPage> => openWarmed(browser, server, VIEW, warmUp);
{
  const v = await open();
  v.serve(hook);
  await v.page.evaluate(([m, s]) => (window as unknown as LensWindow).__lens.timeViews(m, [s]), [shown, SELECTOR[VIEW]] as const);
  await v.settle();
  await v.close();
}
const encoded = [...replies].map(([id, reply]) => [id, encodeForPage(reply)] as const);
const CATS = process.env.LIGHT
  ? ['devtools.timeline', 'blink.user_timing', 'toplevel', 'disabled-by-default-devtools.timeline.frame']
  : [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-devtools.timeline.frame',
      'blink.user_timing',
      'toplevel',
      'v8',
      'v8.execute',
      'blink',
      'cc',
      'disabled-by-default-v8.gc',
    ];
if (process.env.INVAL) CATS.push('disabled-by-default-devtools.timeline.invalidationTracking');
for (let run = 0; run < RUNS; run++) {
  const v = await open();
  v.serve(hook);
  await v.page.evaluate((list) => (window as unknown as LensWindow).__lens.preload(list), encoded);
  // Staged by an evaluate of its own, as the bench does: Playwright's work on the 80 kB argument
  // would otherwise run on the page's thread around the posting and show in the trace as page work.
  await v.page.evaluate((m) => (window as unknown as LensWindow).__lens.stage(m), shown);
  await browser.startTracing(v.page, { categories: CATS });
  const ms = await v.page.evaluate(async (s) => {
    performance.mark('lens-start');
    const r = await (window as unknown as LensWindow).__lens.timeViews(undefined, [s]);
    performance.mark('lens-end');
    return r.paints[0];
  }, SELECTOR[VIEW]);
  await v.settle();
  const buffer = await browser.stopTracing();
  await v.close();
  const events = (JSON.parse(buffer.toString()) as { traceEvents: Ev[] }).traceEvents;
  const mark = (name: string): Ev | undefined => events.find((e) => e.name === name && e.cat.includes('user_timing'));
  const s = mark('lens-start');
  const e = mark('lens-end');
  if (!s || !e) throw new Error('no marks');
  const main = events.filter((x) => x.pid === s.pid && x.tid === s.tid);
  const t0 = s.ts;
  const t1 = e.ts + 30_000;
  const rel = (ts: number): string => ((ts - t0) / 1000).toFixed(1).padStart(6);
  console.log(`\n=== run ${run}: ${VIEW} T=${T} page work ${ms.toFixed(1)} ms ===`);
  // Top-level tasks and their notable children.
  const tops = main.filter((x) => x.ph === 'X' && x.name === 'ThreadControllerImpl::RunTask' && x.ts + (x.dur ?? 0) >= t0 && x.ts <= t1);
  const NOTABLE = new Set([
    'EventDispatch',
    'FireAnimationFrame',
    'FunctionCall',
    'TimerFire',
    'UpdateLayoutTree',
    'Layout',
    'PrePaint',
    'Paint',
    'Layerize',
    'Commit',
    'MajorGC',
    'MinorGC',
    'V8.GCScavenger',
    'V8.GC_MC_BACKGROUND_MARKING',
    'BlinkGC.AtomicPhase',
    'v8.run',
    'ResizeObserver',
    'UpdateLayer',
    'IntersectionObserverController::computeIntersections',
    'ScrollableArea',
    'HitTest',
    'ParseAuthorStyleSheet',
    'BeginMainThreadFrame',
    'Animation Frame Fired',
    'v8.callFunction',
    'RunMicrotasks',
    'V8.GCFinalizeMC',
    'V8.GC_MARK_COMPACTOR',
    'V8.GCIncrementalMarking',
    'MinorGC',
  ]);
  for (const top of tops) {
    const end = top.ts + (top.dur ?? 0);
    const kids = main.filter((x) => x.ph === 'X' && x !== top && x.ts >= top.ts && x.ts <= end && NOTABLE.has(x.name) && (x.dur ?? 0) >= 300);
    if ((top.dur ?? 0) < 300 && kids.length === 0) continue;
    const parts = kids.map((k) => {
      const d = k.args?.data;
      const a = k.args as Record<string, Record<string, unknown>> | undefined;
      const extra =
        k.name === 'UpdateLayoutTree'
          ? ` elements=${String(a?.elementCount ?? a?.data?.elementCount ?? JSON.stringify(a))}`
          : k.name === 'Layout'
            ? ` dirty=${String(a?.beginData?.dirtyObjects)}/${String(a?.beginData?.totalObjects)} partial=${String(a?.beginData?.partialLayout)}`
            : '';
      const what = `${String(d?.type ?? d?.functionName ?? '')}${extra}`;
      return `${rel(k.ts)} ${k.name}${what ? `(${String(what)})` : ''} ${((k.dur ?? 0) / 1000).toFixed(1)}`;
    });
    console.log(`${rel(top.ts)} task ${((top.dur ?? 0) / 1000).toFixed(1)} ms`);
    for (const p of parts) console.log(`          ${p}`);
  }
  for (const x of main.filter((x) => x.ts >= t0 && x.ts <= t1 && /BeginFrame|DrawFrame|NeedsBeginFrameChanged|Animation Frame/.test(x.name)))
    console.log(`${rel(x.ts)} · ${x.name}`);
  if (process.env.INVAL) printInvalidations(main.filter((x) => x.ts >= t0 && x.ts <= t1 && x.name.endsWith('InvalidationTracking')));
  const frames = events.filter((x) => x.ts >= t0 && x.ts <= t1 && x.name === 'BeginFrame');
  console.log(`BeginFrame at: ${frames.map((f) => rel(f.ts).trim()).join(' ')}`);
  console.log(`end mark at ${rel(e.ts)}`);
}
await browser.close();
await server.close();

/** Style invalidations by event, reason and node (the node's name, id and class as the trace gives them), most first. */
function printInvalidations(list: readonly Ev[]): void {
  const counts = new Map<string, number>();
  for (const x of list) {
    const d = (x.args?.data ?? {}) as Record<string, unknown>;
    const key = `${x.name.replace('InvalidationTracking', '')} ${String(d.reason ?? d.invalidationSet ?? '')} ${String(d.nodeName ?? '')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  invalidated ${String(n).padStart(4)} × ${key}`);
}

// CPU profile mode: inclusive and self ms per function over RUNS pages.
if (process.env.PROFILE) {
  const browser2 = await launchBrowser();
  const server2 = await startServer();
  const incl = new Map<string, number>();
  const self = new Map<string, number>();
  let works = 0;
  for (let run = 0; run < RUNS; run++) {
    const v = await openWarmed(browser2, server2, VIEW, warmUp);
    v.serve(hook);
    await v.page.evaluate((list) => (window as unknown as LensWindow).__lens.preload(list), encoded);
    const cdp = await v.context.newCDPSession(v.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    await v.page.evaluate((m) => (window as unknown as LensWindow).__lens.stage(m), shown);
    const ms = await v.page.evaluate((s) => (window as unknown as LensWindow).__lens.timeViews(undefined, [s]).then((r) => r.paints[0]), SELECTOR[VIEW]);
    works += ms;
    const { profile } = (await cdp.send('Profiler.stop')) as {
      profile: {
        nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
        samples: number[];
        timeDeltas: number[];
      };
    };
    await v.close();
    const parent = new Map<number, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const name = (id: number): string => {
      const f = byId.get(id)!.callFrame;
      return `${f.functionName || '(anon)'}@${f.url.split('/').pop()}:${f.lineNumber}`;
    };
    profile.samples.forEach((id, i) => {
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      self.set(name(id), (self.get(name(id)) ?? 0) + dt);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const n = name(at);
        if (seen.has(n)) continue;
        seen.add(n);
        incl.set(n, (incl.get(n) ?? 0) + dt);
      }
    });
  }
  const top = (m: Map<string, number>, k: number): string =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([n, v]) => `${(v / RUNS).toFixed(2).padStart(7)}  ${n}`)
      .join('\n');
  console.log(`\nPROFILE ${VIEW} T=${T}, mean page work ${(works / RUNS).toFixed(1)} ms; per page:\n-- inclusive\n${top(incl, 60)}\n-- self\n${top(self, 30)}`);
  await browser2.close();
  await server2.close();
}
